"""Property: whatever query string a client sends to a page or an API operation — the parameter
names Ladder knows and made-up ones; valid values from the loaded content, any text (unicode,
control characters), very long strings, huge numbers; broken percent-escapes and raw bytes —
the answer is never a 5xx, has its family's content type (HTML for pages; JSON, problem+json or
CSV for the API, an error always problem+json) and never shows a stack trace.

Runs on the shipped content (tests/conftest.py). Derandomized, so a failure is reproduced by
running the test again; Hypothesis also prints the failing example and a blob to replay it with
`@reproduce_failure`.
"""

from functools import cache
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compensation.models import Band, Basis, Region
from levels.models import Level, Scale
from roles.models import Position, Role
from tests.api.paths import EVERY_GET

PAGES = {
    "/": (),
    "/roles/": (),
    "/roles/technical-product-manager/": (),
    "/roles/technical-product-manager/p3/": (),
    "/levels/": (),
    "/sources/": (),
    "/compensation/": ("role", "level", "region", "currency"),
    "/search/": ("q",),
    "/compare/": ("positions", "diff"),
}
PAGING = ("limit", "offset")
# Every operation with the parameters it takes (`format` too, on every one).
API = {
    "/api/v1/": (),
    "/api/v1/roles/": PAGING,
    "/api/v1/roles/technical-product-manager/": (),
    "/api/v1/scales/": PAGING,
    "/api/v1/scales/tpm-titles/": (),
    "/api/v1/levels/": PAGING,
    "/api/v1/levels/p3/": (),
    "/api/v1/positions/": (*PAGING, "role", "scale", "level"),
    "/api/v1/positions/technical-product-manager.tpm-ii/": (),
    "/api/v1/bands/": (*PAGING, "role", "level", "position", "region", "currency", "basis"),
    "/api/v1/bands/technical-product-manager.p3.us.usd.base-salary/": (),
    "/api/v1/sources/": PAGING,
    "/api/v1/sources/tpm-p2-profile/": (),
    "/api/v1/search/": ("q", "limit"),
    "/api/v1/titles/resolve/": ("title",),
    "/api/v1/export/": (),
    "/api/v1/compare/": ("positions", "differences_only"),
    "/api/schema/": ("lang", "version"),  # drf-spectacular's own options
}
PAGE_NAMES = tuple(sorted({name for names in PAGES.values() for name in names}))
API_NAMES = tuple(sorted({name for names in API.values() for name in names} | {"format"}))

PAGE_TYPES = {"text/html"}
API_TYPES = {"application/json", "application/problem+json", "text/csv"}
SCHEMA_TYPES = {"application/vnd.oai.openapi", "application/vnd.oai.openapi+json", "text/html"}
PROBLEM = "application/problem+json"
# One client for every example: a new one would set up the middleware (and scan the static
# files) again for each.
CLIENT = Client()

PROPERTY_SETTINGS = settings(
    max_examples=20,  # per page or operation: 27 of them, about 560 requests in all
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@cache
def valid_values() -> dict[str, list[str]]:
    """Values the loaded content has, by parameter name (read once: the content is fixed)."""
    levels = list(Level.objects.values_list("slug", "code"))
    keys = list(Position.objects.values_list("key", flat=True))
    return {
        "role": list(Role.objects.values_list("slug", flat=True)),
        "scale": list(Scale.objects.values_list("slug", flat=True)),
        "level": [slug for slug, _ in levels] + [code for _, code in levels],
        "position": keys,
        "positions": keys + [",".join(keys[i : i + 2]) for i in range(0, len(keys), 2)],
        "region": list(Region.objects.values_list("code", flat=True)),
        "currency": sorted(set(Band.objects.values_list("currency", flat=True))),
        "basis": list(Basis.values),
        "format": ["json", "csv", "api", "yaml"],
        "q": ["roadmap", "TPM", "product manager"],
        "title": ["TPM II", "Senior Product Manager", "TPM"],
        "diff": ["1", "0", "yes", "on"],
        "differences_only": ["true", "false", "1", "0"],
        "limit": ["1", "10", "1000"],
        "offset": ["0", "5"],
    }


ODD_VALUES = st.sampled_from(
    ["", " ", "0", "-1", "1e309", "NaN", "null", "[]", "{}", "../../etc/passwd", "\u202e", "\ufeff"]
)
RAW_TAILS = st.sampled_from(["&", "&&=&", "%", "%zz", "%FF%FE", "a=%C0%80", "+", "=", "a=b=c"])


def values(name: str) -> st.SearchStrategy[str]:
    """A valid value half the time; otherwise text (printable, or any: control characters
    included), a huge number, an odd value, or a long one around the 200-character limits of
    searches and titles and the 2 KB limit of a query string."""
    return st.one_of(
        st.sampled_from(valid_values().get(name) or ["x"]),
        st.one_of(
            st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=40),
            st.text(max_size=40),
            st.integers(-(10**40), 10**40).map(str),
            ODD_VALUES,
            st.integers(150, 2100).map(lambda n: "x" * n),
        ),
    )


def pairs(names: st.SearchStrategy[str], max_size: int) -> st.SearchStrategy[list[tuple[str, str]]]:
    pair = names.flatmap(lambda name: st.tuples(st.just(name), values(name)))
    return st.lists(pair, max_size=max_size, unique_by=lambda p: p[0])


def query_strings(own: tuple[str, ...], known: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Mostly the endpoint's own parameters (each once, so that the values reach the view), a
    few others — another endpoint's, a made-up name, a repeat — and now and then a broken
    escape or raw bytes, as WSGI carries them."""
    others = st.one_of(st.sampled_from(known), st.text(max_size=15))
    none: st.SearchStrategy[list[tuple[str, str]]] = st.just([])
    own_pairs = pairs(st.sampled_from(own), len(own)) if own else none
    # Three times in five no other parameter, and nothing broken at the end.
    other_pairs = st.one_of(none, none, none, pairs(others, 2), pairs(others, 2))
    raw = st.binary(max_size=20).map(lambda b: b.decode("latin-1"))
    tail = st.one_of(st.just(""), st.just(""), st.just(""), RAW_TAILS, raw)
    return st.tuples(own_pairs, other_pairs, tail).map(
        lambda parts: (
            "&".join(
                f"{quote(name, safe='')}={quote(value, safe='')}"
                for name, value in parts[0] + parts[1]
            )
            + parts[2]
        )
    )


def check(response: Any, types: set[str], *, api: bool) -> None:
    assert response.status_code < 500, response.content[:500]
    content_type = response.get("Content-Type", "").split(";")[0]
    assert content_type in types, (response.status_code, content_type)
    if api and response.status_code >= 400:
        assert content_type == PROBLEM
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"Traceback" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_no_query_string_breaks_a_page(path: str, data: st.DataObject) -> None:
    query = data.draw(query_strings(PAGES[path], PAGE_NAMES), label="query")
    for method in ("GET", "HEAD"):
        response = CLIENT.generic(method, path, QUERY_STRING=query)
        check(response, PAGE_TYPES, api=False)


@pytest.mark.django_db
@pytest.mark.parametrize("path", API)
@PROPERTY_SETTINGS
@given(data=st.data())
def test_no_query_string_breaks_an_api_operation(path: str, data: st.DataObject) -> None:
    query = data.draw(query_strings((*API[path], "format"), API_NAMES), label="query")
    accept = data.draw(
        st.sampled_from(
            ["", "", "", "application/json", "text/csv", "*/*", "text/html", "a/b;q=x"]
        ),
        label="accept",
    )
    headers: dict[str, Any] = {"HTTP_ACCEPT": accept} if accept else {}
    response = CLIENT.get(path, QUERY_STRING=query, **headers)
    is_schema = path.startswith("/api/schema/")
    check(response, SCHEMA_TYPES | API_TYPES if is_schema else API_TYPES, api=not is_schema)


def test_every_operation_is_drawn_from() -> None:
    assert set(API) == {path.split("?")[0] for path in EVERY_GET}
