"""Stored bytes read as bytes.

psycopg asks PostgreSQL for results in the text format unless told otherwise, and bytea in text
is hexadecimal: twice the size on the wire, then decoded back. For stored documents and pages
(the x100 export is 51 MB) that was most of a read: 766 against ~300 ms for the export in the
binary format (measured on this machine's server, 2026-11-23). SQLite's blobs are bytes already.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorWrapper


def server_binding_cursor(driver_connection: Any) -> Any:
    """A psycopg cursor on the driver's connection that binds parameters on the server. Django's
    bind on the client, and such cursors can neither receive binary results nor be prepared;
    this one can be both (psycopg prepares a statement it has run DATABASE_PREPARE_THRESHOLD
    times: ladder/settings.py)."""
    import psycopg

    return psycopg.Cursor(driver_connection)


@contextmanager
def bytes_cursor() -> Iterator[CursorWrapper]:
    """A cursor wrapped as Django wraps its own (queries still logged and counted), its results
    in the binary format on PostgreSQL (`server_binding_cursor()`)."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    from psycopg.pq import Format

    connection.ensure_connection()
    raw = server_binding_cursor(connection.connection)
    raw.format = Format.BINARY
    wrap = connection.make_debug_cursor if connection.queries_logged else connection.make_cursor
    with wrap(raw) as cursor:  # type: ignore[arg-type]  # it wraps a driver's cursor
        yield cursor
