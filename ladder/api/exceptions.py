"""Every error under /api/ as RFC 9457 problem details (application/problem+json).

DRF raises; `problem_exception_handler` (REST_FRAMEWORK["EXCEPTION_HANDLER"]) answers. Django's
own 404/400/500 handlers (ladder.error_views) cover what never reaches a DRF view.
"""

from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponse
from rest_framework import exceptions, status

from ladder.problems import problem_response

READ_ONLY_DETAIL = "The Ladder API is read-only: use GET (or HEAD, OPTIONS)."


@dataclass(frozen=True)
class InvalidParam:
    """One entry of a problem's `invalid_params`: which parameter, why, and what would do."""

    name: str
    reason: str
    valid: list[str] | None = None

    def as_dict(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"name": self.name, "reason": self.reason}
        if self.valid is not None:
            entry["valid"] = self.valid
        return entry


class InvalidQueryParameters(exceptions.APIException):
    """A filter, paging or search parameter has a value the API cannot answer for."""

    status_code = status.HTTP_400_BAD_REQUEST
    title = "Invalid query parameter"

    def __init__(self, params: list[InvalidParam]) -> None:
        self.invalid_params = params
        super().__init__("; ".join(f"{p.name}: {p.reason}" for p in params))


class UnsupportedFormat(exceptions.NotAcceptable):
    """`?format=` or `Accept:` asks for a representation this endpoint does not have."""

    title = "Not acceptable"

    def __init__(self, name: str, asked: str, formats: dict[str, str]) -> None:
        valid = list(formats) if name == "format" else list(formats.values())
        reason = f"{asked!r} is not available here"
        self.invalid_params = [InvalidParam(name, reason, valid)]
        super().__init__(f"{name}: {reason}; this endpoint answers in {', '.join(valid)}.")


class NotModified(exceptions.APIException):
    """Not an error: the client's copy is current (raised by the conditional-GET check so the
    view never runs; answered with an empty 304 carrying the validators)."""

    status_code = status.HTTP_304_NOT_MODIFIED


TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    429: "Too many requests",
}


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> HttpResponse | None:
    request = context["request"]
    if isinstance(exc, NotModified):
        response = HttpResponse(status=status.HTTP_304_NOT_MODIFIED)
        del response["Content-Type"]  # a 304 has no body to describe
        return response
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: Django's handler500 answers with a problem, and it is logged

    from rest_framework.views import set_rollback  # not at import: DRF imports this module

    set_rollback()
    status_code = exc.status_code
    extensions: dict[str, Any] = {}
    params = getattr(exc, "invalid_params", None)
    if params:
        extensions["invalid_params"] = [p.as_dict() for p in params]
    elif isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, dict):
        extensions["invalid_params"] = [
            {"name": str(name), "reason": " ".join(str(m) for m in _messages(messages))}
            for name, messages in exc.detail.items()
        ]
    # Problem-specific members (RFC 9457 extensions), e.g. a link to what would have worked.
    extensions.update(getattr(exc, "extensions", None) or {})
    detail = _detail(exc)
    if isinstance(exc, exceptions.MethodNotAllowed):
        detail = f"{detail} {READ_ONLY_DETAIL}"
    title = getattr(exc, "title", None) or TITLES.get(status_code) or HTTPStatus(status_code).phrase
    response = problem_response(request._request, status_code, title, detail, **extensions)
    if getattr(exc, "auth_header", None):
        response["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
    wait = getattr(exc, "wait", None)
    if wait is not None:
        response["Retry-After"] = str(max(1, round(wait)))
    return response


def _messages(messages: Any) -> list[Any]:
    return messages if isinstance(messages, list) else [messages]


def _detail(exc: exceptions.APIException) -> str:
    detail = exc.detail
    if isinstance(detail, dict):
        return "; ".join(
            f"{name}: {' '.join(str(m) for m in _messages(value))}"
            for name, value in detail.items()
        )
    if isinstance(detail, list):
        return " ".join(str(m) for m in detail)
    return str(detail)
