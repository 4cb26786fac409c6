"""A search run on the content tables themselves, and the rows the search index is made of.

PostgreSQL matches with full-text search (config "english", prefix matching on every term, over
vectors each row keeps: roles/migrations/0002_search_vectors.py); SQLite finds every term at the
start of a word of one of the searched fields, ignoring case. Both list the hits in the ladder's
order (see ladder.search.index on why not by rank). This is how a search runs when
the index of the current data version is not there (pages not stored: development, the test
profile; a build that changed since the last load). Four queries, whatever the size of the
data, each compiled once per shape (how many terms) and run again with each search's terms
(ladder/compiled_values.py).

Each group's rows, unmatched, are also what the index is built from (`all_rows()`), shaped
into hits by the same functions, so the two ways of searching cannot drift apart.
"""

from collections.abc import Callable, Iterator
from typing import Any

from django.contrib.postgres.search import (
    SearchQuery,
    SearchVector,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower

from ladder.compiled_values import run_values
from ladder.reversing import url
from ladder.search.hits import (
    PositionHit,
    RoleHit,
    StatementHit,
    named_by,
    plain,
    snippet,
    word_start_pattern,
)
from roles.models import Position, Role, RoleAlias, RoleStatement, RoleTopic, Statement
from roles.selectors import statement_anchor, topic_anchor

# What a search reads of each model, in this order: PostgreSQL's stored vectors are made of the
# same text (roles/migrations/0002_search_vectors.py), and so is the index's (ladder.search.index).
SEARCH_FIELDS: dict[type[Model], list[str]] = {
    Role: ["name", "family", "summary"],
    Position: ["title", "summary", "level__code"],
    RoleStatement: ["text", "label"],
    Statement: ["text", "label", "aspect__name"],
}
Row = dict[str, Any]


# --- matching -------------------------------------------------------------------------------


class _Engine:
    """SQLite's (and any other database's): every term at the start of a word of a field."""

    def __init__(self, terms: list[str]) -> None:
        self.terms = terms

    def match(self, queryset: QuerySet[Any], also: Q | None = None) -> QuerySet:
        condition = Q()
        for term in self.terms:
            pattern = word_start_pattern((term,))
            assert pattern is not None
            any_field = Q()
            for name in SEARCH_FIELDS[queryset.model]:
                # The pattern without its flag: `iregex` adds it, as SQL around the parameter.
                any_field |= Q(**{f"{name}__iregex": pattern.pattern})
            condition &= any_field
        if also is not None:
            condition |= also
        return queryset.filter(condition)


class _PostgresEngine(_Engine):
    """Full-text search: every term as an English prefix query."""

    def __init__(self, terms: list[str]) -> None:
        super().__init__(terms)
        self.query = SearchQuery(tsquery(terms), search_type="raw", config="english")

    def match(self, queryset: QuerySet[Any], also: Q | None = None) -> QuerySet:
        queryset = queryset.annotate(search_vector=stored_vector(queryset.model))
        condition = Q(search_vector=self.query)
        if also is not None:
            condition |= also
        return queryset.filter(condition)


def tsquery(terms: list[str]) -> str:
    """PostgreSQL's query: every term as a prefix, as typed (the english configuration
    lower-cases each itself). Terms are words, so none can be an operator."""
    return " & ".join(f"{term}:*" for term in terms)


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


# --- each group's rows, in the ladder's order ---------------------------------------------------


def _roles(engine: _Engine | None, also: Q | None = None) -> QuerySet[Any]:
    found = engine.match(Role.objects.all(), also) if engine else Role.objects.all()
    return found.order_by("order").values("pk", "slug", "name", "family", "summary")


def _positions(engine: _Engine | None) -> QuerySet[Any]:
    order = ("role__order", "level__scale__order", "level__order")
    found = engine.match(Position.objects.all()) if engine else Position.objects.all()
    return found.order_by(*order).values(
        "pk",
        "key",
        "title",
        "summary",
        "role__slug",
        "role__name",
        "level__slug",
        "level__code",
    )


def _role_statements(engine: _Engine | None) -> QuerySet[Any]:
    order = ("role__order", "topic", "order")
    found = engine.match(RoleStatement.objects.all()) if engine else RoleStatement.objects.all()
    return found.order_by(*order).values(
        "pk", "topic", "label", "text", "order", "role__slug", "role__name"
    )


def _position_statements(engine: _Engine | None) -> QuerySet[Any]:
    order = (
        "position__role__order",
        "position__level__scale__order",
        "position__level__order",
        "dimension__order",
        "aspect__order",
        "order",
    )
    found = engine.match(Statement.objects.all()) if engine else Statement.objects.all()
    return found.order_by(*order).values(
        "pk",
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
    )


# Compiled once per shape (ladder/compiled_values.py): module-level builders.
def _role_query(terms: list[str], role_ids: list[int], start: int, stop: int) -> QuerySet[Any]:
    return _roles(_engine(terms), also=Q(pk__in=role_ids))[start:stop]


def _position_query(terms: list[str], ids: list[int], start: int, stop: int) -> QuerySet[Any]:
    return _positions(_engine(terms))[start:stop]


def _role_statement_query(terms: list[str], ids: list[int], stop: int) -> QuerySet[Any]:
    return _role_statements(_engine(terms))[:stop]


def _position_statement_query(terms: list[str], ids: list[int], stop: int) -> QuerySet[Any]:
    return _position_statements(_engine(terms))[:stop]


# --- aliases ----------------------------------------------------------------------------------


def matching_aliases(query: str, terms: list[str]) -> list[dict[str, Any]]:
    """Aliases the query names exactly ("TPM") or contains all the words of ("platform product"),
    in the ladder's order: text, role_id, role__slug, role__name."""
    named = named_by(query, terms)
    return run_values(_alias_query, [*named, *terms], (), len(named))


def _alias_query(strings: list[str], ids: list[int], named_count: int) -> QuerySet[Any]:
    named, terms = strings[:named_count], strings[named_count:]
    every_term = Q()
    for term in terms:
        every_term &= Q(text__icontains=term)
    return _aliases().annotate(folded=Lower("text")).filter(Q(folded__in=named) | every_term)


def _aliases() -> QuerySet[Any]:
    return RoleAlias.objects.order_by("role__order", "order").values(
        "text", "role_id", "role__slug", "role__name"
    )


def all_aliases() -> Iterator[tuple[str, dict[str, Any]]]:
    """Every alias, in the ladder's order, as (its text, what a search reports of it but the
    text). One query."""
    for row in _aliases().iterator(chunk_size=2000):
        text = row.pop("text")
        yield text, row


# --- hits -------------------------------------------------------------------------------------


def role_hits(
    alias_by_role: dict[int, str], terms: list[str], limit: int, offset: int = 0
) -> list[RoleHit]:
    """The roles found, the ones an alias named (`alias_by_role`: role id → alias) among them."""
    rows = run_values(_role_query, terms, list(alias_by_role), offset, offset + limit)
    return [
        RoleHit(
            **role_fields(row),
            snippet=snippet(plain(row["summary"]), terms),
            matched_alias=alias_by_role.get(row["pk"], ""),
        )
        for row in rows
    ]


def position_hits(terms: list[str], limit: int, offset: int = 0) -> list[PositionHit]:
    rows = run_values(_position_query, terms, (), offset, offset + limit)
    return [
        PositionHit(**position_fields(row), snippet=snippet(plain(row["summary"]), terms))
        for row in rows
    ]


def statement_hits(terms: list[str], limit: int, offset: int = 0) -> list[StatementHit]:
    # Two tables, merged: the window's rows may come from either, so each gives all up to its end.
    role_rows = run_values(_role_statement_query, terms, (), offset + limit)
    position_rows = run_values(_position_statement_query, terms, (), offset + limit)
    # Role-wide statements come first, then positions', each in the ladder's order. Only the
    # rows in the window are shaped (a snippet and a link each: most of the work).
    ordered = [(row, role_statement_fields) for row in role_rows] + [
        (row, position_statement_fields) for row in position_rows
    ]
    return [
        StatementHit(**fields_of(row), snippet=snippet(plain(row["text"]), terms))
        for row, fields_of in ordered[offset : offset + limit]
    ]


# --- what a hit is, but for its snippet: the index stores exactly this ------------------------


def role_fields(row: Row) -> dict[str, str]:
    return {"slug": row["slug"], "name": row["name"], "url": url("roles:profile", row["slug"])}


def position_fields(row: Row) -> dict[str, str]:
    return {
        "key": row["key"],
        "role_slug": row["role__slug"],
        "role_name": row["role__name"],
        "level_slug": row["level__slug"],
        "level_code": row["level__code"],
        "title": row["title"],
        "url": url("roles:position", row["role__slug"], row["level__slug"]),
    }


def role_statement_fields(row: Row) -> dict[str, str]:
    topic = row["topic"]
    return {
        "role_slug": row["role__slug"],
        "role_name": row["role__name"],
        "position_key": "",
        "level_slug": "",
        "level_code": "",
        "section": _TOPICS.get(topic, topic),
        "label": row["label"],
        "url": url("roles:profile", row["role__slug"]) + "#" + topic_anchor(topic, row["order"]),
    }


def position_statement_fields(row: Row) -> dict[str, str]:
    section = row["dimension__name"]
    if row["aspect__name"]:
        section += f" · {row['aspect__name']}"
    anchor = statement_anchor(row["dimension__slug"], row["aspect__slug"], row["order"])
    return {
        "role_slug": row["position__role__slug"],
        "role_name": row["position__role__name"],
        "position_key": row["position__key"],
        "level_slug": row["position__level__slug"],
        "level_code": row["position__level__code"],
        "section": section,
        "label": row["label"],
        "url": url("roles:position", row["position__role__slug"], row["position__level__slug"])
        + "#"
        + anchor,
    }


_TOPICS = dict(RoleTopic.choices)


# --- everything, for the index ------------------------------------------------------------------

Shaped = tuple[str, str, dict[str, str], int]


def all_rows() -> Iterator[tuple[str, str, Iterator[Shaped]]]:
    """Every searchable row, group by group ("role", "position", "statement"; role-wide
    statements before positions'), in the ladder's order, with the table it is a row of, as
    (the text its snippet is cut from, the text it is searched by, its hit's fields but the
    snippet, its id in its table). Four queries.

    The searched text is its SEARCH_FIELDS joined as PostgreSQL's vectors join them."""
    groups: list[tuple[str, QuerySet[Any], str, Callable[[Row], dict[str, str]]]] = [
        ("role", _roles(None), "summary", role_fields),
        ("position", _positions(None), "summary", position_fields),
        ("statement", _role_statements(None), "text", role_statement_fields),
        ("statement", _position_statements(None), "text", position_statement_fields),
    ]
    for kind, rows, text, fields in groups:
        table = rows.model._meta.db_table
        yield kind, table, _shaped(rows, text, SEARCH_FIELDS[rows.model], fields)


def _shaped(
    rows: QuerySet[Any], text: str, searched: list[str], fields: Callable[[Row], dict[str, str]]
) -> Iterator[Shaped]:
    for row in rows.iterator(chunk_size=2000):
        document = " ".join(row[name] or "" for name in searched)
        yield plain(row[text]), document, fields(row), row["pk"]
