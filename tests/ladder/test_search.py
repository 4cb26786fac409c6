"""search_ladder(): one domain function for the search page and the API, on SQLite and PostgreSQL."""

import dataclasses
from typing import Any

import pytest
from django.db import connection

from ladder.search import (
    MAX_QUERY_LENGTH,
    AmbiguousTerm,
    SearchResults,
    search_ladder,
    search_terms,
    snippet,
)
from roles.models import Aspect, Position, RoleStatement, Statement
from tests.factories import build_role_with_ladder

pytestmark = pytest.mark.django_db

SEARCH_QUERIES = 5  # aliases, roles, positions, role-wide statements, position statements


def test_tpm_finds_both_roles_it_can_mean_and_says_it_is_ambiguous():
    results = search_ladder("TPM")
    slugs = [hit.slug for hit in results.roles]
    assert "technical-product-manager" in slugs
    assert "technical-program-manager" in slugs
    assert {hit.matched_alias for hit in results.roles} == {"TPM"}
    assert results.ambiguous == [
        AmbiguousTerm(
            term="TPM",
            role_slugs=["technical-product-manager", "technical-program-manager"],
            role_names=["Technical Product Manager", "Technical Program Manager"],
        )
    ]


def test_the_ambiguity_is_case_insensitive_and_found_inside_a_longer_query():
    results = search_ladder("tpm salary")
    assert [term.term for term in results.ambiguous] == ["TPM"]


def test_an_abbreviation_of_one_role_is_not_ambiguous():
    results = search_ladder("TPgM")
    assert results.ambiguous == []
    assert [hit.slug for hit in results.roles] == ["technical-program-manager"]


def test_a_title_alias_finds_its_role():
    results = search_ladder("Platform Product Manager")
    assert [hit.slug for hit in results.roles][:1] == ["technical-product-manager"]
    assert results.roles[0].matched_alias == "Platform Product Manager"


def test_statement_hits_link_to_the_exact_aspect_cell():
    results = search_ladder("roadmap ownership")
    cells = Statement.objects.filter(aspect__slug="roadmap-ownership").count()
    assert len(results.statements) == cells
    urls = {hit.url for hit in results.statements}
    assert "/roles/technical-product-manager/p3/#responsibilities-roadmap-ownership" in urls
    hit = next(h for h in results.statements if h.position_key == "technical-product-manager.p3")
    assert hit.section == "Responsibilities · Roadmap ownership"
    assert hit.level_code == "P3"
    assert hit.role_name == "Technical Product Manager"


def test_bullets_link_to_their_place_and_role_statements_to_the_role_page():
    bullet = (
        Statement.objects.filter(aspect__isnull=True, position__key="product-manager.p4")
        .select_related("dimension")
        .first()
    )
    word = max(bullet.text.split(), key=len).strip(".,;:()")
    urls = {hit.url for hit in search_ladder(word, limit=500).statements}
    assert f"/roles/product-manager/p4/#{bullet.dimension.slug}-item-{bullet.order + 1}" in urls

    faq = RoleStatement.objects.filter(topic="faq", role__slug="technical-product-manager").first()
    results = search_ladder(faq.label, limit=500)
    assert f"/roles/technical-product-manager/#faq-{faq.order + 1}" in {
        hit.url for hit in results.statements
    }


def test_level_codes_find_positions():
    results = search_ladder("P3")
    keys = {hit.key for hit in results.positions}
    assert keys >= {
        "technical-product-manager.p3",
        "product-manager.p3",
        "technical-program-manager.p3",
    }
    hit = next(h for h in results.positions if h.key == "product-manager.p3")
    assert hit.url == "/roles/product-manager/p3/"
    assert hit.title == Position.objects.get(key="product-manager.p3").title


def test_every_term_must_match():
    assert search_ladder("latency").statements
    assert search_ladder("latency zzzqqq").total == 0


@pytest.mark.parametrize("query", ["", "   ", "!!!", "&|:*()'"])
def test_queries_without_words_find_nothing_and_run_no_query(query, django_assert_num_queries):
    with django_assert_num_queries(0):
        results = search_ladder(query)
    assert results.total == 0
    assert results.ambiguous == []


def test_operators_of_full_text_search_are_plain_text():
    # Would be tsquery syntax on PostgreSQL; must neither error nor change the meaning.
    assert search_ladder("latency & | ! :* (").statements == search_ladder("latency").statements


def test_the_query_is_normalised_and_capped():
    assert search_ladder("  roadmap   ownership ").query == "roadmap ownership"
    assert len(search_ladder("x" * 1000).query) == MAX_QUERY_LENGTH


def test_limit_caps_each_group():
    results = search_ladder("technical", limit=3)
    assert len(results.statements) == 3
    assert len(results.positions) <= 3


def test_results_are_frozen_dataclasses_of_plain_fields():
    results = search_ladder("TPM")
    assert isinstance(results, SearchResults)
    assert dataclasses.is_dataclass(results)
    with pytest.raises(dataclasses.FrozenInstanceError):
        results.query = "x"  # type: ignore[misc]
    hits: list[Any] = [*results.roles, *results.positions, *results.statements]
    for hit in hits:
        for value in dataclasses.asdict(hit).values():
            assert isinstance(value, str)


def test_query_count_is_constant(django_assert_num_queries):
    with django_assert_num_queries(SEARCH_QUERIES):
        before = search_ladder("roadmap ownership", limit=500)
    for _ in range(10):
        build_role_with_ladder()
    with django_assert_num_queries(SEARCH_QUERIES):
        after = search_ladder("roadmap ownership", limit=500)
    assert len(after.statements) == len(before.statements) + 10 * 5  # a cell at P2–P6


def test_synthetic_roles_are_found_by_name_and_alias():
    role = build_role_with_ladder(name="Quantum Widget Owner")
    results = search_ladder("quantum widget")
    assert [hit.slug for hit in results.roles] == [role.slug]
    aspect = Aspect.objects.get(slug="roadmap-ownership")
    assert f"/roles/{role.slug}/p3/#{aspect.dimension.slug}-roadmap-ownership" in {
        hit.url for hit in search_ladder("roadmap ownership at P3", limit=500).statements
    }


def test_the_backend_in_use_is_the_one_expected():
    # The suite runs on both; this documents which branch the other tests exercised.
    assert connection.vendor in {"sqlite", "postgresql"}


def test_search_terms_and_snippets():
    assert search_terms("TPM, tpm & roadmap!") == ["TPM", "roadmap"]
    text = "word " * 100 + "needle in the middle " + "word " * 100
    cut = snippet(text, ["needle"])
    assert "needle" in cut
    assert cut.startswith("…")
    assert cut.endswith("…")
    assert snippet("short text", ["x"]) == "short text"
    # The window is around the first word that starts with a term, whatever the case, and is cut
    # from the text itself: a "ß" before it (two letters when folded) does not shift it.
    text = "Straße " * 40 + "inneedle " * 20 + "NEEDLEs here " + "word " * 100
    cut = snippet(text, ["needle"])
    assert "NEEDLEs here" in cut
    assert cut.index("NEEDLEs") < 200 // 2
