"""The people app's share of the test world (core.testing.build_world)."""

from __future__ import annotations


def contribute(world) -> None:
    from .testing_taking_part import contribute as taking_part

    taking_part(world)
