"""roles/ and roles/{slug}/: shape, links, paging and pinned queries."""

import pytest
from django.test import Client

from roles.models import Role, RoleStatement
from tests.api.conftest import get_json

pytestmark = pytest.mark.django_db


def test_roles_list_in_ladder_order_with_links(client: Client) -> None:
    body = get_json(client, "/api/v1/roles/")
    assert body["count"] == 3
    assert body["next"] is None
    assert body["previous"] is None
    assert [r["slug"] for r in body["results"]] == list(
        Role.objects.order_by("order").values_list("slug", flat=True)
    )
    tpm = body["results"][0]
    assert tpm["url"] == "http://testserver/api/v1/roles/technical-product-manager/"
    assert tpm["html_url"] == "http://testserver/roles/technical-product-manager/"
    assert tpm["abbreviations"] == ["TPM"]
    assert "Platform Product Manager" in tpm["aliases"]
    assert tpm["classifications"][0]["code"] == "11-3021"
    assert tpm["classifications"][0]["source"]["url"].endswith("/api/v1/sources/tpm-p2-profile/")
    assert tpm["bands_url"] == "http://testserver/api/v1/bands/?role=technical-product-manager"
    levels = [p["level"]["code"] for p in tpm["positions"]]
    assert levels == ["P2", "P3", "P4", "P5", "P6", "TPM I", "TPM II"]
    position = tpm["positions"][-1]
    assert position["url"] == (
        "http://testserver/api/v1/positions/technical-product-manager.tpm-ii/"
    )
    assert position["html_url"] == "http://testserver/roles/technical-product-manager/tpm-ii/"
    assert position["level"]["url"] == "http://testserver/api/v1/levels/tpm-ii/"


def test_role_detail_has_skills_competencies_and_topics(client: Client) -> None:
    body = get_json(client, "/api/v1/roles/technical-product-manager/")
    role = Role.objects.get(slug="technical-product-manager")
    assert len(body["skills"]) == role.skills.count()
    assert {s["kind"] for s in body["skills"]} == {"skill", "tool"}
    assert all(0 <= c["weight"] <= 100 for c in body["competencies"])
    topics = {t["topic"]: t for t in body["topics"]}
    assert topics["kpi"]["name"] == "KPIs"
    assert len(topics["kpi"]["statements"]) == role.statements.filter(topic="kpi").count()
    assert sum(len(t["statements"]) for t in body["topics"]) == role.statements.count()
    first_faq = RoleStatement.objects.filter(role=role, topic="faq").order_by("order").first()
    assert topics["faq"]["statements"][0]["label"] == first_faq.label


def test_roles_are_paged(client: Client) -> None:
    first = get_json(client, "/api/v1/roles/?limit=2")
    assert first["count"] == 3
    assert len(first["results"]) == 2
    assert first["next"] == "http://testserver/api/v1/roles/?limit=2&offset=2"
    second = get_json(client, first["next"])
    assert [r["slug"] for r in second["results"]] == ["technical-program-manager"]
    assert second["previous"] == "http://testserver/api/v1/roles/?limit=2"
    assert get_json(client, "/api/v1/roles/?offset=10")["results"] == []


def test_role_queries_are_pinned(client: Client, django_assert_num_queries) -> None:
    # framework state, count, roles, aliases, classifications, positions
    with django_assert_num_queries(6):
        client.get("/api/v1/roles/")
    # + skills, competencies, statements; no count
    with django_assert_num_queries(8):
        client.get("/api/v1/roles/product-manager/")
