"""A one-row read run through libpq itself, prepared once per connection under a fixed name.

Every hit of the response cache reads the data version. Through a psycopg cursor, even one
whose statement the server has prepared, that read cost ~120 µs of the worker's CPU (the
cursor, its adapters and row maker, and parsing the timestamp into a datetime); through the
connection's own libpq handle it costs ~18 µs, and ~55 against ~150 µs from call to answer
(measured 2026-11-24 on this machine, PostgreSQL on loopback). On a 2-core server that is the
difference between a hit and a hit and a half.
"""

import threading

from django.db import DatabaseError
from psycopg.pq import DiagnosticField, ExecStatus, TransactionStatus
from psycopg.pq.abc import PGconn, PGresult

COMMAND_OK, TUPLES_OK, SQLSTATE = (
    ExecStatus.COMMAND_OK,
    ExecStatus.TUPLES_OK,
    DiagnosticField.SQLSTATE,
)
IDLE = TransactionStatus.IDLE

# SQLSTATEs (PostgreSQL, Appendix A). psycopg sends DEALLOCATE ALL after any ROLLBACK it runs
# while it holds prepared statements of its own, which takes this one away too.
STATEMENT_MISSING = b"26000"  # invalid_sql_statement_name
STATEMENT_EXISTS = b"42P05"  # duplicate_prepared_statement


class Prepared(threading.local):
    """Which connection this thread's statements were prepared on, and their names. Holding the
    connection's handle keeps its identity from being reused by a later one."""

    def __init__(self) -> None:
        self.on: object | None = None
        self.names: set[bytes] = set()


prepared = Prepared()


def fetch_row(
    pgconn: PGconn, name: bytes, sql: bytes, *, prepare: bool = True
) -> tuple[str | None, ...] | None:
    """The first row of `sql` as text (None for NULL), or None without rows. `pgconn` is a
    psycopg connection's `pgconn`; libpq's errors are raised as Django's DatabaseError (those of
    the connection itself as psycopg's, which Django's `wrap_database_errors` translates).
    `prepare=False` behind a pooler that cannot keep prepared statements."""
    if not prepare or pgconn.transaction_status != IDLE:
        # Inside a transaction (a test's, an atomic block's) a failed read of a statement gone
        # missing would abort it: there the statement is sent whole.
        result = pgconn.exec_params(sql, None)
    else:
        result = _exec_prepared(pgconn, name, sql)
    if result.status != TUPLES_OK:
        raise DatabaseError(result.get_error_message())
    if not result.ntuples:
        return None
    values = [result.get_value(0, column) for column in range(result.nfields)]
    return tuple(None if value is None else bytes(value).decode() for value in values)


def _exec_prepared(pgconn: PGconn, name: bytes, sql: bytes) -> PGresult:
    if prepared.on is not pgconn:
        prepared.on, prepared.names = pgconn, set()
    if name not in prepared.names:
        _prepare(pgconn, name, sql)
    result = pgconn.exec_prepared(name, None)
    if result.status != TUPLES_OK and result.error_field(SQLSTATE) == STATEMENT_MISSING:
        _prepare(pgconn, name, sql)
        result = pgconn.exec_prepared(name, None)
    return result


def _prepare(pgconn: PGconn, name: bytes, sql: bytes) -> None:
    result = pgconn.prepare(name, sql)
    if result.status != COMMAND_OK and (result.error_field(SQLSTATE) != STATEMENT_EXISTS):
        raise DatabaseError(result.get_error_message())
    prepared.names.add(name)
