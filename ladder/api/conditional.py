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
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from rest_framework.request import Request

from ladder.api.exceptions import NotModified
from ladder.api.framework_state import framework_state
from ladder.api.stored import looked_up, read_current_stored, read_stored_rows, stored_answer
from ladder.snapshot import one_statement

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


def validators_for(
    full_path: str, media_type: str, data_version: str, loaded_at: datetime | None
) -> Validators:
    """The validators of the answer at `full_path` (with its query) in `media_type`."""
    # HEAD describes the same representation as GET, so it shares the GET's validator.
    parts = [
        _BUILD,
        data_version,
        "GET",
        full_path,
        media_type,
        settings.LADDER_API_REQUIRE_KEY,  # the schema and Cache-Control differ by access mode
    ]
    digest = hashlib.sha256("\n".join(str(p) for p in parts).encode()).hexdigest()[:32]
    return Validators(data_version, loaded_at, f'W/"{digest}"')


class ConditionalGetMixin:
    """For APIView subclasses: check the validators after authentication, permissions and
    throttling (a 304 is never a way around them), and stamp them on the response.

    A view answered from stored documents names them (`stored_keys()`); they are then read with
    the version in one statement, outside the request's transaction
    (ladder.api.stored.read_current_stored). A revalidation first reads the version alone, the
    same way, so that a 304 reads nothing else; had a load committed before the documents were
    read, the validators are those of the version the documents belong to, checked again."""

    validators: Validators | None = None
    data_version: str | None = None
    # The keys read with the version, and what was stored under them (those not stored left out).
    _stored_keys: frozenset[str] = frozenset()
    _stored: Mapping[str, tuple[str, bytes]] = {}

    def stored_keys(self, request: Request) -> list[str]:
        """The keys of the stored documents that answer this request, if any do."""
        return []

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        if request.method not in SAFE:
            self.data_version, _ = framework_state()
            return
        if _conditional(request):
            with one_statement():
                self._check(request, *framework_state())
        keys = self.stored_keys(request)
        if not keys:
            self._check(request, *framework_state())  # in the snapshot the view then reads
            return
        current = looked_up(request._request, keys) or read_current_stored(keys)
        self._stored_keys, self._stored = frozenset(keys), current.stored
        self._check(request, current.data_version, current.loaded_at)

    def _check(self, request: Request, data_version: str, loaded_at: datetime | None) -> None:
        self.data_version = data_version
        self.validators = validators_for(
            request.get_full_path(), request.accepted_media_type, data_version, loaded_at
        )
        if self.validators.not_modified(request):
            raise NotModified()

    def stored_rows(self, keys: list[str]) -> Mapping[str, tuple[str, bytes]]:
        """(content type, body) by key of those of `keys` stored for this request's version."""
        if self._stored_keys.issuperset(keys):
            return self._stored
        return read_stored_rows(self.data_version, keys) if self.data_version else {}

    def stored_response(self, request: Request, key: str) -> HttpResponse | None:
        """The stored document `key` as a response, or None when it is not stored."""
        return stored_answer(request, self.stored_rows([key]).get(key))

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


def _conditional(request: Request) -> bool:
    return "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META


def cache_control() -> str:
    if settings.LADDER_API_REQUIRE_KEY:
        return "private, no-cache"
    return f"public, max-age={settings.LADDER_API_CACHE_MAX_AGE}"


def vary_on() -> list[str]:
    if settings.LADDER_API_REQUIRE_KEY:
        return ["Accept", "Authorization", "X-API-Key"]
    return ["Accept"]
