"""Pages about the ladder as a whole: home, search and sources."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ladder import selectors
from ladder.methods import read_only_page
from ladder.query_strings import repeated_parameters
from ladder.search import MAX_QUERY_LENGTH, search_ladder, search_terms
from ladder.search.markup import hits_markup
from ladder.stored_pages import stored_page

SEARCH_LIMIT = 50  # hits per group


@read_only_page
@stored_page
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "ladder/home.html", {"overview": selectors.home_overview()})


@read_only_page
@stored_page
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    if repeated := repeated_parameters(request.GET, ["q"]):
        error = f"Search for one thing at a time: the address gives {repeated['q']} searches."
        return render(request, "ladder/search.html", {"query": query, "error": error}, status=400)
    if len(query) > MAX_QUERY_LENGTH:
        error = f"A search can be at most {MAX_QUERY_LENGTH} characters long; this one has {len(query)}."
        return render(request, "ladder/search.html", {"query": query, "error": error}, status=400)
    results = search_ladder(query, limit=SEARCH_LIMIT) if query.strip() else None
    hits = hits_markup(results, search_terms(query)) if results else ""
    return render(
        request,
        "ladder/search.html",
        {"query": query, "results": results, "hits": hits, "limit": SEARCH_LIMIT},
    )


@read_only_page
@stored_page
def sources(request: HttpRequest) -> HttpResponse:
    return render(request, "ladder/sources.html", {"overview": selectors.sources_overview()})
