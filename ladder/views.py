from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ladder import selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "ladder/home.html", selectors.home_overview())
