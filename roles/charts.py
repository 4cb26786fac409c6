"""Server-rendered SVG charts: the geometry is computed here, the markup lives in
templates/includes/. Every chart comes with the rows of its text alternative (a table).

Pay is drawn as range bars (minimum to maximum, a tick at the median) on one axis per region,
currency and basis — currencies are never mixed. An open-ended range ("160,000+") ends in a
dashed extension instead of pretending its top figure is a cap.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ladder.citations import Citation

NOT_STATED = "not stated"
YEAR_NOT_STATED = "year not stated"


def money(amount: int | None) -> str:
    return NOT_STATED if amount is None else f"{amount:,}"


@dataclass(frozen=True)
class PayRow:
    """One band as pages show it, in a table row and as a bar of a chart."""

    label: str  # what the chart row says: "P3", or "P3 · Technical Product Manager"
    position_title: str
    position_url: str
    region_code: str
    region: str
    currency: str
    basis: str
    basis_label: str
    minimum: int | None
    median: int | None
    maximum: int | None
    maximum_is_open: bool
    year: int | None
    note: str
    citation: Citation

    @property
    def range_label(self) -> str:
        """'100,000–135,000', '135,000–160,000+', 'from 61,000', 'up to 90,000'."""
        top = f"{self.maximum:,}{'+' if self.maximum_is_open else ''}" if self.maximum else ""
        if self.minimum is not None and self.maximum is not None:
            return f"{self.minimum:,}–{top}"
        if self.minimum is not None:
            return f"from {self.minimum:,}"
        if self.maximum is not None:
            return top if self.maximum_is_open else f"up to {top}"
        return NOT_STATED

    @property
    def minimum_label(self) -> str:
        return money(self.minimum)

    @property
    def maximum_label(self) -> str:
        if self.maximum is None:
            return NOT_STATED
        return f"{self.maximum:,}+" if self.maximum_is_open else f"{self.maximum:,}"

    @property
    def median_label(self) -> str:
        return money(self.median)

    @property
    def year_label(self) -> str:
        return str(self.year) if self.year else YEAR_NOT_STATED

    @property
    def group_key(self) -> tuple[str, str, str]:
        return (self.region_code, self.currency, self.basis)


def pay_row(band: Any, *, label: str, title: str, url: str, citation: Citation) -> PayRow:
    """A PayRow from a Band (typed loosely: roles must not import compensation)."""
    return PayRow(
        label=label,
        position_title=title,
        position_url=url,
        region_code=band.region.code,
        region=band.region.name,
        currency=band.currency,
        basis=band.basis,
        basis_label=band.get_basis_display(),
        minimum=band.minimum,
        median=band.median,
        maximum=band.maximum,
        maximum_is_open=band.maximum_is_open,
        year=band.year,
        note=band.note,
        citation=citation,
    )


# --- geometry -------------------------------------------------------------------------------

WIDTH = 720
ROW_HEIGHT = 34
TOP = 12
AXIS_HEIGHT = 44
RIGHT_PAD = 56
OPEN_EXTENSION = 34


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class RangeBar:
    row: PayRow
    y: float  # centre line of the row
    x_min: float | None
    x_max: float | None
    x_median: float | None
    x_open_end: float | None  # the end of the dashed extension of an open-ended range

    @property
    def bar_width(self) -> float:
        return (self.x_max or 0) - (self.x_min or 0)

    @property
    def x_point(self) -> float | None:
        """Where a single known figure sits when there is no range to draw."""
        for x in (self.x_median, self.x_min, self.x_max):
            if x is not None:
                return x
        return None


@dataclass(frozen=True)
class RangeChart:
    slug: str  # unique on the page: ids of title, desc and table derive from it
    title: str
    description: str
    caption: str
    currency: str
    region: str
    basis_label: str
    label_width: int
    bars: list[RangeBar]
    ticks: list[Tick]
    width: int = WIDTH
    axis_label: str = ""

    @property
    def height(self) -> int:
        return TOP + len(self.bars) * ROW_HEIGHT + AXIS_HEIGHT

    @property
    def plot_bottom(self) -> int:
        return TOP + len(self.bars) * ROW_HEIGHT

    @property
    def label_x(self) -> int:
        return self.label_width - 10

    @property
    def tick_label_y(self) -> int:
        return self.plot_bottom + 18

    @property
    def axis_label_y(self) -> int:
        return self.height - 4

    @property
    def rows(self) -> list[PayRow]:
        return [bar.row for bar in self.bars]

    @property
    def has_open_range(self) -> bool:
        return any(bar.row.maximum_is_open for bar in self.bars)

    @property
    def has_median(self) -> bool:
        return any(bar.row.median is not None for bar in self.bars)


def nice_step(span: float, most_ticks: int = 6) -> int:
    """A round tick step (1, 2, 2.5 or 5 × 10ⁿ) giving at most `most_ticks` intervals."""
    if span <= 0:
        return 1
    raw = span / most_ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if step >= raw:
            return max(1, int(step))
    return int(10 * magnitude)


def short_amount(value: int) -> str:
    if value >= 1_000_000 and value % 100_000 == 0:
        return f"{value / 1_000_000:g}M"
    if value >= 1000 and value % 100 == 0:
        return f"{value / 1000:g}k"
    return f"{value:,}"


def group_pay_rows(rows: Iterable[PayRow]) -> list[list[PayRow]]:
    """Rows split by region, currency and basis, keeping first-seen order within and across."""
    groups: dict[tuple[str, str, str], list[PayRow]] = {}
    for row in rows:
        groups.setdefault(row.group_key, []).append(row)
    return list(groups.values())


def range_chart(
    rows: Sequence[PayRow],
    *,
    slug: str,
    subject: str,
    label_width: int = 150,
    width: int = WIDTH,
) -> RangeChart:
    """Range bars for rows that share one region, currency and basis."""
    first = rows[0]
    assert all(row.group_key == first.group_key for row in rows), "one axis, one currency"
    figures = [v for row in rows for v in (row.minimum, row.median, row.maximum) if v is not None]
    low, high = min(figures), max(figures)
    step = nice_step(max(high - low, high * 0.2))
    lo = math.floor(low / step) * step
    hi = math.ceil(high / step) * step
    if hi == high and any(row.maximum_is_open and row.maximum == high for row in rows):
        hi += step  # leave the open end room to run on
    if hi <= lo:
        hi = lo + step
    plot_left = label_width
    plot_width = width - label_width - RIGHT_PAD

    def x(value: int | None) -> float | None:
        if value is None:
            return None
        return round(plot_left + (value - lo) / (hi - lo) * plot_width, 1)

    bars = []
    for index, row in enumerate(rows):
        x_max = x(row.maximum)
        bars.append(
            RangeBar(
                row=row,
                y=TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2,
                x_min=x(row.minimum) if row.maximum is not None else None,
                x_max=x_max if row.minimum is not None else None,
                x_median=x(row.median),
                x_open_end=(x_max + OPEN_EXTENSION)
                if (row.maximum_is_open and x_max is not None)
                else None,
            )
        )
    ticks = [
        Tick(x=x(value) or 0.0, label=short_amount(value)) for value in range(lo, hi + 1, step)
    ]
    where = f"{first.region}, {first.currency}, {first.basis_label.lower()}"
    described = [
        f"Annual {first.basis_label.lower()} in {first.currency} for {first.region}, "
        f"{subject}: a bar runs from the minimum to the maximum of each range",
        "a tick marks the median where the source states one",
    ]
    if any(row.maximum_is_open for row in rows):
        described.append("a dashed end marks an open-ended range whose top figure is a floor")
    return RangeChart(
        slug=slug,
        title=f"Pay ranges — {where}",
        description="; ".join(described) + ". The table below gives every figure.",
        caption=f"{first.region} · {first.currency} · {first.basis_label}",
        currency=first.currency,
        region=first.region,
        basis_label=first.basis_label,
        label_width=label_width,
        bars=bars,
        ticks=ticks,
        width=width,
        axis_label=f"{first.currency} per year",
    )


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: int
    y: float
    width: float
    citation: Citation | None = None

    @property
    def value_x(self) -> float:
        return round(self.x + self.width + 6, 1)


@dataclass(frozen=True)
class BarChart:
    slug: str
    title: str
    description: str
    label_width: int
    bars: list[Bar]
    ticks: list[Tick] = field(default_factory=list)
    width: int = WIDTH
    maximum: int = 100

    @property
    def height(self) -> int:
        return TOP + len(self.bars) * ROW_HEIGHT + AXIS_HEIGHT

    @property
    def plot_bottom(self) -> int:
        return TOP + len(self.bars) * ROW_HEIGHT

    @property
    def plot_left(self) -> int:
        return self.label_width

    @property
    def label_x(self) -> int:
        return self.label_width - 10

    @property
    def tick_label_y(self) -> int:
        return self.plot_bottom + 18

    @property
    def axis_label_y(self) -> int:
        return self.height - 4


def weight_chart(
    items: Sequence[tuple[str, int, Citation | None]],
    *,
    slug: str,
    title: str,
    description: str,
    label_width: int = 170,
) -> BarChart:
    """Horizontal bars on a fixed 0–100 scale."""
    plot_width = WIDTH - label_width - RIGHT_PAD
    bars = [
        Bar(
            label=label,
            value=value,
            x=label_width,
            y=TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2,
            width=round(value / 100 * plot_width, 1),
            citation=citation,
        )
        for index, (label, value, citation) in enumerate(items)
    ]
    ticks = [
        Tick(x=round(label_width + v / 100 * plot_width, 1), label=str(v))
        for v in (0, 25, 50, 75, 100)
    ]
    return BarChart(
        slug=slug,
        title=title,
        description=description,
        label_width=label_width,
        bars=bars,
        ticks=ticks,
    )
