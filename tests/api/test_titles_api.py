"""titles/resolve/?title=: the title-resolution domain function over HTTP."""

from django.test import Client

from tests.api.conftest import get_json


def test_resolution_with_links_scores_and_reasons(api: Client) -> None:
    body = get_json(api, "/api/v1/titles/resolve/?title=Sr.+Technical+Product+Manager")
    assert body["title"] == "Sr. Technical Product Manager"
    assert body["normalised"] == "senior technical product manager"
    assert body["ambiguous"] is False
    top = body["candidates"][0]
    assert top["position_key"] == "technical-product-manager.p4"
    assert top["url"] == "http://testserver/api/v1/positions/technical-product-manager.p4/"
    assert top["html_url"] == "http://testserver/roles/technical-product-manager/p4/"
    assert top["role"]["slug"] == "technical-product-manager"
    assert top["level"] == {
        "slug": "p4",
        "code": "P4",
        "name": "Advanced Professional",
        "url": "http://testserver/api/v1/levels/p4/",
    }
    assert 0 < top["score"] <= 1
    assert any("Senior" in reason for reason in top["reasons"])


def test_tpm_is_flagged_ambiguous(api: Client) -> None:
    body = get_json(api, "/api/v1/titles/resolve/?title=TPM")
    assert body["ambiguous"] is True
    assert "Technical Program Manager" in body["explanation"]
    roles = {
        c["role"]["slug"]
        for c in body["candidates"]
        if c["score"] == body["candidates"][0]["score"]
    }
    assert roles == {"technical-product-manager", "technical-program-manager"}


def test_no_match_is_an_empty_answer_not_an_error(api: Client) -> None:
    body = get_json(api, "/api/v1/titles/resolve/?title=Software+Engineer")
    assert body["candidates"] == []
    assert body["ambiguous"] is False


def test_title_queries_are_constant(api: Client, django_assert_num_queries) -> None:
    with django_assert_num_queries(5):  # framework state + roles, aliases, levels, positions
        api.get("/api/v1/titles/resolve/?title=TPM+II")
