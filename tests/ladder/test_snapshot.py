"""read_snapshot(): a read is one transaction on one snapshot; writes keep their own isolation.
(Loads committing while readers read, through real servers: test_load_while_serving.py.)

Each check runs in a thread of its own: Django's connections are per thread, so there the
connection is outside the test's own transaction, as a request's is (inside one, read_snapshot
only joins it)."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from ladder.snapshot import read_snapshot

# Both branches of read_snapshot run under every request of the suite; this checks what only
# PostgreSQL distinguishes (SQLite's shared in-memory test database is locked to other threads
# by the test's own transaction).
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's isolation levels"),
]


def in_own_thread(check: Callable[[], Any]) -> Any:
    def run() -> Any:
        try:
            return check()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def isolation() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW transaction_isolation")
        return str(cursor.fetchone()[0])


def test_a_read_is_repeatable_and_the_next_write_is_not():
    def check() -> tuple[str, str, list[str]]:
        with read_snapshot():
            assert connection.in_atomic_block
            read = isolation()
        assert not connection.in_atomic_block
        with transaction.atomic():
            write = isolation()
        with CaptureQueriesContext(connection) as queries, read_snapshot():
            isolation()
        return read, write, [query["sql"] for query in queries.captured_queries]

    read, write, statements = in_own_thread(check)
    assert read == "repeatable read"
    assert write == "read committed"
    # The level goes with BEGIN (logged as BEGIN): no SET TRANSACTION round trip of its own.
    assert statements == ["BEGIN", "SHOW transaction_isolation", "COMMIT"]
