"""Pages are read-only: GET and HEAD. Any other method — POST, PUT, TRACE or one made up — is a
405 with an `Allow` header and Ladder's page (problem+json under /api/).

Django answers a method a view does not take with a blank `HttpResponseNotAllowed` and has no
handler to change that: `MethodNotAllowedPage` is that handler, for every view (pages under
`require_safe`, the health checks, the API's redirect). DRF's views answer their own 405s.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from ladder.error_views import method_not_allowed

PageView = Callable[..., HttpResponse]


def read_only_page(view: PageView) -> PageView:
    """`require_safe`, exempt from the CSRF check: that check runs before the view and would
    answer a POST with a 403 instead of the 405; nothing but GET and HEAD reaches the view."""
    return csrf_exempt(require_safe(view))


class MethodNotAllowedPage:
    """Middleware: Django's blank 405 becomes Ladder's, with the same `Allow` header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = [method.strip() for method in response["Allow"].split(",")]
            return method_not_allowed(request, allowed)
        return response
