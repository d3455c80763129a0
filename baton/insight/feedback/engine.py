"""The feedback analysis engine: themes and sentiment for free-text patient feedback.

Pure Python (numpy, scipy, scikit-learn, vaderSentiment; pycld2 in `language.py`), no Django. One
model does two jobs:

- multi-label tagging with the sub-categories of the Patient Experience Qualitative Data
  Categorisation framework (one logistic regression per sub-category, a decision threshold per
  sub-category tuned by cross-validation, and the "at least one label" rule);
- sentiment on the 1 (very positive) to 5 (very negative) scale: a three-group model (positive,
  neutral or mixed, negative) picks the group and a five-point model the score inside it (both
  logistic regressions with balanced class weights; a model trained with
  `TrainConfig(sentiment_groups=False)`, or of the first format, has the five-point one only).

Three rules override the model. Blank answers ("Did not answer", empty, punctuation only) get
"Labelling not possible" and nothing else, sentiment 3 (neutral) and confidence 1. A comment that
is confidently not in English (`language.py`) gets no theme, no sentiment (0) and confidence 0:
the model would only guess, and a person should read it. "Nothing" (and the like) answering "what
was good?" gets "Labelling not possible", sentiment 4 and confidence 0.5: the labelled data has no
such answer.

Features, shared by both jobs: word 1-2 grams and character 2-5 grams within words (TF-IDF,
sublinear tf), a question-type token prepended to the text for the word n-grams (so "Nothing"
under "what could we improve?" and "Nothing" under "what was good?" are different bigrams), and a
one-hot question type. The themes add one feature per concept of the lexicon (`data/lexicon.json`);
the sentiment adds 18 cues (`sentiment_cues`: VADER's scores, contrast words, care complaint and
praise words).

A trained model is a plain `.npz` file (numpy arrays and a JSON header, no pickle), so it loads
safely and does not depend on the scikit-learn version that trained it. README.md says how each
choice was measured.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .language import UNKNOWN as UNKNOWN_LANGUAGE
from .language import detect_language, is_not_english

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
FRAMEWORK_PATH = DATA_DIR / "framework.json"
LABELLED_PATH = DATA_DIR / "fft-labelled.csv"
LEXICON_PATH = DATA_DIR / "lexicon.json"
DEFAULT_MODEL_PATH = PACKAGE_DIR / "model" / "default.npz"
MODEL_ENV_VAR = "BATON_FEEDBACK_MODEL"

FORMAT = "baton-feedback-model/2"
READABLE_FORMATS = ("baton-feedback-model/1", FORMAT)  # /1: no lexicon, no cues, one sentiment model
QUESTION_TYPES = ("what_good", "could_improve", "nonspecific")
DEFAULT_QUESTION_TYPE = "nonspecific"
NOT_POSSIBLE = "Labelling not possible"
BLANK_SENTIMENT = 3
NO_SENTIMENT = 0  # a comment not in English: no score

_QT_ALIASES = {
    "what_good": "what_good",
    "whatgood": "what_good",
    "good": "what_good",
    "could_improve": "could_improve",
    "couldimprove": "could_improve",
    "improve": "could_improve",
    "nonspecific": "nonspecific",
    "non_specific": "nonspecific",
    "": "nonspecific",
}
_BLANK_WORDS = {"did not answer", "didnotanswer", "no answer", "not answered", "blank"}
# "Nothing" answering "what was good?" is a complaint, the opposite of "Nothing" answering "what
# could we improve?" (praise, and the most common comment in the data). The labelled data has no
# such answer to learn from, so a rule handles it: see FeedbackModel.predict.
_NOTHING_WORDS = {
    "nothing",
    "none",
    "no",
    "nothing really",
    "nothing at all",
    "not much",
    "nothing was good",
    "nothing good",
    "nowt",
    "zero",
    "nil",
    "absolutely nothing",
    "nothing whatsoever",
}
_ALNUM = re.compile(r"[^\W_]", re.UNICODE)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


class FeedbackModelError(Exception):
    """A model could not be found, loaded or saved; the message says why in one line."""


class FeedbackDataError(ValueError):
    """Labelled data that cannot be trained on; the message says why in one line."""


def load_framework(path: Path | str = FRAMEWORK_PATH) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def sub_categories() -> list[str]:
    """The 32 sub-categories, in `framework.json` order (the order of the output columns)."""
    return list(load_framework()["sub_categories"])


def normalise_question_type(value: object) -> str | None:
    """`what_good`, `could_improve` or `nonspecific` (None or blank: `nonspecific`); None when the
    value is not recognised."""
    if value is None:
        return DEFAULT_QUESTION_TYPE
    key = str(value).strip().lower().replace("-", "_").replace(" ", "_")
    return _QT_ALIASES.get(key)


def is_blank(text: object) -> bool:
    """True for answers that carry nothing to label: empty, punctuation only, "Did not answer"."""
    if text is None:
        return True
    s = str(text)
    if not _ALNUM.search(s):
        return True
    return _NON_WORD.sub(" ", s).strip().lower() in _BLANK_WORDS


def is_nothing(text: object) -> bool:
    """True for "Nothing", "None", "Nothing really" and the like (whatever the question)."""
    return text is not None and _NON_WORD.sub(" ", str(text)).strip().lower() in _NOTHING_WORDS


# --------------------------------------------------------------------------- features


@dataclass
class _Tfidf:
    """TF-IDF with a fixed vocabulary: sublinear tf, idf weights, l2 norm (as scikit-learn's)."""

    analyzer: str
    ngram_range: tuple[int, int]
    terms: list[str]
    idf: np.ndarray
    _vec: Any = field(default=None, repr=False)  # scikit-learn's CountVectorizer, built on first use

    def transform(self, texts: Sequence[str]):
        import scipy.sparse as sp
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.preprocessing import normalize

        if self._vec is None:
            self._vec = CountVectorizer(
                analyzer=self.analyzer,
                ngram_range=self.ngram_range,
                vocabulary={t: i for i, t in enumerate(self.terms)},
                lowercase=True,
                dtype=np.float32,
            )
        X = self._vec.transform(texts).tocsr().astype(np.float32)
        np.log(X.data, out=X.data)
        X.data += 1.0
        X = X @ sp.diags(self.idf.astype(np.float32))
        return normalize(X, norm="l2", copy=False).tocsr()

    @classmethod
    def fit(cls, texts: Sequence[str], analyzer: str, ngram_range, min_df: int, max_features):
        from sklearn.feature_extraction.text import TfidfVectorizer

        v = TfidfVectorizer(
            analyzer=analyzer,
            ngram_range=tuple(ngram_range),
            min_df=min_df,
            max_features=max_features,
            sublinear_tf=True,
            lowercase=True,
            dtype=np.float32,
        )
        v.fit(texts)
        terms = [""] * len(v.vocabulary_)
        for t, i in v.vocabulary_.items():
            terms[i] = t
        return cls(analyzer, tuple(ngram_range), terms, v.idf_.astype(np.float32))


@dataclass
class _Lexicon:
    """One feature per concept: weight x (1 + ln matches) of its regular expression, 0 without a match."""

    names: list[str]
    patterns: list[str]
    weight: float
    _rx: list[re.Pattern[str]] | None = field(default=None, repr=False)

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        # Matched against lower-cased text: re.IGNORECASE makes these long alternations about six
        # times slower, so it is kept for patterns that spell a capital letter themselves.
        if self._rx is None:
            self._rx = [
                re.compile(p, re.IGNORECASE if re.search(r"[A-Z]", re.sub(r"\\.", "", p)) else 0) for p in self.patterns
            ]
        lowered = [t.lower() for t in texts]
        out = np.zeros((len(texts), len(self._rx)), dtype=np.float32)
        for j, rx in enumerate(self._rx):
            for i, t in enumerate(lowered):
                n = len(rx.findall(t))
                if n:
                    out[i, j] = self.weight * (1.0 + np.log(n))
        return out

    @classmethod
    def from_file(cls, path: Path | str = LEXICON_PATH) -> _Lexicon:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        names = list(data["patterns"])
        return cls(names, [data["patterns"][k] for k in names], float(data.get("weight", 0.3)))


# Sentiment cues: "neutral or mixed" is the hard class, and it is mostly praise and complaint in
# one comment ("the crew were lovely but we waited four hours"). VADER's separate positive and
# negative scores, their product, and a contrast word ("but", "however", ...) crossed with the
# question type say so directly. VADER is a general lexicon: it does not know that "waited four
# hours" is a complaint, so two small lexicons of how patients praise and complain about care add
# counts and "both present" flags.
_CONTRAST = re.compile(r"\b(but|however|although|though|except|apart from|other than|only thing|shame|unfortunately)\b")
_CARE_NEGATIVE = re.compile(
    r"wait(ed|ing)?\b|delay|late\b|\bhours?\b|rude|ignor|cancel|slow|never|no one|nobody|didn.?t|wasn.?t"
    r"|couldn.?t|not\b|poor|lack|worse|long\b|forgot|lost|wrong"
)
_CARE_POSITIVE = re.compile(
    r"kind|lovely|friendly|helpful|excellent|brilliant|great|good|thank|caring|professional|quick|prompt"
    r"|efficient|reassur|amazing|fantastic|polite|wonderful"
)
_VADER: list[Any] = []


def _vader():
    if not _VADER:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        _VADER.append(SentimentIntensityAnalyzer())
    return _VADER[0]


N_CUES = 18
# VADER's scoring time grows with the square of a text's length (0.2 s at 10,000 characters, minutes
# for a pasted document), so it reads the first 3,000 characters; the longest comment in the
# labelled data has 2,178.
VADER_MAX_CHARS = 3000


def sentiment_cues(texts: Sequence[str], qtypes: Sequence[str]) -> np.ndarray:
    """(n, 18): VADER neg/neu/pos/compound and compound x question type (x0.5; VADER reads the
    first `VADER_MAX_CHARS`), neg x pos, both present, a contrast word, a contrast word x question
    type, and (x0.5) log counts of care complaint and praise words, both present, complaint words
    with VADER praise, praise words with VADER complaint."""
    va = _vader()
    n = len(texts)
    v = np.zeros((n, 4), dtype=np.float32)
    contrast = np.zeros((n, 1), dtype=np.float32)
    care = np.zeros((n, 2), dtype=np.float32)
    for i, t in enumerate(texts):
        d = va.polarity_scores(t[:VADER_MAX_CHARS])
        v[i] = (d["neg"], d["neu"], d["pos"], d["compound"])
        low = t.lower()
        contrast[i, 0] = 1.0 if _CONTRAST.search(low) else 0.0
        care[i] = (len(_CARE_NEGATIVE.findall(low)), len(_CARE_POSITIVE.findall(low)))
    qt = _question_type_matrix(qtypes)
    mixed = np.column_stack([v[:, 0] * v[:, 2], (v[:, 0] > 0) & (v[:, 2] > 0)]).astype(np.float32)
    neg, pos = care[:, 0] > 0, care[:, 1] > 0
    domain = np.column_stack([np.log1p(care), neg & pos, neg & (v[:, 2] > 0), pos & (v[:, 0] > 0)])
    return np.hstack([v * 0.5, v[:, [3]] * qt * 0.5, mixed, contrast, contrast * qt, domain.astype(np.float32) * 0.5])


def _question_type_matrix(qtypes: Sequence[str]) -> np.ndarray:
    qt = np.zeros((len(qtypes), len(QUESTION_TYPES)), dtype=np.float32)
    for i, q in enumerate(qtypes):
        qt[i, QUESTION_TYPES.index(q)] = 1.0
    return qt


def _word_texts(texts: Sequence[str], qtypes: Sequence[str]) -> list[str]:
    return [f"qt{q.replace('_', '')} {t}" for t, q in zip(texts, qtypes)]


@dataclass
class Featuriser:
    """Shared TF-IDF and question-type features; the lexicon is added for the themes and the
    sentiment cues for the sentiment."""

    word: _Tfidf
    char: _Tfidf
    lexicon: _Lexicon | None = None
    cues: bool = False

    @property
    def n_features(self) -> int:
        return len(self.word.terms) + len(self.char.terms) + len(QUESTION_TYPES)

    @property
    def n_theme_features(self) -> int:
        return self.n_features + (len(self.lexicon.patterns) if self.lexicon else 0)

    @property
    def n_sentiment_features(self) -> int:
        return self.n_features + (N_CUES if self.cues else 0)

    def transform(self, texts: Sequence[str], qtypes: Sequence[str]):
        """(theme features, sentiment features), both CSR."""
        import scipy.sparse as sp

        qt = _question_type_matrix(qtypes)
        base = [self.word.transform(_word_texts(texts, qtypes)), self.char.transform(texts), sp.csr_matrix(qt)]
        themes = base + ([sp.csr_matrix(self.lexicon.transform(texts))] if self.lexicon else [])
        sentiment = base + ([sp.csr_matrix(sentiment_cues(texts, qtypes))] if self.cues else [])
        Xt = sp.hstack(themes, format="csr")
        Xs = sp.hstack(sentiment, format="csr")
        Xt.sort_indices()
        Xs.sort_indices()
        return Xt, Xs

    @classmethod
    def fit(cls, texts, qtypes, cfg: TrainConfig) -> Featuriser:
        word = _Tfidf.fit(_word_texts(texts, qtypes), "word", cfg.word_ngrams, cfg.min_df, cfg.max_word_features)
        char = _Tfidf.fit(texts, "char_wb", cfg.char_ngrams, cfg.min_df, cfg.max_char_features)
        lexicon = _Lexicon.from_file(cfg.lexicon_path or LEXICON_PATH) if cfg.lexicon else None
        return cls(word, char, lexicon, cfg.sentiment_cues)


# --------------------------------------------------------------------------- model


@dataclass
class TrainConfig:
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)
    min_df: int = 2
    max_word_features: int | None = 20000
    max_char_features: int | None = 40000
    C: float = 10.0  # inverse regularisation of the per-label logistic regressions
    sentiment_C: float = 1.0
    folds: int = 5  # cross-validation folds that tune the thresholds (below 2, or too few rows: all 0.5)
    min_positives: int = 2  # a label needs this many examples to be learnt
    lexicon: bool = True  # concept-lexicon features for the themes (data/lexicon.json)
    lexicon_path: str | None = None  # another lexicon file (same shape as data/lexicon.json)
    sentiment_cues: bool = True  # VADER, contrast-word and care-word features for the sentiment
    sentiment_groups: bool = True  # a three-group model (positive, neutral/mixed, negative) picks the group
    threshold_grid: tuple[float, float, int] = (0.05, 0.95, 37)
    seed: int = 0
    # Extra comments with partial labels (`PartialData`, e.g. phase 1): each is a positive example
    # of its known sub-categories only (never a negative), and a sentiment example if scored.
    extra_label_weight: float = 1.0  # sample weight of an extra comment as a positive example
    # sample weight of an extra comment for the sentiment models (0: not used; phase 1's criticality
    # lowered 3-point sentiment on dev at 0.3 and 1, see README)
    extra_sentiment_weight: float = 0.0
    extra_vocabulary: bool = False  # fit the TF-IDF vocabularies on the extra comments too
    # "cv": a sub-category learns from the extra comments only where that raises its out-of-fold F1
    # (cross-validation inside the labelled comments); "all": every sub-category that has some
    extra_label_choice: str = "cv"


@dataclass
class Prediction:
    """Predictions for a batch, in input order: labels (n, 32) 0/1 and label_proba (n, 32), in the
    model's `labels` order (framework.json's sub-categories); sentiment (n,) 1-5 and
    sentiment_proba (n, one column per score the model knows); confidence (n,) 0-1, lowest for the
    comments most worth a person's look.

    `language` is the code of the language each comment is confidently in ("en", "ar", ...; ""
    when too short or mixed to tell) and `not_english` (n,) marks the comments left unread because
    they are in another language: no label, sentiment 0 (`NO_SENTIMENT`), confidence 0.
    """

    labels: np.ndarray
    sentiment: np.ndarray
    confidence: np.ndarray
    label_proba: np.ndarray
    sentiment_proba: np.ndarray
    language: list[str] = field(default_factory=list)
    not_english: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _group(classes) -> np.ndarray:
    """Three-point group of 1-5 scores: 0 positive (1-2), 1 neutral or mixed (3), 2 negative (4-5)."""
    classes = np.asarray(classes)
    return np.where(classes <= 2, 0, np.where(classes == 3, 1, 2))


def _decode_sentiment(
    proba: np.ndarray, classes: np.ndarray, group_proba: np.ndarray | None = None, group_classes=None
) -> tuple[np.ndarray, np.ndarray]:
    """A 1-5 score and the probability of its three-point group.

    With a group model (`group_proba` over `group_classes`), it picks the group and the
    five-point model picks the most likely score inside it; without one, the most likely score.
    (Summing the five-point probabilities per group to pick the group was measured too: it lowered
    both macro-F1s by about 0.02; a group model trained for the job raises them.)
    """
    groups = _group(classes)
    rows = np.arange(len(proba))
    if group_proba is None:
        g = np.stack([proba[:, groups == k].sum(axis=1) for k in range(3)], axis=1)
        best = proba.argmax(axis=1)
        return classes[best].astype(np.int8), g[rows, groups[best]]
    chosen = np.asarray(group_classes)[group_proba.argmax(axis=1)]
    inside = groups[None, :] == chosen[:, None]
    inside[~inside.any(axis=1)] = True  # a group the five-point model never saw: any score
    best = np.where(inside, proba, -1.0).argmax(axis=1)
    return classes[best].astype(np.int8), group_proba.max(axis=1)


@dataclass
class FeedbackModel:
    labels: list[str]  # all sub-categories, output order
    featuriser: Featuriser
    model_labels: list[str]  # the sub-categories that the classifiers predict
    coef: np.ndarray  # (n_features, n_model_labels)
    intercept: np.ndarray  # (n_model_labels,)
    thresholds: np.ndarray  # (n_model_labels,)
    sentiment_classes: np.ndarray  # e.g. [1, 2, 3, 4, 5]
    sentiment_coef: np.ndarray  # (n_features, n_classes)
    sentiment_intercept: np.ndarray  # (n_classes,)
    meta: dict = field(default_factory=dict)
    group_classes: np.ndarray | None = None  # three-point groups the group model knows, e.g. [0, 1, 2]
    group_coef: np.ndarray | None = None  # (n_sentiment_features, n_groups)
    group_intercept: np.ndarray | None = None

    # ---- prediction

    def predict(self, texts: Sequence[object], question_types: Sequence[object] | None = None) -> Prediction:
        """Themes, sentiment and confidence for each comment (None reads as blank); question types
        as `normalise_question_type` reads them, anything unrecognised as `nonspecific`."""
        n = len(texts)
        comments = ["" if t is None else str(t) for t in texts]
        if question_types is None:
            qts = [DEFAULT_QUESTION_TYPE] * n
        else:
            qts = [normalise_question_type(q) or DEFAULT_QUESTION_TYPE for q in question_types]
        blank = np.array([is_blank(t) for t in comments], dtype=bool)
        # Rule: a comment confidently in another language is not read at all. The model knows
        # only English and would give it confident nonsense (an Arabic complaint: "very positive",
        # confidence 1); no answer, and confidence 0 so that it goes to a person.
        language = [UNKNOWN_LANGUAGE if b else detect_language(t) for t, b in zip(comments, blank)]
        not_english = np.array([is_not_english(c) for c in language], dtype=bool)
        labels = np.zeros((n, len(self.labels)), dtype=np.int8)
        label_proba = np.zeros((n, len(self.labels)), dtype=np.float32)
        sentiment = np.full(n, BLANK_SENTIMENT, dtype=np.int8)
        sentiment[not_english] = NO_SENTIMENT
        sent_proba = np.zeros((n, len(self.sentiment_classes)), dtype=np.float32)
        confidence = np.where(not_english, 0.0, 1.0).astype(np.float32)
        idx = np.flatnonzero(~blank & ~not_english)
        if NOT_POSSIBLE in self.labels:
            j = self.labels.index(NOT_POSSIBLE)
            labels[blank, j] = 1
            label_proba[blank, j] = 1.0
        if len(idx):
            X, Xs = self.featuriser.transform([comments[i] for i in idx], [qts[i] for i in idx])
            P = _sigmoid(np.asarray(X @ self.coef) + self.intercept)
            pred = P >= self.thresholds
            if P.shape[1]:
                none = ~pred.any(axis=1)
                if none.any():  # at least one label: the one furthest past (or nearest) its threshold
                    best = (P[none] / self.thresholds).argmax(axis=1)
                    pred[np.flatnonzero(none), best] = True
            cols = np.array([self.labels.index(lab) for lab in self.model_labels], dtype=np.intp)
            labels[np.ix_(idx, cols)] = pred
            label_proba[np.ix_(idx, cols)] = P
            S = _softmax(np.asarray(Xs @ self.sentiment_coef) + self.sentiment_intercept)
            G = None
            if self.group_coef is not None:
                G = _softmax(np.asarray(Xs @ self.group_coef) + self.group_intercept)
            sentiment[idx], sconf = _decode_sentiment(S, self.sentiment_classes, G, self.group_classes)
            sent_proba[idx] = S
            # Confidence: the least sure of the decisions made (each label in or out, and the
            # three-point sentiment), as a probability-like score; low values merit a human look.
            margin = np.where(pred, P, 1.0 - P)
            confidence[idx] = np.minimum(margin.min(axis=1) if P.shape[1] else 1.0, sconf)
            # Rule: "Nothing" (and the like) answering "what was good?" names no theme and is
            # negative; the data has no such answer, so the model would read it as praise.
            nothing_good = np.array([qts[i] == "what_good" and is_nothing(comments[i]) for i in idx], dtype=bool)
            if nothing_good.any() and NOT_POSSIBLE in self.labels:
                rows = idx[nothing_good]
                labels[rows] = 0
                labels[rows, self.labels.index(NOT_POSSIBLE)] = 1
                sentiment[rows] = 4
                confidence[rows] = 0.5
        return Prediction(labels, sentiment, confidence, label_proba, sent_proba, language, not_english)

    # ---- persistence

    def save(self, path: Path | str) -> Path:
        path = Path(path)
        if path.suffix != ".npz":
            raise FeedbackModelError(f"model files end in .npz: {path}")
        path.parent.mkdir(parents=True, exist_ok=True)
        f = self.featuriser
        header = {
            "format": FORMAT,
            "labels": self.labels,
            "model_labels": self.model_labels,
            "word": {"analyzer": f.word.analyzer, "ngram_range": list(f.word.ngram_range)},
            "char": {"analyzer": f.char.analyzer, "ngram_range": list(f.char.ngram_range)},
            "question_types": list(QUESTION_TYPES),
            "lexicon": (
                {"names": f.lexicon.names, "patterns": f.lexicon.patterns, "weight": f.lexicon.weight}
                if f.lexicon
                else None
            ),
            "sentiment_cues": f.cues,
            "meta": self.meta,
        }
        groups: dict[str, Any] = {}  # name -> array (Any: numpy's stubs cannot rule out a key "allow_pickle")
        if self.group_coef is not None and self.group_intercept is not None:  # trained together
            groups = {
                "group_classes": np.asarray(self.group_classes).astype(np.int8),
                "group_coef": self.group_coef.astype(np.float16),
                "group_intercept": self.group_intercept.astype(np.float32),
            }
        tmp = path.with_name(path.name + ".tmp.npz")
        np.savez_compressed(
            tmp,
            header=np.array(json.dumps(header)),
            word_terms=np.array(f.word.terms, dtype=str),
            word_idf=f.word.idf.astype(np.float32),
            char_terms=np.array(f.char.terms, dtype=str),
            char_idf=f.char.idf.astype(np.float32),
            coef=self.coef.astype(np.float16),
            intercept=self.intercept.astype(np.float32),
            thresholds=self.thresholds.astype(np.float32),
            sentiment_classes=self.sentiment_classes.astype(np.int8),
            sentiment_coef=self.sentiment_coef.astype(np.float16),
            sentiment_intercept=self.sentiment_intercept.astype(np.float32),
            **groups,
        )
        tmp.replace(path)
        return path

    @classmethod
    def load(cls, path: Path | str) -> FeedbackModel:
        path = Path(path)
        if not path.is_file():
            raise FeedbackModelError(f"no feedback model at {path}")
        try:
            with np.load(path, allow_pickle=False) as z:
                header = json.loads(str(z["header"]))
                if header.get("format") not in READABLE_FORMATS:
                    raise FeedbackModelError(
                        f"{path} is a {header.get('format')!r} model; this Baton reads {', '.join(READABLE_FORMATS)}"
                    )
                word = _Tfidf(
                    header["word"]["analyzer"],
                    tuple(header["word"]["ngram_range"]),
                    z["word_terms"].tolist(),
                    z["word_idf"],
                )
                char = _Tfidf(
                    header["char"]["analyzer"],
                    tuple(header["char"]["ngram_range"]),
                    z["char_terms"].tolist(),
                    z["char_idf"],
                )
                lex = header.get("lexicon")
                lexicon = _Lexicon(lex["names"], lex["patterns"], float(lex["weight"])) if lex else None
                has_groups = "group_coef" in z.files
                return cls(
                    labels=header["labels"],
                    featuriser=Featuriser(word, char, lexicon, bool(header.get("sentiment_cues", False))),
                    model_labels=header["model_labels"],
                    coef=z["coef"].astype(np.float32),
                    intercept=z["intercept"],
                    thresholds=z["thresholds"],
                    sentiment_classes=z["sentiment_classes"].astype(np.int64),
                    sentiment_coef=z["sentiment_coef"].astype(np.float32),
                    sentiment_intercept=z["sentiment_intercept"],
                    meta=header.get("meta", {}),
                    group_classes=z["group_classes"].astype(np.int64) if has_groups else None,
                    group_coef=z["group_coef"].astype(np.float32) if has_groups else None,
                    group_intercept=z["group_intercept"] if has_groups else None,
                )
        except FeedbackModelError:
            raise
        except Exception as exc:  # corrupt, truncated, not an npz, missing arrays ...
            raise FeedbackModelError(
                f"cannot load the feedback model at {path} ({type(exc).__name__}: {exc}); "
                "retrain it with `baton feedback train LABELLED.csv --out MODEL.npz`"
            ) from None


_DEFAULT: dict[str, FeedbackModel] = {}


def resolve_model_path(path: Path | str | None = None) -> Path:
    """--model beats BATON_FEEDBACK_MODEL, which beats the model shipped with Baton."""
    import os

    if path:
        return Path(path)
    env = os.environ.get(MODEL_ENV_VAR, "").strip()
    return Path(env) if env else DEFAULT_MODEL_PATH


def load_model(path: Path | str | None = None) -> FeedbackModel:
    """The model at `path` (see `resolve_model_path`), cached until its file changes."""
    p = resolve_model_path(path).resolve()
    try:
        st = p.stat()
    except OSError:
        raise FeedbackModelError(f"no feedback model at {p}") from None
    key = f"{p}:{st.st_mtime_ns}:{st.st_size}"
    if key not in _DEFAULT:
        for stale in [k for k in _DEFAULT if k.startswith(f"{p}:")]:
            del _DEFAULT[stale]  # the file was rewritten (retrained): drop the old model
        _DEFAULT[key] = FeedbackModel.load(p)
    return _DEFAULT[key]


# --------------------------------------------------------------------------- training


def _fit_label_models(X, Y: np.ndarray, C: float, seed: int, Xe=None, Pe=None, weight: float = 1.0):
    """One balanced logistic regression per column of Y; returns (coef (f, k), intercept (k,)).
    With extra rows `Xe` and their known positives `Pe` (same columns as Y), column j also learns
    from the extra rows known to carry it, as positives of sample weight `weight` (and never from
    the others: their label j is unknown)."""
    import scipy.sparse as sp
    from sklearn.linear_model import LogisticRegression

    coef = np.zeros((X.shape[1], Y.shape[1]), dtype=np.float32)
    intercept = np.full(Y.shape[1], -10.0, dtype=np.float32)
    for j in range(Y.shape[1]):
        y = Y[:, j]
        if y.min() == y.max():  # a fold without any positive (or negative): never fires
            intercept[j] = -10.0 if y.max() == 0 else 10.0
            continue
        m = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=1000, random_state=seed)
        extra = np.flatnonzero(Pe[:, j]) if Pe is not None and weight > 0 else np.zeros(0, dtype=np.intp)
        if len(extra):
            Xj = sp.vstack([X, Xe[extra]], format="csr")
            yj = np.concatenate([y, np.ones(len(extra), dtype=y.dtype)])
            sw = np.concatenate([np.ones(len(y)), np.full(len(extra), weight)])
            m.fit(Xj, yj, sample_weight=sw)
        else:
            m.fit(X, y)
        coef[:, j] = m.coef_[0]
        intercept[j] = m.intercept_[0]
    return coef, intercept


def _best_threshold(y: np.ndarray, p: np.ndarray, grid: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    scores = [f1_score(y, p >= g, zero_division=0) for g in grid]
    best = float(np.max(scores))
    if best == 0.0:
        return 0.5
    # the middle of the best plateau: more stable than its first point
    top = grid[np.isclose(scores, best)]
    return float(np.median(top))


def out_of_fold_proba(X, Y: np.ndarray, cfg: TrainConfig, Xe=None, Pe=None) -> np.ndarray:
    """Cross-validated probabilities for the rows of X (each from a model that did not see it);
    extra rows (`_fit_label_models`) join every fold's training part and are never scored."""
    from sklearn.model_selection import KFold

    P = np.zeros(Y.shape, dtype=np.float32)
    for a, b in KFold(cfg.folds, shuffle=True, random_state=cfg.seed).split(X):
        c, i = _fit_label_models(X[a], Y[a], cfg.C, cfg.seed, Xe, Pe, cfg.extra_label_weight)
        P[b] = _sigmoid(np.asarray(X[b] @ c) + i)
    return P


def tune_thresholds(Y: np.ndarray, P: np.ndarray, cfg: TrainConfig) -> np.ndarray:
    grid = np.linspace(*cfg.threshold_grid)
    return np.array([_best_threshold(Y[:, j], P[:, j], grid) for j in range(Y.shape[1])], dtype=np.float32)


@dataclass
class PartialData:
    """Comments labelled another way: `positives` (n, len(labels)) marks sub-categories each comment
    is KNOWN to carry (its other sub-categories are unknown, not absent: it is never a negative);
    `sentiment` 1-5, 0 where not scored."""

    texts: list[str]
    question_types: list[str]
    positives: np.ndarray
    sentiment: np.ndarray

    def __len__(self) -> int:
        return len(self.texts)


# Which FFT question each phase-1 source's Q1 and Q2 are (read from the comments: "Nothing to
# improve" answers Trust A's Q1 and Trust C's Q2); Trust B and Care Opinion ask one open question.
PHASE1_QUESTIONS = {
    ("Trust A", "Q1"): "could_improve",
    ("Trust A", "Q2"): "what_good",
    ("Trust C", "Q1"): "what_good",
    ("Trust C", "Q2"): "could_improve",
}
# criticality (-5 very critical .. 5 very positive) to the 1-5 scale (1 very positive): see README
PHASE1_SENTIMENT = {5: 1, 4: 1, 3: 1, 2: 2, 1: 2, 0: 3, -1: 4, -2: 4, -3: 4, -4: 5, -5: 5}
_I_INSIDE_WORD = re.compile(r"(?<=[a-z])I|I(?=[a-z])")


def _comment_key(text: str) -> str:
    return _NON_WORD.sub(" ", text.lower()).strip()


def read_phase1_csv(
    path: Path | str,
    mapping_path: Path | str,
    labels: Sequence[str] | None = None,
    exclude: Iterable[object] = (),
    sentiment_map: dict[int, int] | None = None,
) -> PartialData:
    """The phase-1 comments (the pxtextmining phase-1 file's columns: source, question, comment_text,
    old_subcategory, criticality) as `PartialData`: the old sub-category's mapped current
    sub-category (`mapping_path`) as the one known positive, criticality mapped to 1-5
    (`sentiment_map`, default `PHASE1_SENTIMENT`; Trust B's 0 and unusable values: not scored).
    Blank comments, and comments identical to one of `exclude` (lower-cased, punctuation dropped),
    are left out."""
    import csv

    labels = list(labels or sub_categories())
    smap = PHASE1_SENTIMENT if sentiment_map is None else sentiment_map
    with open(mapping_path, encoding="utf-8") as fh:
        mapping = json.load(fh)
    skip = {_comment_key(str(t)) for t in exclude if t is not None}
    texts, qts, pos, sent = [], [], [], []
    seen: set[str] = set()
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for rec in csv.DictReader(fh):
            text = rec.get("comment_text") or ""
            source = rec.get("source") or ""
            if source == "Trust B":  # Trust B's file spells every "i" inside a word as "I"
                text = _I_INSIDE_WORD.sub("i", text)
            key = _comment_key(text)
            if is_blank(text) or key in skip or key in seen:
                continue
            seen.add(key)
            row = np.zeros(len(labels), dtype=np.int8)
            target = mapping.get((rec.get("old_subcategory") or "").strip())
            if target in labels:
                row[labels.index(target)] = 1
            try:
                crit = int((rec.get("criticality") or "").strip())
            except ValueError:
                crit = 99
            score = 0 if (source == "Trust B" and crit == 0) else smap.get(crit, 0)
            texts.append(text)
            qts.append(PHASE1_QUESTIONS.get((source, rec.get("question") or ""), DEFAULT_QUESTION_TYPE))
            pos.append(row)
            sent.append(score)
    return PartialData(texts, qts, np.array(pos, dtype=np.int8).reshape(len(texts), len(labels)), np.array(sent))


def train(
    texts: Sequence[object],
    question_types: Sequence[object] | None,
    Y: np.ndarray,
    sentiment: Sequence[object] | None,
    labels: Sequence[str] | None = None,
    config: TrainConfig | None = None,
    log=None,
    extra: PartialData | None = None,
) -> FeedbackModel:
    """Train a model from labelled comments (and, optionally, `extra` comments with partial labels
    in the same `labels` order: see `PartialData` and `TrainConfig.extra_*`).

    Y is (n, len(labels)) 0/1 in `labels` order (default: the framework's sub-categories);
    sentiment holds 1-5 or None/NaN where not labelled. Blank answers are left out (the rule
    handles them); comments in every language are learnt from. "Labelling not possible" and any
    sub-category with fewer than `min_positives` examples are never predicted. `log` is called
    with a line of progress now and then. Data that cannot be trained on raises FeedbackDataError.
    """
    import time

    from sklearn.linear_model import LogisticRegression

    cfg = config or TrainConfig()
    labels = list(labels or sub_categories())
    say = log or (lambda msg: None)
    t0 = time.perf_counter()
    comments = ["" if t is None else str(t) for t in texts]
    n = len(comments)
    qts = [
        normalise_question_type(q) or DEFAULT_QUESTION_TYPE
        for q in (question_types if question_types is not None else [None] * n)
    ]
    Y = np.asarray(Y, dtype=np.int8)
    if Y.shape != (n, len(labels)):
        raise FeedbackDataError(f"labels are {Y.shape}, expected ({n}, {len(labels)})")
    keep = np.array([not is_blank(t) for t in comments])
    if keep.sum() < 10:
        raise FeedbackDataError(f"only {int(keep.sum())} non-blank comments: too few to train on")
    texts_k = [t for t, k in zip(comments, keep) if k]
    qts_k = [q for q, k in zip(qts, keep) if k]
    Yk = Y[keep]

    counts = Yk.sum(axis=0)
    model_labels = [lab for lab, c in zip(labels, counts) if lab != NOT_POSSIBLE and c >= cfg.min_positives]
    if not model_labels:
        raise FeedbackDataError("no sub-category has enough positive examples to learn from")
    cols = [labels.index(lab) for lab in model_labels]
    Yl = Yk[:, cols]

    Xe = Xse = Pe = None
    se = np.zeros(0, dtype=np.int64)
    extra_used: list[str] | None = None
    if extra is not None and len(extra):
        if extra.positives.shape != (len(extra), len(labels)):
            raise FeedbackDataError(
                f"extra positives are {extra.positives.shape}, expected ({len(extra)}, {len(labels)})"
            )
        eq = [normalise_question_type(q) or DEFAULT_QUESTION_TYPE for q in extra.question_types]
        vocab_texts, vocab_qts = (texts_k + list(extra.texts), qts_k + eq) if cfg.extra_vocabulary else (texts_k, qts_k)
        feat = Featuriser.fit(vocab_texts, vocab_qts, cfg)
        Xe, Xse = feat.transform(list(extra.texts), eq)
        Pe = np.asarray(extra.positives, dtype=np.int8)[:, cols]
        se = np.array([_to_sentiment(v) for v in extra.sentiment])
        say(
            f"extra comments: {len(extra)}, {int(Pe.any(axis=1).sum())} with a known sub-category, {int((se > 0).sum())} scored"
        )
    else:
        feat = Featuriser.fit(texts_k, qts_k, cfg)
    X, Xs = feat.transform(texts_k, qts_k)
    say(f"features: {X.shape[1]} on {X.shape[0]} comments; {len(model_labels)} sub-categories")

    if cfg.folds and cfg.folds >= 2 and X.shape[0] >= 2 * cfg.folds:
        from sklearn.metrics import f1_score

        P = out_of_fold_proba(X, Yl, cfg, Xe, Pe)
        thresholds = tune_thresholds(Yl, P, cfg)
        if Pe is not None and cfg.extra_label_choice == "cv" and cfg.extra_label_weight > 0 and Pe.any():
            # the same folds without the extra comments: keep them only where they pay, label by label
            P0 = out_of_fold_proba(X, Yl, cfg)
            t0_ = tune_thresholds(Yl, P0, cfg)
            f_with = f1_score(Yl, P >= thresholds, average=None, zero_division=0)
            f_without = f1_score(Yl, P0 >= t0_, average=None, zero_division=0)
            use = Pe.any(axis=0) & (f_with > f_without)
            say(
                f"out-of-fold macro-F1 without the extra comments {float(f_without.mean()):.3f}, with {float(f_with.mean()):.3f}"
            )
            say(f"extra comments kept for {int(use.sum())} of {int(Pe.any(axis=0).sum())} sub-categories")
            P = np.where(use, P, P0)
            thresholds = np.where(use, thresholds, t0_).astype(np.float32)
            Pe = Pe * use.astype(np.int8)
            extra_used = [lab for lab, u in zip(model_labels, use) if u]
        # macro-F1 of the out-of-fold decisions (thresholds tuned on them: optimistic, but the same
        # for every variant, so it compares training choices without looking at held-out data)
        cv_f1 = float(f1_score(Yl, P >= thresholds, average="macro", zero_division=0))
        say(f"thresholds tuned by {cfg.folds}-fold cross-validation (out-of-fold macro-F1 {cv_f1:.3f})")
    else:
        thresholds = np.full(len(model_labels), 0.5, dtype=np.float32)
        cv_f1 = None
    coef, intercept = _fit_label_models(X, Yl, cfg.C, cfg.seed, Xe, Pe, cfg.extra_label_weight)

    # sentiment
    s = np.array([_to_sentiment(v) for v in (sentiment if sentiment is not None else [None] * n)])
    s = s[keep]
    has = s > 0
    Xs_fit, s_fit, s_w = Xs[has], s[has], np.ones(int(has.sum()))
    if Xse is not None and cfg.extra_sentiment_weight > 0 and (se > 0).any():
        import scipy.sparse as sp

        Xs_fit = sp.vstack([Xs_fit, Xse[se > 0]], format="csr")
        s_fit = np.concatenate([s_fit, se[se > 0]])
        s_w = np.concatenate([s_w, np.full(int((se > 0).sum()), cfg.extra_sentiment_weight)])
    classes = np.unique(s_fit)
    g_classes = g_coef = g_int = None
    if len(classes) >= 2:
        m = LogisticRegression(C=cfg.sentiment_C, max_iter=1000, class_weight="balanced", random_state=cfg.seed)
        m.fit(Xs_fit, s_fit, sample_weight=s_w)
        s_classes = m.classes_.astype(np.int64)
        s_coef = m.coef_.T.astype(np.float32)
        s_int = m.intercept_.astype(np.float32)
        if len(s_classes) == 2:  # binary LR has one coefficient row: expand to two classes
            s_coef = np.concatenate([-s_coef / 2, s_coef / 2], axis=1)
            s_int = np.array([-s_int[0] / 2, s_int[0] / 2], dtype=np.float32)
        groups = _group(s_fit)
        if cfg.sentiment_groups and len(np.unique(groups)) >= 2:
            g = LogisticRegression(C=cfg.sentiment_C, max_iter=1000, class_weight="balanced", random_state=cfg.seed)
            g.fit(Xs_fit, groups, sample_weight=s_w)
            g_classes = g.classes_.astype(np.int64)
            g_coef = g.coef_.T.astype(np.float32)
            g_int = g.intercept_.astype(np.float32)
            if len(g_classes) == 2:
                g_coef = np.concatenate([-g_coef / 2, g_coef / 2], axis=1)
                g_int = np.array([-g_int[0] / 2, g_int[0] / 2], dtype=np.float32)
    else:  # no usable sentiment labels: always neutral (or the one score seen)
        s_classes = classes.astype(np.int64) if len(classes) else np.array([3])
        s_coef = np.zeros((Xs.shape[1], 1), dtype=np.float32)
        s_int = np.zeros(1, dtype=np.float32)

    import sklearn

    meta = {
        "trained_on": int(keep.sum()),
        "sentiment_labelled": int(has.sum()),
        "extra_comments": len(extra) if extra is not None else 0,
        "cv_theme_macro_f1": cv_f1,
        "extra_used_for": extra_used,
        "label_counts": {lab: int(c) for lab, c in zip(labels, counts)},
        "config": {k: (list(v) if isinstance(v, tuple) else v) for k, v in cfg.__dict__.items()},
        "scikit_learn": sklearn.__version__,
    }
    say(f"trained in {time.perf_counter() - t0:.1f} s")
    return FeedbackModel(
        labels,
        feat,
        model_labels,
        coef,
        intercept,
        thresholds,
        s_classes,
        s_coef,
        s_int,
        meta,
        g_classes,
        g_coef,
        g_int,
    )


def _to_sentiment(v) -> int:
    """1-5 as int; 0 when missing or not a score."""
    if v is None:
        return 0
    try:
        f = float(v)
    except (TypeError, ValueError):
        return 0
    if f != f or f not in (1, 2, 3, 4, 5):
        return 0
    return int(f)


def read_labelled_csv(path: Path | str, labels: Sequence[str] | None = None):
    """Read a labelled CSV (the shared file's columns). Returns (rows, Y, labels): rows are the
    CSV's records as dicts (the engine reads comment_text, question_type, sentiment and split), Y
    their 0/1 sub-category columns in `labels` order (a missing column counts as never present).
    No comment_text column, no sub-category column or no rows raises FeedbackDataError."""
    import csv

    labels = list(labels or sub_categories())
    rows, Y = [], []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames or []
        if not fields:
            raise FeedbackDataError(f"{path} is empty")
        if "comment_text" not in fields:
            raise FeedbackDataError(f"{path} has no comment_text column")
        present = [lab for lab in labels if lab in fields]
        if not present:
            raise FeedbackDataError(f"{path} has none of the sub-category columns of framework.json")
        for rec in reader:
            rows.append(rec)
            Y.append([_flag(rec.get(lab)) for lab in labels])
    if not rows:
        raise FeedbackDataError(f"{path} has a header but no rows")
    return rows, np.array(Y, dtype=np.int8).reshape(len(rows), len(labels)), labels


def _flag(v) -> int:
    if v is None:
        return 0
    v = str(v).strip().lower()
    return 1 if v in ("1", "1.0", "true", "yes", "y") else 0


def train_from_csv(
    path: Path | str,
    config: TrainConfig | None = None,
    log=None,
    split: str | None = None,
    phase1: Path | str | None = None,
    phase1_map: Path | str | None = None,
) -> FeedbackModel:
    """`train` on a labelled CSV (`read_labelled_csv`); `split` keeps the rows whose `split` column
    is one of these, comma-separated ("train,dev"). `phase1`: also learn from a phase-1 CSV
    (`read_phase1_csv`, with the mapping `phase1_map`), less its comments identical to
    one of the labelled CSV's (all rows, whatever `split`)."""
    rows, Y, labels = read_labelled_csv(path)
    extra = None
    if phase1:
        if not phase1_map:
            raise FeedbackDataError("phase-1 comments need the mapping of their old sub-categories (phase1_map)")
        extra = read_phase1_csv(phase1, phase1_map, labels=labels, exclude=[r.get("comment_text") for r in rows])
    if split:
        sel = np.array([r.get("split") in split.split(",") for r in rows])
        if not sel.any():
            raise FeedbackDataError(f"no rows of split {split!r} in {path}")
        rows = [r for r, s in zip(rows, sel) if s]
        Y = Y[sel]
    return train(
        [r.get("comment_text") for r in rows],
        [r.get("question_type") for r in rows],
        Y,
        [r.get("sentiment") for r in rows],
        labels=labels,
        config=config,
        log=log,
        extra=extra,
    )


def classify(
    texts: Iterable[object], question_types: Iterable[object] | None = None, model: FeedbackModel | None = None
) -> Prediction:
    """Classify a batch with the given model, or `load_model()`'s: $BATON_FEEDBACK_MODEL, else the
    model shipped with Baton."""
    model = model or load_model()
    texts = list(texts)
    return model.predict(texts, list(question_types) if question_types is not None else None)


Labels = list[tuple[int | None, float, str, list[tuple[str, float]]]]


def label_rows(texts: Sequence[object], question_types: Sequence[object]) -> Labels:
    """`classify` as plain values, one per comment: (sentiment or None, confidence, language,
    [(sub-category, probability), ...]). Small to send between processes: the feedback import runs
    it in worker processes for a large file."""
    names = sub_categories()
    p = classify(texts, question_types)
    out: Labels = []
    for i in range(len(p.sentiment)):
        sentiment = int(p.sentiment[i]) or None
        themes = [(names[j], float(p.label_proba[i, j])) for j in p.labels[i].nonzero()[0]]
        language = p.language[i] if i < len(p.language) else ""
        out.append((sentiment, float(p.confidence[i]), language or "", themes))
    return out
