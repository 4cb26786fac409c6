"""The shipped content: complete, cited, and faithful to the figures of the source documents."""

import re

import pytest
from django.db.models import Count

from compensation.models import Band, PayRelation
from ladder.models import Source, SourceKind
from levels.models import Level
from roles.models import (
    Aspect,
    CompetencyWeight,
    Dimension,
    Position,
    Role,
    RoleAlias,
    RoleClassification,
    RoleStatement,
    Statement,
)

pytestmark = pytest.mark.django_db
P_LEVELS = ["p2", "p3", "p4", "p5", "p6"]


def test_three_roles():
    assert set(Role.objects.values_list("slug", flat=True)) == {
        "technical-product-manager",
        "product-manager",
        "technical-program-manager",
    }


@pytest.mark.parametrize(
    "role", ["technical-product-manager", "product-manager", "technical-program-manager"]
)
def test_every_role_has_every_p_level_with_every_dimension_and_aspect_filled(role):
    positions = {
        p.level.slug: p for p in Position.objects.filter(role__slug=role).select_related("level")
    }
    assert set(P_LEVELS) <= set(positions)
    aspects = set(Aspect.objects.values_list("dimension__slug", "slug"))
    dimensions = set(Dimension.objects.values_list("slug", flat=True))
    for level in P_LEVELS:
        statements = Statement.objects.filter(position=positions[level])
        assert set(statements.values_list("dimension__slug", flat=True)) == dimensions, level
        filled = set(
            statements.filter(aspect__isnull=False).values_list(
                "aspect__dimension__slug", "aspect__slug"
            )
        )
        assert filled == aspects, f"{role} {level} misses {aspects - filled}"


def test_tpm_title_levels_exist_and_map_onto_p_levels():
    tpm_i = Level.objects.select_related("maps_to_min", "maps_to_max").get(slug="tpm-i")
    tpm_ii = Level.objects.select_related("maps_to_min", "maps_to_max").get(slug="tpm-ii")
    assert (tpm_i.code, tpm_i.maps_to_min.code, tpm_i.maps_to_max.code) == ("TPM I", "P2", "P3")
    assert (tpm_ii.code, tpm_ii.maps_to_min.code, tpm_ii.maps_to_max.code) == ("TPM II", "P3", "P4")
    assert (
        Position.objects.filter(
            key__in=["technical-product-manager.tpm-i", "technical-product-manager.tpm-ii"]
        ).count()
        == 2
    )


def test_every_p_level_has_a_full_definition():
    for level in Level.objects.professional():
        assert all(
            [
                level.scope,
                level.autonomy,
                level.complexity,
                level.impact,
                level.decision_rights,
                level.leadership,
                level.typical_experience,
            ]
        ), level
        assert level.definition_source_id


def test_every_statement_and_band_cites_a_source_with_a_confidence():
    for model in (
        Statement,
        Band,
        RoleStatement,
        CompetencyWeight,
        RoleClassification,
        PayRelation,
    ):
        assert not model.objects.filter(source__isnull=True).exists()
        assert not model.objects.exclude(confidence__in=["high", "medium", "low"]).exists()


def test_every_seed_document_is_cited():
    cited = (
        set(Statement.objects.values_list("source__slug", flat=True))
        | set(RoleStatement.objects.values_list("source__slug", flat=True))
        | set(Band.objects.values_list("source__slug", flat=True))
        | set(PayRelation.objects.values_list("source__slug", flat=True))
        | set(CompetencyWeight.objects.values_list("source__slug", flat=True))
    )
    seeds = set(Source.objects.documents().values_list("slug", flat=True))
    assert len(seeds) == 5
    assert seeds <= cited


def test_editorial_content_never_claims_high_confidence():
    for model in (Statement, Band, RoleStatement):
        assert not model.objects.filter(
            source__kind=SourceKind.EDITORIAL, confidence="high"
        ).exists()


def test_source_figures_are_represented_exactly():
    tpm = "technical-product-manager"
    tpm_i = Band.objects.get(position__key=f"{tpm}.tpm-i", region__code="us")
    assert (tpm_i.currency, tpm_i.minimum, tpm_i.median, tpm_i.maximum, tpm_i.maximum_is_open) == (
        "USD",
        100_000,
        None,
        135_000,
        False,
    )
    tpm_ii = Band.objects.get(position__key=f"{tpm}.tpm-ii", region__code="us")
    assert (tpm_ii.minimum, tpm_ii.maximum, tpm_ii.maximum_is_open) == (135_000, 160_000, True)
    p2 = Band.objects.get(position__key=f"{tpm}.p2", region__code="global")
    assert (p2.minimum, p2.median, p2.maximum, p2.source.slug) == (
        61_000,
        78_000,
        100_000,
        "tpm-p2-profile",
    )
    premium = PayRelation.objects.get(role__slug=tpm, relative_to__slug="product-manager")
    assert (premium.premium_min_pct, premium.premium_max_pct) == (10, 20)
    assert (premium.example_reference, premium.example_minimum, premium.example_maximum) == (
        120_000,
        130_000,
        150_000,
    )
    weights = dict(CompetencyWeight.objects.filter(role__slug=tpm).values_list("name", "weight"))
    assert {
        k: weights[k]
        for k in (
            "Technical Depth",
            "Troubleshooting",
            "Communication",
            "Process Complexity",
            "Documentation",
        )
    } == {
        "Technical Depth": 60,
        "Troubleshooting": 40,
        "Communication": 95,
        "Process Complexity": 70,
        "Documentation": 85,
    }
    assert RoleClassification.objects.filter(role__slug=tpm, code="11-3021").exists()


def test_tpm_i_and_ii_carry_every_comparison_table_row():
    # The guide's five tables have 6 + 6 + 5 + 6 + 5 rows; the salary row is the band.
    for key in ("technical-product-manager.tpm-i", "technical-product-manager.tpm-ii"):
        cells = Statement.objects.filter(
            position__key=key, aspect__isnull=False, source__slug="tpm-i-vs-tpm-ii"
        )
        assert cells.values("aspect").distinct().count() >= 27


def test_the_five_worked_examples_keep_their_figures():
    examples = " ".join(
        Statement.objects.filter(
            dimension__slug="examples", source__slug="tpm-i-vs-tpm-ii"
        ).values_list("text", flat=True)
    )
    for figure in ("40%", "70%", "50%", "30%", "99.99%"):
        assert figure in examples


def test_tpm_abbreviation_is_recorded_as_ambiguous():
    owners = set(RoleAlias.objects.filter(text="TPM").values_list("role__slug", flat=True))
    assert owners == {"technical-product-manager", "technical-program-manager"}


def test_no_placeholder_text():
    placeholder = re.compile(r"\b(TBD|TODO|lorem ipsum|xxx)\b", re.IGNORECASE)
    texts = list(Statement.objects.values_list("text", flat=True)) + list(
        RoleStatement.objects.values_list("text", flat=True)
    )
    assert not [t for t in texts if placeholder.search(t)]


def test_aspects_have_one_cell_per_position():
    duplicated = (
        Statement.objects.filter(aspect__isnull=False)
        .values("position", "aspect")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not duplicated.exists()
