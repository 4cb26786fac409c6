"""The roles resource."""

from django.db.models import Prefetch, QuerySet

from ladder.api.base import SLUG_REGEX, LadderReadOnlyViewSet
from roles.models import (
    CompetencyWeight,
    Position,
    Role,
    RoleAlias,
    RoleClassification,
    RoleSkill,
    RoleStatement,
)
from roles.serializers import RoleDetailSerializer, RoleSerializer


def roles_shaped(*, detail: bool) -> QuerySet[Role]:
    """Roles with what their serializer reads, prefetched in order: a constant number of queries
    (4 for the list, 7 for a role) whatever the number of roles."""
    prefetches = [
        Prefetch("aliases", queryset=RoleAlias.objects.order_by("order")),
        Prefetch(
            "classifications",
            queryset=RoleClassification.objects.select_related("source").order_by("order"),
        ),
        Prefetch(
            "positions",
            queryset=Position.objects.select_related("level").order_by(
                "level__scale__order", "level__order"
            ),
        ),
    ]
    if detail:
        prefetches += [
            Prefetch(
                "skills", queryset=RoleSkill.objects.select_related("source").order_by("order")
            ),
            Prefetch(
                "competencies",
                queryset=CompetencyWeight.objects.select_related("source").order_by("order"),
            ),
            Prefetch(
                "statements",
                queryset=RoleStatement.objects.select_related("source").order_by("topic", "order"),
            ),
        ]
    return Role.objects.select_related("source").prefetch_related(*prefetches).order_by("order")


class RoleViewSet(LadderReadOnlyViewSet):
    """Roles: their names and abbreviations, occupation classifications, positions at each
    level and, on a role, its skills, competency weights and role-wide facts (KPIs…)."""

    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    noun = "role"
    lookup_example = "technical-product-manager"
    lookup_description = "A role's slug."
    schema_tags = ["roles"]

    def get_serializer_class(self) -> type[RoleSerializer]:
        return RoleDetailSerializer if self.action == "retrieve" else RoleSerializer

    def get_queryset(self) -> QuerySet[Role]:
        return roles_shaped(detail=self.action == "retrieve")
