"""API shapes of what belongs to the ladder as a whole: sources, the framework, the API root, the
position document, the export and search. The position document and the export are built as
dicts (ladder.api.documents); the serializers here describe them to the OpenAPI schema, and the
tests check every built document against that schema."""

from rest_framework import serializers

from compensation.serializers import PayRelationSerializer, PositionBandSerializer, RegionSerializer
from ladder.api.fields import DetailLinkField, SourceRefSerializer
from ladder.models import Confidence, Framework, Source
from levels.serializers import (
    LevelMappingSerializer,
    LevelSerializer,
    ScaleRefSerializer,
)
from roles.serializers import RoleDetailSerializer, RoleRefSerializer


class SourceDetailSerializer(serializers.Serializer):  # type: ignore[type-arg]
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.CharField()


class SourceSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """sources/: a source document (or Ladder editorial) and how far it is trusted."""

    url = DetailLinkField("source")
    contributed = serializers.ListField(child=serializers.CharField())
    details = SourceDetailSerializer(many=True)

    class Meta:
        model = Source
        fields = [
            "slug",
            "title",
            "url",
            "kind",
            "file_name",
            "publisher",
            "summary",
            "confidence",
            "contributed",
            "details",
        ]


class FrameworkSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """The loaded content as one versioned, reviewable whole."""

    data_version = serializers.CharField(help_text="Changes whenever the content does.")
    loaded_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        model = Framework
        fields = [
            "name",
            "version",
            "data_version",
            "review_status",
            "reviewed_on",
            "loaded_at",
            "description",
        ]


class ApiRootSerializer(serializers.Serializer):  # type: ignore[type-arg]
    api_version = serializers.CharField()
    data_version = serializers.CharField(help_text="Version of the loaded content (pin it).")
    framework = FrameworkSerializer(allow_null=True)
    resources = serializers.DictField(
        child=serializers.URLField(), help_text="Every resource of the API, by name."
    )
    schema = serializers.URLField()
    docs = serializers.URLField()


# --- the position document ------------------------------------------------------------------


class StatementSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One statement: a cell of a dimension's table (on an aspect) or one of its bullets."""

    label = serializers.CharField(allow_blank=True)  # type: ignore[assignment]
    text = serializers.CharField()
    order = serializers.IntegerField(min_value=0)
    source = SourceRefSerializer()  # type: ignore[assignment]
    confidence = serializers.ChoiceField(choices=Confidence.choices)


class AspectCellSerializer(serializers.Serializer):  # type: ignore[type-arg]
    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    statement = StatementSerializer(allow_null=True, help_text="null where the content has none.")


class PositionDimensionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField()
    aspects = AspectCellSerializer(many=True)
    statements = StatementSerializer(many=True)


class PositionLevelSerializer(serializers.Serializer):  # type: ignore[type-arg]
    slug = serializers.SlugField()
    code = serializers.CharField()
    name = serializers.CharField()
    url = serializers.URLField()
    scale = ScaleRefSerializer()
    maps_to = LevelMappingSerializer(allow_null=True)


class PositionDocumentSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """positions/{key}/: a role at a level with every dimension (each aspect's cell and the
    bullets), every band, and every source cited."""

    key = serializers.CharField()
    title = serializers.CharField()
    url = serializers.URLField()
    html_url = serializers.URLField()
    summary = serializers.CharField()
    role = RoleRefSerializer()
    level = PositionLevelSerializer()
    source = SourceRefSerializer()  # type: ignore[assignment]
    confidence = serializers.ChoiceField(choices=Confidence.choices)
    dimensions = PositionDimensionSerializer(many=True)
    bands = PositionBandSerializer(many=True)
    bands_url = serializers.URLField()
    sources = SourceRefSerializer(many=True)


# --- the export -----------------------------------------------------------------------------


class AspectSerializer(serializers.Serializer):  # type: ignore[type-arg]
    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)


class DimensionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    slug = serializers.SlugField()
    name = serializers.CharField()
    description = serializers.CharField()
    aspects = AspectSerializer(many=True)


class ExportScaleSerializer(serializers.Serializer):  # type: ignore[type-arg]
    slug = serializers.SlugField()
    name = serializers.CharField()
    url = serializers.URLField()
    kind = serializers.CharField()
    description = serializers.CharField()
    order = serializers.IntegerField()
    levels = LevelSerializer(many=True)


class ExportRoleSerializer(RoleDetailSerializer):
    pay_relations = PayRelationSerializer(many=True)
    positions = PositionDocumentSerializer(many=True)  # type: ignore[assignment]

    class Meta(RoleDetailSerializer.Meta):
        fields = [*RoleDetailSerializer.Meta.fields, "pay_relations"]


class ExportSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """export/: the whole ladder in one document, for a nightly HR sync."""

    api_version = serializers.CharField()
    data_version = serializers.CharField()
    framework = FrameworkSerializer(allow_null=True)
    sources = SourceSerializer(many=True)
    dimensions = DimensionSerializer(many=True)
    scales = ExportScaleSerializer(many=True)
    regions = RegionSerializer(many=True)
    roles = ExportRoleSerializer(many=True)


# --- search ---------------------------------------------------------------------------------


class RoleHitSerializer(serializers.Serializer):  # type: ignore[type-arg]
    slug = serializers.CharField()
    name = serializers.CharField()
    snippet = serializers.CharField(allow_blank=True)
    matched_alias = serializers.CharField(allow_blank=True)
    url = serializers.URLField(help_text="The role in the API.")
    html_url = serializers.URLField(help_text="Where it was found on the web pages.")


class PositionHitSerializer(serializers.Serializer):  # type: ignore[type-arg]
    key = serializers.CharField()
    title = serializers.CharField()
    role = RoleRefSerializer()
    level_slug = serializers.CharField()
    level_code = serializers.CharField()
    snippet = serializers.CharField(allow_blank=True)
    url = serializers.URLField(help_text="The position in the API.")
    html_url = serializers.URLField()


class StatementHitSerializer(serializers.Serializer):  # type: ignore[type-arg]
    role = RoleRefSerializer()
    position_key = serializers.CharField(allow_blank=True, help_text='"" for a role-wide fact.')
    position_url = serializers.URLField(allow_null=True)
    level_slug = serializers.CharField(allow_blank=True)
    level_code = serializers.CharField(allow_blank=True)
    section = serializers.CharField()
    label = serializers.CharField(allow_blank=True)  # type: ignore[assignment]
    snippet = serializers.CharField(allow_blank=True)
    html_url = serializers.URLField()


class AmbiguousTermSerializer(serializers.Serializer):  # type: ignore[type-arg]
    term = serializers.CharField()
    roles = RoleRefSerializer(many=True)


class SearchResultsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """search/?q=: the same search as the web page."""

    query = serializers.CharField()
    total = serializers.IntegerField(min_value=0)
    roles = RoleHitSerializer(many=True)
    positions = PositionHitSerializer(many=True)
    statements = StatementHitSerializer(many=True)
    ambiguous = AmbiguousTermSerializer(many=True)
    next = serializers.URLField(
        allow_null=True, help_text="The next hits of each kind, when any kind has more."
    )
    previous = serializers.URLField(allow_null=True, help_text="The hits before these.")
