"""Django's error handlers: a page for people, problem+json under /api/. Never a stack trace."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ladder.problems import is_api, problem_response
from roles.models import Role


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return problem_response(
            request, 400, "Bad request", str(exception or "The request is malformed.")
        )
    return render(request, "errors/400.html", {"detail": str(exception or "")}, status=400)


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
