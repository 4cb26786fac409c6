"""Home, search and sources pages, and the 404 page for an address that matches nothing."""

import pytest

from ladder.models import Framework, Source
from ladder.search import search_ladder
from ladder.search.pages import PAGE_SIZE, PREVIEW
from levels.models import Level
from roles.models import Position, Role
from tests.pages import assert_page_structure, get_page, get_with_pinned_queries, parse

pytestmark = pytest.mark.django_db

HOME_QUERIES = 5
SEARCH_QUERIES = 5
SEARCH_STATEMENTS_QUERIES = 3  # aliases, role-wide and position statements (the live search)
EMPTY_SEARCH_QUERIES = 0
SOURCES_QUERIES = 6
NOT_FOUND_QUERIES = 1


def test_home_query_count_is_pinned(client, django_assert_num_queries):
    get_with_pinned_queries(
        client, "/", queries=HOME_QUERIES, status=200, assert_num_queries=django_assert_num_queries
    )


def test_home_says_what_ladder_is_and_lists_the_roles(client):
    page = get_page(client, "/")
    assert_page_structure(page)
    assert page.find("h1").text() == "Ladder"
    main = page.find("main")
    links = {a.attrs["href"] for a in main.find_all("a")}
    for role in Role.objects.all():
        assert f"/roles/{role.slug}/" in links
    framework = Framework.objects.get()
    assert framework.version in main.text()
    assert "“TPM” means more than one role" in main.text()


def test_home_maps_title_scales_onto_the_p_scale(client):
    page = get_page(client, "/")
    table = page.find("table", cls="scale-map")
    columns = [th.text() for th in table.find("thead").find_all("th")][1:]
    assert columns == list(
        Level.objects.professional().ladder_order().values_list("code", flat=True)
    )
    rows = {tr.find("th").text(): tr for tr in table.find("tbody").find_all("tr")}
    tpm_i = next(tr for label, tr in rows.items() if label.startswith("TPM I "))
    span = tpm_i.find("td", cls="span")
    assert span.attrs["colspan"] == "2"
    assert "P2–P3" in span.text()
    # P2 and P3 are the first two columns: no empty cell before the span.
    cells = [c for c in tpm_i.children if not isinstance(c, str) and c.tag == "td"]
    assert cells[0] is span


def test_home_search_box_and_compare_picker(client):
    page = get_page(client, "/")
    search = page.find("form", cls="search-big")
    assert search.attrs["action"] == "/search/"
    assert search.attrs["method"] == "get"
    field = search.find("input")
    assert page.find("label", cls="visually-hidden").attrs["for"]
    assert field.attrs["name"] == "q"

    picker = next(f for f in page.find_all("form") if f.attrs.get("action") == "/compare/")
    assert picker.attrs["method"] == "get"
    selects = picker.find_all("select")
    assert [s.attrs["name"] for s in selects] == ["positions", "positions"]
    labels = {lab.attrs["for"] for lab in picker.find_all("label")}
    assert {s.attrs["id"] for s in selects} == labels
    keys = set(Position.objects.values_list("key", flat=True))
    for select in selects:
        values = {o.attrs["value"] for o in select.find_all("option")}
        assert values == keys
        groups = [g.attrs["label"] for g in select.find_all("optgroup")]
        assert "Technical Product Manager — Professional scale" in groups
        assert "Technical Product Manager — Technical Product Manager title scale" in groups
        assert len([o for o in select.find_all("option") if "selected" in o.attrs]) == 1


# --- search ---------------------------------------------------------------------------------


def test_search_query_count_is_pinned(client, django_assert_num_queries):
    page = get_with_pinned_queries(
        client,
        "/search/?q=TPM",
        queries=SEARCH_QUERIES,
        status=200,
        assert_num_queries=django_assert_num_queries,
    )
    assert "“TPM” is ambiguous" in page.find("main").text()


def test_empty_search_runs_no_query(client, django_assert_num_queries):
    page = get_with_pinned_queries(
        client,
        "/search/",
        queries=EMPTY_SEARCH_QUERIES,
        status=200,
        assert_num_queries=django_assert_num_queries,
    )
    assert_page_structure(page)
    assert page.find("input", id="search-q").attrs["name"] == "q"


def test_search_for_tpm_shows_both_roles_grouped_and_linked(client):
    page = get_page(client, "/search/?q=TPM")
    assert_page_structure(page)
    main = page.find("main")
    callout = main.find(cls="callout")
    assert "Technical Product Manager" in callout.text()
    assert "Technical Program Manager" in callout.text()
    groups = [h.text() for h in main.find_all("h2")]
    assert groups[:1] == ["Roles"]
    roles = main.find("section").find_all("a", cls="result-title")
    assert [a.attrs["href"] for a in roles] == [
        "/roles/technical-product-manager/",
        "/roles/technical-program-manager/",
    ]
    assert main.find_all("mark")


def test_search_links_statements_to_the_exact_place(client):
    page = get_page(client, "/search/?q=roadmap+ownership")
    links = {a.attrs["href"] for a in page.find_all("a", cls="result-title")}
    assert "/roles/technical-product-manager/p3/#responsibilities-roadmap-ownership" in links
    target = get_page(client, "/roles/technical-product-manager/p3/")
    assert target.find(id="responsibilities-roadmap-ownership")


def test_search_without_results_says_so(client):
    page = get_page(client, "/search/?q=zzzqqq")
    assert "Nothing matches “zzzqqq”" in page.find("main").text()


def test_search_too_long_is_a_400_that_says_the_limit(client):
    page = get_page(client, "/search/?q=" + "x" * 201, status=400)
    assert "at most 200 characters" in page.find(id="search-error").text()
    assert page.find("input", id="search-q").attrs["aria-invalid"] == "true"


def test_search_escapes_the_query(client):
    response = client.get("/search/", {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert b"<script>alert(1)" not in response.content


def result_links(page) -> list[str]:
    return [a.attrs["href"] for a in page.find("main").find_all("a", cls="result-title")]


def search_status(page) -> str:
    [status] = [e for e in page.find("main").iter() if e.attrs.get("role") == "status"]
    return status.text()


def pager_link(pager, rel: str):
    found = [a for a in pager.find_all("a") if a.attrs.get("rel") == rel]
    return found[0] if found else None


def test_search_shows_each_groups_first_hits_and_links_to_the_rest(client):
    page = get_page(client, "/search/?q=roadmap")
    main = page.find("main")
    sections = {s.find("h2").text(): s for s in main.find_all("section")}
    assert len(sections["Statements"].find_all("li", cls="result")) == PREVIEW
    [more] = sections["Statements"].find_all("p", cls="results-more")
    assert more.find("a").attrs["href"] == "?q=roadmap&in=statements"
    assert more.text() == "All statements matching “roadmap”"
    # A group with no more hits than it shows has no such link.
    assert len(sections["Roles"].find_all("li", cls="result")) < PREVIEW
    assert not sections["Roles"].find_all("p", cls="results-more")
    assert f"first {PREVIEW} here" in search_status(page)


def test_a_groups_pages_hold_every_hit_once_in_order(client):
    expected = [hit.url for hit in search_ladder("roadmap", limit=500).statements]
    assert len(expected) > 2 * PAGE_SIZE  # three pages at least
    seen: list[str] = []
    url, number = "/search/?q=roadmap&in=statements", 1
    while url:
        page = get_page(client, "/search/" + url.removeprefix("/search/"))
        assert_page_structure(page)
        links = result_links(page)
        assert 0 < len(links) <= PAGE_SIZE
        status = search_status(page)
        first = (number - 1) * PAGE_SIZE + 1
        assert status.startswith(f"Statements {first}–{first + len(links) - 1} matching “roadmap”")
        assert not page.find("main").find_all("h2", id="roles-results")
        pager = page.find("nav", cls="pager")
        [current] = [e for e in pager.iter() if e.attrs.get("aria-current") == "page"]
        assert current.text() == f"Page {number}"
        assert (pager_link(pager, "prev") is None) == (number == 1)
        following = pager_link(pager, "next")
        seen += links
        url = following.attrs["href"] if following else ""
        number += 1
    assert seen == expected


def test_a_group_that_fits_on_one_page_says_so_without_a_pager(client):
    page = get_page(client, "/search/?q=TPM&in=roles")
    assert search_status(page).startswith("Roles 1–2 matching “TPM”: all of them.")
    assert not page.find_all("nav", cls="pager")
    assert "?q=TPM" in {a.attrs["href"] for a in page.find("main").find_all("a")}


def test_a_page_of_one_group_has_a_pinned_query_count(client, django_assert_num_queries):
    page = get_with_pinned_queries(
        client,
        "/search/?q=roadmap&in=statements&page=2",
        queries=SEARCH_STATEMENTS_QUERIES,
        status=200,
        assert_num_queries=django_assert_num_queries,
    )
    assert len(result_links(page)) == PAGE_SIZE


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("q=roadmap&in=levels", "give in=roles, in=positions or in=statements"),
        ("q=roadmap&in=statements&page=0", "a whole number from 1 to 1,000,000"),
        ("q=roadmap&in=statements&page=two", "this address gives “two”"),
        ("q=roadmap&in=statements&page=%EF%BC%92", "a whole number"),  # a full-width digit
        ("q=roadmap&page=2", "paged one group at a time"),
        ("q=roadmap&in=roles&in=positions", "gives “in” 2 times"),
    ],
)
def test_a_search_address_it_cannot_read_is_a_400_that_says_what_works(client, query, says):
    page = get_page(client, f"/search/?{query}", status=400)
    assert says in page.find(id="search-error").text()
    assert page.find("input", id="search-q").attrs["value"] == "roadmap"


def test_a_page_past_the_last_is_a_404_that_links_to_the_first(client):
    page = get_page(client, "/search/?q=roadmap&in=statements&page=40", status=404)
    error = page.find(id="search-error")
    assert "Page 40 of the statements matching “roadmap” is past the last one" in error.text()
    assert error.find("a").attrs["href"] == "?q=roadmap&in=statements"
    assert not result_links(page)


# --- sources --------------------------------------------------------------------------------


def test_sources_query_count_is_pinned(client, django_assert_num_queries):
    get_with_pinned_queries(
        client,
        "/sources/",
        queries=SOURCES_QUERIES,
        status=200,
        assert_num_queries=django_assert_num_queries,
    )


def test_sources_lists_every_source_with_what_it_contributed(client):
    page = get_page(client, "/sources/")
    assert_page_structure(page)
    main = page.find("main")
    framework = Framework.objects.get()
    facts = main.find("dl", cls="facts").text()
    assert framework.version in facts
    assert framework.get_review_status_display() in facts
    for number, source in enumerate(Source.objects.order_by("order"), start=1):
        entry = main.find("li", id=f"source-{source.slug}")
        assert entry.find("h2").text() == f"{number}. {source.title}"
        for line in source.contributed:
            assert line in entry.text()
        if source.file_name:
            assert source.file_name in entry.text()
    editorial = main.find("li", id="source-ladder-editorial")
    assert "Ladder editorial" in editorial.find(cls="badge-editorial").text()


# --- 404 ------------------------------------------------------------------------------------


def test_unknown_address_is_a_404_page_listing_the_roles(client, django_assert_num_queries):
    page = get_with_pinned_queries(
        client,
        "/no/such/page/",
        queries=NOT_FOUND_QUERIES,
        status=404,
        assert_num_queries=django_assert_num_queries,
    )
    assert_page_structure(page)
    main = page.find("main")
    assert "There is no page at /no/such/page/." in main.text()
    links = {a.attrs["href"] for a in main.find_all("a")}
    assert "/roles/technical-product-manager/" in links


def test_static_files_are_served_by_the_app(client):
    page = get_page(client, "/")
    stylesheet = next(
        link.attrs["href"]
        for link in page.find_all("link")
        if link.attrs.get("rel") == "stylesheet"
    )
    assert stylesheet.startswith("/static/")
    response = client.get(stylesheet)
    assert response.status_code == 200
    css = b"".join(response.streaming_content)
    assert b"prefers-color-scheme: dark" in css
    assert b"@media print" in css
    assert b"focus-visible" in css


def test_no_page_loads_anything_from_another_origin(client):
    for url in ["/", "/roles/technical-product-manager/", "/compensation/", "/levels/"]:
        page = get_page(client, url)
        for element in page.iter():
            for attr in ("src", "href"):
                value = element.attrs.get(attr, "")
                if element.tag in {"script", "link", "img", "iframe"}:
                    assert not value.startswith(("http:", "https:", "//")), (url, value)


def test_error_handlers_render_the_shared_layout(rf):
    from ladder import error_views

    request = rf.get("/anything/")
    response = error_views.server_error(request)
    assert response.status_code == 500
    page = parse(response.content)
    assert_page_structure(page)
    assert page.find("h1").text() == "Something went wrong on our side"
    assert "Traceback" not in response.content.decode()

    response = error_views.bad_request(request, Exception("The cookie is malformed."))
    assert response.status_code == 400
    page = parse(response.content)
    assert_page_structure(page)
    assert "The cookie is malformed." in page.find("main").text()


def test_errors_under_the_api_stay_problem_json(rf):
    from ladder import error_views

    response = error_views.page_not_found(rf.get("/api/nothing/"))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
