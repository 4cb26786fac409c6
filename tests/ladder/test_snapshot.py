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
from django.test import Client
from django.test.utils import CaptureQueriesContext
from psycopg.pq import TransactionStatus

from ladder.snapshot import one_statement, read_snapshot

IDLE, INTRANS = TransactionStatus.IDLE, TransactionStatus.INTRANS

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


def test_one_statement_reads_before_the_transaction_without_beginning_it():
    def check() -> tuple[str, bool, str, bool]:
        with read_snapshot():
            connection.ensure_connection()
            status = connection.connection.pgconn.transaction_status
            with one_statement():
                alone = isolation()  # the server's default: no BEGIN was sent before it
            idle_after = status == connection.connection.pgconn.transaction_status == IDLE
            joined = isolation()  # the request's next statement begins its transaction
            in_it = connection.connection.pgconn.transaction_status == INTRANS
            with one_statement():
                assert isolation() == "repeatable read"  # once begun, a statement joins it
        assert connection.connection.autocommit  # Django's own state is left as it was
        return alone, idle_after, joined, in_it

    assert in_own_thread(check) == ("read committed", True, "repeatable read", True)


def test_a_stored_document_is_read_without_a_transaction(monkeypatch: pytest.MonkeyPatch):
    """The whole request: the API document and a stored-document revalidation send no BEGIN
    and no COMMIT; a view that reads live (the roles) still reads in one transaction."""
    import psycopg

    sent: list[bytes] = []
    exec_command = psycopg.Connection._exec_command

    def recording(self: Any, command: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(bytes(command) if isinstance(command, bytes) else str(command).encode())
        return exec_command(self, command, *args, **kwargs)

    monkeypatch.setattr(psycopg.Connection, "_exec_command", recording)

    def commands(path: str, **headers: Any) -> tuple[int, list[bytes]]:
        def check() -> tuple[int, list[bytes]]:
            Client().get(path)  # the connection opened, and its statements prepared
            sent.clear()
            status = Client().get(path, **headers).status_code
            return status, [command.split()[0] for command in sent]

        return in_own_thread(check)

    document = "/api/v1/positions/technical-product-manager.p3/"
    assert commands(document) == (200, [])
    etag = Client().get(document)["ETag"]
    assert commands(document, HTTP_IF_NONE_MATCH=etag) == (304, [])
    assert commands("/api/v1/roles/") == (200, [b"BEGIN", b"COMMIT"])
