"""Benchmark of the feedback analysis engine against a pxtextmining-style baseline.

    python bench/feedback.py [--ablations] [--skip-baseline] [--rows N] [--json OUT.json] [--data CSV]

Protocol (honest about unseen data):
- Both models are trained on the `train` split only.
- Baton's per-label thresholds are tuned by 5-fold cross-validation *inside train*
  (out-of-fold probabilities), never on dev. Dev is used once, to report.
- The baseline follows pxtextmining's SVC pipeline: word TF-IDF, one SVC per sub-category
  (C=15, balanced class weights, Platt probabilities), threshold 0.5 and the most probable label
  when none passes; the question type is one-hot input as in pxtextmining v1. Blank answers get
  "Labelling not possible" by the same rule for both (pxtextmining also drops blanks before
  the model), so the comparison is about the model.
- Sub-category metrics are over dev's 1,087 comments; "Parking" (no example) is left out, so
  macro-F1 is over 31 sub-categories, or 30 without "Labelling not possible".
- Sentiment: macro-F1 over the dev comments that have a sentiment label, on the 5-point scale
  and on the 3-point one (1-2 positive, 3 neutral/mixed, 4-5 negative).
- Speed is end to end: `baton feedback classify` in a fresh process (start-up, model load, CSV
  in and out) on --rows comments (dev comments repeated), single process, as shipped. The
  baseline's speed is its predict() on the dev comments (it has no CLI), so it flatters it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from baton.insight.feedback import engine as E  # noqa: E402

SKIP = {"Parking"}


def _three(s):
    s = np.asarray(s)
    return np.where(s <= 2, 0, np.where(s == 3, 1, 2))


def label_metrics(Y, P, labels):
    from sklearn.metrics import f1_score

    cols = [i for i, lab in enumerate(labels) if lab not in SKIP]
    no_lnp = [i for i in cols if labels[i] != E.NOT_POSSIBLE]
    per = f1_score(Y[:, cols], P[:, cols], average=None, zero_division=0)
    return {
        "macro_f1": float(per.mean()),
        "macro_f1_without_lnp": float(f1_score(Y[:, no_lnp], P[:, no_lnp], average="macro", zero_division=0)),
        "micro_f1": float(f1_score(Y[:, cols], P[:, cols], average="micro", zero_division=0)),
        "per_label": {labels[i]: (float(f), int(Y[:, i].sum())) for i, f in zip(cols, per)},
    }


def sentiment_metrics(true, pred):
    from sklearn.metrics import f1_score

    true, pred = np.asarray(true), np.asarray(pred)
    has = true > 0
    return {
        "sentiment5_macro_f1": float(f1_score(true[has], pred[has], average="macro")),
        "sentiment3_macro_f1": float(f1_score(_three(true[has]), _three(pred[has]), average="macro")),
        "sentiment_rows": int(has.sum()),
    }


@dataclass
class Split:
    """The labelled comments as the benches read them: train and dev (masks and rows), with the
    texts, question types and sentiments each bench trains on and scores against."""

    rows: list
    Y: np.ndarray
    labels: list[str]
    tr: np.ndarray
    dv: np.ndarray
    rows_tr: list
    rows_dv: list
    texts: list[str]
    qts: list[str]
    sent: list
    s_true: list


def train_dev() -> Split:
    rows, Y, labels = E.read_labelled_csv(E.LABELLED_PATH)
    tr = np.array([r.get("split") == "train" for r in rows])
    dv = np.array([r.get("split") == "dev" for r in rows])
    rows_tr = [r for r, k in zip(rows, tr) if k]
    rows_dv = [r for r, k in zip(rows, dv) if k]
    return Split(
        rows,
        Y,
        labels,
        tr,
        dv,
        rows_tr,
        rows_dv,
        texts=[r["comment_text"] for r in rows_tr],
        qts=[r["question_type"] for r in rows_tr],
        sent=[E._to_sentiment(r["sentiment"]) for r in rows_tr],
        s_true=[E._to_sentiment(r["sentiment"]) for r in rows_dv],
    )


def run_baton(rows_tr, Ytr, rows_dv, labels, rows_for_speed: int, config=None, question_type: bool = True, extra=None):
    texts = [r["comment_text"] for r in rows_tr]
    qts = [r["question_type"] if question_type else None for r in rows_tr]
    sent = [r["sentiment"] for r in rows_tr]
    t0 = time.perf_counter()
    model = E.train(texts, qts, Ytr, sent, labels=labels, config=config or E.TrainConfig(), extra=extra)
    fit = time.perf_counter() - t0
    p = model.predict(
        [r["comment_text"] for r in rows_dv], [r["question_type"] if question_type else None for r in rows_dv]
    )
    if not rows_for_speed:
        return p, fit, model
    with tempfile.TemporaryDirectory() as tmp:
        mpath = model.save(Path(tmp) / "bench.npz")
        rate = cli_speed(mpath, rows_dv, rows_for_speed, Path(tmp))
        size = mpath.stat().st_size
    return p.labels, p.sentiment, fit, rate, size, model


def cli_speed(model_path, rows_dv, n, tmp: Path) -> float:
    """Comments a second through `baton feedback classify` in a fresh process, end to end."""
    src = tmp / "speed.csv"
    with open(src, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["comment_id", "comment_text", "question_type"])
        for i in range(n):
            r = rows_dv[i % len(rows_dv)]
            w.writerow([f"c{i}", r["comment_text"], r["question_type"]])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [
        sys.executable,
        "-m",
        "baton.insight.feedback.cli",
        "classify",
        str(src),
        "--out",
        str(tmp / "speed.out.csv"),
        "--model",
        str(model_path),
        "-q",
    ]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, env=env)
    return n / (time.perf_counter() - t0)


def run_baseline(rows_tr, Ytr, rows_dv, labels):
    """pxtextmining-style: TF-IDF, one SVC per sub-category, C=15, balanced, probability 0.5."""
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import SVC

    def qt(rows):
        return sp.csr_matrix(
            np.array(
                [[float(E.normalise_question_type(r["question_type"]) == q) for q in E.QUESTION_TYPES] for r in rows]
            )
        )

    keep_tr = [not E.is_blank(r["comment_text"]) for r in rows_tr]
    tr = [r for r, k in zip(rows_tr, keep_tr) if k]
    Y = Ytr[np.array(keep_tr)]
    t0 = time.perf_counter()
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_df=0.95)
    Xtr = sp.hstack([vec.fit_transform([r["comment_text"] for r in tr]), qt(tr)], format="csr")
    models = {}
    for j, lab in enumerate(labels):
        if lab == E.NOT_POSSIBLE or Y[:, j].sum() < 2:
            continue
        m = SVC(C=15, class_weight="balanced", probability=True, random_state=0, cache_size=1000, max_iter=1000)
        m.fit(Xtr, Y[:, j])
        models[j] = m
    fit = time.perf_counter() - t0

    t1 = time.perf_counter()
    blank = np.array([E.is_blank(r["comment_text"]) for r in rows_dv])
    Xdv = sp.hstack([vec.transform([r["comment_text"] for r in rows_dv]), qt(rows_dv)], format="csr")
    P = np.zeros((len(rows_dv), len(labels)))
    for j, m in models.items():
        P[:, j] = m.predict_proba(Xdv)[:, 1]
    pred = (P >= 0.5).astype(np.int8)
    none = pred.sum(axis=1) == 0
    pred[np.flatnonzero(none), P[none].argmax(axis=1)] = 1
    pred[blank] = 0
    pred[blank, labels.index(E.NOT_POSSIBLE)] = 1
    rate = len(rows_dv) / (time.perf_counter() - t1)
    return pred, fit, rate


def fmt(x):
    return f"{x:.3f}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(E.LABELLED_PATH))
    ap.add_argument(
        "--phase1",
        nargs=2,
        metavar=("P1.csv", "MAP.json"),
        help="Baton also learns from the phase-1 comments (and this mapping of their sub-categories),"
        " less those identical to a labelled comment (train or dev)",
    )
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--rows", type=int, default=100_000, help="comments for the speed run")
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument(
        "--ablations", action="store_true", help="also train without each idea in turn, to show what it is worth"
    )
    ns = ap.parse_args(argv)

    import warnings

    import sklearn

    # the baseline's SVC(probability=True) is deprecated in scikit-learn 1.9 and stops early at
    # max_iter=1000 as pxtextmining's does: keep its warnings out of the report
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", message=".*max_iter.*")

    rows, Y, labels = E.read_labelled_csv(ns.data)
    tr = np.array([r.get("split") == "train" for r in rows])
    dv = np.array([r.get("split") == "dev" for r in rows])
    rows_tr = [r for r, k in zip(rows, tr) if k]
    rows_dv = [r for r, k in zip(rows, dv) if k]
    print(
        f"train {len(rows_tr)}, dev {len(rows_dv)}; {os.cpu_count()} cores; scikit-learn {sklearn.__version__}",
        flush=True,
    )
    s_true = [E._to_sentiment(r["sentiment"]) for r in rows_dv]

    extra = None
    if ns.phase1:
        p1_csv, p1_map = ns.phase1
        extra = E.read_phase1_csv(p1_csv, p1_map, labels=labels, exclude=[r["comment_text"] for r in rows])
        print(f"phase 1: {len(extra)} comments", flush=True)

    out = {}
    labels_pred, sent_pred, fit, rate, size, _ = run_baton(rows_tr, Y[tr], rows_dv, labels, ns.rows, extra=extra)
    out["baton"] = {
        **label_metrics(Y[dv], labels_pred, labels),
        **sentiment_metrics(s_true, sent_pred),
        "fit_seconds": fit,
        "comments_per_second": rate,
        "model_bytes": size,
    }
    print("baton done", flush=True)
    if not ns.skip_baseline:
        bpred, bfit, brate = run_baseline(rows_tr, Y[tr], rows_dv, labels)
        out["baseline"] = {**label_metrics(Y[dv], bpred, labels), "fit_seconds": bfit, "comments_per_second": brate}

    if ns.ablations:
        Ydv = Y[dv]

        def ablate(name, p):
            out[name] = {**label_metrics(Ydv, p.labels, labels), **sentiment_metrics(s_true, p.sentiment)}

        p, _, model = run_baton(rows_tr, Y[tr], rows_dv, labels, 0, extra=extra)
        # without the "at least one label" rule: thresholds alone
        cols = [labels.index(lab) for lab in model.model_labels]
        raw = p.labels.copy()
        raw[:, cols] = 0
        learnt = ~np.array([E.is_blank(r["comment_text"]) for r in rows_dv])
        raw[np.ix_(learnt, cols)] = p.label_proba[np.ix_(learnt, cols)] >= model.thresholds
        p.labels = raw
        ablate("no at-least-one", p)
        ablate(
            "thresholds 0.5",
            run_baton(rows_tr, Y[tr], rows_dv, labels, 0, config=E.TrainConfig(folds=0), extra=extra)[0],
        )
        ablate("no question type", run_baton(rows_tr, Y[tr], rows_dv, labels, 0, question_type=False, extra=extra)[0])
        if extra is not None:
            ablate("no phase 1", run_baton(rows_tr, Y[tr], rows_dv, labels, 0)[0])
        switched_off: list[tuple[str, dict[str, Any]]] = [
            ("no lexicon", {"lexicon": False}),
            ("no sentiment cues", {"sentiment_cues": False}),
            ("no sentiment group model", {"sentiment_groups": False}),
        ]
        for name, change in switched_off:
            ablate(name, run_baton(rows_tr, Y[tr], rows_dv, labels, 0, config=E.TrainConfig(**change), extra=extra)[0])
        print("ablations done", flush=True)

    names = list(out)
    print()
    print("| metric (dev, unseen) | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    rows_out = [
        ("macro-F1, 31 sub-categories", "macro_f1", fmt),
        ("macro-F1 without 'Labelling not possible' (30)", "macro_f1_without_lnp", fmt),
        ("micro-F1", "micro_f1", fmt),
        ("sentiment macro-F1, 5-point", "sentiment5_macro_f1", fmt),
        ("sentiment macro-F1, 3-point", "sentiment3_macro_f1", fmt),
        ("fit time (s)", "fit_seconds", lambda x: f"{x:.0f}"),
        ("comments/s", "comments_per_second", lambda x: f"{x:,.0f}"),
    ]
    for title, key, f in rows_out:
        print(f"| {title} | " + " | ".join(f(out[n][key]) if key in out[n] else "-" for n in names) + " |")
    print()
    names = [n for n in names if n in ("baton", "baseline")]
    print("| sub-category | dev support | " + " | ".join(names) + " |")
    print("|---|---:|" + "---:|" * len(names))
    for lab, (_f, sup) in out["baton"]["per_label"].items():
        print(f"| {lab} | {sup} | " + " | ".join(fmt(out[n]["per_label"][lab][0]) for n in names) + " |")
    if ns.json:
        Path(ns.json).write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
