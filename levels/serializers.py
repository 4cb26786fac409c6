"""API shapes of scales and levels: small serializers, one per use."""

from typing import Any

from rest_framework import serializers

from ladder.api.fields import CollectionLinkField, DetailLinkField, SourceRefSerializer
from ladder.models import Confidence
from levels.models import Level, Scale


class ScaleRefSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    url = DetailLinkField("scale")

    class Meta:
        model = Scale
        fields = ["slug", "name", "kind", "url"]


class LevelRefSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    url = DetailLinkField("level")

    class Meta:
        model = Level
        fields = ["slug", "code", "name", "url"]


class LevelDefinitionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """The universal level definition a professional level carries."""

    source = SourceRefSerializer(source="definition_source")  # type: ignore[assignment]
    confidence = serializers.ChoiceField(choices=Confidence.choices, source="definition_confidence")

    class Meta:
        model = Level
        fields = [
            "scope",
            "autonomy",
            "complexity",
            "impact",
            "decision_rights",
            "leadership",
            "typical_experience",
            "source",
            "confidence",
        ]


class LevelMappingSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """Where a title level sits on the professional scale: a range, with its citation."""

    minimum = LevelRefSerializer(source="maps_to_min")
    maximum = LevelRefSerializer(source="maps_to_max")
    note = serializers.CharField(source="mapping_note")
    source = SourceRefSerializer(source="mapping_source")  # type: ignore[assignment]
    confidence = serializers.ChoiceField(choices=Confidence.choices, source="mapping_confidence")

    class Meta:
        model = Level
        fields = ["minimum", "maximum", "note", "source", "confidence"]


class _NullableParts(serializers.ModelSerializer):  # type: ignore[type-arg]
    """`definition` is null on title levels, `maps_to` on professional ones."""

    def to_representation(self, instance: Level) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        if "definition" in data and instance.definition_source_id is None:
            data["definition"] = None
        if "maps_to" in data and instance.maps_to_min_id is None:
            data["maps_to"] = None
        return data


class LevelSerializer(_NullableParts):
    """levels/ and levels/{code}/: a level with its scale, definition or mapping."""

    url = DetailLinkField("level")
    scale = ScaleRefSerializer()
    definition = LevelDefinitionSerializer(source="*", allow_null=True)
    maps_to = LevelMappingSerializer(source="*", allow_null=True)
    positions_url = CollectionLinkField("position", level="slug")

    class Meta:
        model = Level
        fields = [
            "slug",
            "code",
            "name",
            "url",
            "order",
            "scale",
            "summary",
            "years_min",
            "years_max",
            "definition",
            "maps_to",
            "positions_url",
        ]


class ScaleLevelSerializer(_NullableParts):
    url = DetailLinkField("level")
    maps_to = LevelMappingSerializer(source="*", allow_null=True)

    class Meta:
        model = Level
        fields = ["slug", "code", "name", "url", "order", "summary", "maps_to"]


class ScaleSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """scales/ and scales/{slug}/: a scale with its levels in order and their mapping."""

    url = DetailLinkField("scale")
    levels = ScaleLevelSerializer(many=True)

    class Meta:
        model = Scale
        fields = ["slug", "name", "url", "kind", "description", "order", "levels"]
