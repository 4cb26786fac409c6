"""Ladder's CSP middleware sends exactly the headers django-csp's own would, building them once.

Each case runs a response through both middlewares and compares the headers they leave (the
directives as sets: django-csp joins them in a set's order, which may differ between two builds).
"""

from collections.abc import Callable

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.decorators import csp_exempt, csp_replace, csp_update
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.test import RequestFactory, override_settings

from ladder import content_security
from ladder.content_security import CSPMiddleware

View = Callable[[HttpRequest], HttpResponseBase]


def plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse("page")


def missing(request: HttpRequest) -> HttpResponse:
    return HttpResponse("gone", status=404)


def reads_nonce(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"nonce {request.csp_nonce}")  # type: ignore[attr-defined]


def own_header(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("page")
    response[HEADER] = "default-src 'none'"
    return response


@csp_update({"img-src": "https://images.example"})
def updated(request: HttpRequest) -> HttpResponse:
    return HttpResponse("page")


@csp_replace({"script-src": None})
def replaced(request: HttpRequest) -> HttpResponse:
    return HttpResponse("page")


@csp_exempt()
def exempt(request: HttpRequest) -> HttpResponse:
    return HttpResponse("page")


VIEWS: dict[str, View] = {
    "plain": plain,
    "missing": missing,
    "reads nonce": reads_nonce,
    "own header": own_header,
    "updated": updated,
    "replaced": replaced,
    "exempt": exempt,
}
REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'self'"], "report-uri": "/csp-reports/"}}


def policies(response: HttpResponseBase) -> dict[str, dict[str, frozenset[str]] | None]:
    def parsed(value: str | None) -> dict[str, frozenset[str]] | None:
        if value is None:
            return None
        pieces = (part.strip().split(" ") for part in value.split(";") if part.strip())
        return {name: frozenset(sources) for name, *sources in pieces}

    return {header: parsed(response.get(header)) for header in (HEADER, HEADER_REPORT_ONLY)}


def answer(middleware: type[DjangoCSPMiddleware], view: View, path: str) -> HttpResponseBase:
    return middleware(view)(RequestFactory().get(path))


@pytest.mark.parametrize("name", VIEWS)
@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"DEBUG": True},
        {"CONTENT_SECURITY_POLICY_REPORT_ONLY": REPORT_ONLY},
        {
            "CONTENT_SECURITY_POLICY": {
                "EXCLUDE_URL_PREFIXES": ["/excluded/"],
                "DIRECTIVES": {"default-src": ["'self'"]},
            }
        },
    ],
    ids=["settings", "debug", "report-only", "excluded-prefix"],
)
@pytest.mark.parametrize("path", ["/roles/", "/excluded/page/"])
def test_the_headers_are_django_csps(name: str, overrides: dict, path: str) -> None:
    with override_settings(**overrides):
        ours = answer(CSPMiddleware, VIEWS[name], path)
        theirs = answer(DjangoCSPMiddleware, VIEWS[name], path)
    assert policies(ours) == policies(theirs)


def test_a_plain_response_has_the_policy_and_a_view_may_still_change_it() -> None:
    assert policies(answer(CSPMiddleware, plain, "/"))[HEADER]
    assert "https://images.example" in answer(CSPMiddleware, updated, "/")[HEADER]
    assert HEADER not in answer(CSPMiddleware, exempt, "/")


def test_the_policy_is_built_once_per_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[bool] = []
    real = content_security.build_policy

    def counting(*, report_only: bool) -> str:
        built.append(report_only)
        return real(report_only=report_only)

    monkeypatch.setattr(content_security, "build_policy", counting)
    content_security.settings_policies.cache_clear()
    for _ in range(5):
        answer(CSPMiddleware, plain, "/")
    assert built == [False, True]
    with override_settings(CONTENT_SECURITY_POLICY_REPORT_ONLY=REPORT_ONLY):
        assert "/csp-reports/" in answer(CSPMiddleware, plain, "/")[HEADER_REPORT_ONLY]
    assert HEADER_REPORT_ONLY not in answer(CSPMiddleware, plain, "/")


def test_a_nonce_read_after_the_header_is_an_error() -> None:
    request = RequestFactory().get("/")
    CSPMiddleware(plain)(request)
    with pytest.raises(Exception, match="after the CSP header has been written"):
        str(request.csp_nonce)  # type: ignore[attr-defined]
