"""Compare two to four positions side by side: what changes, by how much, with a link to share.

The one domain function behind the comparison page and API:

    comparison = compare_positions(request.GET.getlist("positions"))  # may raise SelectionError
    if not comparison.complete: ...            # fewer than two: explain, show the form
    if differences_only: comparison = comparison.only_differences()
    comparison.to_dict()                       # JSON-ready

See `results` for the shape of a comparison, `selection` for the input, `pay` for pay deltas.
"""

from ladder.comparison.build import compare_positions
from ladder.comparison.results import (
    NOT_DEFINED,
    BandFigures,
    Bullet,
    Cell,
    Citation,
    Column,
    Comparison,
    FigureDelta,
    PayComparison,
    PayDelta,
    Row,
    Section,
    Summary,
)
from ladder.comparison.selection import (
    MAX_POSITIONS,
    MIN_POSITIONS,
    SelectionError,
    parse_selection,
)
from ladder.comparison.sheets import normalise

__all__ = [
    "MAX_POSITIONS",
    "MIN_POSITIONS",
    "NOT_DEFINED",
    "BandFigures",
    "Bullet",
    "Cell",
    "Citation",
    "Column",
    "Comparison",
    "FigureDelta",
    "PayComparison",
    "PayDelta",
    "Row",
    "Section",
    "SelectionError",
    "Summary",
    "compare_positions",
    "normalise",
    "parse_selection",
]
