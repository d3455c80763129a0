"""How a review sample picks its comments: fixed when the sample is made, reproducible from its seed,
never a comment twice. Pure Python, so the rule is tested without a database."""

from __future__ import annotations

import random
from collections.abc import Sequence


def pick_random(ids: Sequence[int], size: int, seed: int) -> list[int]:
    """`size` ids (or all, when there are fewer) chosen at random with `seed`: the same ids and the
    same seed always give the same pick, in the same order, whatever order the ids came in."""
    pool = sorted(set(ids))
    return random.Random(seed).sample(pool, min(size, len(pool)))


def pick_least_confident(rows: Sequence[tuple[int, float | None]], size: int) -> list[int]:
    """The `size` ids with the lowest confidence (unknown counts as 0), ties by id: the comments a
    person's reading is worth most on."""
    seen: dict[int, float] = {}
    for pk, confidence in rows:
        seen[pk] = 0.0 if confidence is None else confidence
    ordered = sorted(seen.items(), key=lambda item: (item[1], item[0]))
    return [pk for pk, _ in ordered[:size]]
