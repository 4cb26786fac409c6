"""Sheets stored per data version: what a comparison reads instead of the content tables.

The loader builds every position's sheet and the frame (`sheet_documents()`, called by
ladder.api.stored.build_documents in the content's transaction); a comparison reads the frame
and the sheets it needs in one query. When the frame is not stored for the current data version
and build, the sheets are built from the database instead: the same functions, the same
result. They are stored with the fixed pages (LADDER_STORED_PAGES), and for the same reason
are not in the test profile, whose factories write content without the loader.
"""

from collections.abc import Callable, Iterator, Sequence
from functools import cache

import orjson
from django.conf import settings
from django.db import connection

from ladder.api.conditional import framework_state
from ladder.api.stored import JSON, stored_version
from ladder.comparison.build import build_sheets
from ladder.comparison.selection import MIN_POSITIONS
from ladder.comparison.sheets import (
    FrameDimension,
    Sheet,
    frame_from_json,
    frame_to_json,
    sheet_from_json,
    sheet_to_json,
)
from ladder.models import StoredDocument

FRAME_KEY = "comparison:frame"
Frame = tuple[FrameDimension, ...]


def sheet_key(position_key: str) -> str:
    return f"comparison:sheet:{position_key}"


def sheet_documents(
    markup: Callable[[Sheet], dict[str, str]] | None = None,
) -> Iterator[tuple[str, str, bytes]]:
    """(key, content type, body) of the frame and of every position's sheet, each sheet with
    its cells' markup when `markup` renders it."""
    frame, sheets = build_sheets()
    yield FRAME_KEY, JSON, orjson.dumps(frame_to_json(frame))
    for key, sheet in sheets.items():
        data = sheet_to_json(sheet)
        if markup is not None:
            data["html"] = markup(sheet)
        yield sheet_key(key), JSON, orjson.dumps(data)


def frame_and_sheets(keys: Sequence[str]) -> tuple[Frame, dict[str, Sheet]]:
    """The frame and the sheets of these position keys (unknown keys left out)."""
    compared = len(keys) >= MIN_POSITIONS  # fewer shows the columns only
    stored = _read(keys)
    if stored is None:
        return build_sheets(keys, cells=compared)
    frame, sheets = stored
    missing = [key for key in keys if key not in sheets]
    if missing:  # unknown keys, or positions written without the loader: ask the database
        sheets |= build_sheets(missing, cells=compared)[1]
    return frame, sheets


def _read(keys: Sequence[str]) -> tuple[Frame, dict[str, Sheet]] | None:
    if not settings.LADDER_STORED_PAGES:
        return None
    data_version, _ = framework_state()
    wanted = [FRAME_KEY, *(sheet_key(key) for key in dict.fromkeys(keys))]
    # Raw SQL for the reason ladder.api.stored.read_stored gives: compiling the ORM query
    # would cost more than running it.
    with connection.cursor() as cursor:
        cursor.execute(_read_sql(len(wanted)), [stored_version(data_version), *wanted])
        bodies = {key: bytes(body) for key, body in cursor.fetchall()}
    frame = bodies.pop(FRAME_KEY, None)
    if frame is None:
        return None
    prefix = len(sheet_key(""))
    sheets = {key[prefix:]: sheet_from_json(orjson.loads(body)) for key, body in bodies.items()}
    return frame_from_json(orjson.loads(frame)), sheets


@cache
def _read_sql(count: int) -> str:
    quote = connection.ops.quote_name
    opts = StoredDocument._meta
    return (
        f"SELECT {quote('key')}, {quote('body')} FROM {quote(opts.db_table)} "
        f"WHERE {quote('data_version')} = %s AND {quote('key')} IN ({', '.join(['%s'] * count)})"
    )
