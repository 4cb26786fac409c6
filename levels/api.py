"""The scales and levels resources."""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from ladder.api.base import SLUG_REGEX, LadderReadOnlyViewSet
from levels.models import Level, Scale
from levels.serializers import LevelSerializer, ScaleSerializer


def levels_shaped(queryset: QuerySet[Level]) -> QuerySet[Level]:
    return queryset.select_related(
        "scale", "definition_source", "maps_to_min", "maps_to_max", "mapping_source"
    )


class ScaleViewSet(LadderReadOnlyViewSet):
    """The professional P-scale and the title scales, each with its levels and their mapping
    onto the P-scale."""

    serializer_class = ScaleSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    noun = "scale"
    lookup_example = "tpm-titles"
    lookup_description = "A scale's slug."
    schema_tags = ["levels"]

    def get_queryset(self) -> QuerySet[Scale]:
        levels = Level.objects.select_related(
            "maps_to_min", "maps_to_max", "mapping_source"
        ).order_by("order")
        return Scale.objects.prefetch_related(Prefetch("levels", queryset=levels)).order_by("order")


class LevelViewSet(LadderReadOnlyViewSet):
    """Every level of every scale, in ladder order. A level is found by its slug (`p3`,
    `tpm-ii`) or its code, in any case (`P3`, `TPM II`)."""

    serializer_class = LevelSerializer
    lookup_field = "slug"
    lookup_url_kwarg = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_ ]+"
    noun = "level"
    lookup_example = "tpm-ii"
    lookup_description = "A level's slug (`p3`, `tpm-ii`) or code in any case (`P3`, `TPM II`)."
    schema_tags = ["levels"]

    def get_queryset(self) -> QuerySet[Level]:
        return levels_shaped(Level.objects.all()).order_by("scale__order", "order")

    def find_object(self, queryset: QuerySet[Any], value: str) -> Level | None:
        value = " ".join(value.split())
        found = list(queryset.filter(Q(slug__iexact=value) | Q(code__iexact=value))[:2])
        by_slug = [level for level in found if level.slug.casefold() == value.casefold()]
        return (by_slug or found)[0] if len(by_slug or found) == 1 else None
