"""The version of the loaded content. Changes on every load that changes something, so caches
and ETags keyed on it can never serve an answer from before a load."""

from ladder.models import Framework


def current_data_version() -> str:
    # One indexed single-row read: cheap enough per request, and shared by every process
    # (a process-local memo could not see a load made by `manage.py load_ladder`).
    version = Framework.objects.values_list("data_version", flat=True).first()
    return version or "empty"
