"""The libpq-level read behind every response-cache hit on PostgreSQL, on connections of its own:
a test's Django connection sits inside the test's transaction, and this read prepares only
outside one."""

from collections.abc import Iterator

import pytest
from django.db import DatabaseError, connection

from ladder.prepared_reads import fetch_row

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="libpq's prepared statements"
)

NAME = b"ladder_test_read"
SQL = b"SELECT 'P3'::text, NULL::text, 42"


def connect():  # type: ignore[no-untyped-def]
    import psycopg

    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=True,
    )


@pytest.fixture
def own() -> Iterator:  # type: ignore[type-arg]
    with connect() as opened:
        yield opened


def prepared_names(opened) -> list[str]:  # type: ignore[no-untyped-def]
    return [row[0] for row in opened.execute("SELECT name FROM pg_prepared_statements")]


@pytest.mark.django_db
def test_the_row_comes_as_text_with_nulls_as_none(own) -> None:
    assert fetch_row(own.pgconn, NAME, SQL) == ("P3", None, "42")


@pytest.mark.django_db
def test_no_row_is_none(own) -> None:
    assert fetch_row(own.pgconn, NAME, b"SELECT 1 WHERE false") is None


@pytest.mark.django_db
def test_the_statement_is_prepared_once_under_its_name(own) -> None:
    fetch_row(own.pgconn, NAME, SQL)
    fetch_row(own.pgconn, NAME, SQL)
    assert prepared_names(own) == [NAME.decode()]


@pytest.mark.django_db
def test_a_statement_dropped_by_deallocate_all_is_prepared_again(own) -> None:
    fetch_row(own.pgconn, NAME, SQL)
    own.execute("DEALLOCATE ALL")  # what psycopg sends after a rollback
    assert prepared_names(own) == []
    assert fetch_row(own.pgconn, NAME, SQL) == ("P3", None, "42")
    assert prepared_names(own) == [NAME.decode()]


@pytest.mark.django_db
def test_a_new_connection_gets_the_statement_prepared_on_it_too(own) -> None:
    fetch_row(own.pgconn, NAME, SQL)
    with connect() as other:
        assert fetch_row(other.pgconn, NAME, SQL) == ("P3", None, "42")
        assert prepared_names(other) == [NAME.decode()]


@pytest.mark.django_db
def test_inside_a_transaction_the_statement_is_sent_whole(own) -> None:
    with own.transaction():
        assert fetch_row(own.pgconn, NAME, SQL) == ("P3", None, "42")
        assert prepared_names(own) == []


@pytest.mark.django_db
def test_a_failing_statement_is_a_database_error(own) -> None:
    with pytest.raises(DatabaseError, match="no_such_table"):
        fetch_row(own.pgconn, b"ladder_test_broken", b"SELECT * FROM no_such_table")


@pytest.mark.django_db
def test_told_not_to_prepare_it_sends_the_statement_whole(own) -> None:
    assert fetch_row(own.pgconn, NAME, SQL, prepare=False) == ("P3", None, "42")
    assert prepared_names(own) == []
