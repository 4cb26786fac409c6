from django.contrib import admin

from ladder.content_edits import EditorAdmin
from ladder.models import Framework, Source


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "review_status", "reviewed_on", "data_version", "loaded_at"]
    readonly_fields = ["data_version", "loaded_at"]


@admin.register(Source)
class SourceAdmin(EditorAdmin):
    list_display = ["title", "kind", "file_name", "confidence", "order"]
    list_filter = ["kind", "confidence"]
    search_fields = ["title", "slug", "file_name", "summary"]
    prepopulated_fields = {"slug": ["title"]}
