"""The comparison page, /compare/: statuses, what it shows, differences only, the links that
reorder it, its query count, its entry points on the position and home pages — and that it says
what the API says for the same selection."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client

from ladder.comparison import NOT_DEFINED, compare_positions
from ladder.selectors import home_overview
from levels.models import Level
from roles.models import Position
from tests.factories import PositionFactory
from tests.pages import Element, assert_page_structure, get_page, get_with_pinned_queries, parse

pytestmark = pytest.mark.django_db

TPM = "technical-product-manager"
PM = "product-manager"
PROGRAM = "technical-program-manager"
TPM_P3, TPM_P4, TPM_II = f"{TPM}.p3", f"{TPM}.p4", f"{TPM}.tpm-ii"
PM_P3, PROGRAM_P4 = f"{PM}.p3", f"{PROGRAM}.p4"
FOUR = [TPM_P3, TPM_II, PM_P3, PROGRAM_P4]

# Five for the comparison (positions, dimensions, aspects, statements, bands), one for the
# form's positions, one for the sources the citations number.
COMPARE_QUERIES = 7
INCOMPLETE_QUERIES = 2  # the form's positions, the one chosen
EMPTY_QUERIES = 1  # the form's positions
UNKNOWN_QUERIES = 3  # the form's positions, the chosen ones, every key for the message


def url(keys: list[str], **extra: str) -> str:
    query = "&".join([f"positions={','.join(keys)}", *(f"{k}={v}" for k, v in extra.items())])
    return f"/compare/?{query}"


def positions_of(href: str) -> list[str]:
    value = parse_qs(urlparse(href).query).get("positions", [""])[0]
    return [key for key in value.split(",") if key]


def rows(page: Element, *, within: str | None = None) -> dict[str, bool]:
    """Row key → differs, for every row of the page (or of one section)."""
    scope = page.find(id=within) if within else page
    return {
        tr.attrs["id"].removeprefix("row-"): "row-differs" in tr.classes
        for tr in scope.find_all("tr")
        if tr.attrs.get("id", "").startswith("row-")
    }


def bare_position() -> Position:
    """A position of a new role at P3 with no statement and no band."""
    position = PositionFactory(level=Level.objects.get(slug="p3"))
    assert isinstance(position, Position)
    return position


# --- statuses and content -------------------------------------------------------------------


def test_next_level_comparison_shows_what_changes(client: Client):
    page = get_page(client, url([TPM_P3, TPM_P4]))
    assert_page_structure(page)
    main = page.find("main")
    assert page.find("h1").text() == "Compare positions"
    title = page.find("title").raw_text()
    assert title.startswith("Technical Product Manager — P3 vs Technical Product Manager — P4")
    changes = page.find(id="what-changes")
    assert changes.find(cls="compare-step").text().startswith("P3 → P4")
    summary = rows(page, within="changes-table")
    assert list(summary) == [
        "summary.level",
        "summary.years",
        "summary.scope",
        "summary.autonomy",
        "summary.decision-rights",
    ]
    assert summary["summary.years"] is True
    years = page.find(id="row-summary.years").find_all("td")
    assert [td.find(cls="cell-text").text() for td in years] == ["3–6 yrs", "6–10 yrs"]
    # Pay: absolute and percent, figures from the comparison itself.
    expected = compare_positions([TPM_P3, TPM_P4]).summary.pay[0].deltas[0]
    delta = changes.find("dl", cls="pay-delta")
    figures = {
        dd.attrs["data-figure"]: dd.text()
        for dd in delta.find_all("dd")
        if "data-figure" in dd.attrs
    }
    assert figures["median"] == expected.median.display
    assert "%" in figures["median"]
    # A section per dimension, the level definition and compensation, aligned in tables.
    sections = [s.attrs["id"] for s in main.find_all("section", cls="compare-section")]
    assert sections[:1] == ["responsibilities"]
    assert {"level-definition", "compensation"} <= set(sections)
    assert main.find(id="sources")


def test_every_table_is_captioned_with_headers_linking_to_the_positions(client: Client):
    page = get_page(client, url(FOUR))
    tables = page.find("main").find_all("table")
    assert len(tables) > 5
    for table in tables:
        assert table.find("caption").text()
        head = table.find("thead").find_all("th")
        assert [th.attrs["scope"] for th in head] == ["col"] * 5
        assert [th.find("a").attrs["href"] for th in head[1:]] == [
            f"/roles/{key.replace('.', '/')}/" for key in FOUR
        ]
        for tr in table.find("tbody").find_all("tr"):
            assert tr.find("th").attrs["scope"] == "row"
            assert len(tr.find_all("td")) == 4
            flag = tr.find(cls="flag").text()
            assert flag == ("Differs" if "row-differs" in tr.classes else "Same")
    # Form controls are labelled; the selects are grouped by role and scale.
    form = page.find("form", cls="compare-form")
    assert form.attrs["method"] == "get"
    labels = {label.attrs["for"] for label in form.find_all("label")}
    selects = form.find_all("select")
    assert [s.attrs["name"] for s in selects] == ["positions"] * 4
    assert {s.attrs["id"] for s in selects} | {"compare-diff"} == labels
    groups = [g.attrs["label"] for g in selects[0].find_all("optgroup")]
    assert "Technical Product Manager — Technical Product Manager title scale" in groups
    chosen = [
        next(o.attrs["value"] for o in s.find_all("option") if "selected" in o.attrs)
        for s in selects
    ]
    assert chosen == FOUR


def test_cells_a_position_does_not_define_say_so(client: Client):
    bare = bare_position()  # no statement, no band
    page = get_page(client, url([TPM_P3, bare.key]))
    roadmap = page.find(id="row-responsibilities.roadmap-ownership")
    cells = roadmap.find_all("td")
    assert cells[1].find(cls="not-defined").text() == NOT_DEFINED
    assert "row-differs" in roadmap.classes
    notes = page.find(id="what-changes").find(cls="pay-notes").text()
    assert f"{bare.title} states no pay band" in notes


def test_repeated_parameters_from_a_plain_form_mean_the_same(client: Client):
    repeated = client.get(f"/compare/?positions={TPM_P3}&positions={PM_P3}&positions=&positions=")
    assert repeated.status_code == 200
    page = get_page(client, url([TPM_P3, PM_P3]))
    assert rows(parse(repeated.content)) == rows(page)


def test_differences_only_hides_the_rows_that_are_the_same(client: Client):
    full = get_page(client, url([TPM_P3, PM_P3]))
    same_level = rows(full, within="level-definition")
    assert same_level
    assert not any(same_level.values())  # P3 is P3 for every role

    page = get_page(client, url([TPM_P3, PM_P3], diff="1"))
    shown = {
        key: differs
        for key, differs in rows(page).items()
        if not key.startswith("summary.")  # the summary keeps its five facts
    }
    assert shown == {k: d for k, d in rows(full).items() if d and not k.startswith("summary.")}
    assert not page.find_all(id="level-definition")
    assert page.find("input", id="compare-diff").attrs.get("checked") is not None
    assert "Show every row" in page.find(cls="compare-tools").text()


def test_identical_positions_with_differences_only_say_nothing_differs(client: Client):
    page = get_page(client, url([TPM_P3, TPM_P3], diff="1"))
    assert page.find(id="no-differences")
    assert "(same position)" in page.find(cls="compare-step").text()


def test_reorder_and_swap_links_rebuild_the_address(client: Client):
    keys = [TPM_P3, TPM_P4, PM_P3]
    page = get_page(client, url(keys, diff="1"))
    cards = page.find("ol", cls="compare-cards").find_all("li", cls="compare-card")

    def links(card: Element) -> dict[str, list[str]]:
        found = {}
        for a in card.find("ul", cls="compare-moves").find_all("a"):
            assert parse_qs(urlparse(a.attrs["href"]).query)["diff"] == ["1"]
            found[a.text(skip=frozenset({"visually-hidden"}))] = positions_of(a.attrs["href"])
        return found

    assert links(cards[0]) == {"Move right →": [TPM_P4, TPM_P3, PM_P3], "Remove": [TPM_P4, PM_P3]}
    assert links(cards[1]) == {
        "← Move left": [TPM_P4, TPM_P3, PM_P3],
        "Move right →": [TPM_P3, PM_P3, TPM_P4],
        "Remove": [TPM_P3, PM_P3],
    }
    assert links(cards[2]) == {
        "← Move left": [TPM_P3, PM_P3, TPM_P4],
        "Make baseline": [PM_P3, TPM_P3, TPM_P4],
        "Remove": [TPM_P3, TPM_P4],
    }
    tools = {a.text(): a.attrs["href"] for a in page.find(cls="compare-tools").find_all("a")}
    assert positions_of(tools["Reverse the order"]) == keys[::-1]
    assert "diff" not in parse_qs(urlparse(tools["Show every row"]).query)
    assert page.find(cls="permalink").find("a").attrs["href"] == (
        f"http://testserver/compare/?positions={','.join(keys)}&diff=1"
    )

    two = get_page(client, url([TPM_P3, TPM_P4]))
    swap = next(
        a for a in two.find(cls="compare-tools").find_all("a") if a.text().startswith("Swap")
    )
    assert positions_of(swap.attrs["href"]) == [TPM_P4, TPM_P3]
    # With two positions, removing one is not offered: a comparison needs two.
    assert "Remove" not in two.find("ol", cls="compare-cards").text()


def test_fewer_than_two_positions_explain_and_show_the_form(client: Client):
    page = get_page(client, url([TPM_P3]))
    assert_page_structure(page)
    message = page.find(id="selection-message").text()
    assert (
        "Choose at least one more position to compare with Technical Product Manager — P3"
        in message
    )
    select = page.find("select", id="compare-position-1")
    assert (
        next(o for o in select.find_all("option") if "selected" in o.attrs).attrs["value"] == TPM_P3
    )
    assert not page.find_all("table")

    empty = get_page(client, "/compare/")
    assert "Choose 2 to 4 positions to compare." in empty.find(id="selection-message").text()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (f"positions={TPM_P3},astronaut.p9", "No such position: “astronaut.p9”."),
        (f"positions={TPM_P3},Not%20a%20key!", "Not a position id: “Not a key!”."),
        (
            f"positions={','.join([*FOUR, TPM_P4])}",
            "Compare at most 4 positions at a time; 5 were chosen.",
        ),
    ],
)
def test_a_bad_selection_is_a_400_that_lists_what_is_valid(
    client: Client, query: str, expected: str
):
    page = get_page(client, f"/compare/?{query}", status=400)
    assert_page_structure(page)
    assert expected in page.find(id="selection-error").text()
    valid = page.find(id="valid-ids").find(cls="valid-ids")
    assert {c.text() for c in valid.find_all("code")} == set(
        Position.objects.values_list("key", flat=True)
    )
    links = {a.attrs["href"] for a in valid.find_all("a")}
    assert "/roles/product-manager/p4/" in links
    assert page.find("form", cls="compare-form")


def test_a_rejected_value_is_marked_on_its_select(client: Client):
    page = get_page(client, f"/compare/?positions={TPM_P3}&positions=astronaut.p9", status=400)
    first, second = page.find_all("select")[:2]
    assert "aria-invalid" not in first.attrs
    assert second.attrs["aria-invalid"] == "true"
    assert second.attrs["aria-describedby"] == "selection-error"


# --- query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("keys", [[TPM_P3, TPM_P4], FOUR], ids=["two", "four"])
def test_query_count_is_pinned_and_constant(client: Client, django_assert_num_queries, keys):
    get_with_pinned_queries(
        client,
        url(keys),
        queries=COMPARE_QUERIES,
        status=200,
        assert_num_queries=django_assert_num_queries,
    )


@pytest.mark.parametrize(
    ("path", "queries", "status"),
    [
        (url([TPM_P3]), INCOMPLETE_QUERIES, 200),
        ("/compare/", EMPTY_QUERIES, 200),
        (url([TPM_P3, "astronaut.p9"]), UNKNOWN_QUERIES, 400),
    ],
)
def test_query_counts_of_the_other_answers(
    client: Client, django_assert_num_queries, path, queries, status
):
    get_with_pinned_queries(
        client, path, queries=queries, status=status, assert_num_queries=django_assert_num_queries
    )


# --- entry points ---------------------------------------------------------------------------


def compare_links(page: Element) -> dict[str, list[str]]:
    return {
        a.text(skip=frozenset()): positions_of(a.attrs["href"])
        for a in page.find("ul", cls="compare-links").find_all("a")
    }


def test_a_position_links_to_the_next_level_and_the_same_level_in_other_roles(client: Client):
    links = compare_links(get_page(client, "/roles/technical-product-manager/p3/"))
    assert links == {
        "Compare with the next level": [TPM_P3, TPM_P4],
        "Compare with Product Manager — P3": [TPM_P3, PM_P3],
        "Compare with Technical Program Manager — P3": [TPM_P3, f"{PROGRAM}.p3"],
    }
    top = compare_links(get_page(client, "/roles/product-manager/p6/"))
    assert "Compare with the next level" not in top
    assert top["Compare with Technical Product Manager — P6"] == [f"{PM}.p6", f"{TPM}.p6"]
    for href_keys in links.values():
        assert client.get(url(href_keys)).status_code == 200


def test_the_home_picker_opens_a_comparison(client: Client):
    overview = home_overview()
    first, second = overview.picker_defaults
    response = client.get(f"/compare/?positions={first}&positions={second}")
    assert response.status_code == 200
    assert b'id="what-changes"' in response.content


# --- the page and the API agree -------------------------------------------------------------


@pytest.mark.parametrize("diff", [False, True], ids=["every-row", "differences-only"])
def test_page_and_api_agree_on_the_same_selection(client: Client, diff: bool):
    page = get_page(client, url(FOUR, **({"diff": "1"} if diff else {})))
    api_url = f"/api/v1/compare/?positions={','.join(FOUR)}" + (
        "&differences_only=true" if diff else ""
    )
    document = client.get(api_url).json()
    # The page links to the same comparison in the API.
    json_link = next(a for a in page.find(cls="compare-tools").find_all("a") if "JSON" in a.text())
    assert json_link.attrs["href"] == "http://testserver" + api_url
    assert document["html_url"] == page.find(cls="permalink").find("a").attrs["href"]

    api_rows = {row["key"]: row for row in document["summary"]["changes"]} | {
        row["key"]: row for section in document["sections"] for row in section["rows"]
    }
    assert rows(page) == {key: row["differs"] for key, row in api_rows.items()}
    for key, row in api_rows.items():
        cells = page.find(id=f"row-{key}").find_all("td")
        for td, cell in zip(cells, row["cells"], strict=True):
            if not cell["defined"]:
                assert td.find(cls="not-defined").text() == NOT_DEFINED
            elif not cell["bullets"]:
                assert td.find(cls="cell-text").text().startswith(cell["display"])
            else:
                assert len(td.find("ul").find_all("li")) == len(cell["bullets"])
    # Pay deltas: the same figures, absolute and in percent, and the same notes.
    blocks = page.find(id="what-changes").find_all("div", cls="pay-change")
    assert len(blocks) == len(document["summary"]["pay"]) == 3
    for block, pay in zip(blocks, document["summary"]["pay"], strict=True):
        for dl, delta in zip(block.find_all("dl"), pay["deltas"], strict=True):
            shown = {
                dd.attrs["data-figure"]: dd.text()
                for dd in dl.find_all("dd")
                if "data-figure" in dd.attrs
            }
            for figure in ("median", "minimum", "maximum"):
                expected = delta[figure]["display"] if delta[figure] else "not compared"
                assert shown[figure] == expected
        notes = [
            li.text() for ul in block.find_all("ul", cls="pay-notes") for li in ul.find_all("li")
        ]
        assert notes == [n for d in pay["deltas"] for n in d["notes"]] + pay["notes"]
