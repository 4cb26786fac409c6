from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ladder.methods import read_only_page
from ladder.stored_pages import stored_page
from levels import selectors


@read_only_page
@stored_page
def level_index(request: HttpRequest) -> HttpResponse:
    return render(request, "levels/index.html", {"rubric": selectors.level_rubric()})
