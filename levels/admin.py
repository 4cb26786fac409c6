from django.contrib import admin

from ladder.content_edits import EditorAdmin
from levels.models import Level, Scale


class LevelInline(admin.TabularInline):
    model = Level
    fk_name = "scale"
    fields = ["order", "code", "slug", "name", "years_min", "years_max"]
    extra = 0
    show_change_link = True


@admin.register(Scale)
class ScaleAdmin(EditorAdmin):
    list_display = ["name", "kind", "order"]
    list_filter = ["kind"]
    inlines = [LevelInline]


@admin.register(Level)
class LevelAdmin(EditorAdmin):
    list_display = ["code", "name", "scale", "order", "maps_to_min", "maps_to_max"]
    list_filter = ["scale"]
    list_select_related = ["scale", "maps_to_min", "maps_to_max"]
    search_fields = ["code", "name", "slug", "summary"]
    autocomplete_fields = ["maps_to_min", "maps_to_max"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "scale",
                    "slug",
                    "code",
                    "name",
                    "order",
                    "summary",
                    ("years_min", "years_max"),
                ]
            },
        ),
        (
            "Level definition (professional levels)",
            {
                "fields": [
                    "scope",
                    "autonomy",
                    "complexity",
                    "impact",
                    "decision_rights",
                    "leadership",
                    "typical_experience",
                    ("definition_source", "definition_confidence"),
                ]
            },
        ),
        (
            "Mapping onto the professional scale (title levels)",
            {
                "fields": [
                    ("maps_to_min", "maps_to_max"),
                    "mapping_note",
                    ("mapping_source", "mapping_confidence"),
                ]
            },
        ),
    ]
