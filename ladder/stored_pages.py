"""Ladder's fixed pages, rendered once per data version and served as stored bytes.

A page whose address has no query string (home, the indexes, sources, every role and every
position) is a pure function of the loaded content: the views say so and the response cache
relies on it. The loader therefore renders each of them in the transaction that changes the
content, beside the API's stored documents, and a request for one reads a single row instead
of building model objects and templates: the first visit after a load costs what a repeat
does. A query string (a search, a filter, a comparison) always reaches the view, and so does a
page that is missing for the current data version.

LADDER_STORED_PAGES turns this off (it is off under DEBUG, where templates change while the
server runs, and in the test profile, whose factories write content without the loader).
"""

import logging
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import ResolverMatch, resolve, reverse

from ladder.api.stored import read_current_stored
from ladder.build_fingerprint import static_files_ready

logger = logging.getLogger(__name__)

PageView = Callable[..., HttpResponse]
# Set on the requests the loader renders pages with: they must reach the view itself.
RENDERING = "_ladder_rendering_stored_page"
# Set once the page was looked for in the store (ladder/stored_answers.py) and not found.
LOOKED_UP = "_ladder_stored_page_looked_up"


def page_key(path: str) -> str:
    return f"page:{path}"


def expected_marker() -> list[str]:
    """The key whose presence says a data version's pages were stored: the home page's."""
    if settings.LADDER_STORED_PAGES and static_files_ready():
        return [page_key(reverse("home"))]
    return []


def stored_page(view: PageView) -> PageView:
    """Serve the view's page from the store when the address has no query string. In the
    server's stack ladder/stored_answers.py gives it first, before routing; this is the view's
    own way, for a stack without that middleware."""

    @wraps(view)
    def serve(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if (
            settings.LADDER_STORED_PAGES
            and not request.GET
            and not hasattr(request, RENDERING)
            and not hasattr(request, LOOKED_UP)
        ):
            key = page_key(request.path)
            stored = read_current_stored([key]).stored.get(key)
            if stored is not None:
                content_type, body = stored
                return HttpResponse(body, content_type=content_type)
        return view(request, *args, **kwargs)

    return serve


def page_paths() -> Iterator[str]:
    """Every fixed page but the roles' and the positions', in the order of the site's
    navigation."""
    for name in ("home", "roles:index", "levels:index", "compensation:index", "sources"):
        yield reverse(name)
    for name in ("search", "compare"):  # their empty forms
        yield reverse(name)


def render_pages() -> Iterator[tuple[str, str, bytes]]:
    """(key, content type, body) of every fixed page, rendered by its own view. The role and
    position pages, the most numerous, are shaped from one bulk read each
    (roles.selectors.role_profiles, position_profiles) and rendered by the function their view
    renders with."""
    from ladder.compare_cells import stored_cells
    from ladder.compare_options import stored_fragments
    from ladder.comparison.sheets import build_sheets
    from ladder.comparison.store import stored_sheets
    from roles.selectors import position_profiles, role_profiles
    from roles.views import position_page, role_page

    if not settings.LADDER_STORED_PAGES:
        return
    if not static_files_ready():
        logger.warning(
            "Pages not stored: the static files are not collected yet. Run collectstatic, "
            "then load_ladder again; until then pages are rendered per request."
        )
        return
    for path in page_paths():
        request, match = _request(path)
        yield from _stored(path, match.func(request, *match.args, **match.kwargs))
    yield from stored_fragments()
    outline, sheets = build_sheets()
    yield from stored_sheets(outline, sheets)
    yield from stored_cells(sheets)
    for role in role_profiles():
        request, _ = _request(role.url)
        yield from _stored(role.url, role_page(request, role))
    for profile in position_profiles():
        request, _ = _request(profile.url)
        yield from _stored(profile.url, position_page(request, profile))


def _request(path: str) -> tuple[HttpRequest, ResolverMatch]:
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.resolver_match = match = resolve(path)
    setattr(request, RENDERING, True)
    return request, match


def _stored(path: str, response: HttpResponse) -> Iterator[tuple[str, str, bytes]]:
    if response.status_code == 200:
        yield page_key(path), response["Content-Type"], response.content
