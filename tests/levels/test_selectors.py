import pytest

from levels.selectors import ladder_levels, level_rubric, scale_map

pytestmark = pytest.mark.django_db


def test_scale_map_lays_title_levels_over_the_p_scale():
    mapped = scale_map(ladder_levels())
    assert [lv.code for lv in mapped.p_levels] == ["P2", "P3", "P4", "P5", "P6"]
    [tpm_titles] = mapped.title_scales
    spans = {row.level.code: (row.before, row.span, row.after) for row in tpm_titles.rows}
    assert spans == {"TPM I": (0, 2, 3), "TPM II": (1, 2, 2)}
    assert [row.maps_to for row in tpm_titles.rows] == ["P2–P3", "P3–P4"]


def test_rubric_cites_each_levels_definition(django_assert_num_queries):
    with django_assert_num_queries(2):
        rubric = level_rubric()
    assert [c.source.slug for c in rubric.citations if c] == [
        "tpm-p2-profile",
        "ladder-editorial",
        "ladder-editorial",
        "ladder-editorial",
        "ladder-editorial",
    ]
    assert {s.source.slug for s in rubric.sources} == {"tpm-p2-profile", "ladder-editorial"}
    assert rubric.rows[0].label == "Scope"
