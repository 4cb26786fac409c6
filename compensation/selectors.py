"""Reads for the compensation page: the filter choices and the bands, shaped in one queryset."""

from dataclasses import dataclass
from typing import Any

from compensation.models import Band, Region
from ladder.citations import Citations, CitedSource
from levels.models import Level
from roles.charts import PayRow, RangeChart, group_pay_rows, pay_row, range_chart
from roles.models import Role
from roles.selectors import position_url


@dataclass(frozen=True)
class FilterChoices:
    roles: list[Role]
    levels: list[Level]
    regions: list[Region]
    currencies: list[str]


def filter_choices() -> FilterChoices:
    """Four queries, whatever the size of the data."""
    return FilterChoices(
        roles=list(Role.objects.order_by("order")),
        levels=list(Level.objects.select_related("scale").ladder_order()),
        regions=list(Region.objects.order_by("order")),
        currencies=list(
            Band.objects.order_by("currency").values_list("currency", flat=True).distinct()
        ),
    )


@dataclass(frozen=True)
class BandTable:
    rows: list[PayRow]
    charts: list[RangeChart]
    sources: list[CitedSource]


def band_table(
    *, role: str = "", level: str = "", region: str = "", currency: str = ""
) -> BandTable:
    """Every band matching the filters (empty means any): one query for the bands with their
    position, role, level and region, one for the sources."""
    bands: Any = Band.objects.select_related(
        "position__role", "position__level__scale", "region"
    ).order_by(
        "position__role__order",
        "position__level__scale__order",
        "position__level__order",
        "region__order",
        "order",
    )
    if role:
        bands = bands.filter(position__role__slug=role)
    if level:
        bands = bands.filter(position__level__slug=level)
    if region:
        bands = bands.for_region(region)
    if currency:
        bands = bands.filter(currency=currency)

    citations = Citations.load()
    ranked: list[tuple[tuple[int, int, int], PayRow]] = []
    for band in bands:
        position = band.position
        level_ = position.level
        row = pay_row(
            band,
            label=f"{level_.code} · {position.role.name}",
            title=position.title,
            url=position_url(position.role.slug, level_.slug) + "#pay",
            citation=citations.cite(band.source_id, band.confidence),
        )
        ranked.append(((level_.scale.order, level_.order, position.role.order), row))
    rows = [row for _, row in ranked]
    # The charts read across levels: rows by level, then role, within each region and currency.
    by_level = [row for _, row in sorted(ranked, key=lambda pair: pair[0])]
    charts = [
        range_chart(
            group,
            slug=f"ranges-{index}",
            subject="every position shown, by level",
            label_width=270,
            width=820,
        )
        for index, group in enumerate(group_pay_rows(by_level), start=1)
    ]
    return BandTable(rows=rows, charts=charts, sources=citations.cited)
