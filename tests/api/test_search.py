"""search/?q=: the page's search, as JSON with absolute links."""

from urllib.parse import parse_qs, urlsplit

from django.test import Client

from tests.api.conftest import get_json


def test_search_finds_roles_positions_and_statements(api: Client) -> None:
    body = get_json(api, "/api/v1/search/?q=roadmap")
    assert body["query"] == "roadmap"
    assert body["total"] == len(body["roles"]) + len(body["positions"]) + len(body["statements"])
    assert body["statements"]
    hit = body["statements"][0]
    assert hit["html_url"].startswith("http://testserver/")
    assert hit["role"]["url"].startswith("http://testserver/api/v1/roles/")
    if hit["position_key"]:
        assert hit["position_url"].endswith(f"/api/v1/positions/{hit['position_key']}/")


def test_an_abbreviation_of_several_roles_is_listed_as_ambiguous(api: Client) -> None:
    body = get_json(api, "/api/v1/search/?q=TPM")
    [term] = body["ambiguous"]
    assert term["term"] == "TPM"
    assert [r["slug"] for r in term["roles"]] == [
        "technical-product-manager",
        "technical-program-manager",
    ]


def test_search_limit(api: Client) -> None:
    body = get_json(api, "/api/v1/search/?q=product&limit=2")
    assert len(body["statements"]) <= 2
    assert len(body["positions"]) <= 2


def test_search_queries_are_constant(api: Client, django_assert_num_queries) -> None:
    with django_assert_num_queries(6):  # framework state + the search's five
        api.get("/api/v1/search/?q=roadmap")
    with django_assert_num_queries(6):
        api.get("/api/v1/search/?q=stakeholder+roadmap")


def query_of(address: str) -> dict[str, list[str]]:
    assert address.startswith("http://testserver/api/v1/search/?")
    return parse_qs(urlsplit(address).query)


def test_next_links_walk_every_hit_of_each_kind_once(api: Client) -> None:
    whole = get_json(api, "/api/v1/search/?q=roadmap&limit=500")
    assert whole["next"] is None
    assert whole["previous"] is None
    pages = []
    address: str | None = "/api/v1/search/?q=roadmap&limit=7"
    while address:
        body = get_json(api, address)
        pages.append(body)
        assert all(len(body[kind]) <= 7 for kind in ("roles", "positions", "statements"))
        address = body["next"]
        if address:
            assert address.startswith("http://testserver/api/v1/search/?")
            assert "offset=" in address
    assert len(pages) > 2
    assert pages[0]["previous"] is None
    assert query_of(pages[1]["previous"]) == {"q": ["roadmap"], "limit": ["7"]}
    assert query_of(pages[2]["previous"]) == {"q": ["roadmap"], "limit": ["7"], "offset": ["7"]}
    for kind in ("roles", "positions", "statements"):
        walked = [hit["html_url"] for body in pages for hit in body[kind]]
        assert walked == [hit["html_url"] for hit in whole[kind]], kind


def test_an_offset_past_every_hit_finds_nothing_and_has_no_next(api: Client) -> None:
    body = get_json(api, "/api/v1/search/?q=roadmap&offset=100000")
    assert body["total"] == 0
    assert body["next"] is None
    assert query_of(body["previous"]) == {"q": ["roadmap"], "offset": ["99950"]}


def test_one_kind_pages_through_that_kind_alone(api: Client) -> None:
    whole = get_json(api, "/api/v1/search/?q=roadmap&limit=500")
    walked = []
    address: str | None = "/api/v1/search/?q=roadmap&kind=statements&limit=20"
    while address:
        body = get_json(api, address)
        assert body["roles"] == []
        assert body["positions"] == []
        walked += [hit["html_url"] for hit in body["statements"]]
        address = body["next"]
        if address:
            assert query_of(address)["kind"] == ["statements"]
    assert walked == [hit["html_url"] for hit in whole["statements"]]


def test_an_unknown_kind_is_a_problem_that_lists_the_kinds(api: Client) -> None:
    response = api.get("/api/v1/search/?q=roadmap&kind=levels")
    assert response.status_code == 400
    assert response.json()["invalid_params"] == [
        {
            "name": "kind",
            "reason": "'levels' is not a kind of hit",
            "valid": ["roles", "positions", "statements"],
        }
    ]
