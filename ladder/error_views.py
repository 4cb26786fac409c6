"""Django's error handlers, and the answers to requests no view should see (a bad query string,
a method a page does not take): a page for people, problem+json under /api/. Never a stack
trace."""

from collections.abc import Sequence

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve

from ladder.problems import is_api, problem_response
from roles.models import Role

# How much of a method name the 405 page repeats (a client can send anything).
METHOD_ECHO_LIMIT = 20
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PAGE_HEADINGS = {
    400: ("Bad request", "This request can’t be answered"),
    414: ("Address too long", "This address is too long"),
}
PROBLEM_TITLES = {400: "Invalid query string", 414: "Query string too long"}


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return problem_response(
            request, 400, "Bad request", str(exception or "The request is malformed.")
        )
    return _error_page(request, 400, str(exception or ""))


def bad_query_string(
    request: HttpRequest, status: int, detail: str, parameter: str | None = None
) -> HttpResponse:
    """A query string no view should read (ladder.query_strings): 400, or 414 when too long."""
    if is_api(request):
        extensions = {}
        if parameter is not None:
            extensions["invalid_params"] = [{"name": parameter, "reason": detail}]
        title = PROBLEM_TITLES.get(status, "Bad request")
        return problem_response(request, status, title, detail, **extensions)
    return _error_page(request, status, detail)


def method_not_allowed(request: HttpRequest, allowed: Sequence[str]) -> HttpResponse:
    """405 with the `Allow` header: Django has no handler for it (ladder.methods calls this)."""
    allow = ", ".join(allowed)
    method = (request.method or "")[:METHOD_ECHO_LIMIT]
    if is_api(request):
        response: HttpResponse = problem_response(
            request,
            405,
            "Method not allowed",
            f"{method!r} is not allowed here; use {allow}.",
        )
    else:
        read_only = set(allowed) <= READ_METHODS
        context = {
            "method": method,
            "allowed": allowed,
            "read_only": read_only,
            "readable_path": _readable_path(request) if read_only else None,
        }
        response = render(request, "errors/405.html", context, status=405)
    response["Allow"] = allow
    return response


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return problem_response(
            request,
            404,
            "Not found",
            f"No resource at {request.path}. The API root /api/v1/ lists every resource.",
        )
    roles = list(Role.objects.order_by("order").values("slug", "name"))
    detail = f"There is no page at {request.path}."
    return render(request, "errors/404.html", {"roles": roles, "detail": detail}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return problem_response(
            request, 500, "Server error", "Something went wrong on our side; it has been logged."
        )
    return render(request, "errors/500.html", status=500)


def _error_page(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    title, heading = PAGE_HEADINGS.get(status, PAGE_HEADINGS[400])
    context = {
        "status": status,
        "title": title,
        "heading": heading,
        "detail": detail,
        "readable_path": _readable_path(request) if request.META.get("QUERY_STRING") else None,
    }
    return render(request, "errors/400.html", context, status=status)


def _readable_path(request: HttpRequest) -> str | None:
    """The page at this path, without its query, when there is one: what would have worked."""
    try:
        resolve(request.path_info)
    except Resolver404:
        return None
    return request.path
