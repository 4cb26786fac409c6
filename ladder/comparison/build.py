"""`compare_positions()`: two to four positions side by side, lined up from their sheets.

Each position's side of a comparison is its `Sheet` (ladder.comparison.sheets), stored by the
loader (ladder.comparison.store) or built live; this module only lines the sheets up, row by
row in the outline's order: which rows there are, which differ, and what changes in the summary
and in pay.
"""

from collections.abc import Mapping, Sequence
from dataclasses import replace

from ladder.comparison.pay import BandKey, PayColumn, compare_pay
from ladder.comparison.results import (
    NOT_DEFINED,
    Cell,
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
from ladder.comparison.sheets import (
    LEVEL_DEFINITION_FIELDS,
    LEVEL_DEFINITION_FOLLOWS,
    LEVEL_DEFINITION_KEY,
    SUMMARY_DEFINITION_FIELDS,
    Outline,
    Sheet,
    band_row_key,
    definition_key,
)
from ladder.comparison.store import read_sheets

UNDEFINED = Cell(defined=False, display=NOT_DEFINED)


def _row(
    key: str,
    kind: RowKind,
    label: str,
    sheets: Sequence[Sheet],
    description: str = "",
    cells_of: str = "",
    *,
    with_cells: bool,
) -> Row:
    """The row `key`: each sheet's cell in it (in row `cells_of`, when the row repeats another),
    or no cells when not `with_cells`. It differs unless every cell has the same signature (an
    undefined cell's is None)."""
    of = cells_of or key
    return Row(
        key=key,
        kind=kind,
        label=label,
        description=description,
        cells=tuple(sheet.cells.get(of, UNDEFINED) for sheet in sheets) if with_cells else (),
        differs=len({sheet.signatures.get(of) for sheet in sheets}) > 1,
    )


def _section(key: str, name: str, description: str, rows: Sequence[Row]) -> Section:
    return Section(
        key=key,
        name=name,
        description=description,
        rows=tuple(rows),
        differs=any(row.differs for row in rows),
    )


# --- lining sheets up ------------------------------------------------------------------------


def _dimension_sections(
    sheets: Sequence[Sheet], outline: Outline, *, with_cells: bool
) -> list[Section]:
    sections = []
    for dimension in outline:
        rows = [
            _row(
                f"{dimension.slug}.{aspect.slug}",
                "aspect",
                aspect.name,
                sheets,
                aspect.description,
                with_cells=with_cells,
            )
            for aspect in dimension.aspects
        ]
        statements = f"{dimension.slug}.statements"
        if any(statements in sheet.signatures for sheet in sheets):
            rows.append(_row(statements, "bullets", "Statements", sheets, with_cells=with_cells))
        if rows:
            sections.append(_section(dimension.slug, dimension.name, dimension.description, rows))
    return sections


def _level_definition_section(sheets: Sequence[Sheet], *, with_cells: bool) -> Section:
    rows = [
        _row(definition_key(field), "definition", label, sheets, with_cells=with_cells)
        for field, label in LEVEL_DEFINITION_FIELDS
    ]
    return _section(
        LEVEL_DEFINITION_KEY,
        "Level definition",
        "The level's universal definition on the professional scale. A title level shows the "
        "P-levels it maps to.",
        rows,
    )


def _band_keys(sheets: Sequence[Sheet]) -> list[BandKey]:
    """Every band key of the sheets, in the order of their bands sorted together."""
    first: dict[BandKey, tuple[int, str, int, int]] = {}
    for sheet in sheets:
        for key, order in sheet.band_order.items():
            first[key] = min(order, first.get(key, order))
    return sorted(first, key=first.__getitem__)


def _compensation_section(sheets: Sequence[Sheet], *, with_cells: bool) -> Section | None:
    keys = _band_keys(sheets)
    if not keys:
        return None
    rows = []
    for key in keys:
        sample = next(sheet.bands[key] for sheet in sheets if key in sheet.bands)
        label = f"{sample.region_name} · {sample.currency} · {sample.basis_label}"
        rows.append(_row(band_row_key(key), "band", label, sheets, with_cells=with_cells))
    return _section(
        "compensation",
        "Compensation",
        "Annual pay in whole units of the currency. Bands are compared only within the same "
        "region, currency and basis.",
        rows,
    )


def _summary(
    sheets: Sequence[Sheet],
    columns: Sequence[Column],
    pay_columns: Sequence[PayColumn],
    *,
    with_cells: bool,
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
        _row("summary.level", "fact", "Level", sheets, with_cells=with_cells),
        _row("summary.years", "fact", "Years of experience", sheets, with_cells=with_cells),
        *(
            _row(
                f"summary.{field.replace('_', '-')}",
                "fact",
                label,
                sheets,
                cells_of=definition_key(field),
                with_cells=with_cells,
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


def compare_positions(
    keys: str | Sequence[str] | None, stored: Mapping[str, bytes] | None = None
) -> Comparison:
    """Compare the positions with these keys, in this order (the first is the baseline).

    `keys` is what `parse_selection()` accepts (it is parsed again, so a caller may pass the
    raw query value). Raises SelectionError for malformed or unknown keys or more than four;
    fewer than two gives an incomplete comparison with a message, not an error. `stored`: the
    stored sheets, when the caller has read them with other documents (`store.sheet_keys()`).
    """
    selected = parse_selection(keys)
    outline, sheets = read_sheets(selected, stored) if selected else ((), {})
    return line_up(selected, outline, sheets)


def line_up(
    selected: Sequence[str],
    outline: Outline,
    found: Mapping[str, Sheet],
    *,
    with_cells: bool = True,
) -> Comparison:
    """The comparison of the `selected` keys (parsed) from their sheets (`store.read_sheets()`).
    Raises SelectionError for a key without a sheet. Without cells, every row's `cells` is
    empty: for the comparison page, which shows each cell's stored markup
    (ladder/compare_cells.py) and would only pay for unpacking them."""
    if not selected:
        return _incomplete(selected, ())
    unknown = [key for key in dict.fromkeys(selected) if key not in found]
    if unknown:
        raise unknown_keys_error(unknown)
    sheets = [found[key] for key in selected]
    columns = tuple(replace(sheet.column, index=index) for index, sheet in enumerate(sheets))
    if len(sheets) < MIN_POSITIONS:
        return _incomplete(selected, columns)

    sections = _dimension_sections(sheets, outline, with_cells=with_cells)
    definition = _level_definition_section(sheets, with_cells=with_cells)
    follows = [i for i, s in enumerate(sections) if s.key == LEVEL_DEFINITION_FOLLOWS]
    sections.insert(follows[0] + 1 if follows else len(sections), definition)
    compensation = _compensation_section(sheets, with_cells=with_cells)
    if compensation is not None:
        sections.append(compensation)

    pay_columns = [
        PayColumn(index=column.index, key=column.key, title=column.title, bands=sheet.bands)
        for column, sheet in zip(columns, sheets, strict=True)
    ]
    rows = [row for section in sections for row in section.rows]
    return Comparison(
        keys=tuple(selected),
        query=_query(selected),
        complete=True,
        message="",
        columns=columns,
        summary=_summary(sheets, columns, pay_columns, with_cells=with_cells),
        sections=tuple(sections),
        rows_total=len(rows),
        rows_differing=sum(row.differs for row in rows),
    )
