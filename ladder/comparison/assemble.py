"""`compare_positions()`: two to four positions side by side, their sheets lined up row by row.

Every row of the frame (each dimension's aspects, its bullet statements when a position has
some, the level definition, each band one of the positions has) takes a cell from each sheet;
a row differs unless every cell has the same signature. Nothing here reads the database but
`ladder.comparison.store.frame_and_sheets()`: one query when the sheets are stored.
"""

from collections.abc import Sequence
from dataclasses import replace

from ladder.comparison.build import (
    COMPENSATION_KEY,
    LEVEL_DEFINITION_FIELDS,
    LEVEL_DEFINITION_FOLLOWS,
    LEVEL_DEFINITION_KEY,
    SUMMARY_DEFINITION_FIELDS,
    definition_row_key,
    summary_row_key,
)
from ladder.comparison.pay import BandKey, PayColumn, compare_pay
from ladder.comparison.results import (
    BandFigures,
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
from ladder.comparison.sheets import FrameDimension, Sheet
from ladder.comparison.store import frame_and_sheets


def _row(
    key: str, kind: RowKind, label: str, sheets: Sequence[Sheet], description: str = ""
) -> Row:
    return Row(
        key=key,
        kind=kind,
        label=label,
        description=description,
        cells=tuple(sheet.cell(key) for sheet in sheets),
        differs=len({sheet.signatures.get(key) for sheet in sheets}) > 1,
    )


def _section(key: str, name: str, description: str, rows: Sequence[Row]) -> Section:
    return Section(
        key=key,
        name=name,
        description=description,
        rows=tuple(rows),
        differs=any(row.differs for row in rows),
    )


def _dimension_sections(frame: Sequence[FrameDimension], sheets: Sequence[Sheet]) -> list[Section]:
    sections = []
    for dimension in frame:
        rows = [
            _row(key, "aspect", label, sheets, description)
            for key, label, description in dimension.aspects
        ]
        if any(dimension.bullets_key in sheet.cells for sheet in sheets):
            rows.append(_row(dimension.bullets_key, "bullets", "Statements", sheets))
        if rows:
            sections.append(_section(dimension.key, dimension.name, dimension.description, rows))
    return sections


def _level_definition_section(sheets: Sequence[Sheet]) -> Section:
    rows = [
        _row(definition_row_key(field), "definition", label, sheets)
        for field, label in LEVEL_DEFINITION_FIELDS
    ]
    return _section(
        LEVEL_DEFINITION_KEY,
        "Level definition",
        "The level's universal definition on the professional scale. A title level shows the "
        "P-levels it maps to.",
        rows,
    )


def _band_rows(sheets: Sequence[Sheet]) -> list[str]:
    """Every band row of these sheets, ordered by region, currency and basis."""
    first: dict[str, tuple[int, str, int, int]] = {}
    for sheet in sheets:
        for key, order in sheet.band_order.items():
            first[key] = min(order, first.get(key, order))
    return sorted(first, key=first.__getitem__)


def _compensation_section(sheets: Sequence[Sheet], keys: list[str]) -> Section | None:
    if not keys:
        return None
    rows = []
    for key in keys:
        row = _row(key, "band", "", sheets)
        sample = next(cell.band for cell in row.cells if cell.band is not None)
        label = f"{sample.region_name} · {sample.currency} · {sample.basis_label}"
        rows.append(replace(row, label=label))
    return _section(
        COMPENSATION_KEY,
        "Compensation",
        "Annual pay in whole units of the currency. Bands are compared only within the same "
        "region, currency and basis.",
        rows,
    )


def _pay_column(column: Column, sheet: Sheet) -> PayColumn:
    bands: dict[BandKey, BandFigures] = {}
    for key in sorted(sheet.band_order, key=sheet.band_order.__getitem__):
        band = sheet.cells[key].band
        if band is not None:
            bands[band.region, band.currency, band.basis] = band
    return PayColumn(index=column.index, key=column.key, title=column.title, bands=bands)


def _summary(
    columns: Sequence[Column], sheets: Sequence[Sheet], pay_columns: Sequence[PayColumn]
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
    changes = [
        _row("summary.level", "fact", "Level", sheets),
        _row("summary.years", "fact", "Years of experience", sheets),
        *(
            _row(summary_row_key(field), "fact", label, sheets)
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


def compare_sheets(keys: str | Sequence[str] | None) -> tuple[Comparison, list[Sheet]]:
    """The comparison of these positions and their sheets, column by column (the page renders
    its cells from the sheets' markup). See `compare_positions`."""
    selected = parse_selection(keys)
    if not selected:
        return _incomplete(selected, ()), []
    frame, found = frame_and_sheets(selected)
    unknown = [key for key in dict.fromkeys(selected) if key not in found]
    if unknown:
        raise unknown_keys_error(unknown)
    sheets = [found[key] for key in selected]
    columns = tuple(replace(sheet.column, index=index) for index, sheet in enumerate(sheets))
    if len(sheets) < MIN_POSITIONS:
        return _incomplete(selected, columns), sheets

    sections = _dimension_sections(frame, sheets)
    definition = _level_definition_section(sheets)
    follows = [i for i, s in enumerate(sections) if s.key == LEVEL_DEFINITION_FOLLOWS]
    sections.insert(follows[0] + 1 if follows else len(sections), definition)
    band_rows = _band_rows(sheets)
    compensation = _compensation_section(sheets, band_rows)
    if compensation is not None:
        sections.append(compensation)
    pay_columns = [
        _pay_column(column, sheet) for column, sheet in zip(columns, sheets, strict=True)
    ]
    rows = [row for section in sections for row in section.rows]
    comparison = Comparison(
        keys=tuple(selected),
        query=_query(selected),
        complete=True,
        message="",
        columns=columns,
        summary=_summary(columns, sheets, pay_columns),
        sections=tuple(sections),
        rows_total=len(rows),
        rows_differing=sum(row.differs for row in rows),
    )
    return comparison, sheets


def compare_positions(keys: str | Sequence[str] | None) -> Comparison:
    """Compare the positions with these keys, in this order (the first is the baseline).

    `keys` is what `parse_selection()` accepts (it is parsed again, so a caller may pass the
    raw query value). Raises SelectionError for malformed or unknown keys or more than four;
    fewer than two gives an incomplete comparison with a message, not an error."""
    return compare_sheets(keys)[0]
