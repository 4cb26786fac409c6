from django.contrib import admin

from compensation.models import Band, PayRelation, Region
from ladder.content_edits import EditorAdmin


@admin.register(Region)
class RegionAdmin(EditorAdmin):
    list_display = ["name", "code", "order"]


@admin.register(Band)
class BandAdmin(EditorAdmin):
    list_display = [
        "position",
        "region",
        "currency",
        "basis",
        "minimum",
        "median",
        "maximum",
        "maximum_is_open",
        "year",
        "source",
        "confidence",
    ]
    list_filter = ["region", "currency", "basis", "position__role", "source"]
    list_select_related = ["position", "region", "source"]
    autocomplete_fields = ["position"]


@admin.register(PayRelation)
class PayRelationAdmin(EditorAdmin):
    list_display = ["role", "relative_to", "premium_min_pct", "premium_max_pct", "source"]
    list_select_related = ["role", "relative_to", "source"]
