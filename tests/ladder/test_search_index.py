"""The search index (ladder.search.index): built with the stored pages, read in one query at any
size, and finding exactly what the search on the content tables finds, in the same order, for
every word of the content and the prefixes of many; never another version's entries."""

import re

import pytest
from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings

from ladder.content_edits import mark_content_edited
from ladder.models import Framework, SearchAlias, SearchEntry, SearchKind, StoredDocument
from ladder.search import SearchResults, index, search_ladder
from roles.models import Position, Role, RoleAlias, RoleStatement, Statement
from tests.factories import build_role_with_ladder

pytestmark = pytest.mark.django_db
INDEXED_QUERIES = 1  # the index: its marker, the aliases found and each group's hits
LIVE_QUERIES = 5


@pytest.fixture
def stored_pages(settings) -> None:
    settings.LADDER_STORED_PAGES = True
    mark_content_edited()


def live_results(query: str, limit: int = 50) -> SearchResults:
    with override_settings(LADDER_STORED_PAGES=False):
        return search_ladder(query, limit=limit)


def content_words() -> list[str]:
    texts = [
        *Role.objects.values_list("name", "family", "summary"),
        *Position.objects.values_list("title", "summary", "level__code"),
        *RoleStatement.objects.values_list("text", "label"),
        *Statement.objects.values_list("text", "label", "aspect__name"),
    ]
    words = {
        w.lower() for row in texts for text in row if text for w in re.findall(r"[^\W_]+", text)
    }
    return sorted(words)


def test_the_index_holds_every_role_position_and_statement(stored_pages: None) -> None:
    counts = dict(SearchEntry.objects.values_list("kind").annotate(n=Count("id")))
    assert counts == {
        SearchKind.ROLE: Role.objects.count(),
        SearchKind.POSITION: Position.objects.count(),
        SearchKind.STATEMENT: RoleStatement.objects.count() + Statement.objects.count(),
    }
    assert StoredDocument.objects.filter(key=index.MARKER_KEY).exists()


def test_the_words_of_the_content_find_what_the_live_search_finds(stored_pages: None) -> None:
    words = content_words()
    assert len(words) > 500
    # Every fourth: the live search reads every row with a regular expression (~15 ms each).
    for word in words[::4]:
        assert search_ladder(word, limit=500) == live_results(word, limit=500), word


def test_prefixes_and_several_terms_find_what_the_live_search_finds(stored_pages: None) -> None:
    words = content_words()
    # Prefixes of one and two characters use FTS5's prefix index, longer ones the vocabulary.
    prefixes = sorted({w[:n] for w in words for n in (1, 2, 3, 5) if len(w) > n})[::6]
    queries = [
        *prefixes,
        "roadmap ownership",
        "TPM salary",
        "p3 roadmap",
        "Technical PRODUCT",
        "roadmap zzzqqq",  # a term no word begins: nothing
        "zzzqqq",
        "é",
        "&amp; <mark>",
    ]
    for query in queries:
        assert search_ladder(query) == live_results(query), query
    for limit in (1, 3, 500):
        assert search_ladder("the", limit=limit) == live_results("the", limit=limit)


def test_aliases_are_found_as_the_live_search_finds_them(stored_pages: None) -> None:
    assert list(SearchAlias.objects.order_by("id").values_list("text", flat=True)) == list(
        RoleAlias.objects.order_by("role__order", "order").values_list("text", flat=True)
    )
    queries = [
        "TPM",  # names two roles: ambiguous
        "tpm",
        "Technical PM",  # an alias, named whole
        "platform product",  # every word inside one alias
        "Platform Product Manager",
        "product manager",  # inside many
        "duct",  # inside a word: an alias contains it, though no word begins with it
        "pm",  # too short for a trigram: read in each alias
        "ii",
        "program ii",  # a trigram term and a short one
        "api",
        "zzzqqq",
    ]
    for query in queries:
        found = search_ladder(query)
        assert found == live_results(query), query
    assert search_ladder("TPM").ambiguous
    assert {hit.matched_alias for hit in search_ladder("platform product").roles} == {
        "Platform Product Manager"
    }


@pytest.mark.parametrize("stored", [False, True])
def test_a_term_matches_where_a_word_starts(settings, stored: bool) -> None:
    settings.LADDER_STORED_PAGES = stored
    mark_content_edited()
    assert search_ladder("roadm").statements  # "roadmap" begins with it
    assert search_ladder("oadmap").total == 0  # inside "roadmap": no word begins with it


def test_an_indexed_search_costs_one_query_at_any_size(
    stored_pages: None, django_assert_num_queries
) -> None:
    with django_assert_num_queries(INDEXED_QUERIES):
        small = search_ladder("roadmap ownership", limit=500)
    for _ in range(10):
        build_role_with_ladder()
    mark_content_edited()
    with django_assert_num_queries(INDEXED_QUERIES):
        large = search_ladder("roadmap ownership", limit=500)
    assert len(large.statements) == len(small.statements) + 10 * 5  # a cell at P2–P6


@pytest.mark.parametrize("stored", [False, True])
@pytest.mark.parametrize(("query", "group"), [("roadmap", "statements"), ("product", "positions")])
def test_a_groups_pages_follow_on_without_gaps_or_repeats(
    settings, stored: bool, query: str, group: str
) -> None:
    settings.LADDER_STORED_PAGES = stored
    mark_content_edited()
    whole = getattr(search_ladder(query, limit=500), group)
    assert len(whole) > 7
    pieces = []
    for offset in range(0, len(whole) + 7, 7):
        found = search_ladder(query, limit=7, offset=offset, groups=[group])
        assert [g for g in ("roles", "positions", "statements") if getattr(found, g)] in (
            [group],
            [],
        )
        pieces += getattr(found, group)
    assert pieces == whole


def test_the_index_pages_a_group_as_the_live_search_does(stored_pages: None) -> None:
    for query in ["roadmap", "stakeholder", "tpm", "p3", "data"]:
        for offset in (0, 5, 40):
            found = search_ladder(query, limit=5, offset=offset, groups=["statements"])
            with override_settings(LADDER_STORED_PAGES=False):
                live = search_ladder(query, limit=5, offset=offset, groups=["statements"])
            assert found == live, (query, offset)


def test_a_page_of_one_group_costs_one_query_indexed(
    stored_pages: None, django_assert_num_queries
) -> None:
    with django_assert_num_queries(INDEXED_QUERIES):
        assert search_ladder("roadmap", limit=5, offset=10, groups=["statements"]).statements


def test_the_search_page_reads_the_index(
    client: Client, stored_pages: None, settings, django_assert_num_queries
) -> None:
    with django_assert_num_queries(INDEXED_QUERIES):
        indexed = client.get("/search/?q=roadmap")
    settings.LADDER_STORED_PAGES = False
    live = client.get("/search/?q=roadmap")
    assert indexed.status_code == live.status_code == 200
    nonce = re.compile(rb'nonce="[^"]+"')
    assert nonce.sub(b"", indexed.content) == nonce.sub(b"", live.content)


def test_another_versions_index_is_never_read(
    stored_pages: None, django_assert_num_queries
) -> None:
    # Content changed without the index (a shell, a migration): the data version moved on.
    role = build_role_with_ladder(name="Quantum Widget Owner")
    Framework.objects.update(data_version="edited-elsewhere")
    with django_assert_num_queries(1 + 1 + 4):  # the index's marker, aliases, the live search
        results = search_ladder("quantum widget")
    assert [hit.slug for hit in results.roles] == [role.slug]
    mark_content_edited()  # the admin's way: the index is rebuilt
    with django_assert_num_queries(INDEXED_QUERIES):
        assert [hit.slug for hit in search_ladder("quantum widget").roles] == [role.slug]


def test_an_edit_reaches_the_index(stored_pages: None) -> None:
    statement = Statement.objects.filter(aspect__slug="roadmap-ownership").first()
    statement.text = "Keeps the zeppelin backlog."
    statement.save()
    assert search_ladder("zeppelin").statements == []  # not in this version's index
    mark_content_edited()
    hits = search_ladder("zeppelin").statements
    assert [hit.position_key for hit in hits] == [statement.position.key]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 tables")
def test_sqlite_keeps_the_vocabulary_of_the_index(stored_pages: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT word FROM {index.VOCABULARY_TABLE} WHERE word LIKE 'roadmap%'")
        words = {row[0] for row in cursor.fetchall()}
    assert "roadmap" in words
    assert all(word == word.lower() for word in words)


def test_sqlite_merges_the_words_into_one_segment(stored_pages: None) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's index is a GIN index, its pending list merged by the builder")
    words = index.WORDS_TABLE

    def configure(name: str, value: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {words} ({words}, rank) VALUES (%s, %s)", [name, value])

    def segment_pages() -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {words}_idx")
            return cursor.fetchone()[0]

    # FTS5 writes a segment whenever its pending words pass `hashsize` (1 MB by default, which
    # x100 passes many times over): a small one makes this ladder write many, as x100 does.
    configure("hashsize", 4096)
    try:
        index.build_index()
        built = segment_pages()
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {words} ({words}) VALUES ('optimize')")
        assert segment_pages() == built  # nothing was left to merge
    finally:
        configure("hashsize", 1024 * 1024)


@pytest.mark.parametrize("stored", [False, True])
def test_hits_come_in_the_ladders_order_on_either_database(settings, stored: bool) -> None:
    settings.LADDER_STORED_PAGES = stored
    mark_content_edited()
    found = search_ladder("product manager", limit=500)
    keys = [hit.key for hit in found.positions]
    assert len(keys) > 5
    ladder_order = Position.objects.order_by("role__order", "level__scale__order", "level__order")
    assert keys == [key for key in ladder_order.values_list("key", flat=True) if key in keys]
    # Statements: the role-wide ones first, then the positions' in the same order.
    statements = search_ladder("roadmap", limit=500).statements
    places = [hit.position_key for hit in statements]
    assert "" in places
    assert places.index("") == 0
    assert not [place for place in places[places.count("") :] if place == ""]
    position_keys = list(dict.fromkeys(place for place in places if place))
    assert position_keys == [
        key for key in ladder_order.values_list("key", flat=True) if key in position_keys
    ]
