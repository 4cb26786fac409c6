"""API shapes of pay: bands, regions and relative pay facts."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from compensation.models import Band, Basis, Region
from ladder.api.fields import DetailLinkField, SourceRefSerializer
from ladder.api.links import links_for
from ladder.models import Confidence
from levels.serializers import LevelRefSerializer
from roles.serializers import RoleRefSerializer


def band_id(position_key: str, region_code: str, currency: str, basis: str) -> str:
    """A band's readable, stable id: `technical-product-manager.p3.us.usd.base-salary`."""
    return f"{position_key}.{region_code}.{currency.lower()}.{basis}"


class RegionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Region
        fields = ["code", "name"]


class BandPositionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    key = serializers.CharField()
    title = serializers.CharField()
    url = DetailLinkField("position", attr="key")


class PositionBandSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A band inside a position document. Money: annual, whole units of `currency` (ISO 4217),
    integers; null where the source gives no figure; `maximum_is_open` for "160,000+"."""

    id = serializers.CharField()
    url = serializers.URLField()
    region = RegionSerializer()
    currency = serializers.CharField(min_length=3, max_length=3)
    basis = serializers.ChoiceField(choices=Basis.choices)
    minimum = serializers.IntegerField(allow_null=True, min_value=0)
    median = serializers.IntegerField(allow_null=True, min_value=0)
    maximum = serializers.IntegerField(allow_null=True, min_value=0)
    maximum_is_open = serializers.BooleanField()
    year = serializers.IntegerField(allow_null=True)
    note = serializers.CharField(allow_blank=True)
    source = SourceRefSerializer()  # type: ignore[assignment]
    confidence = serializers.ChoiceField(choices=Confidence.choices)


class BandSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """bands/: a pay band with the position, role and level it belongs to. Money: annual, whole
    units of `currency` (ISO 4217), integers; null where the source gives no figure."""

    id = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    position = BandPositionSerializer()
    role = RoleRefSerializer(source="position.role")
    level = LevelRefSerializer(source="position.level")
    region = RegionSerializer()
    source = SourceRefSerializer()  # type: ignore[assignment]

    class Meta:
        model = Band
        fields = [
            "id",
            "url",
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
            "note",
            "source",
            "confidence",
        ]

    def get_id(self, band: Band) -> str:
        return band_id(band.position.key, band.region.code, band.currency, band.basis)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, band: Band) -> str:
        return links_for(self.context["request"]).detail("band", self.get_id(band))


class PayExampleSerializer(serializers.Serializer):  # type: ignore[type-arg]
    currency = serializers.CharField(min_length=3, max_length=3)
    reference = serializers.IntegerField(allow_null=True)
    minimum = serializers.IntegerField(allow_null=True)
    maximum = serializers.IntegerField(allow_null=True)


class PayRelationSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """A relative pay fact: this role earns `premium_min_pct`–`premium_max_pct` % more than
    `relative_to` at the same level, with the source's worked example when it gives one."""

    relative_to = RoleRefSerializer()
    premium_min_pct = serializers.IntegerField()
    premium_max_pct = serializers.IntegerField()
    example = PayExampleSerializer(allow_null=True)
    note = serializers.CharField(allow_blank=True)
    source = SourceRefSerializer()  # type: ignore[assignment]
    confidence = serializers.ChoiceField(choices=Confidence.choices)
