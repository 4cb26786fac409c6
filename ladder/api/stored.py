"""The API's heavy documents, built once per data version and served as stored bytes.

A position document, the export and the unfiltered CSV files are pure functions of the loaded
content, except for one thing: their absolute links carry the origin the client called. They are
therefore built against a placeholder origin and stored (`StoredDocument`) in the transaction
that changes the content; a request reads one row and writes its own origin into the bytes.
That makes the first request after a load as cheap as any other: no model objects, no
serializers, no JSON encoding. A document that is missing for the current data version (a
database migrated but never loaded since) is built live by the view, as before.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

import orjson
from django.db import connection
from django.http import HttpRequest, HttpResponse

from ladder.api.framework_state import as_loaded_at
from ladder.api.links import links_for
from ladder.api.renderers import CSVRenderer, LadderJSONRenderer, _default
from ladder.binary_reads import bytes_cursor
from ladder.build_fingerprint import build_fingerprint
from ladder.bulk_insert import insert_rows
from ladder.models import Framework, StoredDocument
from ladder.snapshot import one_statement

# No JSON string of content can hold it raw: orjson escapes NUL as \u0000 in every string.
PLACEHOLDER_ORIGIN = "\x00ladder-origin\x00"
ENCODED_PLACEHOLDER = orjson.dumps(PLACEHOLDER_ORIGIN)[1:-1]
JSON = LadderJSONRenderer.media_type
CSV = f"{CSVRenderer.media_type}; charset={CSVRenderer.charset}"


def position_key(key: str) -> str:
    return f"position:{key}"


def item_key(key: str) -> str:
    """A position as an item of the paged list (the list's shorter shape)."""
    return f"item:position:{key}"


EXPORT_KEY = "export"
# The unfiltered list: how many positions it has, and its items in runs of RUN places, so that a
# page reads its count and the few runs it spans whatever the size of the ladder (reading every
# key to slice a page cost a fifth of a x100 page; an item per row, a page of 20 read 21 rows,
# ~150 us on PostgreSQL where two rows take ~90: measured).
POSITION_COUNT_KEY = "count:positions"
RUN = 20
# Between a run's items: no JSON document orjson writes holds a raw newline.
RUN_SEPARATOR = b"\n"


def run_key(run: int) -> str:
    """The unfiltered list's items at places RUN * run to RUN * (run + 1) - 1 (from 0)."""
    return f"items:{run}"


def run_documents(item_bodies: list[bytes]) -> list[tuple[str, str, bytes]]:
    """The unfiltered list's items as stored runs."""
    return [
        (run_key(start // RUN), JSON, RUN_SEPARATOR.join(item_bodies[start : start + RUN]))
        for start in range(0, len(item_bodies), RUN)
    ]


class ListPlaces:
    """The unfiltered list as its pager slices it: its length, and its places (from 0)."""

    def __init__(self, count: int) -> None:
        self.count = count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, places: slice) -> list[int]:
        return list(range(*places.indices(self.count)))


def csv_key(name: str) -> str:
    return f"csv:{name}"


class _PlaceholderRequest(HttpRequest):
    """Stands in for a client while documents are built: every absolute link it makes starts
    with the placeholder origin."""

    def build_absolute_uri(self, location: str | None = None) -> str:
        return PLACEHOLDER_ORIGIN + (location or "/")


def _json(data: Any) -> bytes:
    return orjson.dumps(data, default=_default)


def build_documents(data_version: str) -> int:
    """Build and store every document of `data_version`, its fixed pages (ladder.stored_pages)
    and its search index (ladder.search.index), dropping other versions' documents.
    Call it inside the transaction that wrote the content. Returns how many were stored."""
    # Imported here: the viewsets (and what they import) read what this module stores.
    from compensation.api import BandViewSet
    from ladder.api.documents import PositionDocuments, export_document
    from ladder.api.views import PositionViewSet
    from ladder.search.index import stored_index
    from ladder.stored_pages import render_pages
    from roles.models import Position
    from roles.serializers import PositionSerializer

    request = _PlaceholderRequest()
    links = links_for(request)
    positions = PositionDocuments(links).build(Position.objects.ladder_order())
    documents = [(position_key(d["key"]), JSON, _json(d)) for d in positions]
    items = PositionSerializer(
        PositionViewSet().get_queryset(), many=True, context={"request": request}
    ).data
    item_bodies = [_json(item) for item in items]
    documents += [
        (item_key(item["key"]), JSON, body) for item, body in zip(items, item_bodies, strict=True)
    ]
    documents += run_documents(item_bodies)
    documents.append((POSITION_COUNT_KEY, JSON, _json(len(item_bodies))))
    export = export_document(links, {"request": request}, positions=positions)
    documents.append((EXPORT_KEY, JSON, _json(export)))
    for view in (BandViewSet(), PositionViewSet()):
        rows = view.csv_rows(view.get_queryset())  # type: ignore[arg-type]
        body = CSVRenderer().render(rows, renderer_context={"view": view})
        documents.append((csv_key(view.csv_filename), CSV, body))
    documents += render_pages()
    documents += stored_index()
    _replace(data_version, documents)
    return len(documents)


def stored_version(data_version: str) -> str:
    """What stored bytes are filed under: the content's version and the build that made them
    (ladder.build_fingerprint)."""
    return f"{data_version}+{build_fingerprint()}"


def _replace(data_version: str, documents: Iterable[tuple[str, str, bytes]]) -> None:
    StoredDocument.objects.all().delete()
    version = stored_version(data_version)
    insert_rows(
        StoredDocument,
        (
            {"data_version": version, "key": key, "content_type": kind, "body": body}
            for key, kind, body in documents
        ),
    )
    _analyse_documents()


def _analyse_documents() -> None:
    """Let the planner see the documents as written. Never analysed, PostgreSQL guessed 25
    documents to a version where x100 stores 7,112, and read all of them to pick a page of the
    list's 20 items (4.1 ms instead of 0.2). Only the columns reads select on: analysing the
    bodies would sample megabytes for nothing."""
    table = connection.ops.quote_name(StoredDocument._meta.db_table)
    columns = "(data_version, key)" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table} {columns}")


def has_documents(data_version: str) -> bool:
    """Whether `data_version`'s documents (and, when pages are stored, its pages) are stored:
    a load that changes nothing still builds what an older Ladder did not store."""
    from ladder.stored_pages import expected_marker

    keys = {EXPORT_KEY, *expected_marker()}
    stored = StoredDocument.objects.filter(
        data_version=stored_version(data_version), key__in=keys
    ).count()
    return stored == len(keys)


def stored_answer(request: HttpRequest, row: tuple[str, bytes] | None) -> HttpResponse | None:
    """A stored (content type, body) as a response with the client's origin in its links."""
    if row is None:
        return None
    content_type, body = row
    return HttpResponse(with_origin(request, body), content_type=content_type)


def with_origin(request: HttpRequest, body: bytes) -> bytes:
    """Stored bytes with the origin `request` called in every link."""
    return body.replace(ENCODED_PLACEHOLDER, orjson.dumps(links_for(request).origin)[1:-1])


def stored_items(
    request: HttpRequest, keys: list[str], stored: Mapping[str, tuple[str, bytes]]
) -> list[orjson.Fragment] | None:
    """The stored documents of `keys`, in that order, ready to be embedded in a JSON answer
    (a page of a list), or None unless every one of them is in `stored`."""
    if not all(key in stored for key in keys):
        return None
    origin = orjson.dumps(links_for(request).origin)[1:-1]
    return [orjson.Fragment(stored[key][1].replace(ENCODED_PLACEHOLDER, origin)) for key in keys]


def stored_places(stored: Mapping[str, tuple[str, bytes]]) -> ListPlaces | None:
    """The unfiltered list's places, or None when not stored."""
    row = stored.get(POSITION_COUNT_KEY)
    return None if row is None else ListPlaces(orjson.loads(row[1]))


def page_keys(offset: int, limit: int) -> list[str]:
    """What a page of the unfiltered list is read from: its length and the runs its places fall
    in (those past the end are simply not found)."""
    runs = range(offset // RUN, (offset + limit - 1) // RUN + 1)
    return [POSITION_COUNT_KEY, *(run_key(run) for run in runs)]


def page_items(
    request: HttpRequest, places: list[int], stored: Mapping[str, tuple[str, bytes]]
) -> list[orjson.Fragment] | None:
    """The items at `places` of the unfiltered list, from their stored runs, ready to be
    embedded in a JSON answer, or None unless every run they fall in is in `stored`."""
    runs: dict[int, list[bytes]] = {}
    for run in dict.fromkeys(place // RUN for place in places):
        row = stored.get(run_key(run))
        if row is None:
            return None
        runs[run] = with_origin(request, row[1]).split(RUN_SEPARATOR)
    return [orjson.Fragment(runs[place // RUN][place % RUN]) for place in places]


@dataclass(frozen=True)
class CurrentStored:
    """The current data version, when it was loaded, and what is stored for it under the keys
    asked for: (content type, body) by key, those not stored left out."""

    data_version: str
    loaded_at: datetime | None
    stored: dict[str, tuple[str, bytes]]


# Set on a request whose stored answer was looked for, and not found, before DRF ran
# (ladder/api/stored_answers.py): the keys and what was read for them.
LOOKED_UP = "_ladder_stored_answer_looked_up"


def looked_up(request: HttpRequest, keys: list[str]) -> CurrentStored | None:
    """What was read for `keys` before DRF ran, if they were read then."""
    read = getattr(request, LOOKED_UP, None)
    return read[1] if read is not None and read[0] == keys else None


def read_current_stored(keys: Sequence[str]) -> CurrentStored:
    """What is stored under `keys` for the current data version, with the version itself, in one
    statement: a snapshot by itself, so read outside the request's transaction
    (ladder.snapshot.one_statement). A stored page or document is the whole of its request's
    reads; the version and the rows, read apart, took twice the round trips and the transaction
    two more (on PostgreSQL)."""
    unique = list(dict.fromkeys(keys))
    with one_statement(), bytes_cursor() as cursor:
        cursor.execute(_read_current_sql(len(unique)), [f"+{build_fingerprint()}", *unique])
        rows = cursor.fetchall()
    if not rows:
        return CurrentStored("empty", None, {})
    stored = {
        key: (content_type, bytes(body)) for *_, key, content_type, body in rows if key is not None
    }
    return CurrentStored(rows[0][0] or "empty", as_loaded_at(rows[0][1]), stored)


@cache
def _read_current_sql(count: int) -> str:
    # A LEFT JOIN, so that the version comes back when none of the keys is stored.
    quote = connection.ops.quote_name
    documents, framework = StoredDocument._meta.db_table, Framework._meta.db_table
    placeholders = ", ".join(["%s"] * count)
    return (
        f"SELECT f.{quote('data_version')}, f.{quote('loaded_at')}, d.{quote('key')}, "
        f"d.{quote('content_type')}, d.{quote('body')} FROM ("
        f"SELECT {quote('data_version')}, {quote('loaded_at')} FROM {quote(framework)} "
        f"ORDER BY {quote('id')} LIMIT 1) f "
        f"LEFT JOIN {quote(documents)} d ON d.{quote('data_version')} = "
        f"f.{quote('data_version')} || %s AND d.{quote('key')} IN ({placeholders})"
    )


def read_stored_rows(data_version: str, keys: list[str]) -> dict[str, tuple[str, bytes]]:
    """(content type, body) of those of `keys` stored for `data_version`, by key."""
    unique = list(dict.fromkeys(keys))
    if not unique:
        return {}
    with bytes_cursor() as cursor:
        cursor.execute(_read_many_sql(len(unique)), [stored_version(data_version), *unique])
        return {key: (content_type, bytes(body)) for key, content_type, body in cursor.fetchall()}


@cache
def _read_many_sql(count: int) -> str:
    # Raw SQL on purpose: such a read can be the whole of a request's work, and compiling the
    # equivalent ORM query costs more than running it (measured: ~0.8 ms of ~2 ms per request).
    quote = connection.ops.quote_name
    placeholders = ", ".join(["%s"] * count)
    return (
        f"SELECT {quote('key')}, {quote('content_type')}, {quote('body')} "
        f"FROM {quote(StoredDocument._meta.db_table)} "
        f"WHERE {quote('data_version')} = %s AND {quote('key')} IN ({placeholders})"
    )
