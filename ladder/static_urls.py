"""`static`, memoised. Every page links its stylesheet and icon, and the manifest storage's
lookup of their hashed names was ~70 µs of each uncached page (profiled, two a page). A process
never reloads the manifest, so a name's URL is fixed while it runs; a change of the settings the
storage is built from (tests) clears the memo."""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix

STORAGE_SETTINGS = frozenset({"STATIC_URL", "STORAGES", "STATIC_ROOT"})


def static_url(path: str) -> str:
    # A relative STATIC_URL is read under the script prefix, so the prefix is part of the key.
    return _static(get_script_prefix(), path)


@lru_cache(maxsize=256)
def _static(prefix: str, path: str) -> str:
    return static(path)


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs: object) -> None:
    if setting in STORAGE_SETTINGS:
        _static.cache_clear()
