import pytest

from roles import selectors
from roles.models import Position, Role
from tests.factories import build_role_with_ladder

pytestmark = pytest.mark.django_db
TPM = "technical-product-manager"


def test_anchors():
    assert selectors.statement_anchor("responsibilities", "roadmap-ownership", 3) == (
        "responsibilities-roadmap-ownership"
    )
    assert selectors.statement_anchor("examples", None, 0) == "examples-item-1"
    assert selectors.topic_anchor("faq", 2) == "faq-3"


def test_unknown_role_and_position_raise_does_not_exist():
    with pytest.raises(Role.DoesNotExist):
        selectors.role_profile("astronaut")
    with pytest.raises(Position.DoesNotExist):
        selectors.position_profile(TPM, "p9")


def test_p_level_neighbours():
    profile = selectors.position_profile(TPM, "p3")
    assert profile.previous.position.key == f"{TPM}.p2"
    assert profile.next.position.key == f"{TPM}.p4"
    assert [n.position.key for n in profile.same_role] == [f"{TPM}.tpm-i", f"{TPM}.tpm-ii"]
    assert [n.relation for n in profile.same_role] == [
        "TPM I maps onto P2–P3",
        "TPM II maps onto P3–P4",
    ]
    assert [n.position.key for n in profile.other_roles] == [
        "product-manager.p3",
        "technical-program-manager.p3",
    ]


def test_other_roles_are_capped_and_the_rest_counted():
    """However many roles the ladder has, a position page lists OTHER_ROLES_SHOWN of them at its
    level (in the roles' order) and says how many more there are."""
    assert selectors.position_profile(TPM, "p3").more_roles == 0
    extra = [build_role_with_ladder() for _ in range(selectors.OTHER_ROLES_SHOWN + 3)]
    profile = selectors.position_profile(TPM, "p3")
    shown = [n.position.key for n in profile.other_roles]
    every = list(
        Position.objects.filter(level__slug="p3")
        .exclude(role__slug=TPM)
        .order_by("role__order")
        .values_list("key", flat=True)
    )
    assert len(every) == 2 + len(extra)
    assert shown == every[: selectors.OTHER_ROLES_SHOWN]
    assert profile.more_roles == len(every) - selectors.OTHER_ROLES_SHOWN


def test_title_level_neighbours_follow_its_mapping():
    profile = selectors.position_profile(TPM, "tpm-i")
    assert profile.previous is None
    assert profile.next.position.key == f"{TPM}.tpm-ii"
    assert [n.position.key for n in profile.same_role] == [f"{TPM}.p2", f"{TPM}.p3"]
    assert {n.position.key for n in profile.other_roles} == {
        "product-manager.p2",
        "product-manager.p3",
        "technical-program-manager.p2",
        "technical-program-manager.p3",
    }
    assert profile.years == "1–6 yrs"
    assert profile.months_of_experience == 12
    assert [d.level.code for d in profile.definitions] == ["P2", "P3"]
    assert profile.mapping_citation.source.slug == "ladder-editorial"


def test_position_profile_cites_every_statement_once_per_source():
    profile = selectors.position_profile(TPM, "p2")
    cited = {s.source.slug: s for s in profile.sources}
    assert cited["tpm-p2-profile"].count > 0
    assert "high" in cited["tpm-p2-profile"].confidence_labels
    statements = Position.objects.get(key=f"{TPM}.p2").statements.count()
    shown = sum(len([c for c in d.cells if c.item]) + len(d.bullets) for d in profile.dimensions)
    assert shown == statements


def test_role_profile_shapes_everything_in_constant_queries(django_assert_num_queries):
    with django_assert_num_queries(14):  # all of the page's: templates never query
        profile = selectors.role_profile(TPM)
    assert [lad.scale.slug for lad in profile.ladders] == ["p", "tpm-titles"]
    assert profile.abbreviations == ["TPM"]
    [shared] = profile.shared_abbreviations
    assert shared.text == "TPM"
    assert [name for name, _ in shared.roles] == ["Technical Program Manager"]
    assert [c.caption for c in profile.pay_charts] == [
        "Global · USD · Base salary",
        "United States · USD · Base salary",
    ]
    assert profile.competencies is not None
    assert [bar.value for bar in profile.competencies.bars] == [60, 40, 95, 70, 85]


def test_every_role_profile_in_bulk_is_each_role_profile_and_costs_the_same_queries(
    django_assert_num_queries,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as at_x1:
        bulk = list(selectors.role_profiles())
    assert [p.role.slug for p in bulk] == list(
        Role.objects.order_by("order").values_list("slug", flat=True)
    )
    for profile in bulk:
        one = selectors.role_profile(profile.role.slug)
        assert profile == one, profile.role.slug
    assert any(p.shared_abbreviations for p in bulk)  # "TPM": the TPM and the TPgM

    for _ in range(5):
        build_role_with_ladder()
    with django_assert_num_queries(len(at_x1.captured_queries)):
        assert len(list(selectors.role_profiles())) == len(bulk) + 5
