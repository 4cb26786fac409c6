from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from levels import selectors


def level_index(request: HttpRequest) -> HttpResponse:
    return render(request, "levels/index.html", {"rubric": selectors.level_rubric()})
