"""The comparison page: /compare/?positions=<key>,<key>[,…][&diff=1].

A thin view on the comparison (ladder.comparison): it reads the query, lines up the positions'
sheets and lays the comparison out for the template — each row's cells as stored for its
positions (ladder/compare_cells.py), citations numbered and counted as on every other page, and
the links that reorder the columns. Repeated
`positions=` parameters (a plain form with one <select> per position) mean the same as one
comma-separated value; `diff` is a checkbox's flag, given at most once.

One query for a comparison whatever the data and the number of columns: its positions' stored
sheets and cells, the sources and the form's options (ladder/comparison/store.py,
ladder/compare_cells.py, ladder/compare_options.py). Where nothing is stored (the test profile,
DEBUG), seven: the five that build the sheets live, the options, the sources.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString

from ladder.compare_cells import (
    cells_keys,
    read_cells,
    read_citations,
    rows_markup,
    section_markup,
)
from ladder.compare_options import (
    OPTIONS_KEY,
    option_fragments,
    options_body,
    options_placeholder,
    render_options,
    with_selected,
)
from ladder.comparison import (
    MAX_POSITIONS,
    Column,
    Comparison,
    SelectionError,
    parse_selection,
)
from ladder.comparison.build import line_up
from ladder.comparison.selection import KEY_EXAMPLE
from ladder.comparison.sheets import Sheet
from ladder.comparison.store import read_current, read_sheets, sheet_keys
from ladder.error_views import bad_query_string
from ladder.methods import read_only_page
from ladder.reversing import url
from ladder.selectors import ChoiceGroup, position_choices
from ladder.splicing import Piece, placeholder, splice
from ladder.stored_pages import stored_page

DIFF_PARAM = "diff"
# The page's tables, spliced in after the template (ladder/splicing.py).
CHANGES, SECTIONS = "compare-changes", "compare-sections"
TRUE_VALUES = frozenset({"1", "true", "on", "yes"})
FALSE_VALUES = frozenset({"", "0", "false", "off", "no"})


@dataclass(frozen=True)
class Slot:
    """One <select> of the form: which position it shows, and whether its value was rejected."""

    number: int
    value: str
    options: SafeString  # every position's <option>, this one's value selected
    invalid: bool = False


@dataclass(frozen=True)
class ColumnView:
    column: Column
    # Links that rebuild the comparison with this column moved; "" where the move is not possible.
    move_left: str
    move_right: str
    make_baseline: str
    remove: str


def compare_url(keys: Sequence[str], *, differences_only: bool) -> str:
    """The page for these keys, in this order. Keys are slugs joined by a dot: the commas stay
    readable in the address."""
    query = {"positions": ",".join(keys)}
    if differences_only:
        query[DIFF_PARAM] = "1"
    return f"{url('compare')}?{urlencode(query, safe=',')}"


@read_only_page
@stored_page
def compare(request: HttpRequest) -> HttpResponse:
    raw = request.GET.getlist("positions")
    flags = [value.strip().lower() for value in request.GET.getlist(DIFF_PARAM)]
    if len(flags) > 1 or not set(flags) <= TRUE_VALUES | FALSE_VALUES:
        return _bad_diff(request, request.GET.getlist(DIFF_PARAM))
    differences_only = bool(flags) and flags[0] in TRUE_VALUES
    try:
        selected = parse_selection(raw)
        # One query for every stored part: the positions' sheets and cells, the form's options.
        stored = read_current([*sheet_keys(selected), *cells_keys(selected), OPTIONS_KEY])
        outline, sheets = read_sheets(selected, stored) if selected else ((), {})
        comparison = line_up(selected, outline, sheets, with_cells=False)
    except SelectionError as error:
        choices = position_choices()  # the page lists them all, with their ids
        context = {
            "choices": choices,
            "slots": _rejected_slots(raw, choices),
            "differences_only": differences_only,
            "error": error,
            "key_example": KEY_EXAMPLE,
        }
        return render(request, "ladder/compare.html", context, status=400)
    keys = list(comparison.keys)
    values = [
        keys[number - 1] if number <= len(keys) else "" for number in range(1, MAX_POSITIONS + 1)
    ]
    context = {
        "slots": [
            Slot(number, value, options_placeholder(number))
            for number, value in enumerate(values, start=1)
        ],
        "differences_only": differences_only,
        "comparison": comparison,
    }
    tables: list[tuple[str, list[Piece]]] = []
    if comparison.complete:
        more, tables = _comparison_context(
            request, comparison, sheets, stored, differences_only=differences_only
        )
        context |= more
    response = render(request, "ladder/compare.html", context)
    response.content = splice(
        response.content, [*option_fragments(options_body(stored), values), *tables]
    )
    return response


def _bad_diff(request: HttpRequest, given: list[str]) -> HttpResponse:
    valid = ", ".join(sorted(TRUE_VALUES) + sorted(FALSE_VALUES - {""}))
    if len(given) > 1:
        detail = f"“{DIFF_PARAM}” is given {len(given)} times; give it once ({valid})."
    else:
        detail = f"“{DIFF_PARAM}={given[0][:50]}” is not a yes or a no; use one of {valid}."
    return bad_query_string(request, 400, detail, DIFF_PARAM)


def _rejected_slots(raw: Sequence[str], choices: list[ChoiceGroup]) -> list[Slot]:
    """The form as the visitor filled it in, each value that is not a position marked."""
    known = {choice.key for group in choices for choice in group.choices}
    options = render_options(choices)
    values = [piece.strip().lower() for part in raw for piece in part.split(",") if piece.strip()]
    values = [*values[:MAX_POSITIONS], *[""] * (MAX_POSITIONS - len(values))]
    return [
        Slot(
            number, value, with_selected(options, value), invalid=bool(value) and value not in known
        )
        for number, value in enumerate(values, start=1)
    ]


def _comparison_context(
    request: HttpRequest,
    full: Comparison,
    sheets: Mapping[str, Sheet],
    stored: Mapping[str, bytes],
    *,
    differences_only: bool,
) -> tuple[dict[str, object], list[tuple[str, list[Piece]]]]:
    """The template's context, and the tables it leaves placeholders for (`splice()`): the
    summary's rows and the sections, joined as bytes from each position's stored cells."""
    shown = full.only_differences() if differences_only else full
    citations = read_citations(stored)
    cells = read_cells(sheets, stored, citations)
    positions = [cells[key] for key in full.keys]

    totals = {
        section.key: (len(section.rows), sum(row.differs for row in section.rows))
        for section in full.sections
    }
    summary = full.summary
    changes = rows_markup(summary.changes, positions, citations) if summary else b""
    sections = [
        section_markup(
            section,
            rows_markup(section.rows, positions, citations),
            full.columns,
            rows_total=totals[section.key][0],
            rows_differing=totals[section.key][1],
            differences_only=differences_only,
        )
        for section in shown.sections
    ]
    tables = [(CHANGES, [changes])] + ([(SECTIONS, sections)] if sections else [])
    keys = list(full.keys)
    context = {
        "comparison": shown,
        "changes": placeholder(CHANGES),
        "sections": placeholder(SECTIONS) if sections else "",
        "columns": _column_views(full.columns, keys, differences_only=differences_only),
        "reversed_url": compare_url(keys[::-1], differences_only=differences_only),
        "toggle_url": compare_url(keys, differences_only=not differences_only),
        "permalink": request.build_absolute_uri(
            compare_url(keys, differences_only=differences_only)
        ),
        "api_url": request.build_absolute_uri(
            f"{url('api:compare')}?{full.query}"
            + ("&differences_only=true" if differences_only else "")
        ),
        "sources": citations.cited,
    }
    return context, tables


def _column_views(
    columns: Sequence[Column], keys: list[str], *, differences_only: bool
) -> list[ColumnView]:
    def reordered(order: list[str]) -> str:
        return compare_url(order, differences_only=differences_only)

    def swapped(i: int, j: int) -> list[str]:
        order = list(keys)
        order[i], order[j] = order[j], order[i]
        return order

    last = len(keys) - 1
    return [
        ColumnView(
            column=column,
            move_left=reordered(swapped(i, i - 1)) if i > 0 else "",
            move_right=reordered(swapped(i, i + 1)) if i < last else "",
            make_baseline=reordered([keys[i], *keys[:i], *keys[i + 1 :]]) if i > 1 else "",
            remove=reordered(keys[:i] + keys[i + 1 :]) if len(keys) > 2 else "",
        )
        for i, column in enumerate(columns)
    ]
