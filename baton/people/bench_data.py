"""The people app's rows for the benchmarks (bench/make_data.py)."""

from __future__ import annotations


def generate(ctx) -> dict[str, int]:
    from .bench_data_taking_part import generate as taking_part

    return taking_part(ctx)
