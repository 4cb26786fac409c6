"""Bad requests, table by table: over-long and binary query strings, broken encodings, path
traversal, unknown formats and methods, bad paging, repeated and unknown parameters. Every one
is a 4xx, never a 500: an HTML page with a clear message for pages, problem+json under /api/
naming the parameter and, where there are any, the valid values.

Policy (README's API section, the OpenAPI description): pages ignore parameters they do not
take; the API answers a parameter its operation does not document with a 400 that lists the
ones it takes. A parameter that takes one value is a 400 when given twice, on pages and in the
API.
"""

import unicodedata
from collections.abc import Iterator
from io import BytesIO
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings
from django.test import Client

from ladder.query_strings import MAX_PARAMETERS, MAX_QUERY_STRING_BYTES
from ladder.wsgi import application
from tests.api.paths import EVERY_GET
from tests.pages import Element, assert_page_structure, parse

PROBLEM = "application/problem+json"
TPM = "technical-product-manager"
COMPARE = f"positions={TPM}.p3,{TPM}.p4"

PAGES = [
    "/",
    "/roles/",
    f"/roles/{TPM}/",
    f"/roles/{TPM}/p3/",
    "/levels/",
    "/compensation/",
    "/search/?q=roadmap",
    "/search/?q=roadmap&in=statements&page=2",
    "/sources/",
    f"/compare/?{COMPARE}",
]
# Every documented operation (the schema itself is drf-spectacular's and takes its own options).
OPERATIONS = [path for path in EVERY_GET if not path.startswith("/api/schema/")]
SOME_PAGES = ["/", "/search/?q=roadmap", "/compensation/?role=" + TPM, f"/compare/?{COMPARE}"]
SOME_OPERATIONS = ["/api/v1/", "/api/v1/roles/", "/api/v1/search/?q=roadmap"]


@pytest.fixture
def client(db: None) -> Client:
    # CSRF checks on, as in a browser: a page's 405 must not turn into the CSRF failure's 403.
    return Client(enforce_csrf_checks=True)


def with_query(path: str, query: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}{query}"


def error_page(response: Any, status: int) -> Element:
    """A page-family error: the status, Ladder's HTML layout, a message, no stack trace."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "Traceback" not in body
    page = parse(body)
    assert_page_structure(page)
    assert page.find("main").text()
    return page


def lead(page: Element) -> str:
    return str(page.find("p", cls="lead").text())


def body_of(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else bytes(response.content)


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail", "instance"} <= set(body)
    return body


def call_wsgi(path_info: str, query_string: str = "", method: str = "GET") -> tuple[str, bytes]:
    """One request through the deployed stack (response cache in front of Django), with the
    environ exactly as given: WSGI strings carry raw bytes as latin-1."""
    environ: dict[str, Any] = {
        "PATH_INFO": path_info,
        "QUERY_STRING": query_string,
        "REQUEST_METHOD": method,
        "wsgi.input": BytesIO(),
    }
    setup_testing_defaults(environ)
    answered: dict[str, str] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        answered["status"] = status
        answered["content_type"] = dict(headers).get("Content-Type", "")
        return lambda data: None

    result = application(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        getattr(result, "close", lambda: None)()
    return f"{answered['status']} | {answered['content_type']}", body


# --- over-long query strings -----------------------------------------------------------------

LONG_QUERIES = {
    "10 KB value": "q=" + "x" * 10_000,
    "100 KB value": "q=" + "%E2%80%94" * 11_400,
    "2000 parameters": "&".join(f"p{i}=1" for i in range(2000)),
    "one byte over": "q=" + "x" * (MAX_QUERY_STRING_BYTES - 1),
}


@pytest.mark.parametrize("query", LONG_QUERIES.values(), ids=LONG_QUERIES.keys())
@pytest.mark.parametrize("path", SOME_PAGES)
def test_an_over_long_query_string_is_a_414_page(client: Client, path: str, query: str) -> None:
    page = error_page(client.get(with_query(path, query)), 414)
    assert page.find("h1").text() == "This address is too long"
    assert f"Ladder reads at most {MAX_QUERY_STRING_BYTES:,}" in lead(page)
    # What would have worked: the same page without the query.
    assert path.split("?")[0] in {a.attrs["href"] for a in page.find("main").find_all("a")}


@pytest.mark.parametrize("query", LONG_QUERIES.values(), ids=LONG_QUERIES.keys())
@pytest.mark.parametrize("path", SOME_OPERATIONS)
def test_an_over_long_query_string_is_a_414_problem(client: Client, path: str, query: str) -> None:
    body = problem(client.get(with_query(path, query)), 414)
    assert body["title"] == "Query string too long"
    assert f"{MAX_QUERY_STRING_BYTES:,}" in body["detail"]


def test_a_query_string_at_the_limit_is_read(client: Client) -> None:
    query = "q=" + "roadmap+" * ((MAX_QUERY_STRING_BYTES - 2) // 8)
    assert len(query) <= MAX_QUERY_STRING_BYTES
    assert client.get(f"/search/?{query}").status_code == 400  # over the 200-character search
    assert client.get(f"/compensation/?{query}").status_code == 200  # not its parameter


@pytest.mark.parametrize("path", ["/", "/api/v1/roles/"])
def test_too_many_parameters_is_a_400(client: Client, path: str) -> None:
    query = "&".join(["a=1"] * (MAX_PARAMETERS + 1))
    response = client.get(f"{path}?{query}")
    detail = f"has {MAX_PARAMETERS + 1} parameters; Ladder reads at most {MAX_PARAMETERS}"
    if path.startswith("/api/"):
        assert detail in problem(response, 400)["detail"]
    else:
        assert detail in lead(error_page(response, 400))


# --- binary, control characters and broken percent-encoding ----------------------------------

# query string (as sent, percent-encoded) → words the message must contain
BINARY_QUERIES = {
    "NUL value": ("q=%00", ["“q”", "U+0000"]),
    "NUL inside": ("q=road%00map", ["“q”", "U+0000"]),
    "NUL name": ("%00=1", ["U+0000"]),
    "bell": ("q=%07", ["“q”", "U+0007"]),
    "escape": ("q=%1B%5B31m", ["“q”", "U+001B"]),
    "C1 control": ("q=%C2%85", ["“q”", "U+0085"]),
    "not UTF-8": ("q=%FF%FE", ["“q”", "not UTF-8"]),
    "lone continuation": ("q=%80", ["“q”", "not UTF-8"]),
    "overlong NUL": ("q=%C0%80", ["“q”", "not UTF-8"]),
    "surrogate": ("q=%ED%A0%80", ["“q”", "not UTF-8"]),
    "name not UTF-8": ("%FF=1", ["name", "not UTF-8"]),
    "bad escape": ("q=%ZZ", ["%25"]),
    "truncated escape": ("q=100%", ["%25"]),
    "half escape": ("q=%4", ["%25"]),
}


@pytest.mark.parametrize(("query", "words"), BINARY_QUERIES.values(), ids=BINARY_QUERIES.keys())
@pytest.mark.parametrize("path", SOME_PAGES)
def test_binary_query_strings_are_a_400_page(
    client: Client, path: str, query: str, words: list[str]
) -> None:
    page = error_page(client.get(with_query(path, query)), 400)
    message = lead(page)
    assert all(word in message for word in words), message
    assert "\x00" not in page.find("main").raw_text()


@pytest.mark.parametrize(("query", "words"), BINARY_QUERIES.values(), ids=BINARY_QUERIES.keys())
@pytest.mark.parametrize("path", SOME_OPERATIONS)
def test_binary_query_strings_are_a_400_problem(
    client: Client, path: str, query: str, words: list[str]
) -> None:
    body = problem(client.get(with_query(path, query)), 400)
    assert body["title"] == "Invalid query string"
    assert all(word in body["detail"] for word in words), body["detail"]
    if "“q”" in words:
        assert body["invalid_params"][0]["name"] == "q"


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"q=\xff\xfe", 400),  # raw bytes, not UTF-8
        (b"q=\x00", 400),  # a raw NUL
        (b"q=road\x07map", 400),
        (b"q=caf\xc3\xa9", 200),  # raw UTF-8 (curl sends it so): read as text
    ],
)
@pytest.mark.parametrize("path", ["/search/", "/api/v1/search/"])
def test_raw_bytes_in_the_query_string(client: Client, path: str, raw: bytes, status: int) -> None:
    response = client.get(path, QUERY_STRING=raw.decode("latin-1"))
    assert response.status_code == status, response.content[:300]
    if path.startswith("/api/") and status == 400:
        problem(response, 400)
    elif status == 400:
        message = lead(error_page(response, 400))
        assert "not UTF-8" in message or "U+00" in message


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/search/?q=road%09map", 200),  # a tab is whitespace, not binary
        ("/search/?q=%EF%BF%BD", 200),  # U+FFFD itself, correctly encoded
        ("/search/?q=%F0%9F%98%80", 200),
        ("/api/v1/titles/resolve/?title=TPM%0AII", 200),
        ("/api/v1/search/?q=road%0Dmap", 200),
    ],
)
def test_text_with_whitespace_controls_and_any_unicode_is_read(
    client: Client, path: str, status: int
) -> None:
    assert client.get(path).status_code == status


@pytest.mark.usefixtures("in_process_wsgi")
@pytest.mark.parametrize(
    ("path_info", "query", "status", "family"),
    [
        ("/search/", "q=\xff\xfe", "400", "text/html"),
        ("/search/", "q=%00", "400", "text/html"),
        ("/", "q=" + "x" * 100_000, "414", "text/html"),
        ("/api/v1/roles/", "limit=\x00", "400", PROBLEM),
        ("/api/v1/search/", "q=" + "x" * 100_000, "414", PROBLEM),
        ("/roles/\xff\xfe/", "", "404", "text/html"),
        ("/roles/\x00/", "", "404", "text/html"),
        ("/api/v1/roles/\xff/", "", "404", PROBLEM),
        ("/static/../ladder/settings.py", "", "404", "text/html"),
        ("/static/ladder/../../ladder/settings.py", "", "404", "text/html"),
        ("/search/", "q=caf\xc3\xa9", "200", "text/html"),
    ],
)
def test_the_deployed_stack_answers_raw_requests(
    path_info: str, query: str, status: str, family: str
) -> None:
    answered, body = call_wsgi(path_info, query)
    assert answered.startswith(status), (answered, body[:300])
    assert family in answered
    assert b"Traceback" not in body
    assert b"SECRET_KEY" not in body


# --- paths: broken UTF-8 and traversal -------------------------------------------------------

PAGE_PATHS_404 = [
    "/roles/%FF/",
    "/roles/%C3%28/",
    "/%FF%FE/",
    f"/roles/{TPM}/%FF/",
    "/roles/%00/",
    "/static/../ladder/settings.py",
    "/static/%2e%2e/ladder/settings.py",
    "/static/..%2fladder%2fsettings.py",
    "/static/%5c..%5cladder%5csettings.py",
    "/static/ladder/../../ladder/settings.py",
    "/static//etc/passwd",
    "/roles/..%2f..%2fetc%2fpasswd/",
    "/roles/%2e%2e/%2e%2e/etc/passwd",
    "/compensation/../../ladder/settings.py",
    "/.env",
    "/.git/config",
]


@pytest.mark.parametrize("path", PAGE_PATHS_404)
def test_broken_and_traversing_paths_are_a_404_page_listing_the_roles(
    client: Client, path: str
) -> None:
    page = error_page(client.get(path), 404)
    text = page.find("main").text()
    assert "SECRET_KEY" not in text
    links = {a.attrs["href"] for a in page.find("main").find_all("a")}
    assert f"/roles/{TPM}/" in links  # the valid places to go


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/roles/%FF/",
        "/api/v1/roles/..%2f..%2fetc%2fpasswd/",
        "/api/v1/positions/%2e%2e/",
        "/api/v1/../../ladder/settings.py",
        "/api/v1/levels/%C0%AF/",
        "/api/v1/bands/%00.%00.%00.%00/",
    ],
)
def test_broken_and_traversing_api_paths_are_404_problems(client: Client, path: str) -> None:
    body = problem(client.get(path), 404)
    assert "SECRET_KEY" not in body["detail"]


# --- formats and Accept ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "headers", "name", "valid"),
    [
        ("/api/v1/roles/?format=xml", {}, "format", ["json"]),
        ("/api/v1/bands/?format=yaml", {}, "format", ["json", "csv"]),
        ("/api/v1/bands/?format=", {}, "format", ["json", "csv"]),
        ("/api/v1/?format=html", {}, "format", ["json"]),
        ("/api/v1/search/?q=tpm&format=csv", {}, "format", ["json"]),
        ("/api/v1/roles/", {"HTTP_ACCEPT": "application/xml"}, "Accept", ["application/json"]),
        ("/api/v1/export/", {"HTTP_ACCEPT": "text/html"}, "Accept", ["application/json"]),
        (
            "/api/v1/positions/",
            {"HTTP_ACCEPT": "image/png"},
            "Accept",
            ["application/json", "text/csv"],
        ),
    ],
)
def test_unknown_formats_are_406_problems_listing_the_formats(
    client: Client, path: str, headers: dict[str, Any], name: str, valid: list[str]
) -> None:
    body = problem(client.get(path, **headers), 406)
    [param] = body["invalid_params"]
    assert (param["name"], param["valid"]) == (name, valid)


@pytest.mark.parametrize(
    "accept",
    [
        "*/*;q=abc",
        "application/json;q=2",
        ";;;",
        "application/json, " * 200,
        "text/csv;charset=\u00ff",
        "/",
    ],
)
def test_malformed_accept_headers_are_never_a_server_error(client: Client, accept: str) -> None:
    response = client.get("/api/v1/bands/", HTTP_ACCEPT=accept)
    assert response.status_code in {200, 406}, response.content[:300]
    assert response["Content-Type"] in {"application/json", "text/csv; charset=utf-8", PROBLEM}


@pytest.mark.parametrize("path", PAGES)
def test_pages_answer_html_whatever_format_is_asked_for(client: Client, path: str) -> None:
    for response in (
        client.get(path, HTTP_ACCEPT="application/json"),
        client.get(path, HTTP_ACCEPT="application/xml;q=abc"),
        client.get(with_query(path, "format=xml")),  # not a parameter of pages: ignored
    ):
        assert response.status_code == 200
        assert response["Content-Type"] == "text/html; charset=utf-8"


# --- methods ---------------------------------------------------------------------------------

OTHER_METHODS = ["POST", "PUT", "PATCH", "DELETE", "TRACE", "OPTIONS", "BREW", "PROPFIND"]


@pytest.mark.parametrize("method", OTHER_METHODS)
@pytest.mark.parametrize("path", PAGES)
def test_pages_answer_other_methods_with_a_405_page(client: Client, path: str, method: str) -> None:
    response = client.generic(method, path)
    page = error_page(response, 405)
    assert response["Allow"] == "GET, HEAD"
    assert page.find("h1").text() == "This page can only be read"
    assert f"“{method}”" in lead(page)
    assert "GET and HEAD" in lead(page)
    links = {a.attrs["href"] for a in page.find("main").find_all("a")}
    assert path.split("?")[0] in links


def test_a_405_page_repeats_a_long_method_name_only_in_part(client: Client) -> None:
    page = error_page(client.generic("X" * 500, "/"), 405)
    assert "X" * 20 in lead(page)
    assert "X" * 21 not in lead(page)


@pytest.mark.parametrize("path", PAGES)
def test_head_on_a_page_is_its_get_without_a_body(client: Client, path: str) -> None:
    response = client.head(path)
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize("method", [m for m in OTHER_METHODS if m != "OPTIONS"])
@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/roles/", f"/api/v1/positions/{TPM}.p3/"])
def test_the_api_answers_other_methods_with_a_405_problem(
    client: Client, path: str, method: str
) -> None:
    response = client.generic(method, path)
    body = problem(response, 405)
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert "read-only" in body["detail"]


@pytest.mark.parametrize("method", ["TRACE", "BREW"])
def test_django_views_outside_drf_answer_405_in_their_family_too(
    client: Client, method: str
) -> None:
    # /api/ only redirects to /api/v1/ (a Django view): its 405 is a problem, not a blank page.
    response = client.generic(method, "/api/")
    body = problem(response, 405)
    assert f"'{method}' is not allowed here" in str(body["detail"])
    assert "GET" in response["Allow"]


# --- paging ----------------------------------------------------------------------------------

BAD_PAGING = [
    ("/api/v1/roles/?limit=" + "1" + "0" * 30, "limit", "from 1 to 1000"),
    ("/api/v1/roles/?limit=-1", "limit", "from 1 to 1000"),
    ("/api/v1/roles/?limit=0", "limit", "from 1 to 1000"),
    ("/api/v1/roles/?limit=", "limit", "from 1 to 1000"),
    ("/api/v1/roles/?limit=1.5", "limit", "from 1 to 1000"),
    ("/api/v1/roles/?limit=1e3", "limit", "from 1 to 1000"),
    ("/api/v1/roles/?limit=%EF%BC%91", "limit", "from 1 to 1000"),  # a full-width "1"
    ("/api/v1/roles/?limit=+5", "limit", "from 1 to 1000"),
    ("/api/v1/bands/?limit=" + "9" * 1000, "limit", "from 1 to 1000"),
    ("/api/v1/positions/?offset=abc", "offset", "from 0 to 2147483647"),
    ("/api/v1/positions/?offset=-1", "offset", "from 0 to 2147483647"),
    ("/api/v1/levels/?offset=" + "1" + "0" * 30, "offset", "from 0 to 2147483647"),
    ("/api/v1/search/?q=roadmap&limit=" + "1" + "0" * 30, "limit", "from 1 to 500"),
    ("/api/v1/search/?q=roadmap&offset=-5", "offset", "from 0 to 2147483647"),
    ("/api/v1/search/?q=roadmap&limit=-1", "limit", "from 1 to 500"),
    # CSV is not paged, but a malformed limit or offset is refused all the same.
    ("/api/v1/bands/?format=csv&limit=abc", "limit", "from 1 to 1000"),
    ("/api/v1/positions/?offset=-1", "offset", "from 0 to 2147483647"),
    ("/api/v1/positions/?format=csv&offset=-1", "offset", "from 0 to 2147483647"),
]


@pytest.mark.parametrize(("path", "name", "bounds"), BAD_PAGING)
def test_bad_paging_is_a_400_problem_naming_the_range(
    client: Client, path: str, name: str, bounds: str
) -> None:
    body = problem(client.get(path), 400)
    [param] = body["invalid_params"]
    assert param["name"] == name
    assert bounds in param["reason"]
    assert len(param["reason"]) < 200  # a huge value is echoed only in part


def test_csv_takes_a_valid_limit_and_ignores_it(client: Client) -> None:
    paged = client.get("/api/v1/bands/?format=csv&limit=1")
    whole = client.get("/api/v1/bands/?format=csv")
    assert paged.status_code == whole.status_code == 200
    assert body_of(paged) == body_of(whole)
    assert body_of(whole).count(b"\r\n") > 2


# --- repeated parameters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "name"),
    [
        (f"/api/v1/positions/?role={TPM}&role=product-manager", "role"),
        ("/api/v1/bands/?region=us&region=us", "region"),
        ("/api/v1/roles/?limit=1&limit=2", "limit"),
        ("/api/v1/search/?q=tpm&q=roadmap", "q"),
        ("/api/v1/titles/resolve/?title=TPM&title=PM", "title"),
        ("/api/v1/bands/?format=csv&format=json", "format"),
        (f"/api/v1/compare/?{COMPARE}&differences_only=1&differences_only=0", "differences_only"),
    ],
)
def test_a_repeated_api_parameter_is_a_400_problem(client: Client, path: str, name: str) -> None:
    body = problem(client.get(path), 400)
    assert body["invalid_params"] == [{"name": name, "reason": "is given 2 times; give it once"}]


def test_compare_takes_positions_as_repeated_parameters(client: Client) -> None:
    response = client.get(f"/api/v1/compare/?positions={TPM}.p3&positions={TPM}.p4")
    assert response.status_code == 200
    assert [c["key"] for c in response.json()["columns"]] == [f"{TPM}.p3", f"{TPM}.p4"]
    page = client.get(f"/compare/?positions={TPM}.p3&positions={TPM}.p4")
    assert page.status_code == 200


def test_a_repeated_filter_on_the_compensation_page_is_a_400_naming_it(client: Client) -> None:
    page = error_page(client.get(f"/compensation/?role={TPM}&role=product-manager"), 400)
    errors = page.find(id="filter-errors").text()
    assert "Choose one role; the address gives 2." in errors
    # The form is shown again, its choices the valid values.
    options = {o.attrs.get("value") for o in page.find("select", id="id_role").find_all("option")}
    assert {TPM, "product-manager", "technical-program-manager"} <= options
    assert page.find("select", id="id_role").attrs["aria-describedby"] == "role-error"


def test_a_repeated_search_is_a_400(client: Client) -> None:
    page = error_page(client.get("/search/?q=tpm&q=roadmap"), 400)
    assert "Search for one thing at a time" in page.find(id="search-error").text()


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("diff=1&diff=0", ["“diff” is given 2 times", "1, on, true, yes, 0, false, no, off"]),
        ("diff=banana", ["“diff=banana”", "1, on, true, yes, 0, false, no, off"]),
    ],
)
def test_a_bad_diff_on_the_compare_page_is_a_400_listing_the_values(
    client: Client, query: str, words: list[str]
) -> None:
    page = error_page(client.get(f"/compare/?{COMPARE}&{query}"), 400)
    assert all(word in lead(page) for word in words), lead(page)


@pytest.mark.parametrize(
    ("flag", "on"),
    [("diff=1", True), ("diff=Yes", True), ("diff=on", True), ("diff=no", False), ("diff=", False)],
)
def test_diff_is_read_as_a_yes_or_a_no(client: Client, flag: str, on: bool) -> None:
    response = client.get(f"/compare/?{COMPARE}&{flag}")
    assert response.status_code == 200
    checkbox = parse(response.content).find("input", id="compare-diff")
    assert ("checked" in checkbox.attrs) is on


# --- unknown parameters ----------------------------------------------------------------------


@pytest.mark.parametrize("path", OPERATIONS)
def test_every_operation_refuses_a_parameter_it_does_not_take(client: Client, path: str) -> None:
    body = problem(client.get(with_query(path, "utm_source=newsletter")), 400)
    [param] = body["invalid_params"]
    assert param["name"] == "utm_source"
    assert param["reason"] == "is not a parameter of this operation"
    assert "format" in param["valid"]
    assert "utm_source" in body["detail"]
    # Every parameter listed is one the operation takes (its value may still be refused).
    for name in param["valid"]:
        if f"{name}=" in path:
            continue
        response = client.get(with_query(path, f"{name}=x"))
        if response["Content-Type"] == PROBLEM:
            reasons = [p["reason"] for p in response.json().get("invalid_params", [])]
            assert "is not a parameter of this operation" not in reasons, (path, name)


@pytest.mark.parametrize(
    ("path", "unknown", "valid"),
    [
        (
            "/api/v1/positions/?roles=product-manager",
            "roles",
            ["format", "level", "limit", "offset", "role", "scale"],
        ),
        ("/api/v1/roles/?page=2", "page", ["format", "limit", "offset"]),
        (f"/api/v1/roles/{TPM}/?limit=5", "limit", ["format"]),
        ("/api/v1/export/?offset=abc", "offset", ["format"]),
        ("/api/v1/search/?query=tpm", "query", ["format", "kind", "limit", "offset", "q"]),
        (
            f"/api/v1/compare/?{COMPARE}&diff=1",
            "diff",
            ["differences_only", "format", "positions"],
        ),
    ],
)
def test_an_unknown_parameter_lists_what_the_operation_takes(
    client: Client, path: str, unknown: str, valid: list[str]
) -> None:
    body = problem(client.get(path), 400)
    assert body["invalid_params"] == [
        {"name": unknown, "reason": "is not a parameter of this operation", "valid": valid}
    ]
    assert body["detail"].endswith(f"This operation takes {', '.join(valid)}.")


@pytest.mark.parametrize("path", PAGES)
def test_pages_ignore_parameters_they_do_not_take(client: Client, path: str) -> None:
    plain = client.get(path)
    tagged = client.get(with_query(path, "utm_source=newsletter&ref=%E2%80%94&x"))
    assert tagged.status_code == plain.status_code == 200
    assert tagged.content == plain.content


# --- the 400 and the 404 of a page both say what would have worked -------------------------


def iter_links(page: Element) -> Iterator[str]:
    for anchor in page.find("main").find_all("a"):
        yield anchor.attrs["href"]


def test_a_400_and_a_404_page_both_list_the_valid_options(client: Client) -> None:
    # A filter value the content does not have: the valid values, in the message and the form.
    page = error_page(client.get("/compensation/?region=mars"), 400)
    assert "Valid regions: us" in page.find(id="filter-errors").text()
    # A role that does not exist: the roles that do.
    page = error_page(client.get("/roles/astronaut/"), 404)
    assert f"/roles/{TPM}/" in set(iter_links(page))
    # A level the role does not have: the role's levels.
    page = error_page(client.get(f"/roles/{TPM}/p9/"), 404)
    assert f"/roles/{TPM}/p3/" in set(iter_links(page))
    # A position that does not exist in a comparison: every position, in the form.
    page = error_page(client.get(f"/compare/?positions={TPM}.p3,{TPM}.p9"), 400)
    assert f"{TPM}.p4" in {o.attrs.get("value") for o in page.find_all("option")}
    # A query string no page can read: the same page without it.
    page = error_page(client.get("/levels/?level=%00"), 400)
    assert "/levels/" in set(iter_links(page))


def test_the_policy_is_in_the_openapi_description() -> None:
    description = str(settings.SPECTACULAR_SETTINGS["DESCRIPTION"])
    assert "Any other parameter" in description
    assert f"longer than {MAX_QUERY_STRING_BYTES:,} bytes is a `414`" in description
    assert f"more than {MAX_PARAMETERS} parameters is a `400`" in description


def test_the_control_characters_refused_are_unicodes_cc_but_tab_and_line_ends() -> None:
    from ladder.query_strings import _CONTROL, ALLOWED_CONTROLS

    refused = {chr(code) for code in range(0x110000) if _CONTROL.fullmatch(chr(code))}
    controls = {chr(code) for code in range(0x110000) if unicodedata.category(chr(code)) == "Cc"}
    assert refused == controls - ALLOWED_CONTROLS
