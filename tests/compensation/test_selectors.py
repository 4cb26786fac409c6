import pytest

from compensation.models import Band
from compensation.selectors import band_table, filter_choices

pytestmark = pytest.mark.django_db


def test_filter_choices_come_from_the_data(django_assert_num_queries):
    with django_assert_num_queries(4):
        choices = filter_choices()
    assert choices.currencies == ["USD"]
    assert [r.code for r in choices.regions] == ["us", "global"]
    assert [lv.slug for lv in choices.levels][:2] == ["p2", "p3"]


def test_band_table_filters_and_orders(django_assert_num_queries):
    with django_assert_num_queries(2):
        table = band_table(role="technical-product-manager", region="us")
    assert [r.label for r in table.rows] == [
        "P2 · Technical Product Manager",
        "P3 · Technical Product Manager",
        "P4 · Technical Product Manager",
        "P5 · Technical Product Manager",
        "P6 · Technical Product Manager",
        "TPM I · Technical Product Manager",
        "TPM II · Technical Product Manager",
    ]
    assert all(r.position_url.endswith("#pay") for r in table.rows)
    [chart] = table.charts
    assert chart.currency == "USD"


def test_band_table_charts_read_across_levels():
    table = band_table(region="us")
    [chart] = table.charts
    labels = [r.label for r in chart.rows]
    assert labels[:3] == [
        "P2 · Technical Product Manager",
        "P2 · Product Manager",
        "P2 · Technical Program Manager",
    ]
    assert len(table.rows) == Band.objects.filter(region__code="us").count()


def test_band_table_without_matches_is_empty():
    table = band_table(role="product-manager", level="tpm-i")
    assert table.rows == []
    assert table.charts == []
    assert table.sources == []
