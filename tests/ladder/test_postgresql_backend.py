"""The connection health check that costs no round trip while a connection is quiet."""

from collections.abc import Iterator
from unittest import mock

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.postgresql import base as django_backend

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend"),
    pytest.mark.django_db,
]


@pytest.fixture
def other() -> Iterator:  # type: ignore[type-arg]
    """A second connection of the same settings, as a worker would hold between requests."""
    opened = connections.create_connection(DEFAULT_DB_ALIAS)
    opened.ensure_connection()
    try:
        yield opened
    finally:
        opened.close()


def test_the_backend_is_ladders(other) -> None:
    from ladder.postgresql.base import DatabaseWrapper

    assert isinstance(other, DatabaseWrapper)


def test_a_quiet_connection_is_usable_without_a_query(other) -> None:
    with mock.patch.object(
        django_backend.DatabaseWrapper, "is_usable", side_effect=AssertionError("a query")
    ):
        assert other.is_usable()


def test_a_connection_the_server_ended_is_not_usable(other) -> None:
    pid = other.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
    assert not other.is_usable()


def test_a_closed_connection_is_not_usable(other) -> None:
    other.close()
    assert not other.is_usable()
