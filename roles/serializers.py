"""API shapes of roles, positions and title resolution: small serializers, one per use."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ladder.api.fields import (
    CollectionLinkField,
    DetailLinkField,
    PageLinkField,
    SourceRefSerializer,
    pick,
)
from ladder.api.links import ApiLinks
from levels.serializers import LevelRefSerializer, ScaleRefSerializer
from roles.models import (
    AliasKind,
    CompetencyWeight,
    Position,
    Role,
    RoleClassification,
    RoleSkill,
    RoleStatement,
    RoleTopic,
)


def position_page(links: ApiLinks, obj: Any) -> str:
    return links.position_page(pick(obj, "role.slug"), pick(obj, "level.slug"))


def role_page(links: ApiLinks, obj: Any) -> str:
    return links.role_page(pick(obj, "slug"))


class RoleRefSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    url = DetailLinkField("role")

    class Meta:
        model = Role
        fields = ["slug", "name", "url"]


class ClassificationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    source = SourceRefSerializer()  # type: ignore[assignment]

    class Meta:
        model = RoleClassification
        fields = ["system", "code", "title", "source", "confidence"]


class SkillSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    source = SourceRefSerializer()  # type: ignore[assignment]

    class Meta:
        model = RoleSkill
        fields = ["name", "kind", "description", "source", "confidence"]


class CompetencySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    source = SourceRefSerializer()  # type: ignore[assignment]

    class Meta:
        model = CompetencyWeight
        fields = ["name", "weight", "source", "confidence"]


class RoleStatementSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    source = SourceRefSerializer()  # type: ignore[assignment]

    class Meta:
        model = RoleStatement
        fields = ["label", "text", "source", "confidence"]


class TopicSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Role-wide facts of one kind: KPIs, responsibilities, FAQs…"""

    topic = serializers.ChoiceField(choices=RoleTopic.choices)
    name = serializers.CharField()
    statements = RoleStatementSerializer(many=True)


class RolePositionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A position as listed on its role: where to find it and at which level."""

    key = serializers.CharField(help_text="The position's id: `<role slug>.<level slug>`.")
    url = DetailLinkField("position", attr="key")
    html_url = PageLinkField(position_page)
    level = LevelRefSerializer()

    class Meta:
        model = Position
        fields = ["key", "title", "url", "html_url", "level"]


class RoleSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """roles/: a role with its names, classifications and the positions at each level."""

    url = DetailLinkField("role")
    html_url = PageLinkField(role_page)
    abbreviations = serializers.SerializerMethodField()
    aliases = serializers.SerializerMethodField()
    classifications = ClassificationSerializer(many=True)
    positions = RolePositionSerializer(many=True)
    bands_url = CollectionLinkField("band", role="slug")
    source = SourceRefSerializer()  # type: ignore[assignment]

    class Meta:
        model = Role
        fields = [
            "slug",
            "name",
            "url",
            "html_url",
            "family",
            "summary",
            "order",
            "abbreviations",
            "aliases",
            "classifications",
            "positions",
            "bands_url",
            "source",
            "confidence",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_abbreviations(self, role: Role) -> list[str]:
        # Prefetched (ordered) aliases: filtered in Python, no query per role.
        return [a.text for a in role.aliases.all() if a.kind == AliasKind.ABBREVIATION]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_aliases(self, role: Role) -> list[str]:
        return [a.text for a in role.aliases.all() if a.kind == AliasKind.TITLE]


class RoleDetailSerializer(RoleSerializer):
    """roles/{slug}/: everything role-wide — skills and tools, competency weights, and the
    role-wide facts grouped by topic (KPIs, responsibilities, FAQs…)."""

    skills = SkillSerializer(many=True)
    competencies = CompetencySerializer(many=True)
    topics = serializers.SerializerMethodField()

    class Meta(RoleSerializer.Meta):
        fields = [*RoleSerializer.Meta.fields, "skills", "competencies", "topics"]

    @extend_schema_field(TopicSerializer(many=True))
    def get_topics(self, role: Role) -> list[dict[str, Any]]:
        names = dict(RoleTopic.choices)
        statements = list(role.statements.all())  # prefetched, ordered by topic order then order
        # One serializer for all of them: one per topic built its fields ~15 times per role, the
        # larger part of the x100 export (profiled).
        shown = RoleStatementSerializer(statements, many=True, context=self.context).data
        grouped: dict[str, list[Any]] = {}
        for statement, data in zip(statements, shown, strict=True):
            grouped.setdefault(statement.topic, []).append(data)
        return [
            {"topic": topic, "name": names[topic], "statements": grouped[topic]}
            for topic in RoleTopic.values
            if topic in grouped
        ]


class PositionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """positions/: a role at a level, with links to its full document, bands and page."""

    key = serializers.CharField(help_text="The position's id: `<role slug>.<level slug>`.")
    url = DetailLinkField("position", attr="key")
    html_url = PageLinkField(position_page)
    role = RoleRefSerializer()
    level = LevelRefSerializer()
    scale = ScaleRefSerializer(source="level.scale")
    bands_url = CollectionLinkField("band", position="key")
    source = SourceRefSerializer()  # type: ignore[assignment]

    class Meta:
        model = Position
        fields = [
            "key",
            "title",
            "url",
            "html_url",
            "summary",
            "role",
            "level",
            "scale",
            "bands_url",
            "source",
            "confidence",
        ]


# --- title resolution -----------------------------------------------------------------------


class TitleCandidateSerializer(serializers.Serializer):  # type: ignore[type-arg]
    position_key = serializers.CharField()
    url = DetailLinkField("position", attr="position_key")
    html_url = serializers.SerializerMethodField()
    role = serializers.SerializerMethodField()
    level = serializers.SerializerMethodField()
    score = serializers.FloatField(min_value=0, max_value=1)
    reasons = serializers.ListField(child=serializers.CharField())

    @extend_schema_field(serializers.URLField())
    def get_html_url(self, candidate: Any) -> str:
        links: ApiLinks = self.fields["url"].links()  # type: ignore[attr-defined]
        return links.position_page(candidate.role_slug, candidate.level_slug)

    @extend_schema_field(RoleRefSerializer())
    def get_role(self, candidate: Any) -> dict[str, str]:
        links: ApiLinks = self.fields["url"].links()  # type: ignore[attr-defined]
        return {
            "slug": candidate.role_slug,
            "name": candidate.role_name,
            "url": links.detail("role", candidate.role_slug),
        }

    @extend_schema_field(LevelRefSerializer())
    def get_level(self, candidate: Any) -> dict[str, str]:
        links: ApiLinks = self.fields["url"].links()  # type: ignore[attr-defined]
        return {
            "slug": candidate.level_slug,
            "code": candidate.level_code,
            "name": candidate.level_name,
            "url": links.detail("level", candidate.level_slug),
        }


class TitleResolutionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """titles/resolve/: the positions a free-text job title most likely means."""

    title = serializers.CharField()
    normalised = serializers.CharField()
    ambiguous = serializers.BooleanField()
    explanation = serializers.CharField()
    candidates = TitleCandidateSerializer(many=True)
