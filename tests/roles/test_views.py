"""The role and position pages: content from the shipped fixtures, pinned query counts, JSON-LD
that parses and says what the page says, and 404s that list what exists."""

import re

import pytest

from compensation.models import Band
from levels.models import Level
from roles.models import Aspect, Dimension, Position, Role, RoleSkill, RoleStatement
from tests.factories import build_role_with_ladder
from tests.pages import (
    Element,
    assert_page_structure,
    get_page,
    get_with_pinned_queries,
    json_ld,
)

pytestmark = pytest.mark.django_db

TPM = "technical-product-manager"
ROLES_INDEX_QUERIES = 2
ROLE_QUERIES = 14
POSITION_QUERIES = (
    9  # its neighbours: the role's own positions, then other roles' (one window count)
)
UNKNOWN_ROLE_QUERIES = 2  # the failed lookup, the roles to list
UNKNOWN_LEVEL_QUERIES = 3  # the failed lookup, the role, its positions


def occupation(page: Element) -> dict:
    [data] = json_ld(page)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Occupation"
    return data


def money(text: str) -> int:
    return int(text.replace(",", ""))


def pay_table_figures(table: Element) -> list[dict]:
    """The range and median columns of a pay table, read back into numbers."""
    head = [th.text() for th in table.find("thead").find_all("th")]
    rows = []
    for tr in table.find("tbody").find_all("tr"):
        cells = dict(
            zip(head, [c.text() for c in tr.children if isinstance(c, Element)], strict=True)
        )
        match = re.fullmatch(r"([\d,]+)–([\d,]+)(\+?) ([A-Z]{3})", cells["Range"])
        assert match, cells["Range"]
        median = cells["Median"]
        rows.append(
            {
                "label": cells[head[0]],
                "minimum": money(match[1]),
                "maximum": money(match[2]),
                "open": match[3] == "+",
                "currency": match[4],
                "median": None if median == "not stated" else money(median.split()[0]),
                "year": cells["Year"],
            }
        )
    return rows


def assert_salaries_match(data: dict, figures: list[dict]) -> None:
    salaries = data["estimatedSalary"]
    assert len(salaries) == len(figures)
    for salary, row in zip(salaries, figures, strict=True):
        assert salary["@type"] == "MonetaryAmountDistribution"
        assert salary["currency"] == row["currency"]
        assert salary["duration"] == "P1Y"
        assert salary["minValue"] == row["minimum"]
        assert salary.get("median") == row["median"]
        if row["open"]:
            # "160,000+" is a floor, not a maximum: described, never stated as maxValue.
            assert "maxValue" not in salary
            assert "open-ended" in salary["description"]
        else:
            assert salary["maxValue"] == row["maximum"]


# --- roles index ----------------------------------------------------------------------------


def test_roles_index_lists_every_role_and_its_positions(client, django_assert_num_queries):
    page = get_with_pinned_queries(
        client,
        "/roles/",
        queries=ROLES_INDEX_QUERIES,
        status=200,
        assert_num_queries=django_assert_num_queries,
    )
    assert_page_structure(page)
    links = {a.attrs["href"] for a in page.find("main").find_all("a")}
    for position in Position.objects.select_related("role", "level"):
        assert f"/roles/{position.role.slug}/{position.level.slug}/" in links


# --- role profile ---------------------------------------------------------------------------


@pytest.fixture
def tpm_page(client) -> Element:
    return get_page(client, f"/roles/{TPM}/")


def test_role_profile_query_count_is_pinned(client, django_assert_num_queries):
    page = get_with_pinned_queries(
        client,
        f"/roles/{TPM}/",
        queries=ROLE_QUERIES,
        status=200,
        assert_num_queries=django_assert_num_queries,
    )
    assert page.find("h1").text() == "Technical Product Manager"


def test_role_profile_shows_summary_and_names(tpm_page):
    role = Role.objects.get(slug=TPM)
    assert_page_structure(tpm_page)
    assert tpm_page.find("h1").text() == role.name
    assert tpm_page.find("p", cls="lead").text() == " ".join(role.summary.split())
    facts = tpm_page.find("dl", cls="facts").text()
    assert "TPM" in facts
    assert "Platform Product Manager" in facts
    assert "11-3021" in facts


def test_role_profile_explains_the_tpm_ambiguity(tpm_page):
    section = tpm_page.find("section", id="distinct-from")
    callout = section.find(cls="callout")
    assert "“TPM” is ambiguous" in callout.text()
    assert "/roles/technical-program-manager/" in {a.attrs["href"] for a in callout.find_all("a")}
    labels = [dt.text() for dt in section.find_all("dt")]
    assert "Technical Program Manager" in labels
    assert "Product Manager" in labels


def test_the_other_tpm_explains_it_too(client):
    page = get_page(client, "/roles/technical-program-manager/")
    callout = page.find("section", id="distinct-from").find(cls="callout")
    assert "/roles/technical-product-manager/" in {a.attrs["href"] for a in callout.find_all("a")}


def test_role_profile_ladder_steps_through_every_level(tpm_page):
    ladder_links = [
        a.attrs["href"]
        for a in tpm_page.find("section", id="levels").find_all("a", cls="rung-title")
    ]
    positions = Position.objects.filter(role__slug=TPM).select_related("level").ladder_order()
    assert ladder_links == [f"/roles/{TPM}/{p.level.slug}/" for p in positions]


def test_role_profile_lists_skills_tools_kpis_and_deliverables(tpm_page):
    skills = [dt.text() for dt in tpm_page.find(id="skill-list").find_all("dt")]
    tools = [dt.text() for dt in tpm_page.find(id="tool-list").find_all("dt")]
    assert skills == list(
        RoleSkill.objects.filter(role__slug=TPM, kind="skill").values_list("name", flat=True)
    )
    assert "Jira" in tools
    kpis = [dt.text() for dt in tpm_page.find("section", id="kpi").find_all("dt")]
    assert "Average latency" in kpis
    deliverables = tpm_page.find("section", id="deliverable").text()
    assert "Runbooks" in deliverables


def test_every_role_topic_has_a_place_on_the_page(tpm_page):
    ids = {e.attrs.get("id") for e in tpm_page.iter()}
    for statement in RoleStatement.objects.filter(role__slug=TPM):
        assert f"{statement.topic}-{statement.order + 1}" in ids, statement


def test_competency_weights_are_an_svg_chart_with_a_table(tpm_page):
    section = tpm_page.find("section", id="competency-weights")
    svg = section.find("svg")
    assert svg.attrs["role"] == "img"
    title_id, desc_id = svg.attrs["aria-labelledby"].split()
    assert svg.find("title", id=title_id).raw_text()
    assert "Communication 95" in svg.find("desc", id=desc_id).raw_text()
    rows = {
        tr.find("th").text(): tr.find("td", cls="num").text()
        for tr in section.find("table").find("tbody").find_all("tr")
    }
    assert rows["Communication"] == "95"
    assert rows["Troubleshooting"] == "40"
    assert len(svg.find_all("rect", cls="chart-bar")) == len(rows)


def test_career_paths_step_from_level_to_level(tpm_page):
    section = tpm_page.find("section", id="career-paths")
    links = [a.attrs["href"] for a in section.find_all("a")]
    assert f"/roles/{TPM}/p2/#career-paths-career-path" in links
    assert "Moves between roles" in section.text()


def test_pay_charts_never_mix_currencies_and_show_open_ranges_honestly(tpm_page):
    section = tpm_page.find("section", id="pay")
    charts = section.find_all("figure", cls="chart")
    tables = section.find_all("table")
    assert len(charts) == len(tables) == 2  # global USD and US USD
    for table in tables:
        assert len({row["currency"] for row in pay_table_figures(table)}) == 1
    us = next(t for t in tables if "United States" in t.find("caption").text())
    tpm_ii = next(row for row in pay_table_figures(us) if row["label"] == "TPM II")
    assert (tpm_ii["minimum"], tpm_ii["maximum"], tpm_ii["open"]) == (135_000, 160_000, True)
    assert tpm_ii["median"] is None
    assert tpm_ii["year"] == "year not stated"
    assert "135,000–160,000+ USD" in us.text()
    us_chart = next(c for c in charts if "United States" in c.find("figcaption").text())
    assert len(us_chart.find("svg").find_all("line", cls="chart-open")) == 1  # TPM II's open end
    assert "open-ended" in us_chart.find("desc").raw_text()
    assert "10–20%" in section.text()  # the pay relation to the Product Manager


def test_role_json_ld_matches_the_page(tpm_page):
    data = occupation(tpm_page)
    assert data["name"] == tpm_page.find("h1").text()
    assert " ".join(data["description"].split()) == tpm_page.find("p", cls="lead").text()
    responsibilities = [
        li.text() for li in tpm_page.find("section", id="responsibility").find_all("li")
    ]
    assert [" ".join(r.split()) for r in data["responsibilities"]] == responsibilities
    assert data["skills"] == [dt.text() for dt in tpm_page.find(id="skill-list").find_all("dt")]
    assert data["experienceRequirements"]["@type"] == "OccupationalExperienceRequirements"
    assert data["experienceRequirements"]["monthsOfExperience"] == 12  # P2: 1–3 yrs
    [category] = data["occupationalCategory"]
    assert category["codeValue"] == "11-3021"
    assert category["inCodeSet"]["name"] == "O*NET-SOC"
    figures = [
        row
        for table in tpm_page.find("section", id="pay").find_all("table")
        for row in pay_table_figures(table)
    ]
    salaries = sorted(data["estimatedSalary"], key=lambda s: s["name"])
    figures_by_name = {
        f"{row['label']}, base salary, {region}": row
        for table in tpm_page.find("section", id="pay").find_all("table")
        for region in [table.find("caption").text().split(" · ")[0]]
        for row in pay_table_figures(table)
    }
    assert len(salaries) == len(figures)
    assert_salaries_match(
        {"estimatedSalary": salaries}, [figures_by_name[s["name"]] for s in salaries]
    )


def test_json_ld_cannot_break_out_of_its_script_element(client):
    role = build_role_with_ladder(summary="Ends early </script><script>alert(1)</script> & more")
    response = client.get(f"/roles/{role.slug}/")
    html = response.content.decode()
    script = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script
    data = occupation(get_page(client, f"/roles/{role.slug}/"))
    assert data["description"] == role.summary


def test_a_synthetic_role_renders_without_optional_content(client):
    role = build_role_with_ladder()
    page = get_page(client, f"/roles/{role.slug}/")
    assert page.find("h1").text() == role.name
    assert "distinct-from" not in {e.attrs.get("id") for e in page.iter()}
    assert occupation(page)["estimatedSalary"]


def test_unknown_role_is_a_404_listing_the_roles(client, django_assert_num_queries):
    page = get_with_pinned_queries(
        client,
        "/roles/astronaut/",
        queries=UNKNOWN_ROLE_QUERIES,
        status=404,
        assert_num_queries=django_assert_num_queries,
    )
    assert "There is no role “astronaut”." in page.find("main").text()
    links = {a.attrs["href"] for a in page.find("main").find_all("a")}
    for slug in Role.objects.values_list("slug", flat=True):
        assert f"/roles/{slug}/" in links


# --- position profile -----------------------------------------------------------------------


@pytest.fixture
def p3_page(client) -> Element:
    return get_page(client, f"/roles/{TPM}/p3/")


@pytest.mark.parametrize("level", ["p3", "tpm-ii"])
def test_position_query_count_is_pinned(client, django_assert_num_queries, level):
    page = get_with_pinned_queries(
        client,
        f"/roles/{TPM}/{level}/",
        queries=POSITION_QUERIES,
        status=200,
        assert_num_queries=django_assert_num_queries,
    )
    assert page.find("h1").text() == Position.objects.get(key=f"{TPM}.{level}").title


def test_every_position_page_renders(client):
    for position in Position.objects.select_related("role", "level"):
        page = get_page(client, f"/roles/{position.role.slug}/{position.level.slug}/")
        assert_page_structure(page)
        assert page.find("h1").text() == position.title
        occupation(page)


def test_position_shows_every_dimension_with_its_aspects_and_statements(p3_page):
    position = Position.objects.get(key=f"{TPM}.p3")
    assert_page_structure(p3_page)
    for dimension in Dimension.objects.all():
        section = p3_page.find("section", id=dimension.slug)
        assert section.find("h2").text() == dimension.name
    for aspect in Aspect.objects.select_related("dimension"):
        cell = p3_page.find(id=f"{aspect.dimension.slug}-{aspect.slug}")
        assert cell.find("dt").text() == aspect.name
        statement = position.statements.get(aspect=aspect)
        assert cell.find("dd").text() == " ".join(statement.text.split())
    for statement in position.statements.filter(aspect__isnull=True).select_related("dimension"):
        item = p3_page.find(id=f"{statement.dimension.slug}-item-{statement.order + 1}")
        assert " ".join(statement.text.split()) in item.text()


def test_position_shows_the_level_definition(p3_page):
    level = Level.objects.get(slug="p3")
    section = p3_page.find("section", id="level-definition")
    rows = {
        dt.text(): dd.text()
        for dt, dd in zip(section.find_all("dt"), section.find_all("dd"), strict=True)
    }
    assert rows["Scope"] == level.scope
    assert rows["Autonomy"] == level.autonomy
    assert rows["Decision rights"] == level.decision_rights
    assert rows["Typical experience"] == "3–6 yrs"


def test_position_marks_sources_and_confidence(p3_page):
    sources = p3_page.find("section", id="sources")
    text = sources.text()
    assert "Ladder editorial" in text
    assert "low" in text
    # Every citation mark points at an entry of the sources section.
    targets = {li.attrs["id"] for li in sources.find_all("li")}
    for mark in p3_page.find_all("a", cls="cite"):
        assert mark.attrs["href"].lstrip("#") in targets
    assert p3_page.find("section", id="responsibilities").find(cls="provenance")


def test_position_pay_band_with_source_and_year(p3_page):
    table = p3_page.find("section", id="pay").find("table")
    [row] = pay_table_figures(table)
    band = Band.objects.get(position__key=f"{TPM}.p3")
    assert (row["minimum"], row["median"], row["maximum"]) == (
        band.minimum,
        band.median,
        band.maximum,
    )
    assert row["year"] == "year not stated"
    assert "Editorial · low" in table.text()


def test_position_links_to_neighbours(p3_page):
    prev = p3_page.find("a", cls="step-prev")
    nxt = p3_page.find("a", cls="step-next")
    assert prev.attrs["href"] == f"/roles/{TPM}/p2/"
    assert nxt.attrs["href"] == f"/roles/{TPM}/p4/"
    adjacent = {a.attrs["href"] for a in p3_page.find("section", id="adjacent").find_all("a")}
    assert "/roles/product-manager/p3/" in adjacent
    assert "/roles/technical-program-manager/p3/" in adjacent
    # The title levels that map onto P3 in this role.
    assert f"/roles/{TPM}/tpm-i/" in adjacent
    assert f"/roles/{TPM}/tpm-ii/" in adjacent


def test_a_crowded_level_lists_some_roles_and_counts_the_rest(client):
    from roles.selectors import OTHER_ROLES_SHOWN

    for _ in range(OTHER_ROLES_SHOWN + 2):
        build_role_with_ladder()
    page = get_page(client, f"/roles/{TPM}/p3/")
    adjacent = page.find("section", id="adjacent")
    links = [a for a in adjacent.find_all("a") if a.attrs["href"].endswith("/p3/")]
    assert len([a for a in links if TPM not in a.attrs["href"]]) == OTHER_ROLES_SHOWN
    assert "4 more roles at P3" in adjacent.text()  # 2 shipped + 10 built, 8 shown
    assert "and 4 more (every role)" in page.find("ul", cls="compare-links").text()


def test_lowest_and_highest_levels_have_one_step_link(client):
    p2 = get_page(client, f"/roles/{TPM}/p2/")
    assert not p2.find_all("a", cls="step-prev")
    p6 = get_page(client, f"/roles/{TPM}/p6/")
    assert not p6.find_all("a", cls="step-next")


def test_title_level_shows_its_mapping_and_honest_open_range(client):
    page = get_page(client, f"/roles/{TPM}/tpm-ii/")
    level = Level.objects.get(slug="tpm-ii")
    section = page.find("section", id="level-definition")
    assert "TPM II maps onto P3–P4" in section.text()
    assert " ".join(level.mapping_note.split()) in section.text()
    assert [h.text() for h in section.find_all("h3")] == [
        "P3 · Career Professional",
        "P4 · Advanced Professional",
    ]
    assert page.find("a", cls="step-prev").attrs["href"] == f"/roles/{TPM}/tpm-i/"
    adjacent = {a.attrs["href"] for a in page.find("section", id="adjacent").find_all("a")}
    assert {f"/roles/{TPM}/p3/", f"/roles/{TPM}/p4/", "/roles/product-manager/p3/"} <= adjacent
    pay = page.find("section", id="pay").text()
    assert "135,000–160,000+ USD" in pay
    assert "not stated" in pay


def test_position_json_ld_matches_the_page(p3_page):
    data = occupation(p3_page)
    assert data["name"] == p3_page.find("h1").text()
    assert " ".join(data["description"].split()) == p3_page.find("p", cls="lead").text()
    section = p3_page.find("section", id="responsibilities")
    shown = [dd.text() for dd in section.find_all("dd")] + [
        li.text() for li in section.find_all("li")
    ]
    assert [" ".join(r.split()) for r in data["responsibilities"]] == shown
    skills = [li.text() for li in p3_page.find("section", id="skills").find_all("li")]
    assert [" ".join(s.split()) for s in data["skills"]] == skills
    assert data["experienceRequirements"]["monthsOfExperience"] == 36
    assert "3–6 yrs" in data["experienceRequirements"]["description"]
    assert data["occupationalCategory"][0]["codeValue"] in p3_page.find("dl", cls="facts").text()
    assert_salaries_match(data, pay_table_figures(p3_page.find("section", id="pay").find("table")))


def test_title_level_json_ld_takes_experience_from_its_mapping(client):
    page = get_page(client, f"/roles/{TPM}/tpm-ii/")
    data = occupation(page)
    assert data["experienceRequirements"]["monthsOfExperience"] == 36  # P3: from 3 years
    assert "3–10 yrs" in page.find("dl", cls="facts").text()
    [salary] = data["estimatedSalary"]
    assert salary["minValue"] == 135_000
    assert "maxValue" not in salary
    assert "median" not in salary
    assert_salaries_match(data, pay_table_figures(page.find("section", id="pay").find("table")))


def test_unknown_level_is_a_404_listing_the_roles_levels(client, django_assert_num_queries):
    page = get_with_pinned_queries(
        client,
        f"/roles/{TPM}/p9/",
        queries=UNKNOWN_LEVEL_QUERIES,
        status=404,
        assert_num_queries=django_assert_num_queries,
    )
    main = page.find("main")
    assert "has no position at level “p9”" in main.text()
    links = {a.attrs["href"] for a in main.find_all("a")}
    for position in Position.objects.filter(role__slug=TPM).select_related("level"):
        assert f"/roles/{TPM}/{position.level.slug}/" in links


def test_unknown_role_with_a_level_is_a_404_listing_the_roles(client):
    page = get_page(client, "/roles/astronaut/p3/", status=404)
    assert "There is no role “astronaut”." in page.find("main").text()


def test_a_level_of_another_scale_the_role_lacks_is_a_404(client):
    page = get_page(client, "/roles/product-manager/tpm-i/", status=404)
    assert "/roles/product-manager/p2/" in {a.attrs["href"] for a in page.find_all("a")}
