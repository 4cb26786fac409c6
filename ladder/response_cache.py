"""Serve repeat GETs as stored bytes, before Django builds anything.

Ladder's content changes only when it is loaded (or edited in the admin), so every public page
and API response is a function of the data version and the request: path, query string and
Accept header. This WSGI middleware stores each response under exactly that key and answers
repeats — and their `If-None-Match` revalidations — without routing, views, templates or the
ORM. What keeps a stored answer from ever outliving a load, across processes and servers, is
the data version a hit is keyed on: on PostgreSQL each process keeps it in memory, told of every
change (ladder/version_watch.py); otherwise a hit reads it, one single-row read straight through
the database driver, since Django's cursor wrapping would double a hit's cost.

Left to Django: anything but GET/HEAD, the admin and /static/, requests carrying credentials
(an API key or a session), /api/ while per-client throttling is configured, and responses that
are not a plain public 200.
"""

import hashlib
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.http import parse_http_date_safe

from ladder.prepared_reads import fetch_row
from ladder.version_key import version_key
from ladder.version_lease import process_lease
from ladder.version_watch import process_watch

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict, StartResponse], Iterable[bytes]]

# The health probes too: /healthz must answer without the database (ladder/health.py).
PASS_THROUGH_PREFIXES = ("/static/", "/healthz", "/readyz")
CREDENTIAL_HEADERS = ("HTTP_AUTHORIZATION", "HTTP_X_API_KEY")
CONDITIONAL_HEADERS = frozenset({"HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE"})
FORWARDED_ON_304 = {"etag", "cache-control", "last-modified", "vary", "x-ladder-data-version"}


def pass_through_prefixes() -> tuple[str, ...]:
    """PASS_THROUGH_PREFIXES and the admin's, wherever LADDER_ADMIN_PATH puts it."""
    admin = getattr(settings, "LADDER_ADMIN_PATH", "admin/")
    return (*PASS_THROUGH_PREFIXES, f"/{admin}") if admin else PASS_THROUGH_PREFIXES


class Resolved(threading.local):
    """What every request looks up, looked up once per thread: the settings a hit reads, the
    store and the database connection. Django's `caches[...]` and `connections[...]` cost ~2 and
    ~1 µs each (asgiref's context-aware locals), a fifth of a whole hit. Per thread, because
    connections and cache clients are; read lazily, because this module is imported before
    settings are; forgotten whenever a setting changes (tests override them)."""

    ready = False

    def resolve(self) -> "Resolved":
        if not self.ready:
            self.enabled = bool(getattr(settings, "LADDER_RESPONSE_CACHE", False))
            self.prefixes = pass_through_prefixes()
            self.api_throttled = bool(getattr(settings, "LADDER_API_THROTTLE_RATE", None))
            self.session_cookie = settings.SESSION_COOKIE_NAME
            self.max_body = int(getattr(settings, "LADDER_RESPONSE_CACHE_MAX_BODY", 0))
            self.stores: dict[str, BaseCache] = {}
            self.database: BaseDatabaseWrapper = connections[DEFAULT_DB_ALIAS]
            # DATABASE_PREPARE_THRESHOLD=off (a pooler that cannot keep them): none prepared.
            options = self.database.settings_dict.get("OPTIONS", {})
            self.prepare = options.get("prepare_threshold", 0) is not None
            self.ready = True
        return self

    def store(self, alias: str) -> BaseCache:
        store = self.stores.get(alias)
        if store is None:
            store = self.stores[alias] = caches[alias]
        return store


resolved = Resolved()


def forget_resolved(**kwargs: Any) -> None:
    global resolved
    resolved = Resolved()


setting_changed.connect(forget_resolved, dispatch_uid="ladder.response_cache.forget_resolved")


# The time as text, so that every way of reading it gives the same key: Django's cursor would
# turn PostgreSQL's timestamp into a datetime, the driver's read below keeps the server's text.
VERSION_SQL = (
    "SELECT data_version, CAST(loaded_at AS TEXT) FROM ladder_framework ORDER BY id LIMIT 1"
)
VERSION_SQL_BYTES = VERSION_SQL.encode()  # what libpq takes, encoded once rather than per hit
VERSION_STATEMENT = b"ladder_data_version"


def current_version() -> str | None:
    """What a hit is keyed on: from this process's memory where PostgreSQL tells it of every
    change (ladder/version_watch.py), as read less than a lease ago on SQLite
    (ladder/version_lease.py), else read from the database."""
    watch = process_watch.get(read_data_version, VERSION_SQL_BYTES)
    if watch is not None:
        return watch.version()
    lease = process_lease.get(read_data_version)
    return read_data_version() if lease is None else lease.version()


def read_data_version() -> str | None:
    """The loaded data version and when it was loaded (ladder/version_key.py), or None when
    they cannot be read: then nothing is cached."""
    try:
        row = fetch_version_row()
    except DatabaseError:
        connection.close()  # a broken connection is reopened by the next request
        return None
    return version_key(row[0], row[1]) if row else None


def fetch_version_row() -> tuple[Any, ...] | None:
    # While queries are being logged (DEBUG, or a test counting them) the read goes through
    # Django's cursor like any other, so that it is counted; otherwise through the driver, the
    # same statement on the same connection (and so in the same transaction) for a fraction of
    # the cost: ~10 against ~30 µs on SQLite, ~18 against ~120 µs of CPU on PostgreSQL
    # (ladder/prepared_reads.py).
    database = resolved.resolve().database
    if database.queries_logged:
        with database.cursor() as cursor:
            cursor.execute(VERSION_SQL)
            return cursor.fetchone()
    if database.connection is None:
        database.ensure_connection()
    with database.wrap_database_errors:  # the driver's errors as Django's DatabaseError
        if database.vendor == "postgresql":
            return fetch_row(
                database.connection.pgconn,
                VERSION_STATEMENT,
                VERSION_SQL_BYTES,
                prepare=resolved.resolve().prepare,
            )
        cursor = database.connection.cursor()
        try:
            cursor.execute(VERSION_SQL)
            return cursor.fetchone()
        finally:
            cursor.close()


def etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == bare for tag in header.split(","))


def not_modified(environ: dict, headers: Sequence[tuple[str, str]]) -> bool:
    """Whether a conditional GET is answered by these headers' validators (RFC 9110 §13.2.2:
    If-None-Match decides when it is sent; If-Modified-Since only without it)."""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        etag = header_value(headers, "etag")
        return etag is not None and etag_matches(if_none_match, etag)
    if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
    last_modified = header_value(headers, "last-modified")
    if not if_modified_since or last_modified is None:
        return False
    since, modified = parse_http_date_safe(if_modified_since), parse_http_date_safe(last_modified)
    return since is not None and modified is not None and modified <= since


def header_value(headers: Sequence[tuple[str, str]], lowered_name: str) -> str | None:
    return next((value for name, value in headers if name.lower() == lowered_name), None)


class ResponseCache:
    def __init__(
        self,
        app: WSGIApp,
        *,
        cache_alias: str = "responses",
        version: Callable[[], str | None] = current_version,
    ) -> None:
        self.app = app
        self.cache_alias = cache_alias
        self.version = version

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        if not self.applies_to(environ):
            return self.app(environ, start_response)
        version = self.version()
        if version is None:
            return self.app(environ, start_response)
        key = self.key(version, environ)
        store = resolved.resolve().store(self.cache_alias)
        stored = store.get(key)
        if stored is None:
            stored = self.render(environ)
            if self.storable(*stored, max_body=resolved.resolve().max_body):
                store.set(key, stored)
        status, headers, body = stored
        return self.answer(environ, start_response, status, headers, body)

    @staticmethod
    def applies_to(environ: dict) -> bool:
        current = resolved.resolve()
        if not current.enabled:
            return False
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return False
        path = environ.get("PATH_INFO", "")
        if path.startswith(current.prefixes):
            return False
        if current.api_throttled and path.startswith("/api/"):
            return False  # throttling counts every request, so none may be answered from here
        if any(environ.get(name) for name in CREDENTIAL_HEADERS):
            return False
        # A signed-in editor's pages may differ (admin links, messages): leave them to Django.
        return current.session_cookie not in environ.get("HTTP_COOKIE", "")

    @staticmethod
    def key(version: str, environ: dict) -> str:
        parts = "\0".join(
            (
                environ.get("PATH_INFO", ""),
                environ.get("QUERY_STRING", ""),
                environ.get("HTTP_ACCEPT", ""),
            )
        )
        return f"ladder:response:{version}:{hashlib.sha256(parts.encode()).hexdigest()}"

    def render(self, environ: dict) -> tuple[str, tuple[tuple[str, str], ...], bytes]:
        """Run Django for a plain GET and keep what it answered. A HEAD is stored as its GET;
        a revalidation too, without its conditions: Django would answer it with a 304, which
        cannot be stored, and every later revalidation of that answer would miss as well. The
        conditions are then checked against the stored answer, as on a hit."""
        captured: dict[str, Any] = {}

        def capture(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Callable[[bytes], None]:
            captured["status"], captured["headers"] = status, headers
            return lambda data: None

        plain = {name: value for name, value in environ.items() if name not in CONDITIONAL_HEADERS}
        result = self.app({**plain, "REQUEST_METHOD": "GET"}, capture)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close:
                close()
        headers = list(captured["headers"])
        if captured["status"].startswith("200") and header_value(headers, "etag") is None:
            headers.append(("ETag", f'"{hashlib.sha256(body).hexdigest()[:32]}"'))
        # Immutable all through, so that the process-local store can keep it unpickled.
        return captured["status"], tuple((str(n), str(v)) for n, v in headers), body

    @staticmethod
    def storable(
        status: str, headers: Iterable[tuple[str, str]], body: bytes, *, max_body: int
    ) -> bool:
        if not status.startswith("200") or len(body) > max_body:
            return False
        for name, value in headers:
            lowered = name.lower()
            if lowered == "set-cookie":
                return False
            if lowered == "cache-control" and ("private" in value or "no-store" in value):
                return False
            if lowered == "vary" and "cookie" in value.lower():
                return False
        return True

    @staticmethod
    def answer(
        environ: dict,
        start_response: StartResponse,
        status: str,
        headers: Sequence[tuple[str, str]],
        body: bytes,
    ) -> Iterable[bytes]:
        if status.startswith("200") and not_modified(environ, headers):
            start_response(
                "304 Not Modified", [(n, v) for n, v in headers if n.lower() in FORWARDED_ON_304]
            )
            return []
        start_response(status, list(headers))
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]
