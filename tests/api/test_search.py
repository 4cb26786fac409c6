"""search/?q=: the page's search, as JSON with absolute links."""

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
