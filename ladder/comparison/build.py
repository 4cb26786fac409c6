"""`compare_positions()`: two to four positions side by side, in five queries whatever the data.

1. the positions, with role, level, scale, mapped P-levels and their definition sources;
2–3. dimensions and their aspects;
4. the statements of the selected positions, with their sources;
5. their bands, with region and source.

A title level that does not state a level definition or years of its own shows those of the
P-levels it maps to: the one P-level's text when it maps to one, "P2: … → P3: …" (the two ends of
its range) when it maps to several; such cells say so in `derived_from` and cite the P-levels'
definitions and the mapping.
"""

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from django.db.models import Prefetch

from compensation.models import Band, Basis
from ladder.comparison.pay import BandKey, PayColumn, band_figures, compare_pay
from ladder.comparison.results import (
    NOT_DEFINED,
    BandFigures,
    Bullet,
    Cell,
    Citation,
    Column,
    Comparison,
    Row,
    RowKind,
    Section,
    Summary,
)
from ladder.comparison.selection import (
    MAX_POSITIONS,
    MIN_POSITIONS,
    parse_selection,
    unknown_keys_error,
)
from ladder.models import Source
from levels.models import Level, ScaleKind
from roles.models import Aspect, Dimension, Position, Statement

LEVEL_DEFINITION_FIELDS = (
    ("scope", "Scope"),
    ("autonomy", "Autonomy"),
    ("complexity", "Complexity"),
    ("impact", "Impact"),
    ("decision_rights", "Decision rights"),
    ("leadership", "Leadership"),
    ("typical_experience", "Typical experience"),
)
# The level-definition rows the summary repeats.
SUMMARY_DEFINITION_FIELDS = ("scope", "autonomy", "decision_rights")
# The level definition is shown right after this dimension (or after the last one).
LEVEL_DEFINITION_FOLLOWS = "level-guidelines"
LEVEL_DEFINITION_KEY = "level-definition"
COMPENSATION_KEY = "compensation"
BASIS_ORDER = {basis: index for index, basis in enumerate(Basis.values)}
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text as compared: whitespace collapsed, case folded."""
    return _SPACE.sub(" ", text).strip().casefold()


# --- queries ---------------------------------------------------------------------------------


def _positions(keys: Sequence[str]) -> dict[str, Position]:
    queryset = Position.objects.filter(key__in=sorted(set(keys))).select_related(
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


def _statements(position_ids: set[int]) -> list[StatementRow]:
    # Rows, not model objects (nor a whole Source each, JSON fields decoded): building those
    # was the larger part of a comparison's time, profiled.
    rows = (
        Statement.objects.filter(position_id__in=position_ids)
        .order_by("position_id", "dimension_id", "order", "pk")
        .values_list(*StatementRow._fields[:6], "source__slug", "source__title")
    )
    return [StatementRow(*row) for row in rows]


def _bands(position_ids: set[int]) -> list[Band]:
    bands = Band.objects.filter(position_id__in=position_ids).select_related("region", "source")
    return sorted(
        bands,
        key=lambda band: (
            band.region.order,
            band.currency,
            BASIS_ORDER.get(band.basis, len(BASIS_ORDER)),
            band.pk,
        ),
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


def _citation(source: Source | None, confidence: str) -> tuple[Citation, ...]:
    if source is None:
        return ()
    return (Citation(source=source.slug, title=source.title, confidence=confidence),)


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
    return Citation(
        source=statement.source_slug, title=statement.source_title, confidence=statement.confidence
    )


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


def _signature(cell: Cell) -> object:
    """What must be equal for two cells to be the same."""
    if not cell.defined:
        return None
    if cell.band is not None:
        band = cell.band
        return (band.minimum, band.median, band.maximum, band.maximum_is_open, band.year)
    if cell.bullets:
        return tuple((normalise(b.label), normalise(b.text)) for b in cell.bullets)
    return normalise(cell.text or "")


def _row(key: str, kind: RowKind, label: str, cells: Sequence[Cell], description: str = "") -> Row:
    return Row(
        key=key,
        kind=kind,
        label=label,
        description=description,
        cells=tuple(cells),
        differs=len({_signature(cell) for cell in cells}) > 1,
    )


def _section(key: str, name: str, description: str, rows: Sequence[Row]) -> Section:
    return Section(
        key=key,
        name=name,
        description=description,
        rows=tuple(rows),
        differs=any(row.differs for row in rows),
    )


# --- columns, sections, summary --------------------------------------------------------------


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


def _dimension_sections(
    positions: Sequence[Position], dimensions: list[Dimension], statements: list[StatementRow]
) -> list[Section]:
    cells: dict[tuple[int, int], StatementRow] = {}
    bullets: dict[tuple[int, int], list[StatementRow]] = defaultdict(list)
    for statement in statements:
        if statement.aspect_id is not None:
            cells[statement.position_id, statement.aspect_id] = statement
        else:
            bullets[statement.position_id, statement.dimension_id].append(statement)
    sections = []
    for dimension in dimensions:
        rows = [
            _row(
                f"{dimension.slug}.{aspect.slug}",
                "aspect",
                aspect.name,
                [_statement_cell(cells.get((p.pk, aspect.pk))) for p in positions],
                aspect.description,
            )
            for aspect in dimension.aspects.all()
        ]
        lists = [bullets.get((p.pk, dimension.pk), []) for p in positions]
        if any(lists):
            rows.append(
                _row(
                    f"{dimension.slug}.statements",
                    "bullets",
                    "Statements",
                    [_bullets_cell(items) for items in lists],
                )
            )
        if rows:
            sections.append(_section(dimension.slug, dimension.name, dimension.description, rows))
    return sections


def _level_definition_section(positions: Sequence[Position]) -> Section:
    rows = [
        _row(
            f"{LEVEL_DEFINITION_KEY}.{field.replace('_', '-')}",
            "definition",
            label,
            [_definition_cell(p.level, field) for p in positions],
        )
        for field, label in LEVEL_DEFINITION_FIELDS
    ]
    return _section(
        LEVEL_DEFINITION_KEY,
        "Level definition",
        "The level's universal definition on the professional scale. A title level shows the "
        "P-levels it maps to.",
        rows,
    )


def _band_key(band: Band) -> BandKey:
    return (band.region.code, band.currency, band.basis)


def _compensation_section(
    positions: Sequence[Position], bands: dict[int, dict[BandKey, Band]], keys: list[BandKey]
) -> Section | None:
    if not keys:
        return None
    rows = []
    for key in keys:
        cells = [_band_cell(bands[p.pk].get(key)) for p in positions]
        sample = next(cell.band for cell in cells if cell.band is not None)
        rows.append(
            _row(
                f"{COMPENSATION_KEY}.{key[0]}.{key[1].lower()}.{key[2]}",
                "band",
                f"{sample.region_name} · {sample.currency} · {sample.basis_label}",
                cells,
            )
        )
    return _section(
        COMPENSATION_KEY,
        "Compensation",
        "Annual pay in whole units of the currency. Bands are compared only within the same "
        "region, currency and basis.",
        rows,
    )


def _summary(
    positions: Sequence[Position],
    columns: Sequence[Column],
    definition: Section,
    pay_columns: Sequence[PayColumn],
) -> Summary:
    labels = [column.level_label for column in columns]
    identical = len({column.key for column in columns}) == 1
    same_level = len({column.p_levels or column.level_slug for column in columns}) == 1
    if identical:
        step = f"{labels[0]} (same position)"
    elif len(set(labels)) == 1:
        step = f"{labels[0]} (same level)"
    else:
        step = " → ".join(labels) + (" (same level)" if same_level else "")
    role_names = list(dict.fromkeys(column.role_name for column in columns))

    level_cells = [
        _text_cell(
            f"{p.level.code} — {p.level.name}"
            + (f", maps to {column.p_levels}" if column.is_title_level and column.p_levels else "")
        )
        for p, column in zip(positions, columns, strict=True)
    ]
    years_cells = [_years_cell(p.level) for p in positions]
    by_field = {row.key: row for row in definition.rows}
    changes = [
        _row("summary.level", "fact", "Level", level_cells),
        _row("summary.years", "fact", "Years of experience", years_cells),
        *(
            _row(
                f"summary.{field.replace('_', '-')}",
                "fact",
                label,
                by_field[f"{LEVEL_DEFINITION_KEY}.{field.replace('_', '-')}"].cells,
            )
            for field, label in LEVEL_DEFINITION_FIELDS
            if field in SUMMARY_DEFINITION_FIELDS
        ),
    ]
    return Summary(
        step=step,
        roles=" vs ".join(role_names),
        same_role=len(role_names) == 1,
        same_level=same_level,
        identical=identical,
        changes=tuple(changes),
        pay=tuple(compare_pay(pay_columns[0], other) for other in pay_columns[1:]),
    )


def _years_cell(level: Level) -> Cell:
    text, derived_from = _years(level)
    return _text_cell(text, derived_from=derived_from)


def _incomplete(keys: Sequence[str], columns: tuple[Column, ...]) -> Comparison:
    if columns:
        message = (
            f"Choose at least one more position to compare with {columns[0].title} "
            f"(up to {MAX_POSITIONS} in all)."
        )
    else:
        message = f"Choose {MIN_POSITIONS} to {MAX_POSITIONS} positions to compare."
    return Comparison(
        keys=tuple(keys),
        query=_query(keys),
        complete=False,
        message=message,
        columns=columns,
        summary=None,
        sections=(),
        rows_total=0,
        rows_differing=0,
    )


def _query(keys: Sequence[str]) -> str:
    # Keys are slugs joined by a dot: nothing in them needs escaping.
    return f"positions={','.join(keys)}"


def compare_positions(keys: str | Sequence[str] | None) -> Comparison:
    """Compare the positions with these keys, in this order (the first is the baseline).

    `keys` is what `parse_selection()` accepts (it is parsed again, so a caller may pass the
    raw query value). Raises SelectionError for malformed or unknown keys or more than four;
    fewer than two gives an incomplete comparison with a message, not an error."""
    selected = parse_selection(keys)
    if not selected:
        return _incomplete(selected, ())
    found = _positions(selected)
    unknown = [key for key in dict.fromkeys(selected) if key not in found]
    if unknown:
        raise unknown_keys_error(unknown)
    positions = [found[key] for key in selected]
    columns = tuple(_column(index, position) for index, position in enumerate(positions))
    if len(positions) < MIN_POSITIONS:
        return _incomplete(selected, columns)

    position_ids = {position.pk for position in positions}
    dimensions = _dimensions()
    statements = _statements(position_ids)
    bands_by_position: dict[int, dict[BandKey, Band]] = {pk: {} for pk in position_ids}
    band_keys: dict[BandKey, None] = {}
    for band in _bands(position_ids):
        bands_by_position[band.position_id][_band_key(band)] = band
        band_keys[_band_key(band)] = None

    sections = _dimension_sections(positions, dimensions, statements)
    definition = _level_definition_section(positions)
    follows = [i for i, s in enumerate(sections) if s.key == LEVEL_DEFINITION_FOLLOWS]
    sections.insert(follows[0] + 1 if follows else len(sections), definition)
    compensation = _compensation_section(positions, bands_by_position, list(band_keys))
    if compensation is not None:
        sections.append(compensation)

    pay_columns = [
        PayColumn(
            index=column.index,
            key=column.key,
            title=column.title,
            bands={key: _figures(band) for key, band in bands_by_position[position.pk].items()},
        )
        for column, position in zip(columns, positions, strict=True)
    ]
    rows = [row for section in sections for row in section.rows]
    return Comparison(
        keys=tuple(selected),
        query=_query(selected),
        complete=True,
        message="",
        columns=columns,
        summary=_summary(positions, columns, definition, pay_columns),
        sections=tuple(sections),
        rows_total=len(rows),
        rows_differing=sum(row.differs for row in rows),
    )
