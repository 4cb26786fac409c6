"""Edits made outside the loader (the admin) still change what every cache is keyed on."""

import hashlib

from django.contrib import admin
from django.db import transaction
from django.utils import timezone

from ladder.api.stored import build_documents
from ladder.models import Framework
from ladder.version_barrier import announce_version_change


def mark_content_edited() -> str:
    """Give the content a new data version, so no stored page, document or ETag outlives the edit.
    The next load of the files sets the version back to the files' own digest."""
    now = timezone.now()
    framework = Framework.objects.select_for_update().first()
    if framework is None:
        return ""
    framework.data_version = hashlib.sha256(
        f"{framework.data_version}:{now.isoformat()}".encode()
    ).hexdigest()[:16]
    framework.loaded_at = now
    framework.save(update_fields=["data_version", "loaded_at"])
    build_documents(framework.data_version)
    announce_version_change()
    return framework.data_version


class EditorAdmin(admin.ModelAdmin):
    """The admin base for Ladder's content: every save or delete marks the content edited."""

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            mark_content_edited()

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            super().delete_model(request, obj)
            mark_content_edited()

    def delete_queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            mark_content_edited()

    def save_formset(self, request, form, formset, change):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            if formset.has_changed():
                mark_content_edited()
