"""The SVG charts' geometry and the pay labels they share with the tables."""

import json

import pytest

from ladder.citations import Citation
from ladder.models import Source
from roles.charts import (
    PayRow,
    group_pay_rows,
    nice_step,
    range_chart,
    short_amount,
    weight_chart,
)
from roles.jsonld import script_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def citation() -> Citation:
    return Citation(number=6, source=Source.objects.get(slug="ladder-editorial"), confidence="low")


def row(
    citation,
    label="P3",
    *,
    minimum=100_000,
    median=None,
    maximum=150_000,
    open_=False,
    currency="USD",
    region="us",
):
    return PayRow(
        label=label,
        position_title=label,
        position_url="/",
        region_code=region,
        region="United States" if region == "us" else "Global",
        currency=currency,
        basis="base-salary",
        basis_label="Base salary",
        minimum=minimum,
        median=median,
        maximum=maximum,
        maximum_is_open=open_,
        year=None,
        note="",
        citation=citation,
    )


def test_range_labels_say_what_is_known(citation):
    assert row(citation, open_=True, maximum=160_000, minimum=135_000).range_label == (
        "135,000–160,000+"
    )
    assert row(citation).range_label == "100,000–150,000"
    assert row(citation, maximum=None).range_label == "from 100,000"
    assert row(citation, minimum=None).range_label == "up to 150,000"
    assert row(citation, minimum=None, open_=True).range_label == "150,000+"
    assert row(citation, minimum=None, maximum=None, median=5).range_label == "not stated"
    assert row(citation).median_label == "not stated"
    assert row(citation).year_label == "year not stated"


def test_range_chart_places_bars_on_one_axis(citation):
    rows = [
        row(citation, "P2", minimum=95_000, median=108_000, maximum=120_000),
        row(citation, "TPM II", minimum=135_000, maximum=160_000, open_=True),
    ]
    chart = range_chart(rows, slug="c", subject="a role")
    first, second = chart.bars
    assert first.x_min is not None
    assert first.x_median is not None
    assert first.x_max is not None
    assert second.x_max is not None
    assert second.x_open_end is not None
    assert first.x_min < first.x_median < first.x_max
    assert second.x_median is None
    assert second.x_open_end > second.x_max
    ticks = [t.label for t in chart.ticks]
    assert ticks[0] <= "95k" or ticks[0] == "80k"
    assert chart.ticks[-1].x <= chart.width
    assert second.x_open_end < chart.width
    assert "open-ended" in chart.description
    assert chart.height > chart.plot_bottom


def test_range_chart_refuses_to_mix_currencies(citation):
    with pytest.raises(AssertionError):
        range_chart([row(citation), row(citation, currency="EUR")], slug="c", subject="x")


def test_rows_are_grouped_by_region_currency_and_basis(citation):
    rows = [row(citation, "a"), row(citation, "b", region="global"), row(citation, "c")]
    assert [[r.label for r in g] for g in group_pay_rows(rows)] == [["a", "c"], ["b"]]


def test_a_single_figure_is_a_point(citation):
    chart = range_chart(
        [row(citation, minimum=None, maximum=None, median=90_000)], slug="c", subject="x"
    )
    [bar] = chart.bars
    assert bar.x_min is None
    assert bar.x_max is None
    assert bar.x_point == bar.x_median


def test_weight_chart_is_proportional():
    chart = weight_chart([("A", 50, None), ("B", 100, None)], slug="w", title="t", description="d")
    a, b = chart.bars
    assert b.width == pytest.approx(2 * a.width)
    assert [t.label for t in chart.ticks] == ["0", "25", "50", "75", "100"]


def test_steps_and_amounts():
    assert nice_step(200_000) == 50_000
    assert nice_step(39_000) == 10_000
    assert short_amount(150_000) == "150k"
    assert short_amount(1_500_000) == "1.5M"
    assert short_amount(950) == "950"


def test_script_json_cannot_close_the_script_element():
    text = script_json({"a": "</script><!-- & x"})
    assert "<" not in text
    assert ">" not in text
    assert "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & x"}
