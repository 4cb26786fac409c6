"""Sheets kept by the loader: every position's, and the outline, pickled once per data version.

Stored beside the fixed pages (ladder.stored_pages), under the data version and the build
fingerprint, so a sheet is only ever read by the code that pickled it and never outlives a load.
A comparison reads its sheets in one query, which the page shares with its other stored parts
(`read_current()`). Pickle, not JSON: the sheets are Ladder's own dataclasses, written and read
by Ladder only, and rebuilding them from JSON cost more than the rest of lining them up.
"""

import pickle
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache

from django.conf import settings
from django.db import connection

from ladder.binary_reads import bytes_cursor
from ladder.build_fingerprint import build_fingerprint
from ladder.comparison.selection import MIN_POSITIONS
from ladder.comparison.sheets import Outline, Sheet, build_columns, build_sheets
from ladder.models import Framework, StoredDocument
from ladder.snapshot import one_statement

OUTLINE_KEY = "comparison:outline"
PICKLE = "application/x-python-pickle"


def sheet_key(position_key: str) -> str:
    return f"comparison:sheet:{position_key}"


def sheet_keys(position_keys: Iterable[str]) -> list[str]:
    """The stored documents a comparison of these positions reads."""
    return [OUTLINE_KEY, *(sheet_key(key) for key in position_keys)]


def stored_sheets(
    outline: Outline, sheets: Mapping[str, Sheet]
) -> Iterator[tuple[str, str, bytes]]:
    """What the loader stores, in (key, content type, body) form: the outline and every sheet
    (`build_sheets()`)."""
    yield OUTLINE_KEY, PICKLE, pickle.dumps(outline, pickle.HIGHEST_PROTOCOL)
    for key, sheet in sheets.items():
        yield sheet_key(key), PICKLE, pickle.dumps(sheet, pickle.HIGHEST_PROTOCOL)


def read_sheets(
    position_keys: Sequence[str], stored: Mapping[str, bytes] | None = None
) -> tuple[Outline, dict[str, Sheet]]:
    """The outline and the sheets of these positions: stored, or built live when any of them is
    not stored (pages not stored, a key with no position). `stored`: documents the caller read
    already, with `read_current(sheet_keys(...) + …)`."""
    keys = sheet_keys(position_keys)
    if stored is None:
        stored = read_current(keys)
    if all(key in stored for key in keys):
        outline = pickle.loads(stored[OUTLINE_KEY])
        return outline, {key: pickle.loads(stored[sheet_key(key)]) for key in position_keys}
    if len(position_keys) < MIN_POSITIONS:
        # Not a comparison yet: only the columns are shown, and one query finds them.
        return (), {
            key: Sheet.of_column(column) for key, column in build_columns(position_keys).items()
        }
    return build_sheets(position_keys)


def read_current(keys: Sequence[str]) -> dict[str, bytes]:
    """The bodies of those of `keys` stored for the current data version, by key, in one query
    that reads the version too (so outside the request's transaction: ladder.snapshot); {} when
    pages are not stored."""
    unique = list(dict.fromkeys(keys))
    if not settings.LADDER_STORED_PAGES or not unique:
        return {}
    with one_statement(), bytes_cursor() as cursor:
        cursor.execute(_read_sql(len(unique)), [f"+{build_fingerprint()}", *unique])
        return {key: bytes(body) for key, body in cursor.fetchall()}


@cache
def _read_sql(count: int) -> str:
    quote = connection.ops.quote_name
    documents, framework = StoredDocument._meta.db_table, Framework._meta.db_table
    placeholders = ", ".join(["%s"] * count)
    return (
        f"SELECT {quote('key')}, {quote('body')} FROM {quote(documents)} "
        f"WHERE {quote('data_version')} = ("
        f"SELECT {quote('data_version')} FROM {quote(framework)} ORDER BY {quote('id')} LIMIT 1"
        f") || %s AND {quote('key')} IN ({placeholders})"
    )
