"""The indicators' share of the test world (core.testing.build_world): an instance of the one
route with a parameter, an indicator's page. The indicators read the other areas' data; they add
none of their own."""

from __future__ import annotations


def contribute(world) -> None:
    """The page of "you said, we did" completion, which every area's data below feeds."""
    world.route("indicators:detail", key="loop.completion")
