"""The agreement figures against a worked example, by hand."""

import pytest

from baton.patient_insight.agreement import KAPPA_MIN, kappa, measure, pair

A, B, C = "Parking", "Timeliness of care", "Staff manner & personal attributes"


def test_a_worked_example_of_four_comments():
    pairs = [
        pair([A], [A], 4, 4),  # fully agreed
        pair([A, B], [A], 5, 4),  # B taken off; sentiment one point out
        pair([B], [B, C], 2, 2),  # C added
        pair([C], [C], 1, 3),  # sentiment two points out
    ]
    a = measure(pairs, [A, B, C])
    assert (a.reviewed, a.fully_agreed, a.themes_agreed) == (4, 1, 2)
    assert a.fully_agreed_share == 0.25 and a.themes_agreed_share == 0.5
    assert (a.sentiment_pairs, a.sentiment_exact, a.sentiment_within_one) == (4, 2, 3)
    assert a.sentiment_within_one_share == 0.75
    by = {t.code: t for t in a.themes}
    assert [t.code for t in a.themes] == [A, B, C]  # the framework's order
    assert (by[A].kept, by[A].removed, by[A].added, by[A].neither) == (2, 0, 0, 2)
    assert by[A].kept_share == 1 and by[A].found_share == 1
    assert (by[B].kept, by[B].removed, by[B].added) == (1, 1, 0)
    assert by[B].kept_share == 0.5 and by[B].found_share == 1
    assert (by[C].kept, by[C].removed, by[C].added) == (1, 0, 1)
    assert by[C].kept_share == 1 and by[C].found_share == 0.5
    assert all(t.kappa is None for t in a.themes), f"too few comments for kappa (fewer than {KAPPA_MIN})"


def test_cohens_kappa_by_hand():
    # 20 comments: both said yes 8, machine only 2, reviewer only 2, neither 8.
    # observed 16/20 = 0.8; chance 0.5*0.5 + 0.5*0.5 = 0.5; kappa (0.8-0.5)/(1-0.5) = 0.6
    assert kappa(8, 2, 2, 8) == pytest.approx(0.6)
    assert kappa(10, 0, 0, 10) == pytest.approx(1.0)
    assert kappa(0, 0, 0, 20) is None  # nobody ever used the theme: chance agreement is certain
    assert kappa(0, 0, 0, 0) is None


def test_kappa_is_given_once_there_are_enough_reviews():
    pairs = [pair([A], [A], 2, 2)] * 8 + [pair([A], [], 2, 2)] * 2 + [pair([], [A], 2, 2)] * 2
    pairs += [pair([], [], 2, 2)] * 8
    (theme,) = measure(pairs, [A]).themes
    assert theme.kappa == pytest.approx(0.6)
    assert measure(pairs[: KAPPA_MIN - 1], [A]).themes[0].kappa is None


def test_sentiment_is_compared_only_where_both_gave_one():
    a = measure([pair([A], [A], None, 3), pair([A], [A], 3, 3)], [A])
    assert (a.sentiment_pairs, a.sentiment_exact) == (1, 1)
    assert a.fully_agreed == 1  # a missing machine sentiment the reviewer set is a correction


def test_nothing_reviewed_gives_no_shares():
    a = measure([], [A])
    assert a.reviewed == 0 and a.fully_agreed_share is None and a.themes == ()
