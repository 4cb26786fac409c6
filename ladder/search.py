"""Search across roles, positions and statements: one domain function the pages and the API share.

PostgreSQL ranks with full-text search (config "english", prefix matching on every term);
SQLite falls back to every term appearing, case-insensitively, in one of the searched fields.
Either way the search runs a constant number of queries (five) whatever the size of the data,
and every hit carries the URL of the exact place it was found. Each query is compiled once per
shape (how many terms) and run again with each search's terms (ladder/compiled_values.py).
"""

import re
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connection
from django.db.models import F, FloatField, Model, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower

from ladder.compiled_values import run_values
from ladder.reversing import url
from roles.models import Position, Role, RoleAlias, RoleStatement, RoleTopic, Statement
from roles.selectors import statement_anchor, topic_anchor

MAX_QUERY_LENGTH = 200
SNIPPET_LENGTH = 200
# What a search reads of each model, in this order: PostgreSQL's stored vectors are made of the
# same text (roles/migrations/0002_search_vectors.py).
SEARCH_FIELDS: dict[type[Model], list[str]] = {
    Role: ["name", "family", "summary"],
    Position: ["title", "summary", "level__code"],
    RoleStatement: ["text", "label"],
    Statement: ["text", "label", "aspect__name"],
}
_TERM = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class RoleHit:
    slug: str
    name: str
    snippet: str
    url: str
    matched_alias: str  # the alias the query named ("TPM"), or "" when the name or summary matched


@dataclass(frozen=True)
class PositionHit:
    key: str
    role_slug: str
    role_name: str
    level_slug: str
    level_code: str
    title: str
    snippet: str
    url: str


@dataclass(frozen=True)
class StatementHit:
    role_slug: str
    role_name: str
    position_key: str  # "" for a role-wide statement (a KPI, an FAQ…)
    level_slug: str
    level_code: str
    section: str  # where it sits: "Responsibilities · Roadmap ownership", "KPIs"
    label: str
    snippet: str
    url: str


@dataclass(frozen=True)
class AmbiguousTerm:
    """A term that is an abbreviation of more than one role ("TPM"): never resolved by guessing."""

    term: str
    role_slugs: list[str]
    role_names: list[str]

    @property
    def roles(self) -> list[tuple[str, str]]:
        return list(zip(self.role_slugs, self.role_names, strict=True))


@dataclass(frozen=True)
class SearchResults:
    query: str
    roles: list[RoleHit]
    positions: list[PositionHit]
    statements: list[StatementHit]
    ambiguous: list[AmbiguousTerm]

    @property
    def total(self) -> int:
        return len(self.roles) + len(self.positions) + len(self.statements)


def normalise_query(query: str) -> str:
    return " ".join(query.split())[:MAX_QUERY_LENGTH]


def search_terms(query: str) -> list[str]:
    """The words of a query, in order, without duplicates or punctuation."""
    terms: list[str] = []
    for term in _TERM.findall(normalise_query(query)):
        if term.casefold() not in (t.casefold() for t in terms):
            terms.append(term)
    return terms


def search_ladder(query: str, *, limit: int = 50) -> SearchResults:
    query = normalise_query(query)
    terms = search_terms(query)
    if not terms:
        return SearchResults(query=query, roles=[], positions=[], statements=[], ambiguous=[])
    limit = max(1, min(limit, 500))
    aliases = _matching_aliases(query, terms)
    named = {t.casefold() for t in terms} | {query.casefold()}
    exact = [a for a in aliases if a["text"].casefold() in named]
    return SearchResults(
        query=query,
        roles=_role_hits(aliases, terms, limit),
        positions=_position_hits(terms, limit),
        statements=_statement_hits(terms, limit),
        ambiguous=_ambiguous_terms(exact),
    )


# --- matching -------------------------------------------------------------------------------


class _Engine:
    """The SQLite (and any other database's) fallback: every term in one of the fields."""

    def __init__(self, terms: list[str]) -> None:
        self.terms = terms

    def match(self, queryset: QuerySet[Any], also: Q | None = None) -> QuerySet:
        condition = Q()
        for term in self.terms:
            any_field = Q()
            for name in SEARCH_FIELDS[queryset.model]:
                any_field |= Q(**{f"{name}__icontains": term})
            condition &= any_field
        if also is not None:
            condition |= also
        return queryset.filter(condition).annotate(
            search_rank=Value(0.0, output_field=FloatField())
        )

    def ordered(self, queryset: QuerySet[Any], *order: str) -> QuerySet[Any]:
        return queryset.order_by(*order)


class _PostgresEngine(_Engine):
    """Full-text search: every term as an English prefix query, ranked."""

    def __init__(self, terms: list[str]) -> None:
        super().__init__(terms)
        # As typed: the english configuration lower-cases each term itself.
        raw = " & ".join(f"{term}:*" for term in terms)
        self.query = SearchQuery(raw, search_type="raw", config="english")

    def match(self, queryset: QuerySet[Any], also: Q | None = None) -> QuerySet:
        queryset = queryset.annotate(
            search_vector=stored_vector(queryset.model),
            search_rank=SearchRank(F("search_vector"), self.query),
        )
        condition = Q(search_vector=self.query)
        if also is not None:
            condition |= also
        return queryset.filter(condition)

    def ordered(self, queryset: QuerySet[Any], *order: str) -> QuerySet[Any]:
        return queryset.order_by(F("search_rank").desc(nulls_last=True), *order)


def stored_vector(model: type[Model]) -> RawSQL:
    """The row's vector of its SEARCH_FIELDS, which PostgreSQL keeps in a column the ORM does not
    map, GIN-indexed (roles/migrations/0002_search_vectors.py): building it per row per search
    took ~1.4 s at x100."""
    table = connection.ops.quote_name(model._meta.db_table)
    return RawSQL(f"{table}.search_vector", [], output_field=SearchVectorField())


def vector_of_fields(model: type[Model]) -> SearchVector:
    """What the stored vector is made of, built the slow way (the tests compare the two)."""
    return SearchVector(*SEARCH_FIELDS[model], config="english")


def _engine(terms: list[str]) -> _Engine:
    return _PostgresEngine(terms) if connection.vendor == "postgresql" else _Engine(terms)


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


# --- hits -----------------------------------------------------------------------------------


def _role_hits(aliases: list[dict[str, Any]], terms: list[str], limit: int) -> list[RoleHit]:
    alias_by_role: dict[int, str] = {}
    for alias in aliases:
        alias_by_role.setdefault(alias["role_id"], alias["text"])
    rows = run_values(_role_query, terms, list(alias_by_role), limit)
    return [
        RoleHit(
            slug=row["slug"],
            name=row["name"],
            snippet=snippet(row["summary"], terms),
            url=url("roles:profile", row["slug"]),
            matched_alias=alias_by_role.get(row["pk"], ""),
        )
        for row in rows
    ]


def _role_query(terms: list[str], role_ids: list[int], limit: int) -> QuerySet[Any]:
    engine = _engine(terms)
    found = engine.match(Role.objects.all(), also=Q(pk__in=role_ids))
    return engine.ordered(found, "order").values("pk", "slug", "name", "summary", "search_rank")[
        :limit
    ]


def _position_hits(terms: list[str], limit: int) -> list[PositionHit]:
    rows = run_values(_position_query, terms, (), limit)
    return [
        PositionHit(
            key=row["key"],
            role_slug=row["role__slug"],
            role_name=row["role__name"],
            level_slug=row["level__slug"],
            level_code=row["level__code"],
            title=row["title"],
            snippet=snippet(row["summary"], terms),
            url=url("roles:position", row["role__slug"], row["level__slug"]),
        )
        for row in rows
    ]


def _position_query(terms: list[str], ids: list[int], limit: int) -> QuerySet[Any]:
    engine = _engine(terms)
    found = engine.match(Position.objects.all())
    return engine.ordered(found, "role__order", "level__scale__order", "level__order").values(
        "key",
        "title",
        "summary",
        "role__slug",
        "role__name",
        "level__slug",
        "level__code",
        "search_rank",
    )[:limit]


def _role_statement_query(terms: list[str], ids: list[int], limit: int) -> QuerySet[Any]:
    engine = _engine(terms)
    role_wide = engine.match(RoleStatement.objects.all())
    return engine.ordered(role_wide, "role__order", "topic", "order").values(
        "topic", "label", "text", "order", "role__slug", "role__name", "search_rank"
    )[:limit]


def _position_statement_query(terms: list[str], ids: list[int], limit: int) -> QuerySet[Any]:
    engine = _engine(terms)
    in_positions = engine.match(Statement.objects.all())
    return engine.ordered(
        in_positions,
        "position__role__order",
        "position__level__scale__order",
        "position__level__order",
        "dimension__order",
        "aspect__order",
        "order",
    ).values(
        "label",
        "text",
        "order",
        "position__key",
        "position__role__slug",
        "position__role__name",
        "position__level__slug",
        "position__level__code",
        "dimension__slug",
        "dimension__name",
        "aspect__slug",
        "aspect__name",
        "search_rank",
    )[:limit]


def _statement_hits(terms: list[str], limit: int) -> list[StatementHit]:
    role_rows = run_values(_role_statement_query, terms, (), limit)
    position_rows = run_values(_position_statement_query, terms, (), limit)
    # Role-wide statements come first, then positions in ladder order; PostgreSQL interleaves
    # them by rank. sorted() is stable, so equal ranks keep that order. Up to twice `limit` rows
    # come back; only the kept ones are shaped (a snippet and a link each: most of the work).
    ranked = sorted(
        [(row, True) for row in role_rows] + [(row, False) for row in position_rows],
        key=lambda pair: -pair[0]["search_rank"],
    )
    topics = dict(RoleTopic.choices)
    return [
        _role_statement_hit(row, terms, topics)
        if role_wide
        else _position_statement_hit(row, terms)
        for row, role_wide in ranked[:limit]
    ]


def _role_statement_hit(
    row: dict[str, Any], terms: list[str], topics: dict[str, str]
) -> StatementHit:
    return StatementHit(
        role_slug=row["role__slug"],
        role_name=row["role__name"],
        position_key="",
        level_slug="",
        level_code="",
        section=topics.get(row["topic"], row["topic"]),
        label=row["label"],
        snippet=snippet(row["text"], terms),
        url=url("roles:profile", row["role__slug"])
        + "#"
        + topic_anchor(row["topic"], row["order"]),
    )


def _position_statement_hit(row: dict[str, Any], terms: list[str]) -> StatementHit:
    section = row["dimension__name"]
    if row["aspect__name"]:
        section += f" · {row['aspect__name']}"
    return StatementHit(
        role_slug=row["position__role__slug"],
        role_name=row["position__role__name"],
        position_key=row["position__key"],
        level_slug=row["position__level__slug"],
        level_code=row["position__level__code"],
        section=section,
        label=row["label"],
        snippet=snippet(row["text"], terms),
        url=url("roles:position", row["position__role__slug"], row["position__level__slug"])
        + "#"
        + statement_anchor(row["dimension__slug"], row["aspect__slug"], row["order"]),
    )


def snippet(text: str, terms: list[str], length: int = SNIPPET_LENGTH) -> str:
    """A window of the text around the first term found in it, cut at word boundaries."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    folded = text.casefold()
    positions = [folded.find(t.casefold()) for t in terms]
    found = [p for p in positions if p >= 0]
    start = max(0, min(found) - length // 3) if found else 0
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = start + length
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    return f"{prefix}{text[start:end].strip()}{suffix}"
