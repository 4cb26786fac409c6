"""The compensation page: every band, filterable with a plain GET form; a bad filter value is a
400 that re-shows the form and says what is valid."""

import pytest

from compensation.models import Band
from tests.pages import assert_page_structure, get_page, get_with_pinned_queries

pytestmark = pytest.mark.django_db

COMPENSATION_QUERIES = 6  # roles, levels, regions, currencies (choices); bands; sources
INVALID_FILTER_QUERIES = 4  # the choices only


def band_rows(page):
    return page.find("table", id="bands-table").find("tbody").find_all("tr")


def test_compensation_query_count_is_pinned(client, django_assert_num_queries):
    page = get_with_pinned_queries(
        client,
        "/compensation/",
        queries=COMPENSATION_QUERIES,
        status=200,
        assert_num_queries=django_assert_num_queries,
    )
    assert len(band_rows(page)) == Band.objects.count()  # ten more roles, ten more bands each…


def test_filtered_query_count_is_pinned(client, django_assert_num_queries):
    get_with_pinned_queries(
        client,
        "/compensation/?role=product-manager&level=p3&region=us&currency=USD",
        queries=COMPENSATION_QUERIES,
        status=200,
        assert_num_queries=django_assert_num_queries,
    )


def test_every_band_is_listed_with_its_figures_and_source(client):
    page = get_page(client, "/compensation/")
    assert_page_structure(page)
    rows = band_rows(page)
    assert len(rows) == Band.objects.count()
    text = page.find("table", id="bands-table").text()
    assert "135,000–160,000+ USD" in text  # TPM II: open-ended, honestly
    assert "61,000–100,000 USD" in text  # TPM P2, global
    assert "not stated" in text
    assert "year not stated" in text
    assert "Source 2 · high" in text
    assert "Editorial · low" in text
    headers = page.find("table", id="bands-table").find("thead").find_all("th")
    assert all(th.attrs["scope"] == "col" for th in headers)
    assert all(tr.find("th").attrs["scope"] == "row" for tr in rows)


def test_the_form_is_a_plain_get_form_with_labelled_controls(client):
    page = get_page(client, "/compensation/")
    form = next(f for f in page.find_all("form") if f.attrs.get("aria-label") == "Filter the bands")
    assert form.attrs["method"] == "get"
    selects = form.find_all("select")
    assert [s.attrs["name"] for s in selects] == ["role", "level", "region", "currency"]
    labels = {label.attrs["for"] for label in form.find_all("label")}
    assert {s.attrs["id"] for s in selects} <= labels
    level_groups = [g.attrs["label"] for g in selects[1].find_all("optgroup")]
    assert level_groups == ["Professional scale", "Technical Product Manager title scale"]


def test_filters_narrow_the_bands(client):
    page = get_page(client, "/compensation/?role=product-manager&region=us")
    rows = band_rows(page)
    assert len(rows) == Band.objects.filter(position__role__slug="product-manager").count()
    assert all("Product Manager" in tr.find("th").text() for tr in rows)
    selected = [
        o.attrs["value"]
        for o in page.find(id="id_role").find_all("option")
        if "selected" in o.attrs
    ]
    assert selected == ["product-manager"]


def test_region_filter_keeps_the_one_global_band(client):
    page = get_page(client, "/compensation/?region=global")
    [row] = band_rows(page)
    assert "P2 · Technical Product Manager" in row.text()
    assert "Global" in row.text()


def test_filters_that_match_nothing_say_so(client):
    page = get_page(client, "/compensation/?role=product-manager&level=tpm-i")
    assert "No band matches these filters." in page.find("main").text()


def test_charts_show_ranges_across_levels_one_currency_per_axis(client):
    page = get_page(client, "/compensation/")
    section = page.find("section", id="ranges")
    charts = section.find_all("figure", cls="chart")
    captions = [c.find("figcaption").text() for c in charts]
    assert captions == ["United States · USD · Base salary", "Global · USD · Base salary"]
    us = charts[0].find("svg")
    assert us.attrs["role"] == "img"
    title_id, desc_id = us.attrs["aria-labelledby"].split()
    assert us.find("title", id=title_id)
    assert "open-ended" in us.find("desc", id=desc_id).raw_text()
    assert (
        len(us.find_all("rect", cls="chart-bar")) == Band.objects.filter(region__code="us").count()
    )
    labels = [
        t.raw_text()
        for g in us.find_all("g")
        for t in g.find_all("text")
        if not t.attrs.get("class")
    ]
    assert labels.index("P2 · Product Manager") < labels.index("P3 · Technical Product Manager")


@pytest.mark.parametrize(
    ("query", "field", "valid"),
    [
        ("region=mars", "region", "us (United States), global (Global)"),
        ("level=zz", "level", "p2 (P2)"),
        ("role=astronaut", "role", "product-manager (Product Manager)"),
        ("currency=XYZ", "currency", "USD"),
    ],
)
def test_bad_filter_values_are_a_400_that_says_what_is_valid(
    client, django_assert_num_queries, query, field, valid
):
    page = get_with_pinned_queries(
        client,
        f"/compensation/?{query}",
        queries=INVALID_FILTER_QUERIES,
        status=400,
        assert_num_queries=django_assert_num_queries,
    )
    assert_page_structure(page)
    value = query.split("=")[1]
    error = page.find("p", id=f"{field}-error").text()
    assert f"“{value}” is not a {field} Ladder knows." in error
    assert valid in error
    assert page.find("select", id=f"id_{field}").attrs["aria-describedby"] == f"{field}-error"
    assert page.find("select", id=f"id_{field}").attrs["aria-invalid"] == "true"
    assert page.find(cls="callout-error").attrs["role"] == "alert"
    assert not page.find_all("table")
