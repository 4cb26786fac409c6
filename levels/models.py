"""The scales people are levelled on: the professional P-scale and company title scales."""

from django.db import models
from django.db.models import Q

from ladder.models import Confidence, Source


class ScaleKind(models.TextChoices):
    PROFESSIONAL = "professional", "Professional scale"
    TITLE = "title", "Title scale"


class Scale(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ScaleKind.choices)
    description = models.TextField()
    order = models.PositiveIntegerField(unique=True)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ScaleKind.values), name="scale_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class LevelQuerySet(models.QuerySet["Level"]):
    def in_scale(self, scale_slug: str) -> "LevelQuerySet":
        return self.filter(scale__slug=scale_slug)

    def professional(self) -> "LevelQuerySet":
        return self.filter(scale__kind=ScaleKind.PROFESSIONAL)

    def ladder_order(self) -> "LevelQuerySet":
        return self.order_by("scale__order", "order")


class Level(models.Model):
    """A rung of a scale. Professional levels carry the universal definition; title levels map
    onto a professional level (or a range of them), and that mapping is data, not code."""

    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="levels")
    slug = models.SlugField(unique=True)
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    order = models.PositiveIntegerField()
    summary = models.TextField()
    years_min = models.PositiveSmallIntegerField(null=True, blank=True)
    years_max = models.PositiveSmallIntegerField(null=True, blank=True)

    # The universal level definition (professional levels only).
    scope = models.TextField(blank=True)
    autonomy = models.TextField(blank=True)
    complexity = models.TextField(blank=True)
    impact = models.TextField(blank=True)
    decision_rights = models.TextField(blank=True)
    leadership = models.TextField(blank=True)
    typical_experience = models.CharField(max_length=100, blank=True)
    definition_source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    definition_confidence = models.CharField(max_length=10, choices=Confidence.choices, blank=True)

    # The mapping of a title level onto the professional scale.
    maps_to_min = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    maps_to_max = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    mapping_note = models.TextField(blank=True)
    mapping_source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    mapping_confidence = models.CharField(max_length=10, choices=Confidence.choices, blank=True)

    objects = LevelQuerySet.as_manager()

    class Meta:
        ordering = ["scale__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "order"], name="level_order_unique_in_scale"),
            models.UniqueConstraint(fields=["scale", "code"], name="level_code_unique_in_scale"),
            models.CheckConstraint(
                condition=Q(years_min__isnull=True)
                | Q(years_max__isnull=True)
                | Q(years_min__lte=models.F("years_max")),
                name="level_years_min_lte_max",
            ),
            # A mapping is a range: both ends, or neither, and it cites a source.
            models.CheckConstraint(
                condition=Q(
                    maps_to_min__isnull=True, maps_to_max__isnull=True, mapping_source__isnull=True
                )
                | Q(
                    maps_to_min__isnull=False,
                    maps_to_max__isnull=False,
                    mapping_source__isnull=False,
                ),
                name="level_mapping_complete",
            ),
            models.CheckConstraint(
                condition=Q(definition_confidence__in=["", *Confidence.values]),
                name="level_definition_confidence_valid",
            ),
            models.CheckConstraint(
                condition=Q(mapping_confidence__in=["", *Confidence.values]),
                name="level_mapping_confidence_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def is_title_level(self) -> bool:
        return self.maps_to_min_id is not None

    @property
    def years_label(self) -> str:
        if self.years_min is None:
            return ""
        if self.years_max is None:
            return f"{self.years_min}+ yrs"
        return f"{self.years_min}–{self.years_max} yrs"
