"""Every GET and HEAD reads one snapshot of the database, so that a page or document built
while `load_ladder` commits is wholly the old content or wholly the new.

A request makes several queries (a position page about eight). Outside a transaction each one
sees the database as it is at that moment, so a load committing between two of them would give
a page half old and half new, or an API document whose data version names the other half. Here
the view and the rendering of its response run in one transaction that reads one snapshot:
- PostgreSQL: REPEATABLE READ, whose snapshot is taken at the first query and kept to the end
  (READ COMMITTED, the default, takes a new one for every statement).
- SQLite, in WAL mode (settings.py): a transaction reads the database as it was at its first
  read, while a load commits beside it. A *deferred* one: the IMMEDIATE mode the settings give
  writers would make every reader queue for the write lock, behind a load.

A read that is one statement is a snapshot by itself. On PostgreSQL the transaction costs it two
round trips (the BEGIN psycopg sends before the first statement, and the COMMIT), more than the
statement's own; `one_statement()` sends such a read outside it, where nothing else is read
beside it (a stored page or document read with the version it belongs to, a comparison's stored
parts, a revalidation's version).

Only reads get this: writes (the admin's POSTs, the loader) keep their own transactions at the
default isolation level, where they wait for each other instead of failing to serialise.
A request that arrives inside a transaction (a test's) reads what that transaction sees.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpRequest, HttpResponse
from psycopg import IsolationLevel
from psycopg.pq import TransactionStatus

from ladder.health import PROBE_PATHS

READS = ("GET", "HEAD")


@contextmanager
def read_snapshot(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """A transaction whose every query reads the same snapshot of the database."""
    connection = connections[using]
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "sqlite":
        # Django starts the transaction with `BEGIN <transaction_mode>`, read when it begins.
        writers_mode = getattr(connection, "transaction_mode", None)
        connection.transaction_mode = "DEFERRED"  # type: ignore[attr-defined]
        try:
            with transaction.atomic(using=using):
                yield
        finally:
            connection.transaction_mode = writers_mode  # type: ignore[attr-defined]
        return
    if connection.vendor == "postgresql":
        # psycopg opens the transaction with `BEGIN ISOLATION LEVEL REPEATABLE READ`: one round
        # trip to the server, where a SET TRANSACTION after the BEGIN was a second.
        connection.ensure_connection()
        driver = connection.connection
        writers_level = driver.isolation_level
        driver.isolation_level = IsolationLevel.REPEATABLE_READ
        try:
            with transaction.atomic(using=using):
                yield
        finally:
            if not driver.closed:
                driver.isolation_level = writers_level
        return
    with transaction.atomic(using=using):
        yield


@contextmanager
def one_statement(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Run what is inside, one statement that reads all it needs, as its own snapshot: on
    PostgreSQL, before the request's transaction has begun, without beginning it (psycopg sends
    BEGIN with the first statement of a transaction; with autocommit on it sends none). Once the
    transaction has begun (a statement ran before, or a test's transaction) the statement joins
    it, as any other; SQLite's transactions cost no round trip and are left alone."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        # Django checks a kept connection (CONN_HEALTH_CHECKS) as a transaction or a cursor
        # begins; a read made here may be the request's first and only one, and neither.
        connection.close_if_health_check_failed()
    connection.ensure_connection()
    driver = connection.connection
    if driver.autocommit or driver.pgconn.transaction_status != TransactionStatus.IDLE:
        yield
        return
    driver.autocommit = True
    try:
        yield
    finally:
        if not driver.closed:
            driver.autocommit = False


class ReadSnapshotMiddleware:
    """Runs each GET and HEAD (the view, and the rendering of its response) in read_snapshot().
    Placed after the session and auth middleware, so their writes stay outside it; the health
    probes are left alone (liveness never touches the database, readiness reports on it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Not the health probes: /healthz must answer without the database (ladder/health.py).
        if request.method not in READS or request.path_info in PROBE_PATHS:
            return self.get_response(request)
        with read_snapshot():
            return self.get_response(request)
