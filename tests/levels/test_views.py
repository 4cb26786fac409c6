"""The levels page: the rubric of the whole P-scale and each title scale's mapping."""

import pytest

from levels.models import Level
from levels.selectors import DEFINITION_FIELDS
from tests.pages import assert_page_structure, get_page, get_with_pinned_queries

pytestmark = pytest.mark.django_db

LEVELS_QUERIES = 2


def test_levels_query_count_is_pinned(client, django_assert_num_queries):
    get_with_pinned_queries(
        client,
        "/levels/",
        queries=LEVELS_QUERIES,
        status=200,
        assert_num_queries=django_assert_num_queries,
    )


def test_levels_page_is_a_matrix_of_levels_and_definition_dimensions(client):
    page = get_page(client, "/levels/")
    assert_page_structure(page)
    table = page.find("table", cls="matrix")
    assert table.find("caption").text()
    p_levels = list(Level.objects.professional().ladder_order())
    header = table.find("thead").find_all("th")
    assert all(th.attrs["scope"] == "col" for th in header)
    assert [th.text() for th in header[1:]] == [f"{lv.code} · {lv.name}" for lv in p_levels]
    rows = {tr.find("th").text(): tr for tr in table.find("tbody").find_all("tr")}
    assert all(tr.find("th").attrs["scope"] == "row" for tr in rows.values())
    for name, label in DEFINITION_FIELDS:
        cells = [td.text() for td in rows[label].find_all("td")]
        assert cells == [getattr(lv, name) for lv in p_levels]
    assert "Source" in rows


def test_levels_page_shows_each_title_scales_mapping_with_its_source(client):
    page = get_page(client, "/levels/")
    section = page.find("section", id="title-scales")
    for level in Level.objects.filter(maps_to_min__isnull=False).select_related(
        "maps_to_min", "maps_to_max"
    ):
        row = section.find("tr", id=f"level-{level.slug}")
        text = row.text()
        assert f"{level.maps_to_min.code}–{level.maps_to_max.code}" in text
        assert " ".join(level.mapping_note.split()) in text
        assert "Editorial · medium" in text
