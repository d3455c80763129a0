"""The themes a reviewer may choose: the Patient Experience Qualitative Data Categorisation
framework's sub-categories, grouped by category (`insight/feedback/data/framework.json`, read once).
A comment's theme code is the sub-category's name."""

from __future__ import annotations

from functools import cache

from baton.insight.feedback.engine import load_framework


@cache
def categories() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(category, its sub-categories) in the framework's order."""
    return tuple((name, tuple(subs)) for name, subs in load_framework()["categories"].items())


@cache
def codes() -> tuple[str, ...]:
    """Every sub-category, in the framework's `sub_categories` order (the training CSV's columns)."""
    return tuple(load_framework()["sub_categories"])


def in_framework_order(chosen) -> list[str]:
    """The chosen codes that are in the framework, in its order, each once."""
    wanted = set(chosen)
    return [code for code in codes() if code in wanted]
