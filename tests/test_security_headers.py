"""Every kind of response carries the security headers, and no page needs inline code.

Pages, API answers (JSON, CSV, problem+json errors), error pages, static files, the API docs
and the admin; and a repeat answered by the WSGI response cache keeps what Django sent.
"""

from collections.abc import Mapping
from html.parser import HTMLParser
from wsgiref.util import setup_testing_defaults

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.test import Client
from django.urls import include, path

from ladder import error_views
from ladder.response_cache import ResponseCache

pytestmark = pytest.mark.django_db

# The policy's every directive, and the only sources any of them may name.
EXPECTED_POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}
EXPECTED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}

# path -> the status it answers; one of each kind of response.
RESPONSES = {
    "/": 200,
    "/roles/technical-product-manager/": 200,
    "/roles/technical-product-manager/p3/": 200,
    "/compare/?positions=technical-product-manager.p3,product-manager.p3": 200,
    "/compensation/": 200,
    "/search/?q=roadmap": 200,
    "/no/such/page/": 404,
    "/roles/astronaut/": 404,
    "/compensation/?region=mars": 400,
    "/api/v1/": 200,
    "/api/v1/bands/": 200,
    "/api/v1/bands/?format=csv": 200,
    "/api/v1/bands/?region=mars": 400,
    "/api/v1/roles/astronaut/": 404,
    "/api/v1/no-such-resource/": 404,
    "/api/schema/": 200,
    "/api/docs/": 200,
    "/api/docs/?script=": 200,
    "/static/ladder/ladder.css": 200,
    "/static/ladder/api-docs.css": 200,
    "/static/admin/js/theme.js": 200,
    "/admin/login/": 200,
    "/admin/": 302,
}


def policy(header: str) -> dict[str, set[str]]:
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = set(sources)
    return directives


def assert_secure(headers: Mapping[str, str] | HttpResponseBase) -> None:
    for name, value in EXPECTED_HEADERS.items():
        assert headers[name] == value, name
    assert policy(headers["Content-Security-Policy"]) == EXPECTED_POLICY


def test_the_policy_allows_no_inline_code_and_no_other_origin() -> None:
    sources = set().union(*EXPECTED_POLICY.values())
    assert sources == {"'self'", "'none'", "data:"}
    assert "'unsafe-inline'" not in sources
    assert "'unsafe-eval'" not in sources


@pytest.mark.parametrize(("url", "status"), RESPONSES.items())
def test_every_kind_of_response_carries_the_headers(client: Client, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status, url
    assert_secure(response)


def test_problem_details_carry_the_headers(client: Client) -> None:
    response = client.get("/api/v1/bands/?region=mars")
    assert response["Content-Type"] == "application/problem+json"
    assert_secure(response)


def test_an_api_key_refusal_carries_the_headers(client: Client, settings) -> None:
    settings.LADDER_API_REQUIRE_KEY = True
    settings.LADDER_API_KEYS = ["a-key-for-this-test"]
    response = client.get("/api/v1/roles/")
    assert response.status_code == 401
    assert_secure(response)


def test_an_admin_page_for_a_signed_in_editor_carries_the_headers(admin_client: Client) -> None:
    response = admin_client.get("/admin/roles/role/")
    assert response.status_code == 200
    assert_secure(response)


def test_head_and_a_refused_method_carry_the_headers(client: Client) -> None:
    assert_secure(client.head("/"))
    refused = client.post("/search/")
    assert refused.status_code in (403, 405)  # CSRF or method: either way Django's answer
    assert_secure(refused)


# A server error, through Ladder's own handler: this module is its own URLconf for that test.
def broken_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken_view), path("", include("ladder.urls"))]
handler500 = error_views.server_error


@pytest.mark.urls(__name__)
def test_a_server_error_page_carries_the_headers() -> None:
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert_secure(response)
    assert b"a bug" not in response.content


# --- The WSGI response cache -------------------------------------------------------------------


def call(app: ResponseCache, url: str, method: str = "GET") -> tuple[str, dict[str, str], bytes]:
    path_info, _, query = url.partition("?")
    environ: dict = {"REQUEST_METHOD": method, "PATH_INFO": path_info, "QUERY_STRING": query}
    setup_testing_defaults(environ)
    environ["SERVER_NAME"] = "testserver"
    answer: dict = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


@pytest.mark.parametrize(
    "url",
    ["/", "/roles/technical-product-manager/p3/", "/api/v1/bands/", "/api/v1/bands/?format=csv"],
)
def test_a_repeat_from_the_response_cache_carries_the_headers(
    settings, in_process_wsgi, django_assert_num_queries, url: str
) -> None:
    settings.LADDER_RESPONSE_CACHE = True
    caches["responses"].clear()
    app = ResponseCache(WSGIHandler())
    first_status, first_headers, _ = call(app, url)
    assert first_status.startswith("200")
    assert_secure(first_headers)
    with django_assert_num_queries(2):  # the data version, twice: both came from the store
        status, headers, _ = call(app, url)
        head_status, head_headers, _ = call(app, url, method="HEAD")
    assert status.startswith("200")
    assert head_status.startswith("200")
    assert_secure(headers)
    assert_secure(head_headers)


# --- No inline code in what the pages render ---------------------------------------------------


class InlineCode(HTMLParser):
    """Collects what a 'self'-only policy would block: inline scripts and styles, style
    attributes, event-handler attributes and javascript: links."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.in_inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "style":
            self.found.append("<style>")
        if tag == "script" and not attributes.get("src"):
            # A JSON-LD data block is never executed, so the policy does not apply to it.
            self.in_inline_script = attributes.get("type") != "application/ld+json"
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}=javascript:…>")

    def handle_data(self, data: str) -> None:
        if self.in_inline_script and data.strip():
            self.found.append(f"<script>{data.strip()[:40]}…")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_inline_script = False


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def test_the_checker_finds_inline_code() -> None:
    html = (
        '<style>p{}</style><p style="color:red" onclick="x()">'
        '<a href="javascript:x()">a</a><script>alert(1)</script>'
        '<script type="application/ld+json">{"a": 1}</script><script src="/s.js"></script>'
    )
    assert inline_code(html) == [
        "<style>",
        "<p style=…>",
        "<p onclick=…>",
        "<a href=javascript:…>",
        "<script>alert(1)…",
    ]


@pytest.mark.parametrize(
    "url",
    [
        url
        for url, status in RESPONSES.items()
        if not url.startswith(("/api/v1/", "/api/schema/", "/static/", "/api/docs/?"))
        and status != 302
    ],
)
def test_no_page_needs_inline_code(client: Client, url: str) -> None:
    response = client.get(url)
    assert response["Content-Type"].startswith("text/html")
    assert inline_code(response.content.decode()) == []


@pytest.mark.parametrize(
    "url",
    [
        "/roles/",
        "/levels/",
        "/sources/",
        "/compare/?positions=technical-product-manager.p3,technical-product-manager.tpm-ii,"
        "product-manager.p3,technical-program-manager.p4",
        "/roles/technical-product-manager/tpm-ii/",
        "/compensation/?role=product-manager&region=us",
    ],
)
def test_no_chart_or_table_needs_inline_code(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert inline_code(response.content.decode()) == []


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/roles/role/",
        "/admin/roles/role/{role}/change/",
        "/admin/compensation/band/",
        "/admin/levels/level/add/",
        "/admin/auth/user/{user}/change/",
        "/admin/password_change/",
    ],
)
def test_the_admin_needs_no_inline_code(admin_client: Client, url: str) -> None:
    from roles.models import Role

    url = url.format(role=Role.objects.first().pk, user=User.objects.get(username="admin").pk)
    response = admin_client.get(url)
    assert response.status_code == 200
    assert inline_code(response.content.decode()) == []
