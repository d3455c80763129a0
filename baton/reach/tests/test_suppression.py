"""Suppression, tested like an attacker: every published table is turned into the equations a
reader can form, and an integer programme (scipy's `milp`) tries to pin each hidden cell down
from the visible ones. Each test fails if suppression is weakened (no secondary suppression, no
check on what hidden cells add up to, no check across categories)."""

import itertools

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from baton.reach.suppression import THRESHOLD, suppress


def _recoverable(cells, equations, shown):
    """The hidden cells an attacker can work out exactly: the minimum and maximum of each under
    every equation, with the visible cells fixed and zeros known to be shown (hidden >= 1)."""
    keys = list(cells)
    hidden = [k for k in keys if shown[k] is None]
    if not hidden:
        return []
    index = {k: i for i, k in enumerate(hidden)}
    rows, rhs = [], []
    for eq in equations:
        row = np.zeros(len(hidden))
        const = 0
        for k, coef in eq.items():
            if k in index:
                row[index[k]] = coef
            else:
                const += coef * shown[k]
        if row.any():
            rows.append(row)
            rhs.append(-const)
    constraint = LinearConstraint(np.array(rows), rhs, rhs) if rows else None
    bounds = Bounds(np.ones(len(hidden)), np.full(len(hidden), np.inf))
    found = []
    for k in hidden:
        c = np.zeros(len(hidden))
        c[index[k]] = 1
        low = milp(c, constraints=constraint, bounds=bounds, integrality=np.ones(len(hidden)))
        high = milp(-c, constraints=constraint, bounds=bounds, integrality=np.ones(len(hidden)))
        if low.success and high.success and round(low.fun) == round(-high.fun):
            found.append((k, round(low.fun)))
    return found


def _table(headcount, categories):
    """The cells and equations the reach pages publish: each category's groups, answered, not
    stated, and everyone who took part (shared by every category)."""
    cells = {"people": headcount}
    equations = []
    for name, groups in categories.items():
        for i, n in enumerate(groups):
            cells[(name, i)] = n
        answered = sum(groups)
        cells[(name, "answered")] = answered
        cells[(name, "not_stated")] = headcount - answered
        equations.append({**{(name, i): 1 for i in range(len(groups))}, (name, "answered"): -1})
        equations.append({(name, "answered"): 1, (name, "not_stated"): 1, "people": -1})
    return cells, equations


def test_a_count_from_1_to_4_is_hidden_and_0_and_5_are_shown():
    shown = suppress({"a": 0, "b": 4, "c": 5, "d": 1, "e": 30}, [])
    assert shown == {"a": 0, "b": None, "c": 5, "d": None, "e": 30}


def test_a_lone_small_cell_cannot_be_worked_out_from_the_total():
    cells, equations = _table(40, {"sex": [3, 37]})
    shown = suppress(cells, equations)
    assert shown[("sex", 0)] is None
    assert _recoverable(cells, equations, shown) == []


def test_two_small_cells_adding_to_a_small_number_are_not_left_alone():
    # 1 + 1 = 2 would give both away (each at least 1, as zeros are shown)
    cells, equations = _table(30, {"age": [1, 1, 28]})
    shown = suppress(cells, equations)
    assert shown[("age", 2)] is None
    assert _recoverable(cells, equations, shown) == []


def test_a_small_not_stated_cannot_be_worked_out_from_the_other_categories():
    # Everyone took part in both categories: "not stated" of one is the total minus its answers.
    cells, equations = _table(50, {"sex": [20, 27], "age": [10, 15, 25]})
    shown = suppress(cells, equations)
    assert shown[("sex", "not_stated")] is None
    assert _recoverable(cells, equations, shown) == []


@pytest.mark.parametrize("seed", range(60))
def test_no_hidden_cell_is_ever_recovered_from_random_tables(seed):
    rng = np.random.default_rng(seed)
    headcount = int(rng.integers(5, 80))
    categories = {}
    for name in ("sex", "age", "ethnic"):
        size = int(rng.integers(2, 6))
        weights = rng.dirichlet(np.ones(size + 1) * 0.6)
        counts = rng.multinomial(headcount, weights)
        categories[name] = [int(x) for x in counts[:-1]]
    cells, equations = _table(headcount, categories)
    shown = suppress(cells, equations)
    assert all(shown[k] is None for k, v in cells.items() if 0 < v < THRESHOLD)
    assert _recoverable(cells, equations, shown) == []


def test_the_attacker_does_find_a_cell_when_suppression_is_only_primary():
    """The attack is real: with primary suppression alone, a hidden cell is recovered."""
    cells, equations = _table(40, {"sex": [3, 37]})
    primary = {k: (None if 0 < v < THRESHOLD else v) for k, v in cells.items()}
    assert _recoverable(cells, equations, primary) == [(("sex", 0), 3)]


def test_linked_equations_across_categories_are_respected():
    # A group published in two categories (Core20 is IMD quintile 1): the same count both ways.
    cells = {"q1": 3, "q2": 20, "q3": 25, "core20": 3, "rest": 45, "all": 48}
    equations = [
        {"q1": 1, "q2": 1, "q3": 1, "all": -1},
        {"core20": 1, "rest": 1, "all": -1},
        {"core20": 1, "q1": -1},
        {"rest": 1, "q2": -1, "q3": -1},
    ]
    shown = suppress(cells, equations)
    assert _recoverable(cells, equations, shown) == []
    assert list(itertools.compress(cells, [shown[k] is None for k in cells]))  # something is hidden


def test_a_cell_pinned_down_only_by_several_equations_together_is_protected():
    # Each equation on its own hides two cells adding to 5 or more, yet together they give a away:
    # a = ((a + b) + (a + c) - (b + c)) / 2. Only the check over every equation at once sees it.
    cells = {"a": 3, "b": 6, "c": 7, "ab": 9, "ac": 10, "bc": 13}
    equations = [{"a": 1, "b": 1, "ab": -1}, {"a": 1, "c": 1, "ac": -1}, {"b": 1, "c": 1, "bc": -1}]
    shown = suppress(cells, equations)
    assert _recoverable(cells, equations, shown) == []
