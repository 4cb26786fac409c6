"""What StoredAnswerMiddleware answers is what the views answer without it: the same status,
headers and bytes, for every stored page and API document and for the requests around them it
leaves to the views; and every request it must not take reaches them."""

from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from ladder.content_edits import mark_content_edited
from ladder.models import StoredDocument
from ladder.stored_answers import StoredAnswerMiddleware
from roles.models import Position, Role

pytestmark = pytest.mark.django_db
MIDDLEWARE = "ladder.stored_answers.StoredAnswerMiddleware"
TPM = "technical-product-manager"
P3 = f"/api/v1/positions/{TPM}.p3/"
TAKEN = [
    P3,
    f"/api/v1/positions/{TPM}.tpm-ii/",
    "/api/v1/positions/",
    "/api/v1/positions/?limit=5",
    "/api/v1/positions/?limit=3&offset=4",
    "/api/v1/positions/?offset=3&limit=3",
    "/api/v1/positions/?limit=1&offset=16",  # the last item
    "/api/v1/positions/?offset=17",  # just past the end: an empty page
    "/api/v1/positions/?offset=500&limit=1000",
    "/api/v1/positions/?format=csv",
    "/api/v1/bands/?format=csv",
    "/api/v1/export/",
]
LEFT = [
    "/api/v1/positions/?role=product-manager",  # a filter
    "/api/v1/positions/?limit=0",  # a 400 problem
    "/api/v1/positions/?limit=2&limit=4",  # a 400 problem: given twice
    "/api/v1/positions/?limit=1001",
    "/api/v1/positions/?offset=-1",
    "/api/v1/positions/?format=json",
    "/api/v1/positions/?format=csv&limit=5",
    "/api/v1/positions/nobody.p9/",  # a 404 problem
    f"{P3}?format=json",
    "/api/v1/export/?format=json",
    "/api/v1/bands/",
    "/api/v1/",
    "/api/v1/roles/",
    "/search/?q=roadmap",
    "/compare/?positions=technical-product-manager.p3,product-manager.p3",
    "/roles/nobody/",  # a 404 page
    "/roles",  # a redirect to its slash
]
HEADER_VARIANTS: list[dict[str, Any]] = [
    {},
    {"HTTP_ACCEPT": "*/*"},
    {"HTTP_ACCEPT": "application/json"},
    {"HTTP_ACCEPT": "text/csv"},
    {"HTTP_ACCEPT": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"},
    {"HTTP_HOST": "localhost:8443"},
    {"HTTP_ORIGIN": "https://hris.example.com"},
]


@pytest.fixture
def stored_pages(settings: Any) -> None:
    settings.LADDER_STORED_PAGES = True
    mark_content_edited()


def every_page() -> list[str]:
    fixed = ["/", "/roles/", "/levels/", "/compensation/", "/sources/", "/search/", "/compare/"]
    roles = [f"/roles/{slug}/" for slug in Role.objects.values_list("slug", flat=True)]
    positions = [
        f"/roles/{role}/{level}/"
        for role, level in Position.objects.values_list("role__slug", "level__slug")
    ]
    return fixed + roles + positions


def exchange(path: str, headers: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
    response = Client().get(path, **headers)
    return response.status_code, {k.lower(): v for k, v in response.items()}, response.content


def without_the_middleware() -> Any:
    return override_settings(MIDDLEWARE=[m for m in settings.MIDDLEWARE if m != MIDDLEWARE])


@override_settings(CORS_ALLOWED_ORIGINS=["https://hris.example.com"])
@pytest.mark.parametrize("headers", HEADER_VARIANTS, ids=lambda h: ",".join(h) or "plain")
def test_every_answer_is_the_views_answer(stored_pages: None, headers: dict[str, Any]) -> None:
    assert MIDDLEWARE in settings.MIDDLEWARE
    paths = TAKEN + LEFT + every_page()
    given = [exchange(path, headers) for path in paths]
    with without_the_middleware():
        expected = [exchange(path, headers) for path in paths]
    for path, mine, theirs in zip(paths, given, expected, strict=True):
        assert mine == theirs, path
    assert {status for status, _, _ in given} >= {200, 301, 400, 404}


@pytest.mark.parametrize("method", ["head", "options"])
def test_other_methods_get_the_views_answers(stored_pages: None, method: str) -> None:
    paths = [*TAKEN, "/", f"/roles/{TPM}/p3/"]

    def answers() -> list[tuple[int, dict[str, str], bytes]]:
        responses = [getattr(Client(), method)(path) for path in paths]
        return [(r.status_code, {k.lower(): v for k, v in r.items()}, r.content) for r in responses]

    given = answers()
    with without_the_middleware():
        expected = answers()
    for path, mine, theirs in zip(paths, given, expected, strict=True):
        assert mine == theirs, path


def test_stored_answers_carry_the_validators_the_views_give(stored_pages: None) -> None:
    status, headers, _ = exchange(P3, {})
    assert status == 200
    assert headers["etag"].startswith('W/"')
    revalidated = Client().get(P3, HTTP_IF_NONE_MATCH=headers["etag"])  # answered by DRF
    assert revalidated.status_code == 304
    assert revalidated["ETag"] == headers["etag"]


def gives_up(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"the rest of the stack", status=299)


def answer_of(request: HttpRequest) -> HttpResponse:
    return StoredAnswerMiddleware(gives_up)(request)


@pytest.mark.parametrize("path", [*TAKEN, "/", f"/roles/{TPM}/", f"/roles/{TPM}/p3/"])
def test_stored_answers_are_given_by_the_middleware_alone(
    stored_pages: None, path: str, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        response = answer_of(RequestFactory().get(path))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        *((path, {}) for path in LEFT),
        (P3, {"HTTP_AUTHORIZATION": "Bearer some-key"}),
        (P3, {"HTTP_X_API_KEY": "some-key"}),
        (P3, {"HTTP_IF_NONE_MATCH": 'W/"0"'}),
        (P3, {"HTTP_IF_MODIFIED_SINCE": "Tue, 24 Nov 2026 05:15:38 GMT"}),
        (P3, {"HTTP_ACCEPT": "text/html"}),
        ("/api/v1/positions/", {"HTTP_ACCEPT": "text/csv"}),
    ],
)
def test_other_requests_reach_the_views(
    stored_pages: None, path: str, headers: dict[str, Any]
) -> None:
    assert answer_of(RequestFactory().get(path, **headers)).status_code == 299


@pytest.mark.parametrize(
    "overrides",
    [
        {"LADDER_API_REQUIRE_KEY": True, "LADDER_API_KEYS": ["a-key"]},
        {"LADDER_API_THROTTLE_RATE": "600/minute"},
        {"LADDER_API_KEY_THROTTLE_RATE": "6000/minute"},
    ],
)
def test_api_access_rules_leave_every_request_to_drf(
    stored_pages: None, overrides: dict[str, Any]
) -> None:
    with override_settings(**overrides):
        assert answer_of(RequestFactory().get(P3)).status_code == 299
        assert answer_of(RequestFactory().get("/")).status_code == 200  # pages are open


def test_a_page_or_document_not_stored_reaches_its_view_looked_up_once(
    stored_pages: None,
) -> None:
    StoredDocument.objects.filter(key__in=["page:/levels/", f"position:{TPM}.p3"]).delete()
    assert answer_of(RequestFactory().get("/levels/")).status_code == 299
    assert answer_of(RequestFactory().get(P3)).status_code == 299
    for path in ("/levels/", P3):
        with CaptureQueriesContext(connection) as given:
            assert Client().get(path).status_code == 200
        with without_the_middleware(), CaptureQueriesContext(connection) as expected:
            assert Client().get(path).status_code == 200
        # The view does not look again for what the middleware did not find.
        assert len(given) == len(expected), path


def test_a_host_not_allowed_is_refused_before_a_stored_answer(stored_pages: None) -> None:
    for path in ("/", P3):
        assert Client(HTTP_HOST="forged.example").get(path).status_code == 400


@override_settings(LADDER_STORED_PAGES=False)
def test_pages_are_not_looked_up_when_not_stored(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        assert answer_of(RequestFactory().get("/")).status_code == 299
