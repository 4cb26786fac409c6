"""Search across roles, positions and statements: one domain function the pages and the API share.

A search reads the index the loader built for the current data version (ladder.search.index):
two queries, whatever the size of the data. Without one (pages not stored, or a build newer than
the last load) it runs on the content tables (ladder.search.live): five queries. Both find the
same hits in the same order, each with the URL of the exact place it was found.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from ladder.compiled_values import run_values
from ladder.search import index, live
from ladder.search.hits import (
    MAX_QUERY_LENGTH,
    AmbiguousTerm,
    PositionHit,
    RoleHit,
    SearchResults,
    StatementHit,
    normalise_query,
    search_terms,
    snippet,
)
from ladder.search.live import SEARCH_FIELDS, stored_vector, vector_of_fields
from roles.models import RoleAlias

__all__ = [
    "MAX_QUERY_LENGTH",
    "SEARCH_FIELDS",
    "AmbiguousTerm",
    "PositionHit",
    "RoleHit",
    "SearchResults",
    "StatementHit",
    "search_ladder",
    "search_terms",
    "snippet",
    "stored_vector",
    "vector_of_fields",
]


def search_ladder(query: str, *, limit: int = 50) -> SearchResults:
    query = normalise_query(query)
    terms = search_terms(query)
    if not terms:
        return SearchResults(query=query, roles=[], positions=[], statements=[], ambiguous=[])
    limit = max(1, min(limit, 500))
    aliases = _matching_aliases(query, terms)
    named = {t.casefold() for t in terms} | {query.casefold()}
    exact = [a for a in aliases if a["text"].casefold() in named]
    alias_by_role: dict[int, str] = {}
    alias_by_slug: dict[str, str] = {}
    for alias in aliases:
        alias_by_role.setdefault(alias["role_id"], alias["text"])
        alias_by_slug.setdefault(alias["role__slug"], alias["text"])
    found = index.search(terms, list(alias_by_slug), limit)
    if found is None:
        roles = live.role_hits(alias_by_role, terms, limit)
        positions = live.position_hits(terms, limit)
        statements = live.statement_hits(terms, limit)
    else:
        roles = [
            RoleHit(
                **fields,
                snippet=snippet(text, terms),
                matched_alias=alias_by_slug.get(fields["slug"], ""),
            )
            for text, fields in found.roles
        ]
        positions = [
            PositionHit(**fields, snippet=snippet(text, terms)) for text, fields in found.positions
        ]
        statements = [
            StatementHit(**fields, snippet=snippet(text, terms))
            for text, fields in found.statements
        ]
    return SearchResults(
        query=query,
        roles=roles,
        positions=positions,
        statements=statements,
        ambiguous=_ambiguous_terms(exact),
    )


def _matching_aliases(query: str, terms: list[str]) -> list[dict[str, Any]]:
    """Aliases the query names exactly ("TPM") or contains all the words of ("platform product")."""
    named = sorted({t.casefold() for t in terms} | {query.casefold()})
    return run_values(_alias_query, [*named, *terms], (), len(named))


def _alias_query(strings: list[str], ids: list[int], named_count: int) -> QuerySet[Any]:
    named, terms = strings[:named_count], strings[named_count:]
    every_term = Q()
    for term in terms:
        every_term &= Q(text__icontains=term)
    return (
        RoleAlias.objects.annotate(folded=Lower("text"))
        .filter(Q(folded__in=named) | every_term)
        .order_by("role__order", "order")
        .values("text", "role_id", "role__slug", "role__name")
    )


def _ambiguous_terms(exact: list[dict[str, Any]]) -> list[AmbiguousTerm]:
    by_term: dict[str, list[dict[str, Any]]] = {}
    for alias in exact:
        by_term.setdefault(alias["text"].casefold(), []).append(alias)
    ambiguous = []
    for rows in by_term.values():
        roles = list({row["role__slug"]: row["role__name"] for row in rows}.items())
        if len(roles) > 1:
            ambiguous.append(
                AmbiguousTerm(
                    term=rows[0]["text"],
                    role_slugs=[slug for slug, _ in roles],
                    role_names=[name for _, name in roles],
                )
            )
    return ambiguous
