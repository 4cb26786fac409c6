"""scales/ and levels/: the P-scale and title scales with their mapping."""

import pytest
from django.test import Client

from tests.api.conftest import get_json

pytestmark = pytest.mark.django_db


def test_scales_with_their_levels_and_mapping(client: Client) -> None:
    body = get_json(client, "/api/v1/scales/")
    assert [s["slug"] for s in body["results"]] == ["p", "tpm-titles"]
    professional, titles = body["results"]
    assert professional["kind"] == "professional"
    assert [level["code"] for level in professional["levels"]] == ["P2", "P3", "P4", "P5", "P6"]
    assert all(level["maps_to"] is None for level in professional["levels"])
    tpm_ii = titles["levels"][1]
    assert tpm_ii["code"] == "TPM II"
    assert tpm_ii["maps_to"]["minimum"]["code"] == "P3"
    assert tpm_ii["maps_to"]["maximum"]["code"] == "P4"
    assert tpm_ii["maps_to"]["minimum"]["url"] == "http://testserver/api/v1/levels/p3/"
    assert tpm_ii["maps_to"]["source"]["slug"] == "ladder-editorial"


def test_levels_in_ladder_order(client: Client) -> None:
    body = get_json(client, "/api/v1/levels/")
    assert [level["slug"] for level in body["results"]] == [
        "p2",
        "p3",
        "p4",
        "p5",
        "p6",
        "tpm-i",
        "tpm-ii",
    ]
    p2 = body["results"][0]
    assert p2["definition"]["source"]["slug"] == "tpm-p2-profile"
    assert p2["definition"]["confidence"] == "high"
    assert p2["years_min"] == 1
    assert p2["years_max"] == 3
    assert p2["positions_url"] == "http://testserver/api/v1/positions/?level=p2"
    assert body["results"][-1]["definition"] is None


@pytest.mark.parametrize("code", ["tpm-ii", "TPM II", "tpm ii", "TPM-II", "Tpm%20Ii"])
def test_a_level_by_slug_or_code_in_any_case(client: Client, code: str) -> None:
    assert get_json(client, f"/api/v1/levels/{code.replace(' ', '%20')}/")["slug"] == "tpm-ii"


def test_a_level_linked_positions_list_is_filtered(client: Client) -> None:
    level = get_json(client, "/api/v1/levels/p6/")
    positions = get_json(client, level["positions_url"])
    assert positions["count"] == 3
    assert {p["level"]["slug"] for p in positions["results"]} == {"p6"}


def test_level_queries_are_pinned(client: Client, django_assert_num_queries) -> None:
    with django_assert_num_queries(3):  # framework state, count, levels (joined)
        client.get("/api/v1/levels/")
    with django_assert_num_queries(2):
        client.get("/api/v1/levels/TPM%20II/")
    with django_assert_num_queries(4):  # framework state, count, scales, levels
        client.get("/api/v1/scales/")
    with django_assert_num_queries(3):
        client.get("/api/v1/scales/p/")
