"""Pay bands of positions, and pay facts that relate one role to another."""

from django.db import models
from django.db.models import F, Q

from ladder.models import Cited, confidence_is_valid
from roles.models import Position, Role


class Region(models.Model):
    code = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    order = models.PositiveIntegerField(unique=True)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Basis(models.TextChoices):
    BASE_SALARY = "base-salary", "Base salary"
    TOTAL_CASH = "total-cash", "Total cash (base + bonus)"
    TOTAL_COMPENSATION = "total-compensation", "Total compensation (incl. equity)"


class BandQuerySet(models.QuerySet["Band"]):
    def for_region(self, code: str) -> "BandQuerySet":
        return self.filter(region__code=code)


class Band(Cited):
    """Annual pay for a position in one region, currency and basis. Figures are whole units of
    the currency. An open-ended range ("160,000+") keeps its top figure and says it is open."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="bands")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="bands")
    currency = models.CharField(max_length=3)
    basis = models.CharField(max_length=30, choices=Basis.choices)
    minimum = models.PositiveIntegerField(null=True, blank=True)
    median = models.PositiveIntegerField(null=True, blank=True)
    maximum = models.PositiveIntegerField(null=True, blank=True)
    maximum_is_open = models.BooleanField(default=False)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    order = models.PositiveIntegerField()

    objects = BandQuerySet.as_manager()

    class Meta:
        ordering = ["position", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "region", "currency", "basis"], name="band_unique"
            ),
            models.UniqueConstraint(fields=["position", "order"], name="band_order_unique"),
            models.CheckConstraint(condition=Q(basis__in=Basis.values), name="band_basis_valid"),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="band_currency_iso_shape"
            ),
            models.CheckConstraint(
                condition=Q(minimum__isnull=False)
                | Q(median__isnull=False)
                | Q(maximum__isnull=False),
                name="band_has_a_figure",
            ),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True)
                | Q(median__isnull=True)
                | Q(minimum__lte=F("median")),
                name="band_min_lte_median",
            ),
            models.CheckConstraint(
                condition=Q(median__isnull=True)
                | Q(maximum__isnull=True)
                | Q(median__lte=F("maximum")),
                name="band_median_lte_max",
            ),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True)
                | Q(maximum__isnull=True)
                | Q(minimum__lte=F("maximum")),
                name="band_min_lte_max",
            ),
            models.CheckConstraint(
                condition=Q(maximum_is_open=False) | Q(maximum__isnull=False),
                name="band_open_top_has_maximum",
            ),
            confidence_is_valid(),
        ]

    def __str__(self) -> str:
        return f"{self.position} · {self.region} · {self.currency} {self.basis}"


class PayRelation(Cited):
    """A relative pay fact, e.g. a Technical Product Manager earns 10–20 % more than a Product
    Manager at the same level, with the source's worked example when it gives one."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="pay_relations")
    relative_to = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="+")
    premium_min_pct = models.SmallIntegerField()
    premium_max_pct = models.SmallIntegerField()
    example_currency = models.CharField(max_length=3, blank=True)
    example_reference = models.PositiveIntegerField(null=True, blank=True)
    example_minimum = models.PositiveIntegerField(null=True, blank=True)
    example_maximum = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["role", "relative_to"], name="pay_relation_unique"),
            models.CheckConstraint(
                condition=Q(premium_min_pct__lte=F("premium_max_pct")),
                name="pay_relation_min_lte_max",
            ),
            models.CheckConstraint(
                condition=~Q(role=F("relative_to")), name="pay_relation_not_self"
            ),
            models.CheckConstraint(
                condition=Q(example_minimum__isnull=True)
                | Q(example_maximum__isnull=True)
                | Q(example_minimum__lte=F("example_maximum")),
                name="pay_relation_example_min_lte_max",
            ),
            confidence_is_valid(),
        ]

    def __str__(self) -> str:
        return f"{self.role} vs {self.relative_to}: +{self.premium_min_pct}–{self.premium_max_pct}%"
