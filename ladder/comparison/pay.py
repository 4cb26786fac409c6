"""Pay in a comparison: band figures as shown, and the baseline against each other column.

Bands are compared only within the same region, currency and basis: a global median is never
set against a US one, no exchange rate is applied, and base salary is not compared with total
cash. Every figure that cannot be given is explained in a note.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from compensation.models import Basis
from ladder.comparison.results import BandFigures, Bound, FigureDelta, PayComparison, PayDelta

# A band's place in a comparison: (region code, currency, basis).
BandKey = tuple[str, str, str]


def money(amount: int) -> str:
    return f"{amount:,}"


def basis_label(basis: str) -> str:
    return str(Basis(basis).label) if basis in Basis.values else basis


def band_display(
    *,
    minimum: int | None,
    median: int | None,
    maximum: int | None,
    maximum_is_open: bool,
    currency: str,
) -> str:
    """ "95,000–120,000 USD, median 108,000"; "135,000–160,000+ USD, median not stated"."""
    top = None if maximum is None else money(maximum) + ("+" if maximum_is_open else "")
    if minimum is not None and top is not None:
        span = f"{money(minimum)}–{top} {currency}"
    elif minimum is not None:
        span = f"from {money(minimum)} {currency}"
    elif top is not None:
        span = f"{top} {currency}" if maximum_is_open else f"up to {top} {currency}"
    else:
        return f"median {money(median or 0)} {currency}"
    if median is None:
        return f"{span}, median not stated"
    return f"{span}, median {money(median)}"


def band_figures(
    *,
    region: str,
    region_name: str,
    currency: str,
    basis: str,
    minimum: int | None,
    median: int | None,
    maximum: int | None,
    maximum_is_open: bool,
    year: int | None,
    note: str,
) -> BandFigures:
    return BandFigures(
        region=region,
        region_name=region_name,
        currency=currency,
        basis=basis,
        basis_label=basis_label(basis),
        minimum=minimum,
        median=median,
        maximum=maximum,
        maximum_is_open=maximum_is_open,
        year=year,
        note=note,
        display=band_display(
            minimum=minimum,
            median=median,
            maximum=maximum,
            maximum_is_open=maximum_is_open,
            currency=currency,
        ),
    )


def describe(band: BandFigures) -> str:
    """ "United States USD base salary"."""
    return f"{band.region_name} {band.currency} {band.basis_label.lower()}"


def percent(amount: int, baseline: int) -> float | None:
    """`amount` in percent of `baseline`, to one decimal (half up); None for a zero baseline."""
    if baseline == 0:
        return None
    value = (Decimal(amount) * 100 / Decimal(baseline)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return float(value) or 0.0  # never "-0.0"


def figure_delta(baseline: int, other: int, currency: str, bound: Bound = "exact") -> FigureDelta:
    amount = other - baseline
    share = percent(amount, baseline)
    sign = "+" if amount > 0 else "-" if amount < 0 else ""
    display = f"{sign}{money(abs(amount))} {currency}"
    if share is not None:
        display += f" ({'+' if share > 0 else ''}{share:.1f}%)"
    if bound != "exact":
        display = f"{bound.replace('-', ' ')} {display}"
    return FigureDelta(
        baseline=baseline,
        other=other,
        amount=amount,
        percent=share,
        bound=bound,
        display=display,
    )


@dataclass(frozen=True)
class PayColumn:
    """One column's bands, keyed and in display order."""

    index: int
    key: str
    title: str
    bands: Mapping[BandKey, BandFigures]


def _missing(figure: str, band: BandFigures, titles: list[str]) -> str:
    return f"{figure} not stated for {' or '.join(titles)} ({describe(band)})"


def pay_delta(baseline: PayColumn, other: PayColumn, key: BandKey) -> PayDelta:
    a, b = baseline.bands[key], other.bands[key]
    notes: list[str] = []

    def lacking(name: str) -> list[str]:
        pairs = ((baseline, a), (other, b))
        return list(dict.fromkeys(c.title for c, band in pairs if getattr(band, name) is None))

    minimum = (
        figure_delta(a.minimum, b.minimum, a.currency)
        if a.minimum is not None and b.minimum is not None
        else None
    )
    if minimum is None:
        notes.append(_missing("Minimum", a, lacking("minimum")) + ": no difference of minimums.")

    maximum = None
    if a.maximum is None or b.maximum is None:
        notes.append(_missing("Maximum", a, lacking("maximum")) + ": no difference of maximums.")
    elif a.maximum_is_open and b.maximum_is_open:
        notes.append(
            f"Both maximums are open-ended ({money(a.maximum)}+ and {money(b.maximum)}+): "
            "the difference of maximums is unknown."
        )
    else:
        bound: Bound = (
            "at-least" if b.maximum_is_open else "at-most" if a.maximum_is_open else "exact"
        )
        maximum = figure_delta(a.maximum, b.maximum, a.currency, bound)
        if bound != "exact":
            open_title = other.title if b.maximum_is_open else baseline.title
            open_top = b.maximum if b.maximum_is_open else a.maximum
            notes.append(
                f"{open_title}'s maximum ({money(open_top)}+) is open-ended: "
                f"the difference of maximums is {maximum.display}."
            )

    median = (
        figure_delta(a.median, b.median, a.currency)
        if a.median is not None and b.median is not None
        else None
    )
    if median is None:
        fallback = (
            "comparing range ends only"
            if minimum is not None or maximum is not None
            else "no figure to compare"
        )
        notes.insert(0, _missing("Median", a, lacking("median")) + f": {fallback}.")

    return PayDelta(
        region=a.region,
        region_name=a.region_name,
        currency=a.currency,
        basis=a.basis,
        basis_label=a.basis_label,
        baseline_band=a,
        other_band=b,
        median=median,
        minimum=minimum,
        maximum=maximum,
        notes=tuple(notes),
    )


def _why_not(key: BandKey, near: BandKey, band: BandFigures, near_band: BandFigures) -> str:
    if key[0] != near[0]:
        return (
            f"pay is compared only within one region (a {band.region_name} figure "
            f"is not a {near_band.region_name} one)"
        )
    if key[1] != near[1]:
        return "no exchange rate is applied"
    return f"{band.basis_label.lower()} and {near_band.basis_label.lower()} are different measures of pay"


def _unmatched_notes(baseline: PayColumn, other: PayColumn) -> list[str]:
    """Why each band of one column has no counterpart in the other."""
    notes: list[str] = []
    explained: set[frozenset[BandKey]] = set()
    for side, opposite in ((baseline, other), (other, baseline)):
        for key, band in side.bands.items():
            if key in opposite.bands:
                continue
            near = [
                candidate
                for candidate in opposite.bands
                if sum(x != y for x, y in zip(key, candidate, strict=True)) == 1
            ]
            if not near:
                notes.append(
                    f"{side.title}'s {describe(band)} band is not compared: {opposite.title} "
                    "has no band in the same region, currency and basis."
                )
            for candidate in near:
                if frozenset((key, candidate)) in explained:
                    continue
                explained.add(frozenset((key, candidate)))
                near_band = opposite.bands[candidate]
                notes.append(
                    f"{side.title}'s {describe(band)} band is not compared with "
                    f"{opposite.title}'s {describe(near_band)} band: "
                    f"{_why_not(key, candidate, band, near_band)}."
                )
    return notes


def compare_pay(baseline: PayColumn, other: PayColumn) -> PayComparison:
    notes: list[str] = []
    shared = [key for key in baseline.bands if key in other.bands]
    if not baseline.bands or not other.bands:
        silent = [column.title for column in (baseline, other) if not column.bands]
        if baseline.key == other.key or len(silent) == 1:
            notes.append(f"No pay to compare: {silent[0]} states no pay band.")
        else:
            notes.append(
                f"No pay to compare: neither {silent[0]} nor {silent[1]} states a pay band."
            )
    else:
        if not shared:
            notes.append(
                f"No comparable band: {baseline.title} has "
                f"{', '.join(describe(b) for b in baseline.bands.values())}; {other.title} has "
                f"{', '.join(describe(b) for b in other.bands.values())}. Bands are compared "
                "only within the same region, currency and basis."
            )
        elif len(shared) < max(len(baseline.bands), len(other.bands)):
            notes.append(
                "Compared on "
                + ", ".join(describe(baseline.bands[key]) for key in shared)
                + " only."
            )
        notes.extend(_unmatched_notes(baseline, other))
    deltas = tuple(pay_delta(baseline, other, key) for key in shared)
    return PayComparison(
        baseline=baseline.index,
        other=other.index,
        baseline_key=baseline.key,
        other_key=other.key,
        baseline_title=baseline.title,
        other_title=other.title,
        deltas=deltas,
        notes=tuple(notes),
    )
