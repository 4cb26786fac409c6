"""What a comparison is made of: frozen, plain data a template or a serializer renders as is.

Nothing here holds an ORM object; `Comparison.to_dict()` is JSON-ready (tuples become lists).
Every sequence is in display order: columns as selected, sections and rows as the framework
orders them, bands by region, currency and basis.
"""

from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

NOT_DEFINED = "not defined for this position"

RowKind = Literal["aspect", "bullets", "definition", "band", "fact"]
Bound = Literal["exact", "at-least", "at-most"]


@dataclass(frozen=True, kw_only=True)
class Citation:
    """The source a cell's fact came from (slug and title) and how sure Ladder is of it."""

    source: str
    title: str
    confidence: str


@dataclass(frozen=True, kw_only=True)
class Column:
    """One compared position. `index` is its place in the selection (0 is the baseline)."""

    index: int
    key: str
    title: str
    summary: str
    role_slug: str
    role_name: str
    level_slug: str
    level_code: str
    level_name: str
    scale_slug: str
    scale_name: str
    scale_kind: str
    is_title_level: bool
    # The P-levels the level is, or maps to: "P3", or "P2–P3" for TPM I.
    p_levels: str
    # "P3", or "TPM I (P2–P3)" for a title level.
    level_label: str
    # "3–6 yrs"; a title level without its own years spans its mapped P-levels ("1–6 yrs").
    years: str
    mapping_note: str
    url: str


@dataclass(frozen=True, kw_only=True)
class Bullet:
    label: str
    text: str
    citation: Citation


@dataclass(frozen=True, kw_only=True)
class BandFigures:
    """A position's pay band in one region, currency and basis (annual, whole units)."""

    region: str
    region_name: str
    currency: str
    basis: str
    basis_label: str
    minimum: int | None
    median: int | None
    maximum: int | None
    # "160,000+": the maximum is a floor, not a cap.
    maximum_is_open: bool
    year: int | None
    note: str
    # "95,000–120,000 USD, median 108,000"
    display: str


@dataclass(frozen=True, kw_only=True)
class Cell:
    """What one position says in one row.

    `display` is the text to show: the statement, the formatted band, or NOT_DEFINED when the
    position does not define the row. A bullets cell shows its `bullets` (and `display` is "").
    `derived_from` names the P-levels a title level's level-definition cell was taken from
    ("P2–P3"); it is "" when the cell is the position's own.
    """

    defined: bool
    display: str
    text: str | None = None
    bullets: tuple[Bullet, ...] = ()
    band: BandFigures | None = None
    citations: tuple[Citation, ...] = ()
    derived_from: str = ""


@dataclass(frozen=True, kw_only=True)
class Row:
    """One aligned row: a cell per column (none when lined up without cells: see
    `build.line_up()`). `differs` is False only when every column defines the row identically
    (whitespace and case aside)."""

    key: str
    kind: RowKind
    label: str
    description: str
    cells: tuple[Cell, ...]
    differs: bool


@dataclass(frozen=True, kw_only=True)
class Section:
    """A dimension (or the level definition, or compensation) with its rows."""

    key: str
    name: str
    description: str
    rows: tuple[Row, ...]
    differs: bool


@dataclass(frozen=True, kw_only=True)
class FigureDelta:
    """The other column's figure minus the baseline's, absolute and in percent of the baseline.

    `bound` is "at-least" or "at-most" when an open-ended maximum makes the amount a bound."""

    baseline: int
    other: int
    amount: int
    percent: float | None
    bound: Bound
    # "+20,000 USD (+15.6%)", "at least +25,000 USD (+18.5%)"
    display: str


@dataclass(frozen=True, kw_only=True)
class PayDelta:
    """Baseline and other band in the same region, currency and basis, and what changes."""

    region: str
    region_name: str
    currency: str
    basis: str
    basis_label: str
    baseline_band: BandFigures
    other_band: BandFigures
    median: FigureDelta | None
    minimum: FigureDelta | None
    maximum: FigureDelta | None
    # Why a figure above is missing or only a bound.
    notes: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class PayComparison:
    """The baseline column against one other column: the comparable bands, and why others are
    not compared."""

    baseline: int
    other: int
    baseline_key: str
    other_key: str
    baseline_title: str
    other_title: str
    deltas: tuple[PayDelta, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Summary:
    """The "what changes" box at the top of the page."""

    # "P3 → P4", "TPM I (P2–P3) → TPM II (P3–P4)", "P3 (same level)"
    step: str
    # "Technical Product Manager", or "Technical Product Manager vs Product Manager"
    roles: str
    same_role: bool
    # Every column is, or maps to, the same P-level range.
    same_level: bool
    # Every column is the same position (the same key selected more than once).
    identical: bool
    # Level, years of experience, scope, autonomy and decision rights, one cell per column.
    changes: tuple[Row, ...]
    # The first column against each other column.
    pay: tuple[PayComparison, ...]


@dataclass(frozen=True, kw_only=True)
class Comparison:
    """Two to four positions side by side, or an incomplete selection to explain.

    When `complete` is False, `message` says what is missing, `columns` holds the positions
    chosen so far (for the form), and there are no sections and no summary.
    """

    keys: tuple[str, ...]
    # "positions=a,b": the query string of the link that shares this comparison.
    query: str
    complete: bool
    message: str
    columns: tuple[Column, ...]
    summary: Summary | None
    sections: tuple[Section, ...]
    # Rows in the full comparison, and how many of them differ (not changed by filtering).
    rows_total: int
    rows_differing: int
    differences_only: bool = False

    def only_differences(self) -> "Comparison":
        """A copy without identical rows, and without sections left empty by that."""
        sections = tuple(
            replace(section, rows=tuple(row for row in section.rows if row.differs))
            for section in self.sections
        )
        return replace(
            self,
            sections=tuple(section for section in sections if section.rows),
            differences_only=True,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
