"""Each position's side of a comparison, built once per data version.

A comparison lines up two to four positions row by row, and everything in one position's cell
belongs to that position alone: its statement, its level's definition, its band. So every
position has a `Sheet` — its column, its cell in each row it defines, its pay bands — and a
comparison only lines sheets up (ladder.comparison.build): which rows there are, which differ,
what the pay deltas are. The loader stores every position's sheet (ladder.comparison.store);
building them from model objects was the larger part of an uncached comparison (profiled:
~8 of ~16 ms at ×1, in five queries' ORM compilation and rows).

`build_sheets()` reads them live, in five queries whatever the data:
1. the positions, with role, level, scale, mapped P-levels and their definition sources;
2–3. dimensions and their aspects (the `Outline` every comparison's rows follow);
4. the statements of the positions, with their sources;
5. their bands, with region and source.

A title level that does not state a level definition or years of its own shows those of the
P-levels it maps to: the one P-level's text when it maps to one, "P2: … → P3: …" (the two ends of
its range) when it maps to several; such cells say so in `derived_from` and cite the P-levels'
definitions and the mapping.
"""

import pickle
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from django.db.models import Prefetch

from compensation.models import Band, Basis
from ladder.comparison.pay import BandKey, band_figures
from ladder.comparison.results import (
    NOT_DEFINED,
    BandFigures,
    Bullet,
    Cell,
    Citation,
    Column,
)
from ladder.models import Source
from levels.models import Level, ScaleKind
from levels.selectors import DEFINITION_FIELDS
from roles.models import Aspect, Dimension, Position, Statement

# The level definition's fields and labels, as the levels page shows them.
LEVEL_DEFINITION_FIELDS = tuple(DEFINITION_FIELDS)
# The level-definition rows the summary repeats.
SUMMARY_DEFINITION_FIELDS = ("scope", "autonomy", "decision_rights")
# The level definition is shown right after this dimension (or after the last one).
LEVEL_DEFINITION_FOLLOWS = "level-guidelines"
LEVEL_DEFINITION_KEY = "level-definition"
COMPENSATION_KEY = "compensation"
BASIS_ORDER = {basis: index for index, basis in enumerate(Basis.values)}


def normalise(text: str) -> str:
    """Text as compared: whitespace collapsed, case folded."""
    # str.split() splits on what the regular expression \s+ matches (str.isspace()), faster.
    return " ".join(text.split()).casefold()


def signature(cell: Cell) -> object:
    """What must be equal for two cells to be the same."""
    if not cell.defined:
        return None
    if cell.band is not None:
        band = cell.band
        return (band.minimum, band.median, band.maximum, band.maximum_is_open, band.year)
    if cell.bullets:
        return tuple((normalise(b.label), normalise(b.text)) for b in cell.bullets)
    return normalise(cell.text or "")


# --- queries ---------------------------------------------------------------------------------


def _positions(keys: Sequence[str] | None) -> dict[str, Position]:
    queryset = (
        Position.objects.all()
        if keys is None
        else Position.objects.filter(key__in=sorted(set(keys)))
    )
    queryset = queryset.select_related(
        "role",
        "level__scale",
        "level__definition_source",
        "level__mapping_source",
        "level__maps_to_min__definition_source",
        "level__maps_to_max__definition_source",
    )
    return {position.key: position for position in queryset}


def _dimensions() -> list[Dimension]:
    return list(
        Dimension.objects.order_by("order").prefetch_related(
            Prefetch("aspects", queryset=Aspect.objects.order_by("order"))
        )
    )


class StatementRow(NamedTuple):
    """The fields of a statement the comparison reads, with its source's slug and title."""

    position_id: int
    dimension_id: int
    aspect_id: int | None
    label: str
    text: str
    confidence: str
    source_slug: str
    source_title: str


def _statements(position_ids: set[int] | None) -> list[StatementRow]:
    # Rows, not model objects (nor a whole Source each, JSON fields decoded): building those
    # was the larger part of a comparison's time, profiled.
    statements = Statement.objects.all()
    if position_ids is not None:
        statements = statements.filter(position_id__in=position_ids)
    rows = statements.order_by("position_id", "dimension_id", "order", "pk").values_list(
        *StatementRow._fields[:6], "source__slug", "source__title"
    )
    return [StatementRow(*row) for row in rows]


def _bands(position_ids: set[int] | None) -> list[Band]:
    bands = (
        Band.objects.all()
        if position_ids is None
        else Band.objects.filter(position_id__in=position_ids)
    )
    bands = bands.select_related("region", "source")
    return sorted(bands, key=_band_order)


def _band_order(band: Band) -> tuple[int, str, int, int]:
    return (
        band.region.order,
        band.currency,
        BASIS_ORDER.get(band.basis, len(BASIS_ORDER)),
        band.pk,
    )


# --- levels ----------------------------------------------------------------------------------


def _p_range(level: Level) -> tuple[Level, Level] | None:
    if level.maps_to_min is not None and level.maps_to_max is not None:
        return level.maps_to_min, level.maps_to_max
    if level.scale.kind == ScaleKind.PROFESSIONAL:
        return level, level
    return None


def _p_levels(level: Level) -> str:
    span = _p_range(level)
    if span is None:
        return ""
    low, high = span
    return low.code if low.pk == high.pk else f"{low.code}–{high.code}"


def _level_label(level: Level) -> str:
    p_levels = _p_levels(level)
    if level.scale.kind == ScaleKind.PROFESSIONAL or not p_levels:
        return level.code
    return f"{level.code} ({p_levels})"


def _years_text(low: int, high: int | None) -> str:
    return f"{low}+ yrs" if high is None else f"{low}–{high} yrs"


def _years(level: Level) -> tuple[str, str]:
    """The level's years of experience and, when taken from its P-levels, which ones."""
    if level.years_min is not None:
        return level.years_label, ""
    if level.is_title_level:
        span = _p_range(level)
        if span is not None and span[0].years_min is not None:
            return _years_text(span[0].years_min, span[1].years_max), _p_levels(level)
    return "", ""


# --- cells -----------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _cited(source: str, title: str, confidence: str) -> Citation:
    # One object for every cell citing the same source at the same confidence: pickle writes
    # it once per sheet, and a stored sheet loads ~40 % faster (measured).
    return Citation(source=source, title=title, confidence=confidence)


def _citation(source: Source | None, confidence: str) -> tuple[Citation, ...]:
    if source is None:
        return ()
    return (_cited(source.slug, source.title, confidence),)


def _undefined() -> Cell:
    return Cell(defined=False, display=NOT_DEFINED)


def _text_cell(
    text: str | None, citations: tuple[Citation, ...] = (), derived_from: str = ""
) -> Cell:
    if not text:
        return _undefined()
    return Cell(
        defined=True, display=text, text=text, citations=citations, derived_from=derived_from
    )


def _statement_citation(statement: StatementRow) -> Citation:
    return _cited(statement.source_slug, statement.source_title, statement.confidence)


def _statement_cell(statement: StatementRow | None) -> Cell:
    if statement is None:
        return _undefined()
    return _text_cell(statement.text, (_statement_citation(statement),))


def _bullets_cell(statements: list[StatementRow]) -> Cell:
    if not statements:
        return _undefined()
    bullets = tuple(
        Bullet(
            label=statement.label,
            text=statement.text,
            citation=_statement_citation(statement),
        )
        for statement in statements
    )
    return Cell(defined=True, display="", bullets=bullets)


def _definition_cell(level: Level, field: str) -> Cell:
    own = getattr(level, field)
    if own:
        return _text_cell(own, _citation(level.definition_source, level.definition_confidence))
    span = _p_range(level) if level.is_title_level else None
    if span is None:
        return _undefined()
    ends = [end for end in dict.fromkeys(span) if getattr(end, field)]
    if not ends:
        return _undefined()
    if len(ends) == 1 and span[0].pk == span[1].pk:
        text = getattr(ends[0], field)
    else:
        text = " → ".join(f"{end.code}: {getattr(end, field)}" for end in ends)
    citations = [
        *(c for end in ends for c in _citation(end.definition_source, end.definition_confidence)),
        *_citation(level.mapping_source, level.mapping_confidence),
    ]
    return _text_cell(text, tuple(dict.fromkeys(citations)), derived_from=_p_levels(level))


def _band_cell(band: Band | None) -> Cell:
    if band is None:
        return _undefined()
    figures = _figures(band)
    return Cell(
        defined=True,
        display=figures.display,
        band=figures,
        citations=_citation(band.source, band.confidence),
    )


def _figures(band: Band) -> BandFigures:
    return band_figures(
        region=band.region.code,
        region_name=band.region.name,
        currency=band.currency,
        basis=band.basis,
        minimum=band.minimum,
        median=band.median,
        maximum=band.maximum,
        maximum_is_open=band.maximum_is_open,
        year=band.year,
        note=band.note,
    )


# --- columns ---------------------------------------------------------------------------------


def _column(index: int, position: Position) -> Column:
    level, role = position.level, position.role
    return Column(
        index=index,
        key=position.key,
        title=position.title,
        summary=position.summary,
        role_slug=role.slug,
        role_name=role.name,
        level_slug=level.slug,
        level_code=level.code,
        level_name=level.name,
        scale_slug=level.scale.slug,
        scale_name=level.scale.name,
        scale_kind=level.scale.kind,
        is_title_level=level.is_title_level,
        p_levels=_p_levels(level),
        level_label=_level_label(level),
        years=_years(level)[0],
        mapping_note=level.mapping_note,
        url=f"/roles/{role.slug}/{level.slug}/",
    )


def _years_cell(level: Level) -> Cell:
    text, derived_from = _years(level)
    return _text_cell(text, derived_from=derived_from)


def _band_key(band: Band) -> BandKey:
    return (band.region.code, band.currency, band.basis)


# --- sheets ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AspectOutline:
    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class DimensionOutline:
    slug: str
    name: str
    description: str
    aspects: tuple[AspectOutline, ...]


# The dimensions and their aspects, in order: the rows every comparison has.
Outline = tuple[DimensionOutline, ...]


@dataclass(frozen=True)
class Sheet:
    """One position's side of any comparison it is in."""

    # Its column, as the baseline (index 0); a comparison sets the index.
    column: Column
    # What must be equal for its cell in a row to be the same as another's (`signature()`), by
    # row key ("responsibilities.ownership", "responsibilities.statements",
    # "level-definition.scope", "compensation.us.usd.base", "summary.level", "summary.years");
    # a row it does not define is not here.
    signatures: dict[str, object]
    # Its bands by (region, currency, basis), in display order, and where each sorts among
    # every position's bands: (region order, currency, basis order, id).
    bands: dict[BandKey, BandFigures]
    band_order: dict[BandKey, tuple[int, str, int, int]]
    # Its cells, pickled: a stored sheet is read by every comparison page, which never needs
    # them (it shows each cell's stored markup), and unpickling ~100 cell, bullet and citation
    # objects was most of reading a sheet (measured: ~100 of ~130 µs).
    packed_cells: bytes

    @cached_property
    def cells(self) -> dict[str, Cell]:
        """Its cell in each row it defines, by row key (as `signatures`)."""
        cells: dict[str, Cell] = pickle.loads(self.packed_cells)
        return cells

    def __getstate__(self) -> dict[str, object]:
        return {key: value for key, value in self.__dict__.items() if key != "cells"}

    @classmethod
    def of(cls, column: Column, cells: dict[str, Cell], bands: list[Band]) -> "Sheet":
        return cls(
            column=column,
            signatures={key: signature(cell) for key, cell in cells.items()},
            bands={_band_key(band): _figures(band) for band in bands},
            band_order={_band_key(band): _band_order(band) for band in bands},
            packed_cells=pickle.dumps(cells, pickle.HIGHEST_PROTOCOL),
        )

    @classmethod
    def of_column(cls, column: Column) -> "Sheet":
        """A sheet with the column only: enough for a selection of fewer than two."""
        return cls.of(column, {}, [])


def build_columns(keys: Sequence[str]) -> dict[str, Column]:
    """The columns of the positions with these keys, by key, in one query."""
    return {key: _column(0, position) for key, position in _positions(keys).items()}


def build_sheets(keys: Sequence[str] | None = None) -> tuple[Outline, dict[str, Sheet]]:
    """The outline and the sheets of the positions with these keys (every position's when
    `keys` is None), by key; a key with no position has no sheet."""
    positions = _positions(keys)
    if keys is not None and len(positions) < len(set(keys)):
        # A key has no position: no comparison to build, only the error to explain.
        return (), {key: Sheet.of_column(_column(0, p)) for key, p in positions.items()}
    ids = None if keys is None else {position.pk for position in positions.values()}
    dimensions = _dimensions()
    statements: dict[int, list[StatementRow]] = defaultdict(list)
    for statement in _statements(ids):
        statements[statement.position_id].append(statement)
    bands: dict[int, list[Band]] = defaultdict(list)
    for band in _bands(ids):
        bands[band.position_id].append(band)
    outline = tuple(
        DimensionOutline(
            slug=dimension.slug,
            name=dimension.name,
            description=dimension.description,
            aspects=tuple(
                AspectOutline(slug=aspect.slug, name=aspect.name, description=aspect.description)
                for aspect in dimension.aspects.all()
            ),
        )
        for dimension in dimensions
    )
    sheets = {
        key: _sheet(position, dimensions, statements[position.pk], bands[position.pk])
        for key, position in positions.items()
    }
    return outline, sheets


def _sheet(
    position: Position,
    dimensions: list[Dimension],
    statements: list[StatementRow],
    bands: list[Band],
) -> Sheet:
    cells: dict[str, Cell] = {}
    by_aspect: dict[int, StatementRow] = {}
    bullets: dict[int, list[StatementRow]] = defaultdict(list)
    for statement in statements:
        if statement.aspect_id is not None:
            by_aspect[statement.aspect_id] = statement
        else:
            bullets[statement.dimension_id].append(statement)
    for dimension in dimensions:
        for aspect in dimension.aspects.all():
            if aspect.pk in by_aspect:
                cells[f"{dimension.slug}.{aspect.slug}"] = _statement_cell(by_aspect[aspect.pk])
        if bullets.get(dimension.pk):
            cells[f"{dimension.slug}.statements"] = _bullets_cell(bullets[dimension.pk])
    level = position.level
    for field, _label in LEVEL_DEFINITION_FIELDS:
        cell = _definition_cell(level, field)
        if cell.defined:
            cells[definition_key(field)] = cell
    for band in bands:
        cells[band_row_key(_band_key(band))] = _band_cell(band)
    column = _column(0, position)
    cells["summary.level"] = _text_cell(
        f"{level.code} — {level.name}"
        + (f", maps to {column.p_levels}" if column.is_title_level and column.p_levels else "")
    )
    cells["summary.years"] = _years_cell(level)
    return Sheet.of(column, cells, bands)


def definition_key(field: str) -> str:
    return f"{LEVEL_DEFINITION_KEY}.{field.replace('_', '-')}"


def band_row_key(key: BandKey) -> str:
    return f"{COMPENSATION_KEY}.{key[0]}.{key[1].lower()}.{key[2]}"
