"""The comparison page's cells: each position's, as markup, built once per data version.

A comparison shows every position's cell in every row: ~90 cells for two positions, ~180 for
four, most with citation marks. Rendered per request by Jinja macros (a cell's, and a
citation's inside it) they cost ~24 µs a cell, measured: the larger part of an uncached
comparison once its positions' sheets are stored. A cell's markup depends only on its position
(and the sources' numbers, which are fixed per data version), so the loader writes each
position's cells here, in Python, and stores them beside the position's sheet
(ladder.comparison.store): ~0.6 ms a position with its pickling at ×1, 1.8 s for the 1,700
of ×100 (measured). A comparison reads them in the same query as the sheets and only counts the
citations of the rows it shows, for its list of sources. The citation mark
is the one `includes/cite.html` gives every other page (tests/ladder/test_compare_cells.py keeps
the two the same).
"""

import pickle
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.template.defaultfilters import pluralize
from markupsafe import escape

from ladder.citations import Citation, Citations
from ladder.comparison import NOT_DEFINED, Cell, Column, Row, Section
from ladder.comparison import Citation as CellCitation
from ladder.comparison.sheets import SUMMARY_DEFINITION_FIELDS, Sheet, definition_key
from ladder.comparison.store import PICKLE
from ladder.models import Source

# A citation as counted for the page's list of sources: (source id, confidence).
Cited = tuple[int, str]


@dataclass(frozen=True)
class PositionCells:
    """One position's cells as the comparison page shows them."""

    # By row key, for each row the position defines (a summary row under its own key too), as
    # UTF-8: the page's tables are joined from them as bytes (ladder/splicing.py).
    markup: dict[str, bytes]
    # What each of those cells cites.
    cited: dict[str, tuple[Cited, ...]]
    # Its cell in a row it does not define.
    undefined: bytes


SOURCES_KEY = "fragment:compare-sources"


def cells_key(position_key: str) -> str:
    return f"fragment:compare-cells:{position_key}"


def cells_keys(position_keys: Iterable[str]) -> list[str]:
    """The stored documents a comparison page reads besides the sheets."""
    return [SOURCES_KEY, *(cells_key(key) for key in position_keys)]


def stored_cells(sheets: Mapping[str, Sheet]) -> Iterator[tuple[str, str, bytes]]:
    """What the loader stores, in (key, content type, body) form: every position's cells, and
    the sources the page lists."""
    sources = list(Source.objects.all())
    yield SOURCES_KEY, PICKLE, pickle.dumps(sources, pickle.HIGHEST_PROTOCOL)
    marks = CitationMarks(Citations(sources))
    for key, sheet in sheets.items():
        cells = position_cells(sheet, marks)
        yield cells_key(key), PICKLE, pickle.dumps(cells, pickle.HIGHEST_PROTOCOL)


def read_citations(stored: Mapping[str, bytes]) -> Citations:
    """The page's citations, of the sources stored with the cells (or read now)."""
    if SOURCES_KEY in stored:
        return Citations(pickle.loads(stored[SOURCES_KEY]))
    return Citations.load()


def read_cells(
    sheets: Mapping[str, Sheet], stored: Mapping[str, bytes], citations: Citations
) -> dict[str, PositionCells]:
    """Each sheet's position's cells: stored (read with `cells_keys()`), or written now."""
    if all(cells_key(key) in stored for key in sheets):
        return {key: pickle.loads(stored[cells_key(key)]) for key in sheets}
    marks = CitationMarks(citations)
    return {key: position_cells(sheet, marks) for key, sheet in sheets.items()}


def position_cells(sheet: Sheet, marks: "CitationMarks") -> PositionCells:
    title = escape(sheet.column.title)
    markup, cited = {}, {}
    for row_key, cell in sheet.cells.items():
        counted: list[Cited] = []

        def mark(citation: CellCitation, counted: list[Cited] = counted) -> str | None:
            found = marks.get(citation)
            if found is None:
                return None
            counted.append(found[1])
            return found[0]

        markup[row_key] = cell_markup(title, cell, mark).encode()
        cited[row_key] = tuple(counted)
    for field in SUMMARY_DEFINITION_FIELDS:
        if definition_key(field) in markup:
            summary_key = f"summary.{field.replace('_', '-')}"
            markup[summary_key] = markup[definition_key(field)]
            cited[summary_key] = cited[definition_key(field)]
    undefined = cell_markup(title, Cell(defined=False, display=NOT_DEFINED), _no_citation).encode()
    return PositionCells(markup=markup, cited=cited, undefined=undefined)


class CitationMarks:
    """Each (source, confidence)'s mark and what it counts, written once: a load writes ~80,000
    of them at ×100 from a few dozen distinct ones."""

    def __init__(self, citations: Citations) -> None:
        self._citations = citations
        self._sources = {source.slug: source for source in citations.all_sources()}
        self._written: dict[tuple[str, str], tuple[str, Cited] | None] = {}

    def get(self, citation: CellCitation) -> tuple[str, Cited] | None:
        """The mark and (source id, confidence), or None for a source that is not loaded."""
        key = (citation.source, citation.confidence)
        if key not in self._written:
            source = self._sources.get(citation.source)
            self._written[key] = (
                None
                if source is None
                else (
                    cite_markup(
                        Citation(self._citations.number_of(source.pk), source, citation.confidence)
                    ),
                    (source.pk, citation.confidence),
                )
            )
        return self._written[key]


def rows_markup(
    rows: Sequence[Row], positions: Sequence[PositionCells], citations: Citations
) -> bytes:
    """The rows of a comparison table's body, each position's cell in each, as UTF-8; every
    citation of the cells shown is counted for the page's list of sources."""
    cited: list[Cited] = []
    parts = []
    for row in rows:
        parts.append(_row_head(row.key, row.label, row.description, row.differs))
        for position in positions:
            cited += position.cited.get(row.key, ())
            parts += (b"<td>", position.markup.get(row.key, position.undefined), b"</td>")
        parts.append(b"\n        </tr>\n        ")
    for (source_id, confidence), times in Counter(cited).items():
        citations.cite(source_id, confidence, times=times)
    return b"".join(parts)


def section_markup(
    section: Section,
    rows: bytes,
    columns: Sequence[Column],
    *,
    rows_total: int,
    rows_differing: int,
    differences_only: bool,
) -> bytes:
    """One section of the comparison, as UTF-8: its heading, what it is, and its table (a row
    per aspect or band, a column per position; `rows_markup()`), the caption saying how many
    rows differ."""
    key, name = escape(section.key), escape(section.name)
    about = (
        f'<p class="section-intro">{escape(section.description)}</p>' if section.description else ""
    )
    hidden = (
        "; the rows that are the same are hidden"
        if differences_only and rows_differing != rows_total
        else ""
    )
    heads = "".join(
        f'<th scope="col"><a href="{escape(column.url)}">{escape(column.title)}</a></th>'
        for column in columns
    )
    head = (
        f'\n<section class="section compare-section" id="{key}" aria-labelledby="{key}-title">\n'
        f'  <h2 id="{key}-title">{name}</h2>\n'
        f"  {about}\n"
        f'  <div class="table-wrap compare-wrap" role="region" aria-labelledby="{key}-caption"'
        ' tabindex="0">\n'
        f'    <table class="compare-table columns-{len(columns)}" id="{key}-table">\n'
        f'      <caption id="{key}-caption">{name}<small>{rows_differing} of {rows_total}'
        f" row{pluralize(rows_total)} differ{pluralize(rows_differing, 's,')}{hidden}."
        "</small></caption>\n"
        "      <thead>\n"
        "        <tr>\n"
        f'          <th scope="col">{"Band" if section.key == "compensation" else "Aspect"}</th>\n'
        f"          {heads}\n"
        "        </tr>\n"
        "      </thead>\n"
        "      <tbody>\n"
        "        "
    )
    return b"".join((head.encode(), rows, SECTION_END))


SECTION_END = b"\n      </tbody>\n    </table>\n  </div>\n</section>\n"


@lru_cache(maxsize=4096)
def _row_head(key: str, label: str, description: str, differs: bool) -> bytes:
    """A row's opening and its heading: its label, whether it differs (in words, not only in
    colour), and what it means. The same for every comparison of a data version: kept."""
    flag = (
        '<span class="flag flag-differs">Differs</span>'
        if differs
        else '<span class="flag flag-same">Same</span>'
    )
    about = f'<small class="row-description">{escape(description)}</small>' if description else ""
    return (
        f'\n        <tr id="row-{escape(key)}" class="{"row-differs" if differs else "row-same"}">'
        f'\n          <th scope="row">\n<span class="row-label">{escape(label)}</span>\n{flag}'
        f"\n{about}\n</th>\n          "
    ).encode()


def cite_markup(citation: Citation) -> str:
    editorial = " cite-editorial" if citation.is_editorial else ""
    text = escape(citation.text)
    return (
        f'<a class="cite{editorial}" href="#{escape(citation.anchor)}" title="{text}">'
        f'<span class="visually-hidden">Source </span>{citation.number}'
        f'<span class="visually-hidden">: {text}</span></a>\n'
    )


def _no_citation(citation: CellCitation) -> None:
    return None


def cell_markup(title: str, cell: Cell, mark: Callable[[CellCitation], str | None]) -> str:
    """One position's cell: whose it is (for narrow screens, where the columns stack), then its
    text or bullets with their citation marks, or that the position does not define the row.
    `title` is escaped already; `mark` gives a citation's mark, or None for an unknown source."""
    head = f'\n<span class="cell-position">{title}</span>\n'
    if not cell.defined:
        return f'{head}<span class="not-defined">{escape(cell.display)}</span>\n\n'
    if cell.bullets:
        items = []
        for bullet in cell.bullets:
            label = f"<strong>{escape(bullet.label)}.</strong> " if bullet.label else ""
            written = mark(bullet.citation)
            cited = f" {written}" if written is not None else ""
            items.append(f"<li>{label}{escape(bullet.text)}{cited}</li>")
        return f'{head}\n<ul class="cell-bullets">\n  {"".join(items)}\n</ul>\n\n'
    derived = (
        f' <span class="muted">(from {escape(cell.derived_from)})</span>'
        if cell.derived_from
        else ""
    )
    marks = "".join(f" {written}" for written in map(mark, cell.citations) if written is not None)
    band = ""
    if cell.band is not None:
        if cell.band.year:
            band += f'<span class="block muted">{cell.band.year}</span>'
        if cell.band.note:
            band += f'<small class="band-note">{escape(cell.band.note)}</small>'
    return (
        f'{head}\n<span class="cell-text">{escape(cell.display)}{derived}{marks}</span>\n{band}\n\n'
    )
