"""Search across roles, positions and statements: one domain function the pages and the API share.

A search reads the index the loader built for the current data version (ladder.search.index):
one query, whatever the size of the data. Without one (pages not stored, or a build newer than
the last load) it runs on the content tables (ladder.search.live): five queries more. Both find the
same hits in the same order, each with the URL of the exact place it was found.
"""

from collections.abc import Collection
from typing import Any

from ladder.search import index, live
from ladder.search.hits import (
    GROUPS,
    KIND_OF_GROUP,
    MAX_QUERY_LENGTH,
    AmbiguousTerm,
    PositionHit,
    RoleHit,
    SearchResults,
    StatementHit,
    named_by,
    normalise_query,
    search_terms,
    snippet,
)
from ladder.search.live import SEARCH_FIELDS, stored_vector, vector_of_fields

__all__ = [
    "GROUPS",
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


def search_ladder(
    query: str, *, limit: int = 50, offset: int = 0, groups: Collection[str] = GROUPS
) -> SearchResults:
    """The hits of each of `groups` (roles, positions, statements: all by default) from `offset`
    on, at most `limit` each, in the ladder's order (on PostgreSQL, by rank)."""
    query = normalise_query(query)
    terms = search_terms(query)
    if not terms:
        return SearchResults(query=query, roles=[], positions=[], statements=[], ambiguous=[])
    limit = max(1, min(limit, 500))
    offset = max(0, offset)
    limits = {KIND_OF_GROUP[group]: limit for group in groups}
    found = index.search(query, terms, limits, offset)
    if found is None:
        aliases = live.matching_aliases(query, terms)
        alias_by_role: dict[int, str] = {}
        for alias in aliases:
            alias_by_role.setdefault(alias["role_id"], alias["text"])
        roles = live.role_hits(alias_by_role, terms, limit, offset) if "roles" in groups else []
        positions = live.position_hits(terms, limit, offset) if "positions" in groups else []
        statements = live.statement_hits(terms, limit, offset) if "statements" in groups else []
    else:
        aliases = found.aliases
        alias_by_slug: dict[str, str] = {}
        for alias in aliases:
            alias_by_slug.setdefault(alias["role__slug"], alias["text"])
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
    named = set(named_by(query, terms))
    exact = [a for a in aliases if a["text"].casefold() in named]
    return SearchResults(
        query=query,
        roles=roles,
        positions=positions,
        statements=statements,
        ambiguous=_ambiguous_terms(exact),
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
