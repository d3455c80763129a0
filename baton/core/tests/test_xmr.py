"""The XmR rules against worked examples, figures by hand: limits, each special-cause rule and its
edges (ties at the centre line, flat steps in a trend, gaps), short series, the icons and the
summary. Pure Python: no database."""

from __future__ import annotations

import pytest

from baton.core.xmr import analyse, fmt, kind
from baton.core.xmr_chart import xmr_svg


def months(values):
    return [(f"M{i + 1}", v) for i, v in enumerate(values)]


def rules(xmr):
    return {p.label: p.special for p in xmr.points if p.special}


# Limits --------------------------------------------------------------------------------------------


def test_limits_are_the_mean_plus_and_minus_2_66_mean_moving_ranges():
    # mean (5+7+6+8+4)/5 = 6; moving ranges 2, 1, 2, 4: mean 2.25; 2.66 x 2.25 = 5.985
    xmr = analyse(months([5, 7, 6, 8, 4]))
    assert xmr.mean == pytest.approx(6.0)
    assert xmr.mean_moving_range == pytest.approx(2.25)
    assert xmr.upper == pytest.approx(11.985)
    assert xmr.lower == pytest.approx(0.015)
    assert [p.moving_range for p in xmr.points] == [None, 2, 1, 2, 4]
    assert xmr.variation == "common" and rules(xmr) == {}


def test_limits_are_clipped_to_what_the_measure_can_take():
    xmr = analyse(months([90, 100, 80, 100, 95]), floor=0, ceiling=100)
    # mean 93; moving ranges 10, 20, 20, 5: mean 13.75; raw upper 129.575 -> 100
    assert xmr.upper == 100
    assert xmr.lower == pytest.approx(93 - 2.66 * 13.75)


def test_a_gap_is_left_out_of_the_mean_and_breaks_the_moving_ranges():
    xmr = analyse(months([4, 6, None, 10, 12]))
    assert xmr.mean == pytest.approx(8.0)
    assert [p.moving_range for p in xmr.points] == [None, 2, None, None, 2]
    assert xmr.mean_moving_range == pytest.approx(2.0)


# Rule 1: outside the limits ---------------------------------------------------------------------------


def test_a_point_outside_the_limits_is_special_cause():
    xmr = analyse(months([10, 11, 10, 11, 10, 11, 10, 11, 10, 30]), better="lower")
    # mean 12.4; moving ranges 1 x 8 and 20: mean 28/9 = 3.111; upper 12.4 + 8.276 = 20.676
    assert xmr.upper == pytest.approx(12.4 + 2.66 * 28 / 9)
    assert "outside" in xmr.points[-1].special
    assert xmr.points[-1].direction == "high"
    assert xmr.variation == "concerning"  # higher is worse here
    assert "outside" not in {r for p in xmr.points[:-1] for r in p.special}


def test_a_point_exactly_on_a_limit_is_not_outside():
    # mean 64, moving ranges 40, 40, 40, 60: mean 45, so the raw limits (-55.7 and 183.7) are
    # clipped to 0% and 100%, and the points at 100 and 0 lie exactly on the limits.
    xmr = analyse(months([100, 60, 100, 60, 0]), floor=0, ceiling=100)
    assert (xmr.lower, xmr.upper) == (0, 100)
    assert all("outside" not in p.special for p in xmr.points)


# Rule 2: a shift of 7 -----------------------------------------------------------------------------


def test_seven_points_on_one_side_of_the_centre_line_is_a_shift_and_six_is_not():
    six = analyse(months([1, 1, 1, 1, 1, 1, 9, 9, 9, 9, 9, 9]))
    assert all("shift" not in p.special for p in six.points)
    seven = analyse(months([1, 1, 1, 1, 1, 1, 1, 9, 9, 9, 9, 9, 9]))
    marked = [p.label for p in seven.points if "shift" in p.special]
    assert marked == [f"M{i}" for i in range(1, 8)]
    assert seven.points[0].direction == "low"


def test_a_point_on_the_centre_line_ends_a_run():
    # mean 5: the 5 in the middle is on the centre line, so neither run reaches 7
    values = [6, 6, 6, 6, 5, 6, 6, 6, 4, 4, 4, 5, 4, 4, 4, 4]
    xmr = analyse(months(values))
    assert xmr.mean == pytest.approx(5.0)
    assert all("shift" not in p.special for p in xmr.points)
    # and without the tie, the eight above the line are a shift
    joined = analyse(months([6, 6, 6, 6, 6, 6, 6, 6, 4, 4, 4, 4, 4, 4, 4, 4]))
    assert sum("shift" in p.special for p in joined.points) == 16


def test_a_gap_ends_a_run():
    xmr = analyse(months([9, 9, 9, None, 9, 9, 9, 9, 1, 1, 1, 1, 1, 1, 2, 1, 2]))
    assert all("shift" not in p.special for p in xmr.points[:8])


# Rule 3: a trend of 7 ------------------------------------------------------------------------------


def test_seven_points_rising_is_a_trend_and_six_is_not():
    six = analyse(months([5, 1, 2, 3, 4, 5, 6, 3]))
    assert all("trend" not in p.special for p in six.points)
    seven = analyse(months([5, 1, 2, 3, 4, 5, 6, 7, 3]), better="higher")
    marked = [p.label for p in seven.points if "trend" in p.special]
    assert marked == [f"M{i}" for i in range(2, 9)]
    assert {seven.points[i].direction for i in range(1, 8)} == {"high"}


def test_a_flat_step_ends_a_trend():
    xmr = analyse(months([1, 2, 3, 4, 4, 5, 6, 7]))
    assert all("trend" not in p.special for p in xmr.points)


def test_a_falling_trend_points_low():
    xmr = analyse(months([9, 8, 7, 6, 5, 4, 3]), better="higher")
    assert all("trend" in p.special for p in xmr.points)
    assert xmr.variation == "concerning"


# Rule 4: two of three near a limit -------------------------------------------------------------------


def test_two_of_three_beyond_two_thirds_of_the_way_to_a_limit_on_the_same_side():
    # 20 points alternating 10 and 11, then 13, 12, 13: mean 248/23 = 10.783; moving ranges 1 x 19,
    # then 2, 1, 1: mean 23/22 = 1.045; upper limit 13.56 (so 13 is inside); two-thirds of the way
    # up is 12.636: the two 13s are beyond it, the 12 is not.
    xmr = analyse(months([10, 11] * 10 + [13, 12, 13]))
    assert xmr.near_limits()[1] == pytest.approx(248 / 23 + 2.66 * (23 / 22) * 2 / 3)
    assert rules(xmr) == {"M21": ("two_of_three",), "M23": ("two_of_three",)}
    assert xmr.points[-1].direction == "high"
    # points beyond half the way but not two-thirds are not special: 12.4, with the mean 10.643 and
    # 2.66 x the mean moving range 3.047, is at 58% of the way to the limit
    assert rules(analyse(months([10, 11] * 10 + [12.4, 10, 12.4]))) == {}
    # one of three is not enough
    assert rules(analyse(months([10, 11] * 10 + [13, 12, 11]))) == {}


def test_two_of_three_on_opposite_sides_is_not_special():
    base = [10, 11, 10, 11, 10, 11, 10, 11, 10, 11]
    xmr = analyse(months([*base, 12.3, 10.5, 8.7]))
    assert all("two_of_three" not in p.special for p in xmr.points)


# Short series and icons -----------------------------------------------------------------------------


@pytest.mark.parametrize("values", [[], [None, None], [4], [None, 4, None, 5]])
def test_a_series_too_short_for_limits_says_so(values):
    xmr = analyse(months(values))
    assert xmr.variation == "too_short"
    assert xmr.upper is None and xmr.lower is None and xmr.mean_moving_range is None
    assert xmr.summary
    assert "<svg" in xmr_svg(xmr, title="T", unit="count")


def test_a_short_series_summary_gives_its_latest_value():
    assert analyse(months([])).summary == "There is no value in this period yet, so there is nothing to chart."
    assert analyse(months([None, 4])).summary.startswith("Only 1 month has a value (M2: 4)")
    assert analyse(months([None, 4, None, 5])).summary.startswith("The latest value is 5 (M4). No two months in a row")


def test_two_values_give_provisional_limits():
    xmr = analyse(months([4, 6]))
    assert xmr.mean == 5 and xmr.mean_moving_range == 2
    assert xmr.provisional
    assert "provisional" in xmr.summary


def test_fifteen_values_are_not_provisional():
    assert not analyse(months([1, 2] * 7 + [1])).provisional


@pytest.mark.parametrize(
    ("direction", "better", "expected"),
    [
        (None, "higher", "common"),
        ("high", "higher", "improving"),
        ("low", "higher", "concerning"),
        ("low", "lower", "improving"),
        ("high", "lower", "concerning"),
        ("high", None, "neither"),
        ("mixed", "higher", "neither"),
    ],
)
def test_variation_kind(direction, better, expected):
    assert kind(direction, better) == expected


def test_assurance_against_a_target():
    steady = [80, 82, 81, 83, 80, 82, 81, 83]  # mean 81.5, moving ranges ~2: limits about 76 to 87
    assert analyse(months(steady), better="higher", target=70).assurance == "pass"
    assert analyse(months(steady), better="higher", target=95).assurance == "fail"
    assert analyse(months(steady), better="higher", target=81).assurance == "hit_and_miss"
    assert analyse(months(steady), better="lower", target=95).assurance == "pass"
    assert analyse(months(steady), better="lower", target=70).assurance == "fail"
    assert analyse(months(steady), target=70).assurance is None  # no better direction
    assert analyse(months(steady), better="higher").assurance is None  # no target


def test_assurance_when_the_target_is_exactly_a_limit():
    # limits clipped to 0% and 100% (see test_a_point_exactly_on_a_limit_is_not_outside)
    wide = months([100, 60, 100, 60, 0])
    assert analyse(wide, better="higher", target=0, floor=0, ceiling=100).assurance == "pass"
    assert analyse(wide, better="higher", target=100, floor=0, ceiling=100).assurance == "hit_and_miss"
    assert analyse(wide, better="lower", target=100, floor=0, ceiling=100).assurance == "pass"
    assert analyse(wide, better="lower", target=0, floor=0, ceiling=100).assurance == "hit_and_miss"


def test_the_summary_says_what_the_chart_shows():
    xmr = analyse(months([10, 11, 10, 11, 10, 11, 10, 11, 10, 30]), better="lower", unit="days")
    assert "mean is 12.4 days" in xmr.summary
    assert "M10, is 30 days: special cause variation (concern)" in xmr.summary
    assert "outside the process limits" in xmr.summary
    steady = analyse(months([80, 82, 81, 83, 80]), better="higher", target=95, unit="percent")
    assert "common cause variation" in steady.summary
    assert "target of 95%: the target will consistently be missed" in steady.summary


def test_the_chart_draws_special_causes_by_shape_and_escapes_its_text():
    xmr = analyse(months([10, 16] * 10 + [40]), better="lower")
    assert [p.special for p in xmr.points][:-1] == [()] * 20
    svg = str(xmr_svg(xmr, title="<b>Days</b>", unit="days", key="k1"))
    assert "&lt;b&gt;Days&lt;/b&gt;" in svg and "<b>" not in svg
    assert svg.count("<polygon") == 1  # the one point of concern: a diamond
    assert svg.count("<circle") == 20
    assert 'aria-labelledby="k1-title k1-desc"' in svg
    assert "style=" not in svg  # the Content-Security-Policy allows no inline style


def test_rows_for_the_data_table():
    xmr = analyse(months([5, 7, None, 8]), unit="percent")
    assert xmr.rows() == [
        ["M1", "5%", "", "None"],
        ["M2", "7%", "2%", "None"],
        ["M3", "no value", "", "None"],
        ["M4", "8%", "", "None"],
    ]


@pytest.mark.parametrize(
    ("value", "unit", "words"),
    [
        (72.5, "percent", "72.5%"),
        (80.0, "percent", "80%"),
        (1, "days", "1 day"),
        (23.5, "days", "23.5 days"),
        (1204, "count", "1,204"),
        (0.851, "ratio", "0.85"),
        (None, "count", "no value"),
    ],
)
def test_fmt(value, unit, words):
    assert fmt(value, unit) == words


def test_the_macro_renders_icons_summary_chart_and_table():
    from django.template import engines

    template = engines["jinja2"].from_string(
        '{% from "core/_xmr.jinja" import xmr_chart %}{{ xmr_chart(xmr, "Days to respond", "days", key="d") }}'
    )
    xmr = analyse(months([10, 16] * 10 + [40]), better="lower", target=20, unit="days")
    html = template.render({"xmr": xmr})
    assert "Special cause variation: concerning" in html
    assert "The target will be met and missed at random" in html
    assert xmr.summary in html
    assert 'aria-labelledby="d-title d-desc"' in html
    assert "<caption" in html and "Days to respond: figures by month" in html
    assert html.count('<tr class="nhsuk-table__row"') == 22  # the heading row and 21 months
    assert "a point outside the process limits" in html
