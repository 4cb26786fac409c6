from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from compensation import selectors
from compensation.forms import BandFilterForm


def band_index(request: HttpRequest) -> HttpResponse:
    choices = selectors.filter_choices()
    form = BandFilterForm(
        request.GET,
        roles=choices.roles,
        levels=choices.levels,
        regions=choices.regions,
        currencies=choices.currencies,
    )
    if not form.is_valid():
        return render(request, "compensation/index.html", {"form": form, "table": None}, status=400)
    table = selectors.band_table(**form.cleaned_data)
    filtered = any(form.cleaned_data.values())
    return render(
        request, "compensation/index.html", {"form": form, "table": table, "filtered": filtered}
    )
