"""Small-number suppression for every output of reach (pages, API, CSV, board pack, indicators):
one function, `suppress`, and nothing is published that did not go through it.

The rule (DESIGN.md rule 7, the NHS's small-numbers practice):

- **primary**: a count of people from 1 to 4 is hidden; 0 is shown (it discloses nobody);
- **secondary**: published cells are tied by equations (a category's groups add up to the number
  who answered; those who answered and those who did not add up to everyone who took part, a total
  every category shares). Hidden cells are then hidden again until no equation gives one away:
  - no equation may have exactly one hidden cell (it would be the total minus the visible cells):
    the smallest visible non-zero cell of that equation is hidden too;
  - where the hidden cells of an equation add up to a known figure (the total minus the visible
    cells), that figure must itself not be a small count (at least 5) and must exceed the number
    of hidden cells (else each would be exactly 1, as zeros are always shown);
  - finally, a hidden cell that the equations together still pin down (linear algebra over every
    equation at once, across categories: `numpy.linalg.matrix_rank`) gets a neighbour hidden too.

Every hidden cell is shown the same way ("suppressed"), whether it was under 5 or hidden so that
another cannot be worked out: labelling them apart would tell a reader that a cell is at least 5,
and with a known total that can pin a small one down (1 + a cell of 5 or more = 6).

What it cannot see: two different outputs differenced against each other (an activity's reach
against its programme's). Those are different populations of people; see the README."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

import numpy as np

THRESHOLD = 5
SUPPRESSED = "suppressed"

K = TypeVar("K", bound=Hashable)
Equation = Mapping[K, int]  # cell -> coefficient (+1 or -1): the cells times their coefficients add up to 0


def suppress(cells: Mapping[K, int], equations: Sequence[Mapping[K, int]]) -> dict[K, int | None]:
    """The cells to publish: each count, or None where it is hidden. `equations` are every sum a
    reader could form from what is published (each a mapping of cell to +1 or -1 adding to 0)."""
    order = {key: i for i, key in enumerate(cells)}
    hidden = {key for key, value in cells.items() if 0 < value < THRESHOLD}
    while (extra := _next_to_hide(cells, equations, hidden, order)) is not None:
        hidden.add(extra)
    return {key: (None if key in hidden else value) for key, value in cells.items()}


def _smallest_visible(cells, keys, hidden, order):
    visible = [k for k in keys if k not in hidden and cells[k] > 0]
    if visible:
        return min(visible, key=lambda k: (cells[k], order[k]))
    rest = [k for k in keys if k not in hidden]  # only zeros left: then hide them too
    return min(rest, key=lambda k: order[k]) if rest else None


def _gives_away(cells, equation, hidden) -> bool:
    inside = [k for k in equation if k in hidden]
    if not inside:
        return False
    if len(inside) == 1:
        return True
    if len({equation[k] for k in inside}) == 1:  # all on one side: their sum is known
        known = sum(cells[k] for k in inside)
        return known < THRESHOLD or known <= len(inside)
    return False


def _next_to_hide(cells, equations, hidden, order):
    for equation in equations:
        if _gives_away(cells, equation, hidden):
            found = _smallest_visible(cells, list(equation), hidden, order)
            if found is not None:
                return found
    if not hidden:
        return None
    columns = sorted(hidden, key=lambda k: order[k])
    matrix = np.array([[equation.get(k, 0) for k in columns] for equation in equations], dtype=float)
    if not len(matrix):
        return None
    # A hidden cell is pinned down when its unit vector lies in the equations' row space, that is
    # when every vector of their null space is zero there: one SVD for all the cells (it was one
    # rank per cell, thousands of SVDs for the open activities of a large ICB).
    _, singular, vt = np.linalg.svd(matrix)
    tolerance = singular.max(initial=0.0) * max(matrix.shape) * np.finfo(float).eps
    null = vt[int((singular > tolerance).sum()) :]
    for i, key in enumerate(columns):
        if not len(null) or np.all(np.abs(null[:, i]) <= 1e-9):  # the cell is pinned down
            for equation in equations:
                if key in equation:
                    found = _smallest_visible(cells, list(equation), hidden, order)
                    if found is not None:
                        return found
    return None
