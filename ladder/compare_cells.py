"""The comparison page's cells as markup, rendered once per sheet.

A cell's markup depends only on its position and its content (citation numbers follow the
sources' display order, the same on every page), so the loader renders every sheet's cells
with the page's own macro and stores them with the sheet (ladder.comparison.store); a
comparison page then joins markup instead of calling the macro for every cell. Sheets built
live (nothing stored) are rendered here on demand, with the same macro.
"""

from dataclasses import dataclass
from typing import Any

from django.template import engines

from ladder.citations import Citation, Citations
from ladder.comparison import Bullet, Cell, Column
from ladder.comparison import Citation as CellCitation
from ladder.comparison.sheets import UNDEFINED, UNDEFINED_HTML, Sheet


@dataclass(frozen=True)
class CellView:
    """What the compare_cell macro renders: one position's cell, its citations numbered."""

    column: Column
    cell: Cell
    citations: list[Citation]
    bullets: list[tuple[Bullet, Citation | None]]


class CellCitations:
    """Citations of cells by source slug; `cited` tallies what a page shows, for its list of
    sources."""

    def __init__(self, citations: Citations) -> None:
        self.citations = citations
        self._ids = {source.slug: source.pk for source in citations.all_sources()}

    def cite(self, citation: CellCitation) -> Citation | None:
        source_id = self._ids.get(citation.source)
        return None if source_id is None else self.citations.cite(source_id, citation.confidence)

    def tally(self, cell: Cell) -> None:
        for citation in cell.citations:
            self.cite(citation)
        for bullet in cell.bullets:
            self.cite(bullet.citation)

    def view(self, column: Column, cell: Cell) -> CellView:
        return CellView(
            column=column,
            cell=cell,
            citations=[c for c in map(self.cite, cell.citations) if c is not None],
            bullets=[(bullet, self.cite(bullet.citation)) for bullet in cell.bullets],
        )


def cell_markup(sheet: Sheet, citations: Citations) -> dict[str, str]:
    """The markup of each of the sheet's cells by row key, and of its undefined cell."""
    render = _macro()
    cells = CellCitations(Citations(citations.all_sources()))  # rendering tallies nothing
    markup = {
        key: str(render(cv=cells.view(sheet.column, cell))) for key, cell in sheet.cells.items()
    }
    markup[UNDEFINED_HTML] = str(render(cv=cells.view(sheet.column, UNDEFINED)))
    return markup


def _macro() -> Any:
    # Jinja2 caches the template (and, under DEBUG, reloads it when it changes).
    environment = engines["jinja2"].env  # type: ignore[attr-defined]
    return environment.get_template("includes/compare_cell.html").module.compare_cell
