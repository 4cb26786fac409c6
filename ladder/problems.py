"""RFC 9457 problem details: the body of every error under /api/."""

from typing import Any

from django.http import HttpRequest, JsonResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem_response(
    request: HttpRequest, status: int, title: str, detail: str, **extensions: Any
) -> JsonResponse:
    body = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.get_full_path(),
        **extensions,
    }
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")
