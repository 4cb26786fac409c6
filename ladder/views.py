"""Pages about the ladder as a whole: home, search and sources."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ladder import selectors
from ladder.methods import read_only_page
from ladder.search.pages import SearchProblem, read_search, search_page
from ladder.stored_pages import stored_page


@read_only_page
@stored_page
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "ladder/home.html", {"overview": selectors.home_overview()})


@read_only_page
@stored_page
def search(request: HttpRequest) -> HttpResponse:
    asked = read_search(request.GET)
    if isinstance(asked, SearchProblem):
        context = {"query": asked.query, "error": asked.detail}
        return render(request, "ladder/search.html", context, status=400)
    page = search_page(asked)
    status = 404 if page.past_the_end else 200
    return render(
        request, "ladder/search.html", {"query": asked.query, "page": page}, status=status
    )


@read_only_page
@stored_page
def sources(request: HttpRequest) -> HttpResponse:
    return render(request, "ladder/sources.html", {"overview": selectors.sources_overview()})
