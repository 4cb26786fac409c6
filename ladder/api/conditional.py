"""Conditional GET for every API view, implemented once: validators are known before the view
runs (data version + request), so a matching If-None-Match or If-Modified-Since is answered with
a 304 without building the body.

- ETag: weak, a digest of (API build, data version, GET/HEAD, full path with query, negotiated
  media type). Any load that changes content changes the data version, hence every ETag.
- Last-Modified: when the content was loaded (Framework.loaded_at).
- Cache-Control: `public, max-age=…` while reads are open; `private, no-cache` when they need a
  key (confidential pay data must not sit in shared caches; clients revalidate with the ETag).
- X-Ladder-Data-Version on every API response, errors included.
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import metadata
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from rest_framework.request import Request

from ladder.api.exceptions import NotModified
from ladder.models import Framework

DATA_VERSION_HEADER = "X-Ladder-Data-Version"
SAFE = ("GET", "HEAD")

try:
    _BUILD = metadata.version("ladder")
except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    _BUILD = "dev"


@dataclass(frozen=True)
class Validators:
    data_version: str
    last_modified: datetime | None
    etag: str

    def not_modified(self, request: Request) -> bool:
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
        if if_none_match is not None:
            tags = parse_etags(if_none_match)
            return "*" in tags or _opaque(self.etag) in {_opaque(tag) for tag in tags}
        if_modified_since = request.META.get("HTTP_IF_MODIFIED_SINCE")
        if if_modified_since and self.last_modified is not None:
            since = parse_http_date_safe(if_modified_since)
            return since is not None and int(self.last_modified.timestamp()) <= since
        return False


def _opaque(tag: str) -> str:
    return tag.removeprefix("W/")


def framework_state() -> tuple[str, datetime | None]:
    """(data version, loaded at) in one single-row read.

    Raw SQL on purpose: every API request starts here, and compiling the ORM query costs more
    than running it. The column types are converted as the ORM would (SQLite returns text)."""
    with connection.cursor() as cursor:
        cursor.execute(_framework_state_sql())
        row = cursor.fetchone()
    if row is None:
        return "empty", None
    loaded_at = row[1]
    if isinstance(loaded_at, str):
        loaded_at = parse_datetime(loaded_at)
    if loaded_at is not None and timezone.is_naive(loaded_at):
        loaded_at = timezone.make_aware(loaded_at, UTC)
    return row[0] or "empty", loaded_at


@cache
def _framework_state_sql() -> str:
    quote = connection.ops.quote_name
    return (
        f"SELECT {quote('data_version')}, {quote('loaded_at')} "
        f"FROM {quote(Framework._meta.db_table)} ORDER BY {quote('id')} LIMIT 1"
    )


def validators_for(request: Request, data_version: str, loaded_at: datetime | None) -> Validators:
    # HEAD describes the same representation as GET, so it shares the GET's validator.
    parts = [
        _BUILD,
        data_version,
        "GET",
        request.get_full_path(),
        request.accepted_media_type,
        settings.LADDER_API_REQUIRE_KEY,  # the schema and Cache-Control differ by access mode
    ]
    digest = hashlib.sha256("\n".join(str(p) for p in parts).encode()).hexdigest()[:32]
    return Validators(data_version, loaded_at, f'W/"{digest}"')


class ConditionalGetMixin:
    """For APIView subclasses: check the validators after authentication, permissions and
    throttling (a 304 is never a way around them), and stamp them on the response."""

    validators: Validators | None = None
    data_version: str | None = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        self.data_version, loaded_at = framework_state()
        if request.method in SAFE:
            self.validators = validators_for(request, self.data_version, loaded_at)
            if self.validators.not_modified(request):
                raise NotModified()

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        # `response` is a DRF Response, or the plain HttpResponse of a problem.
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if self.data_version is None:  # failed before `initial` finished (401, 406, 429…)
            self.data_version, _ = framework_state()
        response[DATA_VERSION_HEADER] = self.data_version
        validators = self.validators
        if validators is not None and response.status_code in (200, 304):
            response["ETag"] = validators.etag
            if validators.last_modified is not None:
                response["Last-Modified"] = http_date(validators.last_modified.timestamp())
            response["Cache-Control"] = cache_control()
            patch_vary_headers(response, vary_on())
        return response


def cache_control() -> str:
    if settings.LADDER_API_REQUIRE_KEY:
        return "private, no-cache"
    return f"public, max-age={settings.LADDER_API_CACHE_MAX_AGE}"


def vary_on() -> list[str]:
    if settings.LADDER_API_REQUIRE_KEY:
        return ["Accept", "Authorization", "X-API-Key"]
    return ["Accept"]
