"""The people app's share of the demo organisation (run by `baton demo` after the apps below)."""

from __future__ import annotations


def load(organisation, users) -> None:
    from .demo_taking_part import load_taking_part

    load_taking_part(organisation, users)
