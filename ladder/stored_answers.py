"""Answer a request for stored bytes before sessions, authentication, routing and views run.

A stored page (ladder/stored_pages.py) or API document (ladder/api/stored_answers.py) is the
whole of its answer: one read gives its bytes and the data version they belong to. The
middleware after this one (sessions, CSRF, authentication, messages, the read snapshot, axes),
Django's routing and, for the API, DRF add nothing to such an answer but their cost. So this
middleware, placed after those that shape every response (security headers, the content
policy, CORS, the query-string and parameter checks, the outage answer), gives those answers
itself and lets every other request through:
- a page: a GET or HEAD without a query string whose page is stored for the current version;
- the API: the plainest GET of a stored document (ladder/api/stored_answers.py says which).
In-process on PostgreSQL at x1 (means of 2,000 requests, 2026-11-24): home 0.37 -> 0.25 ms, a
position page 0.43 -> 0.27, an API position 0.67 -> 0.36, a page of the list 0.79 -> 0.48, the
bands CSV 0.64 -> 0.33.
The one read is a statement of its own, outside the snapshot the rest of the stack would open.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from ladder.api.stored import read_current_stored
from ladder.api.stored_answers import api_answer
from ladder.response_cache import pass_through_prefixes
from ladder.stored_pages import LOOKED_UP, page_key

READS = ("GET", "HEAD")


class StoredAnswerMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in READS:
            # CommonMiddleware's check, which comes after: a Host not allowed is a 400 (its
            # links or a cache keyed on it could otherwise carry the forged host).
            request.get_host()
            path = request.path_info
            if path.startswith("/api/"):
                answer = api_answer(request)
            elif not path.startswith(pass_through_prefixes()):
                answer = stored_page(request)
            else:
                answer = None
            if answer is not None:
                return answer
        return self.get_response(request)


def stored_page(request: HttpRequest) -> HttpResponse | None:
    """The stored page at the request's address, as the view's stored_page() would give it."""
    if not settings.LADDER_STORED_PAGES or request.GET:
        return None
    key = page_key(request.path)
    stored = read_current_stored([key]).stored.get(key)
    setattr(request, LOOKED_UP, True)  # the view need not read it again
    if stored is None:
        return None
    content_type, body = stored
    response = HttpResponse(body, content_type=content_type)
    response["Content-Length"] = str(len(body))  # CommonMiddleware's, which comes after
    return response
