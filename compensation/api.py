"""The bands resource: pay bands with filters, also as CSV (one row per band)."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view

from compensation.models import Band, Basis, Region
from compensation.serializers import BandSerializer, band_id
from ladder.api.base import KEY_REGEX, CSVListMixin, LadderReadOnlyViewSet
from ladder.api.filters import QueryFilter, choices_of, values_of
from levels.models import Level
from roles.models import Position, Role

LADDER_ORDER = (
    "position__role__order",
    "position__level__scale__order",
    "position__level__order",
    "order",
)


def distinct_currencies() -> list[tuple[str, str]]:
    currencies = Band.objects.order_by("currency").values_list("currency", flat=True).distinct()
    return [(c, c) for c in currencies]


BAND_FILTERS = (
    QueryFilter(
        "role",
        "position__role__slug",
        values_of(Role.objects.order_by("order"), "slug"),
        "Only bands of this role (a role slug).",
        "technical-product-manager",
    ),
    QueryFilter(
        "level",
        "position__level__slug",
        values_of(Level.objects.order_by("scale__order", "order"), "slug", "code"),
        "Only bands of positions at this level (a level slug or code).",
        "p3",
    ),
    QueryFilter(
        "position",
        "position__key",
        values_of(Position.objects.ladder_order(), "key"),
        "Only bands of this position (a position key).",
        "technical-product-manager.p3",
    ),
    QueryFilter(
        "region",
        "region__code",
        values_of(Region.objects.order_by("order"), "code"),
        "Only bands for this region (a region code).",
        "us",
    ),
    QueryFilter(
        "currency",
        "currency",
        distinct_currencies,
        "Only bands in this ISO 4217 currency (one the content has bands in).",
        "USD",
    ),
    QueryFilter(
        "basis",
        "basis",
        choices_of(Basis.values),
        "Only bands on this pay basis.",
        "base-salary",
        enum=list(Basis.values),
    ),
)


@extend_schema_view(
    list=extend_schema(
        responses={
            (200, "application/json"): BandSerializer(many=True),
            (200, "text/csv"): str,
        },
    ),
    retrieve=extend_schema(
        description="One pay band, by its id `<position key>.<region>.<currency>.<basis>`."
    ),
)
class BandViewSet(CSVListMixin, LadderReadOnlyViewSet):
    """Pay bands: annual figures in whole units of an ISO 4217 currency, null where the source
    gives none, each with its region, basis, year, source and confidence. `?format=csv` gives
    one row per band for the whole filtered set."""

    serializer_class = BandSerializer
    lookup_field = "id"
    lookup_value_regex = KEY_REGEX
    noun = "band"
    lookup_example = "technical-product-manager.p3.us.usd.base-salary"
    lookup_description = "A band's id: `<position key>.<region>.<currency>.<basis>`."
    query_filters = BAND_FILTERS
    schema_tags = ["compensation"]
    csv_filename = "ladder-bands.csv"
    csv_columns = (
        "id",
        "position",
        "role",
        "level",
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
        "note",
    )

    def get_queryset(self) -> QuerySet[Band]:
        return Band.objects.select_related(
            "position__role", "position__level", "region", "source"
        ).order_by(*LADDER_ORDER)

    def find_object(self, queryset: QuerySet[Any], value: str) -> Band | None:
        parts = value.rsplit(".", 3)
        if len(parts) != 4:
            return None
        position_key, region, currency, basis = parts
        return queryset.filter(
            position__key=position_key,
            region__code=region,
            currency=currency.upper(),
            basis=basis,
        ).first()

    def csv_rows(self, queryset: QuerySet[Band]) -> list[dict[str, Any]]:
        rows = queryset.values(
            "position__key",
            "position__role__slug",
            "position__level__slug",
            "region__code",
            "currency",
            "basis",
            "minimum",
            "median",
            "maximum",
            "maximum_is_open",
            "year",
            "source__slug",
            "confidence",
            "note",
        )
        return [
            {
                "id": band_id(r["position__key"], r["region__code"], r["currency"], r["basis"]),
                "position": r["position__key"],
                "role": r["position__role__slug"],
                "level": r["position__level__slug"],
                "region": r["region__code"],
                "currency": r["currency"],
                "basis": r["basis"],
                "minimum": r["minimum"],
                "median": r["median"],
                "maximum": r["maximum"],
                "maximum_is_open": r["maximum_is_open"],
                "year": r["year"],
                "source": r["source__slug"],
                "confidence": r["confidence"],
                "note": r["note"],
            }
            for r in rows
        ]
