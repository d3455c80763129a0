"""Round 3: phase 1 (`fft-phase1.csv`) as FEATURES rather than as training examples.

    nice -n 10 .venv/bin/python bench/feedback_phase1_features.py [--ideas base,vocab,oldsub,crit] [--json OUT.json]

Three ideas, each against the engine as shipped (`base`), on the protocol of `bench/feedback.py`:
train on the `train` split only (plus phase 1's text or labels where the idea says), choose
anything (a weight) by cross-validation inside train, report on dev once.

- `vocab`: the TF-IDF vocabularies and idf fitted on train's text plus phase 1's text
  (`TrainConfig(extra_vocabulary=True)` with phase 1 as neither theme nor sentiment example).
- `oldsub`: a multinomial logistic regression trained on phase 1 alone, over its own old
  sub-categories (one a comment), on the engine's word + char + question-type features; its
  predicted probabilities on a comment, times a weight, are appended to the theme features.
  Phase 1 never holds a labelled comment, so there is no leak into the cross-validation inside train.
- `crit`: a ridge regression of phase 1's criticality (-5..5, Trust B's 0 and unusable values left
  out) and a logistic regression of its sign, trained on phase 1 alone; the predicted
  criticality / 5, its square and P(critical), times a weight, are appended to the sentiment features.

The weight of `oldsub` is chosen by the out-of-fold macro-F1 of the theme models inside train
(`cv`), that of `crit` by the 3-point sentiment macro-F1 of 5-fold cross-validation inside train
(`cv s3`). Phase-1 comments identical to any labelled comment are left out (`read_phase1_csv`'s
rule). Speed: `predict` on the dev comments repeated to 21,740, in chunks of 2,000, one process
(in-process, so without the CLI's start-up and CSV: compare the ideas with each other).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from feedback import label_metrics, sentiment_metrics, train_dev  # type: ignore[import-not-found]  # noqa: E402

from baton.insight.feedback import engine as E  # noqa: E402

SHARED = Path("/work/shared/data/feedback")
OLD_SKIP = {"", "NA", "Null/inappropriate"}  # not a sub-category
OLD_MIN = 5  # an old sub-category needs this many comments to be a class


# --------------------------------------------------------------------------- phase 1


def read_phase1_raw(path, mapping_path, labels, exclude):
    """`E.read_phase1_csv` (same rows, same order: blank, duplicate and labelled-identical comments
    left out, Trust B's "I" fixed) plus each comment's old sub-category and usable criticality
    (None where unusable or Trust B's 0)."""
    p1 = E.read_phase1_csv(path, mapping_path, labels=labels, exclude=exclude)
    skip = {E._comment_key(str(t)) for t in exclude if t is not None}
    old, crit, seen = [], [], set()
    texts = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for rec in csv.DictReader(fh):
            text = rec.get("comment_text") or ""
            source = rec.get("source") or ""
            if source == "Trust B":
                text = E._I_INSIDE_WORD.sub("i", text)
            key = E._comment_key(text)
            if E.is_blank(text) or key in skip or key in seen:
                continue
            seen.add(key)
            texts.append(text)
            old.append((rec.get("old_subcategory") or "").strip())
            try:
                c = int((rec.get("criticality") or "").strip())
            except ValueError:
                c = None
            if c is not None and (c < -5 or c > 5 or (source == "Trust B" and c == 0)):
                c = None
            crit.append(c)
    assert texts == list(p1.texts), "phase-1 reading differs from the engine's"
    return p1, old, crit


# --------------------------------------------------------------------------- stacked featuriser


class StackedFeaturiser:
    """The engine's featuriser, plus phase-1 model outputs appended to the theme features (`oldsub`)
    and/or the sentiment features (`crit`). Duck-types `E.Featuriser` for `E.train` and
    `FeedbackModel.predict`."""

    def __init__(self, base: E.Featuriser, old=None, old_w=0.0, crit=None, crit_w=0.0):
        self.base = base
        self.old, self.old_w = old, old_w  # (coef (f, k), intercept (k,))
        self.crit, self.crit_w = crit, crit_w  # (ridge coef, ridge intercept, sign coef, sign intercept)

    def transform(self, texts, qtypes):
        import scipy.sparse as sp

        Xt, Xs = self.base.transform(texts, qtypes)
        B = Xt[:, : self.base.n_features]  # word + char + question type
        if self.old is not None and self.old_w > 0:
            P = E._softmax(np.asarray(B @ self.old[0]) + self.old[1]).astype(np.float32)
            Xt = sp.hstack([Xt, sp.csr_matrix(P * self.old_w)], format="csr")
        if self.crit is not None and self.crit_w > 0:
            Xs = sp.hstack([Xs, sp.csr_matrix(crit_features(B, self.crit) * self.crit_w)], format="csr")
        return Xt, Xs


def crit_features(B, crit) -> np.ndarray:
    rc, ri, sc, si = crit
    r = np.clip(np.asarray(B @ rc).ravel() + ri, -5, 5) / 5.0
    p = E._sigmoid(np.asarray(B @ sc).ravel() + si)
    return np.column_stack([r, r * r, p]).astype(np.float32)


def fit_old_model(feat: E.Featuriser, p1, old, C=4.0):
    """Multinomial LR over phase 1's old sub-categories, on `feat`'s word + char + qt features."""
    from collections import Counter

    from sklearn.linear_model import LogisticRegression

    counts = Counter(old)
    keep = [i for i, o in enumerate(old) if o not in OLD_SKIP and counts[o] >= OLD_MIN]
    classes = sorted({old[i] for i in keep})
    X, _ = feat.transform([p1.texts[i] for i in keep], [p1.question_types[i] for i in keep])
    X = X[:, : feat.n_features]
    y = np.array([classes.index(old[i]) for i in keep])
    m = LogisticRegression(C=C, max_iter=300)
    m.fit(X, y)
    return (m.coef_.T.astype(np.float32), m.intercept_.astype(np.float32)), classes, len(keep)


def fit_crit_model(feat: E.Featuriser, p1, crit, alpha=3.0, C=4.0):
    """Ridge of criticality and LR of its sign (critical < 0), on phase 1, `feat`'s base features."""
    from sklearn.linear_model import LogisticRegression, Ridge

    keep = [i for i, c in enumerate(crit) if c is not None]
    X, _ = feat.transform([p1.texts[i] for i in keep], [p1.question_types[i] for i in keep])
    X = X[:, : feat.n_features]
    c = np.array([crit[i] for i in keep], dtype=np.float64)
    r = Ridge(alpha=alpha).fit(X, c)
    s = LogisticRegression(C=C, max_iter=1000).fit(X, (c < 0).astype(int))
    return (
        r.coef_.astype(np.float32),
        np.float32(r.intercept_),
        s.coef_[0].astype(np.float32),
        np.float32(s.intercept_[0]),
    ), len(keep)


@contextmanager
def featuriser_factory(make):
    """While inside, `E.train` builds its featuriser with `make(texts, qts, cfg)`."""

    class Factory:
        @staticmethod
        def fit(texts, qts, cfg):
            return make(texts, qts, cfg)

    orig = E.Featuriser
    E.Featuriser = Factory
    try:
        yield
    finally:
        E.Featuriser = orig


# --------------------------------------------------------------------------- measures


def sentiment_cv(feat, texts, qts, s, cfg, folds=5) -> float:
    """3-point sentiment macro-F1 by k-fold CV inside train with the engine's two sentiment models,
    on the sentiment features of `feat` (fitted on all train: the idf sees every fold, a small leak,
    the same for every idea; the phase-1 models never see a labelled comment)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold

    keep = np.array([not E.is_blank(t) for t in texts])
    texts = [t for t, k in zip(texts, keep) if k]
    qts = [E.normalise_question_type(q) or E.DEFAULT_QUESTION_TYPE for q, k in zip(qts, keep) if k]
    s = np.asarray(s)[keep]
    _, Xs = feat.transform(texts, qts)
    true, pred = [], []
    for a, b in KFold(folds, shuffle=True, random_state=cfg.seed).split(Xs):
        a, b = a[s[a] > 0], b[s[b] > 0]
        m = LogisticRegression(C=cfg.sentiment_C, max_iter=1000, class_weight="balanced", random_state=cfg.seed)
        m.fit(Xs[a], s[a])
        g = LogisticRegression(C=cfg.sentiment_C, max_iter=1000, class_weight="balanced", random_state=cfg.seed)
        g.fit(Xs[a], E._group(s[a]))
        score, _ = E._decode_sentiment(m.predict_proba(Xs[b]), m.classes_, g.predict_proba(Xs[b]), g.classes_)
        true.append(s[b])
        pred.append(score)
    return sentiment_metrics(np.concatenate(true), np.concatenate(pred))["sentiment3_macro_f1"]


def speed(model, texts, qts, target=20000, chunk=2000) -> float:
    reps = -(-target // len(texts))
    T, Q = texts * reps, qts * reps
    t0 = time.perf_counter()
    for i in range(0, len(T), chunk):
        model.predict(T[i : i + chunk], Q[i : i + chunk])
    return len(T) / (time.perf_counter() - t0)


# --------------------------------------------------------------------------- main


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ideas", default="base,vocab,oldsub,crit")
    ap.add_argument("--old-weights", default="0.3,1,3")
    ap.add_argument("--crit-weights", default="0.5,1,2")
    ap.add_argument("--phase1", default=str(SHARED / "fft-phase1.csv"))
    ap.add_argument("--mapping", default=str(SHARED / "fft-phase1-to-v7.json"))
    ap.add_argument("--json")
    ns = ap.parse_args(argv)
    ideas = ns.ideas.split(",")

    d = train_dev()
    rows, Y, labels, tr, dv, rows_dv = d.rows, d.Y, d.labels, d.tr, d.dv, d.rows_dv
    texts, qts, sent, s_true = d.texts, d.qts, d.sent, d.s_true
    dv_texts = [r["comment_text"] for r in rows_dv]
    dv_qts = [r["question_type"] for r in rows_dv]
    p1, old, crit = read_phase1_raw(ns.phase1, ns.mapping, labels, [r["comment_text"] for r in rows])
    print(
        f"phase 1: {len(p1)} comments after exclusion; {sum(c is not None for c in crit)} with a usable criticality",
        flush=True,
    )
    cfg = E.TrainConfig()
    log = lambda m: print("   ", m, flush=True)  # noqa: E731
    out: dict[str, dict] = {}

    def report(name, model, extra=None):
        t0 = time.perf_counter()
        p = model.predict(dv_texts, dv_qts)
        res = {**label_metrics(Y[dv], p.labels, labels), **sentiment_metrics(s_true, p.sentiment)}
        res.pop("per_label")
        res["cv_theme_macro_f1"] = model.meta.get("cv_theme_macro_f1")
        res["comments_per_s"] = speed(model, dv_texts, dv_qts)
        res.update(extra or {})
        out[name] = res
        print(
            f"== {name}: dev macro-F1 31 {res['macro_f1']:.3f}  s3 {res['sentiment3_macro_f1']:.3f}"
            f"  s5 {res['sentiment5_macro_f1']:.3f}  cv {res['cv_theme_macro_f1']:.3f}"
            f"  cv s3 {res.get('cv_s3', float('nan')):.3f}  {res['comments_per_s']:.0f}/s"
            f"  ({time.perf_counter() - t0:.0f}s to report) {json.dumps({k: v for k, v in (extra or {}).items()})}",
            flush=True,
        )

    def train(make=None, config=None, extra=None):
        t0 = time.perf_counter()
        if make is None:
            m = E.train(texts, qts, Y[tr], sent, labels=labels, config=config or cfg, extra=extra, log=log)
        else:
            with featuriser_factory(make):
                m = E.train(texts, qts, Y[tr], sent, labels=labels, config=config or cfg, extra=extra, log=log)
        print(f"    trained in {time.perf_counter() - t0:.0f}s", flush=True)
        return m

    # the shipped engine's featuriser fitted on train, shared by base, oldsub and crit
    base_feat: list[E.Featuriser] = []
    orig_fit = E.Featuriser.fit

    def cached_base(t, q, c):
        if not base_feat:
            base_feat.append(orig_fit(t, q, c))
        return base_feat[0]

    if "base" in ideas:
        m = train(cached_base)
        report("base", m, {"cv_s3": sentiment_cv(m.featuriser, texts, qts, sent, cfg)})

    if "vocab" in ideas:
        vcfg = E.TrainConfig(extra_vocabulary=True, extra_label_weight=0.0, extra_sentiment_weight=0.0)
        m = train(config=vcfg, extra=p1)
        report("vocab", m, {"cv_s3": sentiment_cv(m.featuriser, texts, qts, sent, cfg)})

    if "oldsub" in ideas or "crit" in ideas:
        keep = [not E.is_blank(t) for t in texts]
        feat = cached_base(
            [t for t, k in zip(texts, keep) if k],
            [E.normalise_question_type(q) or E.DEFAULT_QUESTION_TYPE for q, k in zip(qts, keep) if k],
            cfg,
        )

    if "oldsub" in ideas:
        t0 = time.perf_counter()
        om, classes, n_old = fit_old_model(feat, p1, old)
        print(f"old sub-category model: {len(classes)} classes, {n_old} comments, {time.perf_counter() - t0:.0f}s")
        best = None
        for w in [float(x) for x in ns.old_weights.split(",")]:
            print(f"  oldsub weight {w}", flush=True)
            m = train(lambda t, q, c, w=w: StackedFeaturiser(cached_base(t, q, c), old=om, old_w=w))
            cv = m.meta["cv_theme_macro_f1"]
            print(f"    cv {cv:.3f}", flush=True)
            out.setdefault("oldsub_cv", {})[str(w)] = cv
            if best is None or cv > best[0]:
                best = (cv, w, m)
        assert best is not None
        report("oldsub", best[2], {"weight": best[1], "classes": len(classes)})

    if "crit" in ideas:
        t0 = time.perf_counter()
        cm, n_crit = fit_crit_model(feat, p1, crit)
        print(f"criticality models: {n_crit} comments, {time.perf_counter() - t0:.0f}s", flush=True)
        best_crit: tuple[float, float] | None = None
        for w in [float(x) for x in ns.crit_weights.split(",")]:
            cv = sentiment_cv(StackedFeaturiser(feat, crit=cm, crit_w=w), texts, qts, sent, cfg)
            print(f"  crit weight {w}: cv s3 {cv:.3f}", flush=True)
            out.setdefault("crit_cv", {})[str(w)] = cv
            if best_crit is None or cv > best_crit[0]:
                best_crit = (cv, w)
        assert best_crit is not None
        w = best_crit[1]
        m = train(lambda t, q, c: StackedFeaturiser(cached_base(t, q, c), crit=cm, crit_w=w))
        report("crit", m, {"weight": w, "cv_s3": best_crit[0]})

    if ns.json:
        Path(ns.json).write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
