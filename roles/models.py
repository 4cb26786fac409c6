"""Roles, the positions they hold at each level, and the statements that describe them."""

from django.db import models
from django.db.models import Q

from ladder.models import Cited, confidence_is_valid
from levels.models import Level


class Role(Cited):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200, unique=True)
    family = models.CharField(max_length=200)
    summary = models.TextField()
    order = models.PositiveIntegerField(unique=True)

    class Meta:
        ordering = ["order"]
        constraints = [confidence_is_valid()]

    def __str__(self) -> str:
        return self.name


class AliasKind(models.TextChoices):
    ABBREVIATION = "abbreviation", "Abbreviation"
    TITLE = "title", "Title alias"


class RoleAlias(models.Model):
    """Other names a role goes by. One abbreviation may belong to several roles ("TPM"):
    that is recorded, never resolved by guessing."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AliasKind.choices)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["role", "order"]
        verbose_name_plural = "role aliases"
        constraints = [
            models.UniqueConstraint(fields=["role", "text"], name="role_alias_unique"),
            models.UniqueConstraint(fields=["role", "order"], name="role_alias_order_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=AliasKind.values), name="role_alias_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class RoleClassification(Cited):
    """An occupation code, e.g. O*NET-SOC 11-3021."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="classifications")
    system = models.CharField(max_length=50)
    code = models.CharField(max_length=50)
    title = models.CharField(max_length=200)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["role", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "system", "code"], name="role_classification_unique"
            ),
            models.UniqueConstraint(
                fields=["role", "order"], name="role_classification_order_unique"
            ),
            confidence_is_valid(),
        ]

    def __str__(self) -> str:
        return f"{self.system} {self.code}"


class SkillKind(models.TextChoices):
    SKILL = "skill", "Skill"
    TOOL = "tool", "Tool"


class RoleSkill(Cited):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="skills")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=SkillKind.choices)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["role", "order"]
        constraints = [
            models.UniqueConstraint(fields=["role", "name"], name="role_skill_unique"),
            models.UniqueConstraint(fields=["role", "order"], name="role_skill_order_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=SkillKind.values), name="role_skill_kind_valid"
            ),
            confidence_is_valid(),
        ]

    def __str__(self) -> str:
        return self.name


class CompetencyWeight(Cited):
    """How much a competency weighs in the role, on a 0–100 scale."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="competencies")
    name = models.CharField(max_length=200)
    weight = models.PositiveSmallIntegerField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["role", "order"]
        constraints = [
            models.UniqueConstraint(fields=["role", "name"], name="competency_unique"),
            models.UniqueConstraint(fields=["role", "order"], name="competency_order_unique"),
            models.CheckConstraint(condition=Q(weight__lte=100), name="competency_weight_lte_100"),
            confidence_is_valid(),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight})"


class RoleTopic(models.TextChoices):
    """Role-wide facts that are not tied to a level."""

    DISTINCT_FROM = "distinct-from", "Distinct from"
    SNAPSHOT = "snapshot", "At a glance"
    RESPONSIBILITY = "responsibility", "Core responsibilities at every level"
    KPI = "kpi", "KPIs"
    DELIVERABLE = "deliverable", "Typical deliverables"
    DAY_IN_THE_LIFE = "day-in-the-life", "A day in the life"
    WHEN_TO_HIRE = "when-to-hire", "When to hire"
    HIRING_SIGNAL = "hiring-signal", "Hiring signals"
    COLLABORATION = "collaboration", "Collaboration patterns"
    TRANSITION = "transition", "Transitions into and out of the role"
    CAREER_OUTLOOK = "career-outlook", "Career outlook"
    SKILL_BUILDING = "skill-building", "How to build the skills"
    MARKET_CONTEXT = "market-context", "Why the role exists"
    JOB_DESCRIPTION = "job-description", "Sample job description"
    MYTH = "myth", "Common myths"
    FAQ = "faq", "Questions people ask"


class RoleStatement(Cited):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="statements")
    topic = models.CharField(max_length=30, choices=RoleTopic.choices)
    # A short heading for the statement: the FAQ question, the myth, the snapshot area.
    label = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["role", "topic", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "topic", "order"], name="role_statement_order_unique"
            ),
            models.CheckConstraint(
                condition=Q(topic__in=RoleTopic.values), name="role_statement_topic_valid"
            ),
            confidence_is_valid(),
        ]

    def __str__(self) -> str:
        return self.label or self.text[:60]


class Dimension(models.Model):
    """What tells levels apart: responsibilities, decision-making, influence and visibility…"""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField()
    order = models.PositiveIntegerField(unique=True)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Aspect(models.Model):
    """A row of a dimension's comparison table, e.g. "Roadmap ownership"."""

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="aspects")
    slug = models.SlugField()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["dimension__order", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "slug"], name="aspect_slug_unique_in_dimension"
            ),
            models.UniqueConstraint(
                fields=["dimension", "order"], name="aspect_order_unique_in_dimension"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PositionQuerySet(models.QuerySet["Position"]):
    def for_role(self, role_slug: str) -> "PositionQuerySet":
        return self.filter(role__slug=role_slug)

    def ladder_order(self) -> "PositionQuerySet":
        return self.order_by("role__order", "level__scale__order", "level__order")


class Position(Cited):
    """A role at a level. Its key ("technical-product-manager.p3") is the id pages and API share."""

    key = models.SlugField(max_length=200, unique=True)
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="positions")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="positions")
    title = models.CharField(max_length=200)
    summary = models.TextField()

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["role__order", "level__scale__order", "level__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "level"], name="position_unique_per_role_level"
            ),
            confidence_is_valid(),
        ]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def key_for(role_slug: str, level_slug: str) -> str:
        return f"{role_slug}.{level_slug}"

    def clean(self) -> None:
        # The key is derived, so editors in the admin cannot make it disagree with role and level.
        if self.role_id and self.level_id:
            self.key = self.key_for(self.role.slug, self.level.slug)


class Statement(Cited):
    """One cell of a dimension (with an aspect) or one bullet of it (without)."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="statements")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="statements")
    aspect = models.ForeignKey(
        Aspect, on_delete=models.PROTECT, null=True, blank=True, related_name="statements"
    )
    label = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["position", "dimension__order", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "aspect"],
                condition=Q(aspect__isnull=False),
                name="statement_one_per_aspect",
            ),
            # Bullets are ordered within their dimension; cells follow their aspect's order.
            models.UniqueConstraint(
                fields=["position", "dimension", "order"],
                condition=Q(aspect__isnull=True),
                name="statement_bullet_order_unique",
            ),
            confidence_is_valid(),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if (
            self.aspect is not None
            and self.dimension_id
            and self.aspect.dimension_id != self.dimension_id
        ):
            raise ValidationError({"aspect": "The aspect belongs to another dimension."})
