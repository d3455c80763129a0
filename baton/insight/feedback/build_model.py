"""Rebuild the model shipped with Baton: `python -m baton.insight.feedback.build_model`.

Trains on every row of `data/fft-labelled.csv` (train and dev splits) with the default
`TrainConfig` (thresholds tuned by 5-fold cross-validation) and writes `model/default.npz`.
Deterministic: the same data, config and scikit-learn/numpy/scipy versions give the same model
(two rebuilds compare array-equal; a different BLAS thread count can move the last float16 digit
of a few weights: measured, no label or sentiment changed on the 5,433 labelled comments).
"""

from __future__ import annotations

import argparse
import sys

from .engine import DEFAULT_MODEL_PATH, LABELLED_PATH, TrainConfig, train_from_csv


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m baton.insight.feedback.build_model")
    p.add_argument("--data", default=str(LABELLED_PATH))
    p.add_argument("--out", default=str(DEFAULT_MODEL_PATH))
    p.add_argument("--split", default=None, help="only these splits (default: all rows)")
    ns = p.parse_args(argv)
    model = train_from_csv(ns.data, config=TrainConfig(), log=lambda m: print(m, file=sys.stderr), split=ns.split)
    path = model.save(ns.out)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
