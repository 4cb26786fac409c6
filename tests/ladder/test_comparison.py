"""Comparing positions side by side: selection, aligned rows, the "what changes" summary, pay
deltas and their notes, and a query count that grows with neither the columns nor the data.

Expected figures are read from the loaded content, never typed in: the tests say how a number
is derived, the content says what it is."""

import json
from decimal import ROUND_HALF_UP, Decimal

import pytest

from compensation.models import Band, Region
from ladder.comparison import (
    MAX_POSITIONS,
    NOT_DEFINED,
    Comparison,
    PayComparison,
    Row,
    SelectionError,
    compare_positions,
    parse_selection,
)
from levels.models import Level
from roles.models import Aspect, Dimension, Position, Statement
from tests.factories import BandFactory, PositionFactory, build_role_with_ladder

pytestmark = pytest.mark.django_db

TPM = "technical-product-manager"
PM = "product-manager"
TECH_PROGRAM = "technical-program-manager"
QUERIES = 5  # positions, dimensions, aspects, statements, bands


def key(role: str, level: str) -> str:
    return f"{role}.{level}"


def us_band(position_key: str) -> Band:
    return Band.objects.get(
        position__key=position_key, region__code="us", currency="USD", basis="base-salary"
    )


def us(position_key: str, figure: str) -> int:
    """A figure of the position's US base-salary band, which the test needs to be stated."""
    value = getattr(us_band(position_key), figure)
    assert isinstance(value, int), f"{position_key} states no US {figure}"
    return value


def new_position(**fields: object) -> Position:
    position = PositionFactory(**fields)
    assert isinstance(position, Position)
    return position


def percent(amount: int, baseline: int) -> float:
    exact = Decimal(amount) * 100 / Decimal(baseline)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def row(comparison: Comparison, row_key: str) -> Row:
    rows = [r for section in comparison.sections for r in section.rows if r.key == row_key]
    assert len(rows) == 1, row_key
    return rows[0]


def summary_row(comparison: Comparison, row_key: str) -> Row:
    return next(r for r in comparison.summary.changes if r.key == row_key)


def only_pay(comparison: Comparison) -> PayComparison:
    assert len(comparison.summary.pay) == 1
    return comparison.summary.pay[0]


# --- selection -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, []),
        ("", []),
        ("a.p3,b.p4", ["a.p3", "b.p4"]),
        (["a.p3", "b.p4"], ["a.p3", "b.p4"]),  # ?positions=a&positions=b from a plain form
        (["a.p3,b.p4", "c.tpm-ii"], ["a.p3", "b.p4", "c.tpm-ii"]),
        (["", " a.p3 ", ",", " B.P4"], ["a.p3", "b.p4"]),
        ("a.p3,a.p3", ["a.p3", "a.p3"]),  # the same position twice is allowed
    ],
)
def test_parse_selection_accepts_commas_and_repeated_parameters(raw, expected):
    assert parse_selection(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "technical-product-manager",
        "technical-product-manager/p3",
        f"{TPM}.p3,<script>",
        f"{TPM}.p3.extra",
        [f"{TPM}.p3", 7],
    ],
)
def test_a_malformed_selection_is_an_error_listing_the_valid_ids(raw):
    with pytest.raises(SelectionError) as caught:
        parse_selection(raw)
    error = caught.value
    assert error.code == "malformed"
    assert error.invalid
    assert f"{TPM}.p3" not in error.invalid
    assert error.valid == tuple(Position.objects.ladder_order().values_list("key", flat=True))
    assert "e.g. technical-product-manager.p3" in error.message
    assert key(PM, "p6") in error.message
    assert error.to_dict()["valid"] == list(error.valid)


def test_a_long_rejected_value_is_not_echoed_in_full():
    with pytest.raises(SelectionError) as caught:
        parse_selection("x" * 5000)
    assert len(caught.value.invalid[0]) == 80
    assert "x" * 81 not in caught.value.message


def test_more_than_four_positions_is_an_error():
    keys = [key(TPM, level) for level in ("p2", "p3", "p4", "p5", "p6")]
    with pytest.raises(SelectionError) as caught:
        compare_positions(keys)
    assert caught.value.code == "too-many"
    assert f"at most {MAX_POSITIONS}" in caught.value.message
    assert caught.value.invalid == (key(TPM, "p6"),)


def test_an_unknown_position_is_an_error_listing_the_valid_ids():
    with pytest.raises(SelectionError) as caught:
        compare_positions(f"{TPM}.p9,{PM}.p3,nobody.p3")
    error = caught.value
    assert error.code == "unknown"
    assert error.invalid == (key(TPM, "p9"), "nobody.p3")
    assert key(TPM, "tpm-ii") in error.valid
    assert "No such position: technical-product-manager.p9, nobody.p3" in error.message


def test_one_unknown_position_is_an_error_not_an_incomplete_selection():
    with pytest.raises(SelectionError):
        compare_positions(f"{TPM}.p9")


def test_no_position_is_explained_without_touching_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        comparison = compare_positions([])
    assert not comparison.complete
    assert comparison.message == "Choose 2 to 4 positions to compare."
    assert (comparison.columns, comparison.sections, comparison.summary) == ((), (), None)


def test_one_position_is_explained_and_kept_for_the_form(django_assert_num_queries):
    with django_assert_num_queries(1):
        comparison = compare_positions(key(TPM, "p3"))
    assert not comparison.complete
    assert [c.key for c in comparison.columns] == [key(TPM, "p3")]
    assert "one more position to compare with Technical Product Manager — P3" in (
        comparison.message
    )
    assert comparison.sections == ()
    assert comparison.summary is None
    assert comparison.query == "positions=technical-product-manager.p3"


# --- adjacent levels of one role -------------------------------------------------------------


def test_adjacent_levels_of_one_role():
    p2, p3 = key(TPM, "p2"), key(TPM, "p3")
    comparison = compare_positions([p2, p3])
    assert comparison.complete
    assert comparison.keys == (p2, p3)
    assert comparison.query == f"positions={p2},{p3}"

    first, second = comparison.columns
    assert (first.index, first.key, first.title) == (0, p2, "Technical Product Manager — P2")
    assert (first.level_code, first.p_levels, first.level_label, first.years) == (
        "P2",
        "P2",
        "P2",
        "1–3 yrs",
    )
    assert first.url == "/roles/technical-product-manager/p2/"
    assert (second.index, second.scale_kind, second.is_title_level) == (1, "professional", False)

    summary = comparison.summary
    assert summary.step == "P2 → P3"
    assert summary.roles == "Technical Product Manager"
    assert (summary.same_role, summary.same_level, summary.identical) == (True, False, False)
    p2_level, p3_level = Level.objects.get(slug="p2"), Level.objects.get(slug="p3")
    years = summary_row(comparison, "summary.years")
    assert [c.display for c in years.cells] == [p2_level.years_label, p3_level.years_label]
    assert years.differs
    assert [c.text for c in summary_row(comparison, "summary.decision-rights").cells] == [
        p2_level.decision_rights,
        p3_level.decision_rights,
    ]
    assert [r.label for r in summary.changes] == [
        "Level",
        "Years of experience",
        "Scope",
        "Autonomy",
        "Decision rights",
    ]


def test_sections_follow_the_framework_with_level_definition_and_compensation():
    comparison = compare_positions([key(TPM, "p2"), key(TPM, "p3")])
    dimensions = list(Dimension.objects.order_by("order").values_list("slug", flat=True))
    after = dimensions.index("level-guidelines") + 1
    expected = [*dimensions[:after], "level-definition", *dimensions[after:], "compensation"]
    assert [s.key for s in comparison.sections] == expected
    aspect_rows = [r.key for s in comparison.sections for r in s.rows if r.kind == "aspect"]
    assert aspect_rows == [
        f"{d}.{a}"
        for d, a in Aspect.objects.order_by("dimension__order", "order").values_list(
            "dimension__slug", "slug"
        )
    ]
    definition = next(s for s in comparison.sections if s.key == "level-definition")
    assert [r.label for r in definition.rows] == [
        "Scope",
        "Autonomy",
        "Complexity",
        "Impact",
        "Decision rights",
        "Leadership",
        "Typical experience",
    ]
    assert comparison.rows_total == sum(len(s.rows) for s in comparison.sections)


def test_cells_and_bullets_are_the_positions_statements_with_their_sources():
    p2, p3 = key(TPM, "p2"), key(TPM, "p3")
    comparison = compare_positions([p2, p3])
    cell = Statement.objects.select_related("source").get(
        position__key=p3, aspect__slug="roadmap-ownership"
    )
    roadmap = row(comparison, "responsibilities.roadmap-ownership")
    assert roadmap.cells[1].text == cell.text
    assert roadmap.cells[1].citations[0].source == cell.source.slug
    assert roadmap.cells[1].citations[0].confidence == cell.confidence
    assert roadmap.differs

    bullets = row(comparison, "responsibilities.statements")
    assert bullets.kind == "bullets"
    for column, position_key in enumerate([p2, p3]):
        expected = list(
            Statement.objects.filter(
                position__key=position_key,
                dimension__slug="responsibilities",
                aspect__isnull=True,
            )
            .order_by("order")
            .values_list("text", flat=True)
        )
        assert [b.text for b in bullets.cells[column].bullets] == expected
        assert bullets.cells[column].display == ""
    examples = row(comparison, "examples.statements")
    assert all(b.label for cell in examples.cells for b in cell.bullets)


def test_adjacent_levels_pay_deltas_are_computed_from_the_bands():
    p2, p3 = key(TPM, "p2"), key(TPM, "p3")
    pay = only_pay(compare_positions([p2, p3]))
    assert (pay.baseline, pay.other, pay.baseline_key, pay.other_key) == (0, 1, p2, p3)
    (delta,) = pay.deltas
    assert (delta.region, delta.currency, delta.basis) == ("us", "USD", "base-salary")
    for name in ("median", "minimum", "maximum"):
        figure = getattr(delta, name)
        a, b = us(p2, name), us(p3, name)
        assert (figure.baseline, figure.other, figure.amount) == (a, b, b - a)
        assert figure.percent == percent(b - a, a)
        assert figure.bound == "exact"
    rise = us(p3, "median") - us(p2, "median")
    assert delta.median.display == f"+{rise:,} USD (+{delta.median.percent}%)"
    assert delta.notes == ()
    # P2 also has a global band: it is said, not silently set against the US figures.
    assert "Compared on United States USD base salary only." in pay.notes
    assert any(
        "Global USD base salary band is not compared with" in note
        and "United States USD base salary band" in note
        for note in pay.notes
    )


def test_compensation_rows_cover_every_band_of_any_column():
    p2, p3 = key(TPM, "p2"), key(TPM, "p3")
    comparison = compare_positions([p2, p3])
    compensation = comparison.sections[-1]
    assert [r.key for r in compensation.rows] == [
        "compensation.us.usd.base-salary",
        "compensation.global.usd.base-salary",
    ]
    us_row, global_ = compensation.rows
    assert us_row.label == "United States · USD · Base salary"
    low, median, high = (us(p3, name) for name in ("minimum", "median", "maximum"))
    figures = us_row.cells[1].band
    assert (figures.minimum, figures.median, figures.maximum) == (low, median, high)
    assert us_row.cells[1].display == f"{low:,}–{high:,} USD, median {median:,}"
    assert global_.cells[0].defined
    assert not global_.cells[1].defined
    assert global_.cells[1].display == NOT_DEFINED
    assert global_.differs


# --- across roles, title levels, more columns ------------------------------------------------


def test_the_same_level_across_roles():
    tpm, pm = key(TPM, "p3"), key(PM, "p3")
    comparison = compare_positions([tpm, pm])
    summary = comparison.summary
    assert summary.step == "P3 (same level)"
    assert (summary.same_role, summary.same_level) == (False, True)
    assert summary.roles == "Technical Product Manager vs Product Manager"
    definition = next(s for s in comparison.sections if s.key == "level-definition")
    assert not definition.differs
    assert not any(r.differs for r in summary.changes)
    assert row(comparison, "responsibilities.roadmap-ownership").differs

    (delta,) = only_pay(comparison).deltas
    a, b = us(tpm, "median"), us(pm, "median")
    assert delta.median.amount == b - a
    assert delta.median.percent == percent(b - a, a)
    assert abs(delta.median.percent - (b - a) / a * 100) <= 0.05
    assert only_pay(comparison).notes == ()


def test_title_levels_show_their_p_levels():
    tpm_i, tpm_ii = key(TPM, "tpm-i"), key(TPM, "tpm-ii")
    comparison = compare_positions([tpm_i, tpm_ii])
    first, second = comparison.columns
    assert (first.is_title_level, first.scale_kind, first.p_levels) == (True, "title", "P2–P3")
    assert first.level_label == "TPM I (P2–P3)"
    assert second.level_label == "TPM II (P3–P4)"
    assert first.mapping_note
    assert comparison.summary.step == "TPM I (P2–P3) → TPM II (P3–P4)"

    p2, p3 = Level.objects.get(slug="p2"), Level.objects.get(slug="p3")
    years = summary_row(comparison, "summary.years").cells[0]
    assert (years.display, years.derived_from) == (f"{p2.years_min}–{p3.years_max} yrs", "P2–P3")
    assert first.years == years.display

    scope = row(comparison, "level-definition.scope").cells[0]
    assert scope.derived_from == "P2–P3"
    assert scope.text == f"P2: {p2.scope} → P3: {p3.scope}"
    tpm_i_level = Level.objects.get(slug="tpm-i")
    cited = {c.source for c in scope.citations}
    assert {p2.definition_source.slug, p3.definition_source.slug} <= cited
    assert tpm_i_level.mapping_source.slug in cited
    level = summary_row(comparison, "summary.level").cells[0]
    assert level.text == "TPM I — Technical Product Manager I, maps to P2–P3"


def test_title_levels_without_medians_compare_range_ends():
    tpm_i, tpm_ii = key(TPM, "tpm-i"), key(TPM, "tpm-ii")
    pay = only_pay(compare_positions([tpm_i, tpm_ii]))
    assert us_band(tpm_i).median is None
    assert us_band(tpm_ii).maximum_is_open
    (delta,) = pay.deltas
    assert delta.median is None
    rise = us(tpm_ii, "minimum") - us(tpm_i, "minimum")
    assert delta.minimum.amount == rise
    assert delta.minimum.percent == percent(rise, us(tpm_i, "minimum"))
    # TPM II's top is a floor ("160,000+"): the difference is at least this much.
    assert delta.maximum.amount == us(tpm_ii, "maximum") - us(tpm_i, "maximum")
    assert delta.maximum.bound == "at-least"
    assert delta.maximum.display.startswith("at least +")
    assert delta.notes[0] == (
        "Median not stated for Technical Product Manager I or Technical Product Manager II "
        "(United States USD base salary): comparing range ends only."
    )
    assert any(
        f"Technical Product Manager II's maximum ({us(tpm_ii, 'maximum'):,}+) is open-ended" in note
        for note in delta.notes
    )


def test_a_title_level_against_a_p_level():
    tpm_ii, p4 = key(TPM, "tpm-ii"), key(TPM, "p4")
    comparison = compare_positions([tpm_ii, p4])
    assert comparison.summary.step == "TPM II (P3–P4) → P4"
    assert not comparison.summary.same_level
    scope = row(comparison, "level-definition.scope")
    assert scope.cells[0].derived_from == "P3–P4"
    assert scope.cells[1].derived_from == ""
    assert scope.cells[1].text == Level.objects.get(slug="p4").scope
    (delta,) = only_pay(comparison).deltas
    assert delta.median is None
    assert delta.notes[0].startswith("Median not stated for Technical Product Manager II (")
    # The baseline's top is a floor: the difference of maximums is at most this much.
    assert delta.maximum.amount == us(p4, "maximum") - us(tpm_ii, "maximum")
    assert delta.maximum.bound == "at-most"


def test_three_positions():
    keys = [key(TPM, "p3"), key(PM, "p3"), key(TECH_PROGRAM, "p3")]
    comparison = compare_positions(keys)
    assert [c.key for c in comparison.columns] == keys
    assert comparison.summary.step == "P3 (same level)"
    assert (
        comparison.summary.roles
        == "Technical Product Manager vs Product Manager vs Technical Program Manager"
    )
    assert all(len(r.cells) == 3 for s in comparison.sections for r in s.rows)
    pay = comparison.summary.pay
    assert [(p.baseline, p.other) for p in pay] == [(0, 1), (0, 2)]
    for comparison_pay, other_key in zip(pay, keys[1:], strict=True):
        rise = us(other_key, "median") - us(keys[0], "median")
        assert comparison_pay.deltas[0].median.amount == rise


def test_four_positions():
    keys = [key(TPM, "tpm-ii"), key(TPM, "p4"), key(PM, "p3"), key(TECH_PROGRAM, "p3")]
    comparison = compare_positions(",".join(keys))
    assert [c.index for c in comparison.columns] == [0, 1, 2, 3]
    assert comparison.summary.step == "TPM II (P3–P4) → P4 → P3 → P3"
    assert [p.other_key for p in comparison.summary.pay] == keys[1:]
    assert all(len(r.cells) == 4 for s in comparison.sections for r in s.rows)
    # Two P3 columns agree on the level definition, the title level and P4 do not.
    assert row(comparison, "level-definition.scope").differs


def test_the_same_position_twice_is_the_same_in_every_row():
    p3 = key(TPM, "p3")
    comparison = compare_positions([p3, p3])
    assert comparison.complete
    assert comparison.summary.identical
    assert comparison.summary.step == "P3 (same position)"
    assert comparison.rows_differing == 0
    assert not any(s.differs for s in comparison.sections)
    assert comparison.only_differences().sections == ()
    (delta,) = only_pay(comparison).deltas
    assert (delta.median.amount, delta.median.percent, delta.median.display) == (
        0,
        0.0,
        "0 USD (0.0%)",
    )


def test_a_position_may_repeat_among_others():
    keys = [key(TPM, "p3"), key(PM, "p3"), key(TPM, "p3")]
    comparison = compare_positions(keys)
    assert [c.key for c in comparison.columns] == keys
    assert not comparison.summary.identical
    assert comparison.summary.pay[1].deltas[0].median.amount == 0


# --- missing content -------------------------------------------------------------------------


@pytest.fixture
def sparse_position() -> Position:
    """A P3 position that defines two aspects of responsibilities (one of them as TPM P3 does,
    with other spacing and case), no bullets, and no band."""
    position = new_position(level=Level.objects.get(slug="p3"))
    tpm = Position.objects.get(key=key(TPM, "p3"))
    roadmap = Statement.objects.get(position=tpm, aspect__slug="roadmap-ownership")
    specs = Aspect.objects.get(dimension__slug="responsibilities", slug="technical-specs")
    for order, (aspect, text) in enumerate(
        [(roadmap.aspect, "  " + roadmap.text.upper().replace(" ", "   ") + " "), (specs, "Own")]
    ):
        Statement.objects.create(
            position=position,
            dimension=aspect.dimension,
            aspect=aspect,
            text=text,
            order=order,
            source=roadmap.source,
            confidence="low",
        )
    return position


def test_missing_aspects_say_not_defined(sparse_position):
    comparison = compare_positions([key(TPM, "p3"), sparse_position.key])
    # Same words, other whitespace and case: the same.
    assert not row(comparison, "responsibilities.roadmap-ownership").differs
    assert row(comparison, "responsibilities.technical-specs").cells[1].text == "Own"
    missing = row(comparison, "decision-making.decision-scope")
    assert missing.differs
    assert missing.cells[0].defined
    assert (missing.cells[1].defined, missing.cells[1].display, missing.cells[1].text) == (
        False,
        NOT_DEFINED,
        None,
    )
    bullets = row(comparison, "responsibilities.statements")
    assert bullets.differs
    assert bullets.cells[1].display == NOT_DEFINED
    band = row(comparison, "compensation.us.usd.base-salary")
    assert band.cells[1].display == NOT_DEFINED
    pay = only_pay(comparison)
    assert pay.deltas == ()
    assert pay.notes == (f"No pay to compare: {sparse_position.title} states no pay band.",)


def test_no_cell_is_ever_an_empty_gap(sparse_position):
    keys = [key(TPM, "tpm-i"), sparse_position.key, key(PM, "p6")]
    comparison = compare_positions(keys)
    for section in comparison.sections:
        for r in section.rows:
            for cell in r.cells:
                assert cell.display or cell.bullets, (section.key, r.key)
                assert cell.defined == (cell.display != NOT_DEFINED)


def test_a_row_no_column_defines_is_kept_and_is_the_same(sparse_position):
    other = new_position(level=Level.objects.get(slug="p3"))
    comparison = compare_positions([sparse_position.key, other.key])
    decision = row(comparison, "decision-making.decision-scope")
    assert [c.display for c in decision.cells] == [NOT_DEFINED, NOT_DEFINED]
    assert not decision.differs
    assert all(r.key != "responsibilities.statements" for s in comparison.sections for r in s.rows)
    assert "compensation" not in [s.key for s in comparison.sections]
    assert comparison.summary.pay[0].notes == (
        f"No pay to compare: neither {sparse_position.title} nor {other.title} states a pay band.",
    )


# --- bands that cannot be compared -----------------------------------------------------------


def band_only(position: Position, **fields: object) -> Position:
    BandFactory(position=position, **fields)
    return position


def test_a_global_band_is_not_compared_with_a_us_band():
    global_only = band_only(
        new_position(level=Level.objects.get(slug="p2")),
        region=Region.objects.get(code="global"),
    )
    pay = only_pay(compare_positions([global_only.key, key(PM, "p2")]))
    assert pay.deltas == ()
    assert pay.notes[0].startswith(
        f"No comparable band: {global_only.title} has Global USD base salary; "
        "Product Manager — P2 has United States USD base salary."
    )
    assert pay.notes[1] == (
        f"{global_only.title}'s Global USD base salary band is not compared with "
        "Product Manager — P2's United States USD base salary band: pay is compared only "
        "within one region (a Global figure is not a United States one)."
    )


def test_another_currency_is_not_converted():
    euros = band_only(new_position(), currency="EUR")
    pay = only_pay(compare_positions([key(PM, "p3"), euros.key]))
    assert pay.deltas == ()
    assert pay.notes[-1].endswith("band: no exchange rate is applied.")


def test_another_basis_is_not_compared():
    cash = band_only(new_position(), basis="total-cash")
    pay = only_pay(compare_positions([key(PM, "p3"), cash.key]))
    assert pay.deltas == ()
    assert pay.notes[-1].endswith(
        "base salary and total cash (base + bonus) are different measures of pay."
    )


def test_missing_range_ends_are_explained():
    median_only = band_only(new_position(), minimum=None, maximum=None, median=120_000)
    comparison = compare_positions([key(PM, "p3"), median_only.key])
    (delta,) = only_pay(comparison).deltas
    assert (delta.minimum, delta.maximum) == (None, None)
    assert delta.median.amount == 120_000 - us(key(PM, "p3"), "median")
    assert delta.notes == (
        f"Minimum not stated for {median_only.title} (United States USD base salary): "
        "no difference of minimums.",
        f"Maximum not stated for {median_only.title} (United States USD base salary): "
        "no difference of maximums.",
    )
    assert row(comparison, "compensation.us.usd.base-salary").cells[1].display == (
        "median 120,000 USD"
    )


def test_two_open_maximums_have_no_difference():
    open_top = band_only(new_position(), median=None, maximum=170_000, maximum_is_open=True)
    (delta,) = only_pay(compare_positions([key(TPM, "tpm-ii"), open_top.key])).deltas
    assert delta.maximum is None
    assert "Both maximums are open-ended (160,000+ and 170,000+)" in " ".join(delta.notes)


# --- rendering helpers -----------------------------------------------------------------------


def test_only_differences_hides_identical_rows_in_a_copy():
    comparison = compare_positions([key(TPM, "p3"), key(PM, "p3")])
    filtered = comparison.only_differences()
    assert filtered.differences_only
    assert not comparison.differences_only
    assert "level-definition" not in [s.key for s in filtered.sections]
    assert all(r.differs for s in filtered.sections for r in s.rows)
    assert sum(len(s.rows) for s in filtered.sections) == comparison.rows_differing
    assert comparison.rows_differing < comparison.rows_total
    assert filtered.rows_total == comparison.rows_total
    assert filtered.summary == comparison.summary


def test_a_comparison_is_plain_deterministic_data():
    keys = [key(TPM, "tpm-i"), key(TPM, "p3"), key(PM, "p2")]
    comparison = compare_positions(keys)
    assert compare_positions(keys) == comparison
    data = json.loads(json.dumps(comparison.to_dict()))
    assert data["keys"] == keys
    assert data["columns"][0]["level_label"] == "TPM I (P2–P3)"
    assert data["sections"][0]["rows"][0]["cells"][0]["citations"][0]["source"]
    assert data["summary"]["pay"][0]["deltas"][0]["minimum"]["amount"] == (
        us(keys[1], "minimum") - us(keys[0], "minimum")
    )


# --- queries ---------------------------------------------------------------------------------


def test_query_count_is_pinned_and_constant(django_assert_num_queries):
    two = [key(TPM, "p2"), key(TPM, "p3")]
    four = [key(TPM, "tpm-i"), key(TPM, "p3"), key(PM, "p3"), key(TECH_PROGRAM, "p6")]
    with django_assert_num_queries(QUERIES):
        compare_positions(two)
    with django_assert_num_queries(QUERIES):
        compare_positions(four)

    roles = [build_role_with_ladder() for _ in range(10)]
    assert Position.objects.count() >= 17 + 10 * 5
    synthetic = [key(roles[0].slug, "p3"), key(roles[9].slug, "p6")]
    with django_assert_num_queries(QUERIES):
        compare_positions(two)
    with django_assert_num_queries(QUERIES):
        comparison = compare_positions([*four[:2], *synthetic])
    synthetic_band = comparison.summary.pay[2].deltas[0].other_band
    assert synthetic_band.median == 110_000 + Level.objects.get(slug="p6").order * 1000


def test_a_new_role_compares_like_a_shipped_one():
    role = build_role_with_ladder(name="Data Product Manager", slug="data-product-manager")
    comparison = compare_positions([key(role.slug, "p3"), key(role.slug, "p4")])
    assert comparison.summary.step == "P3 → P4"
    assert row(comparison, "responsibilities.roadmap-ownership").cells[0].text == (
        "Roadmap ownership at P3"
    )
    assert comparison.columns[0].url == "/roles/data-product-manager/p3/"
