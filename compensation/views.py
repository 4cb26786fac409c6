from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from compensation import selectors
from compensation.forms import BandFilterForm
from ladder.methods import read_only_page
from ladder.query_strings import repeated_parameters
from ladder.stored_pages import stored_page


@read_only_page
@stored_page
def band_index(request: HttpRequest) -> HttpResponse:
    choices = selectors.filter_choices()
    form = BandFilterForm(
        request.GET,
        roles=choices.roles,
        levels=choices.levels,
        regions=choices.regions,
        currencies=choices.currencies,
    )
    valid = form.is_valid()
    # A form field holds one value: `?role=a&role=b` would silently filter by the last one.
    for name, count in repeated_parameters(request.GET, form.fields).items():
        form.add_error(name, f"Choose one {name}; the address gives {count}.")
        form.fields[name].widget.attrs["aria-describedby"] = f"{name}-error"
        valid = False
    if not valid:
        return render(request, "compensation/index.html", {"form": form, "table": None}, status=400)
    table = selectors.band_table(**form.cleaned_data)
    filtered = any(form.cleaned_data.values())
    return render(
        request, "compensation/index.html", {"form": form, "table": table, "filtered": filtered}
    )
