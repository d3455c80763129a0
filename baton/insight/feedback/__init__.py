"""Feedback analysis: themes (framework sub-categories) and sentiment for patient comments.

Pure Python, no Django. Importing this package is cheap: scikit-learn loads on first use.

    from baton.insight.feedback import classify, load_model
    p = classify(["The nurse was kind"], ["what_good"])
    p.labels      # (n, 32) 0/1 in framework.json sub_categories order
    p.sentiment   # (n,) 1 very positive .. 5 very negative; 0 for a comment not read (another language)
    p.confidence  # (n,) 0..1
    p.language    # ["en"]: detected language; a comment in another language is left unread
"""

from .engine import (
    DEFAULT_MODEL_PATH,
    MODEL_ENV_VAR,
    FeedbackModel,
    FeedbackModelError,
    Prediction,
    TrainConfig,
    classify,
    is_blank,
    label_rows,
    load_model,
    sub_categories,
    train,
    train_from_csv,
)
from .language import detect_language

__all__ = [
    "DEFAULT_MODEL_PATH",
    "MODEL_ENV_VAR",
    "FeedbackModel",
    "FeedbackModelError",
    "Prediction",
    "TrainConfig",
    "classify",
    "detect_language",
    "is_blank",
    "label_rows",
    "load_model",
    "sub_categories",
    "train",
    "train_from_csv",
]
