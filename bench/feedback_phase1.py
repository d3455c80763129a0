"""Does the phase-1 data (`fft-phase1.csv`, another framework, one label a comment) help the engine?

    python bench/feedback_phase1.py [--variants NAME,NAME] [--json OUT.json]

Same protocol as `bench/feedback.py`: every model trains on the `train` split (plus phase 1),
thresholds and choices are tuned by 5-fold cross-validation inside train, and dev is used to
report. Phase-1 comments identical to any labelled comment (lower-cased, punctuation dropped) are
left out, so that no dev comment is trained on through phase 1. For each variant it prints the
out-of-fold macro-F1 of the theme models inside train ("cv"; optimistic, thresholds are tuned on
it, but comparable between variants), the 3-point sentiment macro-F1 by 3-fold cross-validation
inside train ("cv s3", 3 folds) and the dev figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from feedback import label_metrics, sentiment_metrics, train_dev  # type: ignore[import-not-found]  # noqa: E402

from baton.insight.feedback import engine as E  # noqa: E402

SHARED = Path("/work/shared/data/feedback")

# criticality -> 1-5
SIGN = E.PHASE1_SENTIMENT  # 3..5 -> 1, 1..2 -> 2, 0 -> 3, -1..-3 -> 4, -4..-5 -> 5
MILD_MIXED = {**SIGN, -1: 3}  # a mildly critical comment (-1) as neutral or mixed
MILD_BOTH = {**SIGN, -1: 3, 1: 3}

VARIANTS: dict[str, tuple[dict, dict | None]] = {
    # name: (TrainConfig changes, sentiment map; None = no phase 1 at all)
    "base": ({}, None),
    "phase 1 themes w1 + sentiment sign w1": ({"extra_label_choice": "all", "extra_sentiment_weight": 1.0}, SIGN),
    # one training, two independent readings: the theme models do not see the sentiment, nor the reverse
    "themes cv-chosen w1 + sentiment sign w0.3": ({"extra_sentiment_weight": 0.3}, SIGN),
    "themes cv-chosen w1 + sentiment -1 mixed w0.3": ({"extra_sentiment_weight": 0.3}, MILD_MIXED),
    "phase 1 themes w0.3 + sentiment sign w1": ({"extra_label_weight": 0.3, "extra_label_choice": "all"}, SIGN),
    "themes w1": ({"extra_sentiment_weight": 0.0, "extra_label_weight": 1.0, "extra_label_choice": "all"}, SIGN),
    "themes w0.3": ({"extra_sentiment_weight": 0.0, "extra_label_weight": 0.3, "extra_label_choice": "all"}, SIGN),
    "themes w1 +vocab": ({"extra_sentiment_weight": 0.0, "extra_label_weight": 1.0, "extra_vocabulary": True}, SIGN),
    "sentiment sign w1": ({"extra_label_weight": 0.0, "extra_sentiment_weight": 1.0}, SIGN),
    "sentiment sign w0.3": ({"extra_label_weight": 0.0, "extra_sentiment_weight": 0.3}, SIGN),
    "sentiment -1 mixed w1": ({"extra_label_weight": 0.0, "extra_sentiment_weight": 1.0}, MILD_MIXED),
    "sentiment ±1 mixed w1": ({"extra_label_weight": 0.0, "extra_sentiment_weight": 1.0}, MILD_BOTH),
}


def sentiment_cv(texts, qts, s, extra, cfg, folds=3) -> float:
    """3-point sentiment macro-F1 by cross-validation over the labelled rows, with the engine's two
    sentiment models (extra rows join every training part with their weight). Features are fitted
    once on all the labelled rows (the idf sees every fold: a small leak, the same for every variant)."""
    import scipy.sparse as sp
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold

    keep = np.array([not E.is_blank(t) for t in texts])
    texts = [t for t, k in zip(texts, keep) if k]
    qts = [E.normalise_question_type(q) or E.DEFAULT_QUESTION_TYPE for q, k in zip(qts, keep) if k]
    s = np.asarray(s)[keep]
    feat = E.Featuriser.fit(texts, qts, E.TrainConfig(lexicon=False))
    _, Xs = feat.transform(texts, qts)
    if extra is not None:
        se = np.asarray(extra.sentiment)
        _, Xse = feat.transform(
            [t for t, v in zip(extra.texts, se) if v > 0], [q for q, v in zip(extra.question_types, se) if v > 0]
        )
        se = se[se > 0]
    true, pred = [], []
    for a, b in KFold(folds, shuffle=True, random_state=cfg.seed).split(Xs):
        a = a[s[a] > 0]
        b = b[s[b] > 0]
        X, y, w = Xs[a], s[a], np.ones(len(a))
        if extra is not None:
            X = sp.vstack([X, Xse], format="csr")
            y = np.concatenate([y, se])
            w = np.concatenate([w, np.full(len(se), cfg.extra_sentiment_weight)])
        m = LogisticRegression(C=cfg.sentiment_C, max_iter=1000, class_weight="balanced").fit(X, y, sample_weight=w)
        g = LogisticRegression(C=cfg.sentiment_C, max_iter=1000, class_weight="balanced")
        g.fit(X, E._group(y), sample_weight=w)
        score, _ = E._decode_sentiment(m.predict_proba(Xs[b]), m.classes_, g.predict_proba(Xs[b]), g.classes_)
        true.append(s[b])
        pred.append(score)
    return sentiment_metrics(np.concatenate(true), np.concatenate(pred))["sentiment3_macro_f1"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--phase1", default=str(SHARED / "fft-phase1.csv"))
    ap.add_argument("--mapping", default=str(SHARED / "fft-phase1-to-v7.json"))
    ap.add_argument("--no-sentiment-cv", action="store_true")
    ap.add_argument("--json")
    ns = ap.parse_args(argv)

    d = train_dev()
    rows, Y, labels, tr, dv, rows_dv = d.rows, d.Y, d.labels, d.tr, d.dv, d.rows_dv
    texts, qts, sent, s_true = d.texts, d.qts, d.sent, d.s_true
    all_texts = [r["comment_text"] for r in rows]

    out = {}
    for name in ns.variants.split(","):
        change, smap = VARIANTS[name]
        cfg = E.TrainConfig(**change)
        themes_as_base = smap is not None and cfg.extra_label_weight == 0
        if themes_as_base:  # a sentiment variant: the theme models are the base's, skip their CV
            cfg = E.TrainConfig(**{**change, "folds": 0})
        extra = None
        if smap is not None:
            extra = E.read_phase1_csv(ns.phase1, ns.mapping, labels=labels, exclude=all_texts, sentiment_map=smap)
        t0 = time.perf_counter()
        model = E.train(
            texts, qts, Y[tr], sent, labels=labels, config=cfg, extra=extra, log=lambda m: print("  ", m, flush=True)
        )
        fit = time.perf_counter() - t0
        p = model.predict([r["comment_text"] for r in rows_dv], [r["question_type"] for r in rows_dv])
        res = {**label_metrics(Y[dv], p.labels, labels), **sentiment_metrics(s_true, p.sentiment)}
        res["cv_theme_macro_f1"] = model.meta["cv_theme_macro_f1"] or float("nan")
        if themes_as_base:
            res["macro_f1"] = float("nan")
        res["fit_seconds"] = fit
        res["extra_rows"] = len(extra) if extra is not None else 0
        sentiment_changed = extra is not None and cfg.extra_sentiment_weight > 0
        if not ns.no_sentiment_cv and (name == "base" or sentiment_changed):
            res["cv_sentiment3"] = sentiment_cv(texts, qts, sent, extra if sentiment_changed else None, cfg)
        out[name] = res
        print(
            f"{name:28s} cv {res['cv_theme_macro_f1']:.3f}  dev macro-F1 31 {res['macro_f1']:.3f}"
            f"  cv s3 {res.get('cv_sentiment3', float('nan')):.3f}  dev s3 {res['sentiment3_macro_f1']:.3f}"
            f"  s5 {res['sentiment5_macro_f1']:.3f}  fit {fit:.0f}s  phase 1 used for {model.meta['extra_used_for']}",
            flush=True,
        )
    if ns.json:
        Path(ns.json).write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
