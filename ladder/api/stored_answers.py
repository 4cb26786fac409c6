"""The API's stored answers, given without DRF (ladder/stored_answers.py says when).

A plain GET of a position, the export, a page of the unfiltered list or the full bands or
positions CSV is stored bytes with the client's origin written in (ladder/api/stored.py).
Through DRF such an answer cost more than twice the read it is made of: the request wrapper,
negotiation, authentication, permissions, throttling and finalising the response. Here it is
answered from the one read, with the headers DRF gives it. Only the plainest requests are
taken: no credentials, no conditions, no Accept but JSON's or any, no throttling and no key
required. Any other request, and any answer that is not stored, is DRF's, which also owns
every error. Tests hold both ways to the same status, headers and bytes
(tests/api/test_stored_answers.py).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponse
from django.urls import get_script_prefix, reverse
from django.utils.http import http_date

from ladder.api.base import KEY_REGEX
from ladder.api.conditional import DATA_VERSION_HEADER, cache_control, validators_for, vary_on
from ladder.api.exceptions import InvalidQueryParameters
from ladder.api.pagination import MAX_OFFSET, LadderPagination, bounded_int
from ladder.api.renderers import CSVRenderer, LadderJSONRenderer
from ladder.api.stored import (
    EXPORT_KEY,
    JSON,
    LOOKED_UP,
    CurrentStored,
    csv_key,
    page_items,
    page_keys,
    position_key,
    read_current_stored,
    stored_places,
    with_origin,
)

# Requests DRF negotiates to the one answer stored: JSON, or CSV by `?format=csv`.
PLAIN_ACCEPT = frozenset({"", "*/*", LadderJSONRenderer.media_type})
CSV_QUERY = "format=csv"
PAGE_PARAMETERS = frozenset({"limit", "offset"})
ALLOW = "GET, HEAD, OPTIONS"  # every view with stored answers is read-only
LEFT_TO_DRF = (
    "HTTP_AUTHORIZATION",
    "HTTP_X_API_KEY",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
)
KEY = re.compile(KEY_REGEX)

Answer = Callable[[HttpRequest, CurrentStored], HttpResponse | None]


@dataclass(frozen=True)
class Routes:
    """The stored answers' addresses as `path_info` has them (without a script prefix)."""

    position: tuple[str, str]  # a position's address before and after its key
    positions: str
    bands: str
    export: str


@cache
def routes() -> Routes:
    def path_info(name: str, *args: str) -> str:
        return "/" + reverse(name, args=args).removeprefix(get_script_prefix())

    head, _, tail = path_info("api:position-detail", "key").rpartition("key")
    return Routes(
        position=(head, tail),
        positions=path_info("api:position-list"),
        bands=path_info("api:band-list"),
        export=path_info("api:export"),
    )


def forget_routes(**kwargs: object) -> None:
    routes.cache_clear()


setting_changed.connect(forget_routes, dispatch_uid="ladder.api.stored_answers.forget_routes")


def api_answer(request: HttpRequest) -> HttpResponse | None:
    """The stored answer to `request`, or None when DRF answers it."""
    if request.method != "GET" or not plain_client(request):
        return None
    found = route(request)
    if found is None:
        return None
    keys, answer = found
    current = read_current_stored(keys)
    response = answer(request, current)
    if response is None:  # not stored: DRF builds it, without reading the same rows again
        setattr(request, LOOKED_UP, (keys, current))
    return response


def plain_client(request: HttpRequest) -> bool:
    if settings.LADDER_API_REQUIRE_KEY:
        return False
    if settings.LADDER_API_THROTTLE_RATE or settings.LADDER_API_KEY_THROTTLE_RATE:
        return False  # throttling counts every request
    meta = request.META
    if any(name in meta for name in LEFT_TO_DRF):
        return False
    return meta.get("HTTP_ACCEPT", "") in PLAIN_ACCEPT


def route(request: HttpRequest) -> tuple[list[str], Answer] | None:
    """The stored keys that answer `request`, and how, when the store answers it."""
    known = routes()
    path, query = request.path_info, request.META.get("QUERY_STRING", "")
    if path == known.export:
        return ([EXPORT_KEY], document) if not query else None
    if path in (known.positions, known.bands) and query == CSV_QUERY:
        return [csv_key(csv_filename(path))], csv_file
    if path == known.positions:
        return list_page(request)
    head, tail = known.position
    if path.startswith(head) and path.endswith(tail) and not query:
        key = path[len(head) : len(path) - len(tail)]
        if KEY.fullmatch(key):
            return [position_key(key)], document
    return None


def csv_filename(path: str) -> str:
    from compensation.api import BandViewSet
    from ladder.api.views import PositionViewSet

    return (PositionViewSet if path == routes().positions else BandViewSet).csv_filename


def list_page(request: HttpRequest) -> tuple[list[str], Answer] | None:
    """A page of the unfiltered list, as PositionViewSet.list pages it."""
    params = request.GET
    if not set(params) <= PAGE_PARAMETERS or any(len(v) > 1 for _, v in params.lists()):
        return None  # a filter, a format, or a parameter sent twice (a 400 problem)
    try:
        limit = bounded_int(
            params, "limit", LadderPagination.default_limit, 1, LadderPagination.max_limit
        )
        offset = bounded_int(params, "offset", 0, 0, MAX_OFFSET)
    except InvalidQueryParameters:
        return None  # DRF's 400 problem

    def page(request: HttpRequest, current: CurrentStored) -> HttpResponse | None:
        places = stored_places(current.stored)
        if places is None:
            return None
        items = page_items(request, places[offset : offset + limit], current.stored)
        if items is None:
            return None
        # DRF's own envelope and links, from a paginator left as paging the list leaves it.
        paginator = LadderPagination()
        paginator.request = request  # type: ignore[assignment]
        paginator.limit, paginator.offset, paginator.count = limit, offset, len(places)
        body = LadderJSONRenderer().render(paginator.get_paginated_response(items).data)
        return answered(request, current, body, JSON)

    return page_keys(offset, limit), page


def document(request: HttpRequest, current: CurrentStored) -> HttpResponse | None:
    """A position or the export."""
    return stored_one(request, current, LadderJSONRenderer.media_type)


def csv_file(request: HttpRequest, current: CurrentStored) -> HttpResponse | None:
    response = stored_one(request, current, CSVRenderer.media_type)
    if response is not None:
        filename = csv_filename(request.path_info)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def stored_one(
    request: HttpRequest, current: CurrentStored, media_type: str
) -> HttpResponse | None:
    """The one stored row asked for, with the client's origin, if it is stored."""
    if not current.stored:
        return None
    ((content_type, body),) = current.stored.values()
    return answered(request, current, with_origin(request, body), content_type, media_type)


def answered(
    request: HttpRequest,
    current: CurrentStored,
    body: bytes,
    content_type: str,
    media_type: str = LadderJSONRenderer.media_type,
) -> HttpResponse:
    """`body` with the headers DRF and ConditionalGetMixin give a 200."""
    validators = validators_for(
        request.get_full_path(), media_type, current.data_version, current.loaded_at
    )
    response = HttpResponse(body, content_type=content_type)
    response["Allow"] = ALLOW
    response[DATA_VERSION_HEADER] = current.data_version
    response["ETag"] = validators.etag
    if validators.last_modified is not None:
        response["Last-Modified"] = http_date(validators.last_modified.timestamp())
    response["Cache-Control"] = cache_control()
    response["Vary"] = ", ".join(vary_on())
    response["Content-Length"] = str(len(body))  # CommonMiddleware's, which comes after
    return response
