"""The search index: every role, position and statement as its hit shows it, built per data version.

A search on the content tables (ladder.search.live) joins five tables per group and shapes
every row it keeps; on SQLite it also reads every statement, since a regular expression has
no index (x100: 96,000 statements for every search). So the loader,
beside the stored pages, writes one `SearchEntry` per searchable row, already shaped into its
hit's fields, with its id its place in the ladder's order; and, beside the entries, what each is
searched by: on SQLite an FTS5 table of its words, on PostgreSQL its english vector, GIN-indexed.
The role aliases are copied beside them (`SearchAlias`: their folded text, indexed, and on
SQLite its trigrams), so that the aliases a query names or holds every term of are found in the
same query; on SQLite without reading each (the live search's LIKE read x100's 2,600 aliases,
~1.3 ms a search), on PostgreSQL by reading a few thousand short strings.
A search then reads, in one query, the aliases found, the first entries of each group that
match, and whether the index is the current data version's at all (a stored marker); it never
reads a row it does not show, whatever the size of the data.

On SQLite a term matches the words it is a prefix of, ignoring case (FTS5's unicode61
tokenizer, diacritics kept): what the live search finds with its regular expression. On
PostgreSQL an entry's vector is the one its content row keeps.

Hits are listed in the ladder's order (role, then scale and level, then dimension) on both
databases, so a search gives the same pages on either and a page of a group reads only its
rows. PostgreSQL used to order them by ts_rank, which ranks every match to find the first few:
25 ms for "roadmap" at x100 (6,000 statements), against 0.3 ms in the ladder's order, where it
walks the primary key until it has a page (EXPLAIN ANALYZE). For statements this short, ts_rank
mostly counted how often a term occurs, and a reader follows a term up the levels anyway.
"""

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import islice
from typing import Any

import orjson
from django.conf import settings
from django.db import connection

from ladder.build_fingerprint import build_fingerprint
from ladder.models import Framework, SearchAlias, SearchEntry, SearchKind, StoredDocument
from ladder.search.hits import named_by
from ladder.search.live import all_aliases, all_rows, tsquery
from ladder.snapshot import one_statement

MARKER_KEY = "search:index"  # stored with the documents: the index is this version's
# Each kind's entries have ids from its first: the ladder's order, kind by kind.
SPAN = 1_000_000_000
FIRST_ID: dict[str, int] = {
    SearchKind.ROLE.value: 1 * SPAN,
    SearchKind.POSITION.value: 2 * SPAN,
    SearchKind.STATEMENT.value: 3 * SPAN,
}
# SQLite (migration 0004): the FTS5 table, its vocabulary as FTS5 sees it, and as a table.
WORDS_TABLE = "ladder_searchentry_words"
VOCABULARY_VIEW = "ladder_searchentry_vocabulary"
VOCABULARY_TABLE = "ladder_searchword"
# A term this short is looked up in FTS5's prefix index (prefix='1 2'): as the words of the index
# it begins it would be hundreds. A longer one is those words, any of them: FTS5 reads exact
# words' lists lazily, a prefix's all at once (x100: 0.3 against 2 ms, measured).
SHORT_TERM = 2
LAST_CHARACTER = "\U0010ffff"  # after every word that begins with a term
BATCH = 2000
ENTRIES = SearchEntry._meta.db_table
ALIASES = SearchAlias._meta.db_table
ALIAS_TRIGRAMS = "ladder_searchalias_trigrams"  # SQLite (migration 0005)
TRIGRAM = 3  # a term this long is found through the trigrams; a shorter one by reading aliases
SCRATCH_TABLE = "ladder_search_build"

Found = list[tuple[str, dict[str, str]]]  # (snippet text, the hit's other fields), in order


@dataclass(frozen=True)
class IndexHits:
    aliases: list[dict[str, Any]]  # text, role_id, role__slug, role__name: in the ladder's order
    roles: Found
    positions: Found
    statements: Found


def stored_index() -> Iterator[tuple[str, str, bytes]]:
    """Replace the index with the current content's, when pages are stored, and yield its marker
    to be stored with the documents (ladder.api.stored.build_documents, in the transaction that
    wrote the content)."""
    if settings.LADDER_STORED_PAGES:
        build_index()
        yield MARKER_KEY, "text/plain", b""


def build_index() -> int:
    """Replace the index with the current content's. Returns how many entries it has."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {ENTRIES}")
        _write_aliases(cursor)
        if connection.vendor == "sqlite":
            return _write_sqlite(cursor, _entries())
        return _write_postgresql(cursor, _entries())


def _write_aliases(cursor: Any) -> None:
    rows = [
        (place, text.casefold(), text, fields["role__slug"], orjson.dumps(fields).decode())
        for place, (text, fields) in enumerate(all_aliases(), start=1)
    ]
    cursor.execute(f"DELETE FROM {ALIASES}")
    cursor.executemany(
        f"INSERT INTO {ALIASES} (id, folded, text, role, fields) VALUES (%s, %s, %s, %s, %s)", rows
    )
    if connection.vendor == "sqlite":
        cursor.execute(f"INSERT INTO {ALIAS_TRIGRAMS} ({ALIAS_TRIGRAMS}) VALUES ('delete-all')")
        cursor.executemany(
            f"INSERT INTO {ALIAS_TRIGRAMS} (rowid, folded) VALUES (%s, %s)",
            [row[:2] for row in rows],
        )
        cursor.execute(f"INSERT INTO {ALIAS_TRIGRAMS} ({ALIAS_TRIGRAMS}) VALUES ('optimize')")


# id, kind, role, text, fields, searched text, the table and id of the row it stands for
Entry = tuple[int, str, str, str, str, str, str, int]


def _entries() -> Iterator[Entry]:
    placed = dict.fromkeys(FIRST_ID, 0)
    for kind, table, rows in all_rows():
        for text, document, fields, row_id in rows:
            entry_id = FIRST_ID[kind] + placed[kind]
            placed[kind] += 1
            role = fields.get("role_slug") or fields.get("slug", "")
            yield entry_id, kind, role, text, orjson.dumps(fields).decode(), document, table, row_id


def _write_sqlite(cursor: Any, entries: Iterator[Entry]) -> int:
    cursor.execute(f"INSERT INTO {WORDS_TABLE} ({WORDS_TABLE}) VALUES ('delete-all')")
    count = 0
    while batch := list(islice(entries, BATCH)):
        cursor.executemany(
            f"INSERT INTO {ENTRIES} (id, kind, role, text, fields) VALUES (%s, %s, %s, %s, %s)",
            [entry[:5] for entry in batch],
        )
        cursor.executemany(
            f"INSERT INTO {WORDS_TABLE} (rowid, words) VALUES (%s, %s)",
            [(entry[0], entry[5]) for entry in batch],
        )
        count += len(batch)
    # Batches leave the words in many segments, each searched on its own: merged into one, a
    # search's FTS5 lookups took 20-25 instead of 50-56 us each at x100 (three a search), for
    # ~0.5 s of the x100 load (measured).
    cursor.execute(f"INSERT INTO {WORDS_TABLE} ({WORDS_TABLE}) VALUES ('optimize')")
    cursor.execute(f"DELETE FROM {VOCABULARY_TABLE}")
    cursor.execute(f"INSERT INTO {VOCABULARY_TABLE} (word) SELECT term FROM {VOCABULARY_VIEW}")
    return count


def _write_postgresql(cursor: Any, entries: Iterator[Entry]) -> int:
    """COPY into a scratch table, then each entry with the vector its row keeps (made of the
    same text: roles/migrations/0002_search_vectors.py), in one INSERT per table. Row by row,
    making each vector again, the x100 index took 18 s to write; this way ~4 (measured). The
    GIN index takes the new entries into its pending list, merged before the load commits so
    that no search scans the list."""
    cursor.execute(
        f"CREATE TEMPORARY TABLE {SCRATCH_TABLE} (id bigint, kind text, role text, text text, "
        "fields text, source text, source_id bigint)"
    )
    # Read before the COPY starts: no other query can run on the connection during one.
    rows = [(*entry[:5], *entry[6:]) for entry in entries]
    with cursor.cursor.copy(f"COPY {SCRATCH_TABLE} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    for table in sorted({row[5] for row in rows}):
        cursor.execute(
            f"INSERT INTO {ENTRIES} (id, kind, role, text, fields, search_vector) "
            "SELECT entry.id, entry.kind, entry.role, entry.text, entry.fields, "
            f"source.search_vector FROM {SCRATCH_TABLE} entry "
            f"JOIN {table} source ON source.id = entry.source_id WHERE entry.source = %s",
            [table],
        )
    cursor.execute(f"DROP TABLE {SCRATCH_TABLE}")
    cursor.execute(f"SELECT gin_clean_pending_list('{ENTRIES}_search_vector'::regclass)")
    # The planner's view of the new rows: without it PostgreSQL guessed from nothing.
    cursor.execute(f"ANALYZE {ENTRIES}")
    return len(rows)


def search(
    query: str, terms: Sequence[str], limits: Mapping[str, int], offset: int = 0
) -> IndexHits | None:
    """The aliases the query names or contains every term of, and of each group that every term
    matches (a role also when one of those aliases is its) the entries from `offset` on, as many
    as its kind's limit (none for a kind `limits` leaves out); or None when the current data
    version has no index. One query."""
    if not settings.LADDER_STORED_PAGES:
        return None  # never built: the index is kept with the stored pages
    sqlite = connection.vendor == "sqlite"
    named = named_by(query, terms)
    folded = [term.casefold() for term in terms]
    long_terms = [term for term in folded if sqlite and len(term) >= TRIGRAM]
    short_terms = [term for term in folded if term not in long_terms]
    params: list[Any] = []
    if sqlite:
        shape = tuple(len(term) <= SHORT_TERM for term in terms)
        for term, short in zip(terms, shape, strict=True):
            params += [f'"{term}"*'] if short else [term.lower(), term.lower() + LAST_CHARACTER]
    else:
        shape = ()
    params += named
    params += [" AND ".join(f'"{term}"' for term in long_terms)] if long_terms else []
    params += short_terms
    params += [f"+{build_fingerprint()}", MARKER_KEY]
    for kind, first in FIRST_ID.items():
        params += [] if sqlite else [tsquery(list(terms))]
        params += [first, first + SPAN - 1, limits.get(kind, 0), offset]
    alias_shape = (len(named), bool(long_terms), len(short_terms))
    # One statement that checks the version's index too: a snapshot by itself (ladder.snapshot).
    with one_statement(), connection.cursor() as cursor:
        cursor.execute(_sql(connection.vendor, shape, alias_shape), params)
        rows = cursor.fetchall()
    if not any(entry_id == 0 for entry_id, *_ in rows):
        return None
    rows.sort()  # by id: the aliases, then each group, each in the ladder's order
    groups: dict[int, Found] = {first // SPAN: [] for first in (0, *FIRST_ID.values())}
    for entry_id, text, fields in rows:
        if entry_id:
            groups[entry_id // SPAN].append((text, orjson.loads(fields)))
    aliases = [{"text": text, **fields} for text, fields in groups[0]]
    return IndexHits(aliases, *(groups[first // SPAN] for first in FIRST_ID.values()))


@cache
def _sql(vendor: str, shape: tuple[bool, ...], alias_shape: tuple[int, bool, int]) -> str:
    """The query: the aliases found, the marker, then each group's matching entries in the
    window asked for. `shape`: on SQLite, which terms are short; `alias_shape`: how many names the
    query gives, whether terms are looked up as trigrams and how many are read in each alias."""
    quote = connection.ops.quote_name
    entries = quote(SearchEntry._meta.db_table)
    documents, framework = quote(StoredDocument._meta.db_table), quote(Framework._meta.db_table)
    marker = (
        f"SELECT 0, '', '' FROM {documents} WHERE {quote('data_version')} = ("
        f"SELECT {quote('data_version')} FROM {framework} ORDER BY {quote('id')} LIMIT 1"
        f") || %s AND {quote('key')} = %s"
    )
    named_count, trigrams, short_count = alias_shape
    trigram = f"id IN (SELECT rowid FROM {ALIAS_TRIGRAMS} WHERE {ALIAS_TRIGRAMS} MATCH %s)"
    within = "instr(folded, %s) > 0" if vendor == "sqlite" else "strpos(folded, %s) > 0"
    contains = [trigram] * trigrams + [within] * short_count
    matched = (
        f"matched AS (SELECT id, text, fields, role FROM {ALIASES} "
        f"WHERE folded IN ({', '.join(['%s'] * named_count)})"
        + (f" OR ({' AND '.join(contains)})" if contains else "")
        + ")"
    )
    aliases = "SELECT id, text, fields FROM matched"
    named = " OR role IN (SELECT role FROM matched)"
    if vendor != "sqlite":
        found = (
            "SELECT * FROM (SELECT id, text, fields "
            f"FROM {entries}, to_tsquery('english'::regconfig, %s) q "
            "WHERE id BETWEEN %s AND %s AND (search_vector @@ q{named}) "
            "ORDER BY id LIMIT %s OFFSET %s) found"
        )
        return f"WITH {matched} " + " UNION ALL ".join(
            [marker, aliases, found.format(named=named), *[found.format(named="")] * 2]
        )
    # FTS5's query, made once: each term a prefix, or the words of the index it begins, any of
    # them (an empty phrase, which matches nothing, when there is none).
    expansion = (
        "COALESCE((SELECT group_concat('\"' || word || '\"', ' OR ') "
        f"FROM {VOCABULARY_TABLE} WHERE word >= %s AND word < %s), '\"\"')"
    )
    query = " || ' AND ' || ".join(
        "'(' || " + ("%s" if short else expansion) + " || ')'" for short in shape
    )
    words = (
        f"SELECT rowid FROM {WORDS_TABLE} WHERE {WORDS_TABLE} MATCH (SELECT m FROM q) "
        "AND rowid BETWEEN %s AND %s"
    )
    roles_from = FIRST_ID[SearchKind.ROLE]
    roles = (
        f"SELECT * FROM (SELECT id, text, fields FROM {entries} "
        f"WHERE id BETWEEN {roles_from} AND {roles_from + SPAN - 1} "
        f"AND (id IN ({words}){named}) ORDER BY id LIMIT %s OFFSET %s)"
    )
    group = (
        f"SELECT * FROM (SELECT e.id, e.text, e.fields FROM {entries} e "
        f"JOIN ({words} ORDER BY rowid LIMIT %s OFFSET %s) w ON e.id = w.rowid)"
    )
    return f"WITH q(m) AS (SELECT {query}), {matched} " + " UNION ALL ".join(
        [marker, aliases, roles, group, group]
    )
