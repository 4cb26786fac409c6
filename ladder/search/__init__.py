"""Search across roles, positions and statements: one domain function the pages and the API share.

A search reads the index the loader built for the current data version (ladder.search.index):
one query, whatever the size of the data. Without one (pages not stored, or a build newer than
the last load) it runs on the content tables (ladder.search.live): five queries more. Both find the
same hits in the same order, each with the URL of the exact place it was found.
"""

from collections.abc import Collection
from dataclasses import replace
from typing import Any

from ladder.search import index, live
from ladder.search.hits import (
    GROUPS,
    KIND_OF_GROUP,
    MAX_HITS,
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
    "MAX_HITS",
    "MAX_QUERY_LENGTH",
    "SEARCH_FIELDS",
    "AmbiguousTerm",
    "PositionHit",
    "RoleHit",
    "SearchResults",
    "StatementHit",
    "search_ladder",
    "search_terms",
    "search_window",
    "snippet",
    "stored_vector",
    "vector_of_fields",
]


def search_ladder(
    query: str, *, limit: int = 50, offset: int = 0, groups: Collection[str] = GROUPS
) -> SearchResults:
    """The hits of each of `groups` (roles, positions, statements: all by default) from `offset`
    on, at most `limit` each (up to one more than MAX_HITS), in the ladder's order."""
    query = normalise_query(query)
    terms = search_terms(query)
    if not terms:
        return SearchResults(query=query, roles=[], positions=[], statements=[], ambiguous=[])
    limit = max(1, min(limit, MAX_HITS + 1))
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


def search_window(
    query: str, *, limit: int, offset: int = 0, groups: Collection[str] = GROUPS
) -> tuple[SearchResults, set[str]]:
    """`search_ladder`'s hits, at most `limit` of each group, and the groups that have more hits
    after them: known by reading one hit more, since counting every match would read them all."""
    found = search_ladder(query, limit=limit + 1, offset=offset, groups=groups)
    more = {group for group in groups if len(getattr(found, group)) > limit}
    return replace(found, **{group: getattr(found, group)[:limit] for group in groups}), more


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
