"""The feedback engine's behaviour: shapes, rules, determinism, persistence. Not its scores.

Tiny models trained on a slice of the shipped labelled data keep this fast (a few seconds).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from baton.insight.feedback import engine as E

LABELS = E.sub_categories()


@pytest.fixture(scope="module")
def slice_rows():
    rows, Y, labels = E.read_labelled_csv(E.LABELLED_PATH)
    # a small but varied slice: every 12th row (about 450 comments)
    idx = np.arange(0, len(rows), 12)
    return [rows[i] for i in idx], Y[idx], labels


@pytest.fixture(scope="module")
def tiny_model(slice_rows):
    rows, Y, labels = slice_rows
    cfg = E.TrainConfig(folds=2, max_word_features=3000, max_char_features=3000)
    return E.train(
        [r["comment_text"] for r in rows],
        [r["question_type"] for r in rows],
        Y,
        [r["sentiment"] for r in rows],
        labels=labels,
        config=cfg,
    )


def test_framework_has_32_sub_categories_in_10_categories():
    fw = E.load_framework()
    assert len(fw["sub_categories"]) == 32
    assert len(fw["categories"]) == 10
    assert sorted(sum(fw["categories"].values(), [])) == sorted(fw["sub_categories"])


def test_shipped_data_has_attribution():
    notice = (E.DATA_DIR / "NOTICE.md").read_text()
    assert "NHS England" in notice and "MIT" in notice and "pxtextmining" in notice


@pytest.mark.parametrize(
    "text,blank",
    [
        ("Did not answer", True),
        ("did not answer.", True),
        ("  ", True),
        ("", True),
        (None, True),
        ("...", True),
        ("-", True),
        ("Nothing", False),
        ("N/a", False),
        ("Staff were lovely", False),
    ],
)
def test_blank_rule(text, blank):
    assert E.is_blank(text) is blank


def test_question_type_normalisation():
    assert E.normalise_question_type("what_good") == "what_good"
    assert E.normalise_question_type(" Could-Improve ") == "could_improve"
    assert E.normalise_question_type("") == "nonspecific"
    assert E.normalise_question_type(None) == "nonspecific"
    assert E.normalise_question_type("banana") is None


def test_prediction_shapes_and_ranges(tiny_model):
    texts = [
        "The paramedics were kind and quick",
        "Waited 6 hours for an ambulance",
        "Did not answer",
        "",
        "Nothing",
        "parking was impossible",
    ]
    qts = ["what_good", "could_improve", "nonspecific", "nonspecific", "could_improve", None]
    p = tiny_model.predict(texts, qts)
    n = len(texts)
    assert p.labels.shape == (n, 32)
    assert set(np.unique(p.labels)) <= {0, 1}
    assert p.sentiment.shape == (n,)
    assert set(p.sentiment.tolist()) <= {1, 2, 3, 4, 5}
    assert p.confidence.shape == (n,)
    assert ((p.confidence >= 0) & (p.confidence <= 1)).all()
    # every comment gets at least one sub-category
    assert (p.labels.sum(axis=1) >= 1).all()


def test_blank_answers_get_labelling_not_possible_only(tiny_model):
    p = tiny_model.predict(["Did not answer", "  ", "The nurse was kind"], None)
    j = LABELS.index("Labelling not possible")
    assert p.labels[0, j] == 1 and p.labels[0].sum() == 1
    assert p.labels[1, j] == 1 and p.labels[1].sum() == 1
    assert p.labels[2, j] == 0
    assert p.sentiment[0] == E.BLANK_SENTIMENT and p.confidence[0] == 1.0


def test_unlearnt_labels_never_fire(tiny_model):
    # Parking has no example in the data: the model must not predict it
    assert "Parking" not in tiny_model.model_labels
    p = tiny_model.predict(["Parking was a nightmare, no spaces in the car park"] * 3, None)
    assert p.labels[:, LABELS.index("Parking")].sum() == 0


def test_empty_batch(tiny_model):
    p = tiny_model.predict([], [])
    assert p.labels.shape == (0, 32) and p.sentiment.shape == (0,)


def test_all_blank_batch(tiny_model):
    p = tiny_model.predict(["Did not answer", ""], ["could_improve", "what_good"])
    assert p.labels[:, LABELS.index("Labelling not possible")].tolist() == [1, 1]


def test_deterministic_training_and_prediction(slice_rows, tiny_model):
    rows, Y, labels = slice_rows
    cfg = E.TrainConfig(folds=2, max_word_features=3000, max_char_features=3000)
    again = E.train(
        [r["comment_text"] for r in rows],
        [r["question_type"] for r in rows],
        Y,
        [r["sentiment"] for r in rows],
        labels=labels,
        config=cfg,
    )
    texts = [r["comment_text"] for r in rows[:80]]
    qts = [r["question_type"] for r in rows[:80]]
    a, b = tiny_model.predict(texts, qts), again.predict(texts, qts)
    assert np.array_equal(a.labels, b.labels)
    assert np.array_equal(a.sentiment, b.sentiment)
    assert np.allclose(a.confidence, b.confidence)
    c = tiny_model.predict(texts, qts)
    assert np.array_equal(a.labels, c.labels) and np.array_equal(a.confidence, c.confidence)


def test_batching_does_not_change_results(tiny_model, slice_rows):
    rows = slice_rows[0][:60]
    texts, qts = [r["comment_text"] for r in rows], [r["question_type"] for r in rows]
    whole = tiny_model.predict(texts, qts)
    parts = [tiny_model.predict(texts[i : i + 7], qts[i : i + 7]) for i in range(0, 60, 7)]
    assert np.array_equal(whole.labels, np.concatenate([p.labels for p in parts]))
    assert np.array_equal(whole.sentiment, np.concatenate([p.sentiment for p in parts]))


def test_question_type_is_an_input(tiny_model):
    themes, sentiment = tiny_model.featuriser.transform(["Nothing"] * 2, ["what_good", "could_improve"])
    assert (themes[0] != themes[1]).nnz > 0
    assert (sentiment[0] != sentiment[1]).nnz > 0


def test_lexicon_features_feed_the_themes_only(tiny_model):
    f = tiny_model.featuriser
    assert f.lexicon is not None and len(f.lexicon.patterns) == len(f.lexicon.names)
    themes, sentiment = f.transform(["The telly in the lounge is broken", "The telly"], ["nonspecific"] * 2)
    assert themes.shape[1] == f.n_theme_features == tiny_model.coef.shape[0]
    assert sentiment.shape[1] == f.n_sentiment_features == tiny_model.sentiment_coef.shape[0]
    lex = themes[:, f.n_features :].toarray()
    tv = f.lexicon.names.index("Electronic entertainment")
    assert lex[0, tv] > 0 and lex[1, tv] > 0
    assert lex[0, f.lexicon.names.index("Environment, facilities & equipment")] > 0  # "lounge"
    assert lex[1, f.lexicon.names.index("Environment, facilities & equipment")] == 0


def test_a_custom_lexicon_is_trained_with_and_saved(slice_rows, tmp_path):
    rows, Y, labels = slice_rows
    lexicon = tmp_path / "lexicon.json"
    patterns = {"Parking": r"car ?park|parking", "Appointment method": r"\bNHS App\b"}
    lexicon.write_text(json.dumps({"weight": 1.0, "patterns": patterns}))
    cfg = E.TrainConfig(folds=0, max_word_features=500, max_char_features=500, lexicon_path=str(lexicon))
    model = E.train(
        [r["comment_text"] for r in rows], [r["question_type"] for r in rows], Y, None, labels=labels, config=cfg
    )
    assert model.featuriser.lexicon.names == ["Parking", "Appointment method"]
    loaded = E.FeedbackModel.load(model.save(tmp_path / "m.npz"))
    assert loaded.featuriser.lexicon.patterns == list(patterns.values())
    themes, _ = loaded.featuriser.transform(
        ["No Parking, twice: PARKING!", "booked on the nhs app"], ["nonspecific"] * 2
    )
    lex = themes[:, loaded.featuriser.n_features :].toarray()
    assert lex[0].tolist() == pytest.approx([1.0 + np.log(2), 0.0])
    assert lex[1].tolist() == [0.0, 1.0]  # a pattern that spells capitals matches any case


def test_sentiment_cues_see_mixed_comments():
    cues = E.sentiment_cues(
        ["The crew were lovely but we waited four hours in pain", "The crew were lovely", "Awful, rude and late"],
        ["could_improve", "what_good", "nonspecific"],
    )
    assert cues.shape == (3, E.N_CUES)
    neg, pos, both, contrast = cues[:, 0], cues[:, 2], cues[:, 8], cues[:, 9]
    assert both.tolist() == [1.0, 0.0, 0.0] and contrast.tolist() == [1.0, 0.0, 0.0]
    assert pos[1] > 0 and neg[1] == 0 and neg[2] > 0


def test_vader_reads_the_start_of_a_very_long_comment():
    long = "The staff were kind. " * 10_000 + "Awful."
    a, b = E.sentiment_cues([long, long[: E.VADER_MAX_CHARS]], ["nonspecific"] * 2)
    assert a[:4].tolist() == b[:4].tolist()


def test_the_group_model_picks_the_group_and_the_score_inside_it():
    classes = np.array([1, 2, 3, 4, 5])
    five = np.array([[0.5, 0.2, 0.1, 0.1, 0.1], [0.5, 0.2, 0.1, 0.15, 0.05]])
    groups = np.array([[0.2, 0.7, 0.1], [0.2, 0.2, 0.6]])
    score, conf = E._decode_sentiment(five, classes, groups, np.array([0, 1, 2]))
    assert score.tolist() == [3, 4] and conf.tolist() == pytest.approx([0.7, 0.6])
    score, _ = E._decode_sentiment(five, classes)  # no group model: the most likely score
    assert score.tolist() == [1, 1]
    # a group the five-point model never saw falls back to the most likely score
    score, _ = E._decode_sentiment(five[:, :2], classes[:2], groups, np.array([0, 1, 2]))
    assert score.tolist() == [1, 1]


def test_models_of_the_first_format_still_load(slice_rows, tmp_path):
    rows, Y, labels = slice_rows
    cfg = E.TrainConfig(
        folds=0,
        max_word_features=500,
        max_char_features=500,
        lexicon=False,
        sentiment_cues=False,
        sentiment_groups=False,
    )
    texts, qts = [r["comment_text"] for r in rows], [r["question_type"] for r in rows]
    model = E.train(texts, qts, Y, [r["sentiment"] for r in rows], labels=labels, config=cfg)
    path = model.save(tmp_path / "v2.npz")
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    header = json.loads(str(arrays["header"]))
    header["format"] = "baton-feedback-model/1"
    for key in ("lexicon", "sentiment_cues"):
        header.pop(key)
    arrays["header"] = np.array(json.dumps(header))
    np.savez_compressed(tmp_path / "v1.npz", **arrays)
    old = E.FeedbackModel.load(tmp_path / "v1.npz")
    a, b = model.predict(texts[:40], qts[:40]), old.predict(texts[:40], qts[:40])
    assert np.array_equal(a.labels, b.labels) and np.array_equal(a.sentiment, b.sentiment)


def test_save_load_round_trip(tiny_model, tmp_path):
    path = tiny_model.save(tmp_path / "m.npz")
    loaded = E.FeedbackModel.load(path)
    texts = ["Lovely staff", "Long wait on the phone", "Did not answer"]
    a, b = tiny_model.predict(texts, None), loaded.predict(texts, None)
    assert np.array_equal(a.labels, b.labels) and np.array_equal(a.sentiment, b.sentiment)
    assert loaded.labels == LABELS
    # no pickle inside: loads with allow_pickle=False
    with np.load(path, allow_pickle=False) as z:
        assert json.loads(str(z["header"]))["format"] == E.FORMAT


def test_load_errors_are_clear(tmp_path):
    with pytest.raises(E.FeedbackModelError, match="no feedback model"):
        E.FeedbackModel.load(tmp_path / "missing.npz")
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(E.FeedbackModelError, match="cannot load the feedback model"):
        E.FeedbackModel.load(bad)


def test_resolve_model_path(monkeypatch, tmp_path):
    monkeypatch.delenv(E.MODEL_ENV_VAR, raising=False)
    assert E.resolve_model_path() == E.DEFAULT_MODEL_PATH
    monkeypatch.setenv(E.MODEL_ENV_VAR, str(tmp_path / "env.npz"))
    assert E.resolve_model_path() == tmp_path / "env.npz"
    assert E.resolve_model_path(tmp_path / "arg.npz") == tmp_path / "arg.npz"


def test_shipped_model_loads_and_predicts():
    model = E.FeedbackModel.load(E.DEFAULT_MODEL_PATH)
    assert model.labels == LABELS
    p = model.predict(["The ambulance crew were brilliant", "Did not answer"], ["what_good", "nonspecific"])
    assert p.labels.shape == (2, 32)
    assert p.labels[0, LABELS.index("Labelling not possible")] == 0
    assert p.labels[1, LABELS.index("Labelling not possible")] == 1


def test_train_rejects_unusable_data():
    with pytest.raises(E.FeedbackDataError):
        E.train(["Did not answer"] * 20, None, np.zeros((20, 32)), None)
    with pytest.raises(E.FeedbackDataError):
        E.train(["some text"] * 20, None, np.zeros((20, 3)), None)


def test_package_import_is_light():
    import subprocess
    import sys

    code = (
        "import sys, baton.insight.feedback, baton.insight.feedback.cli; "
        "print('sklearn' in sys.modules, 'django' in sys.modules, 'pycld2' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "False"]


def test_nothing_answering_what_was_good_is_negative(tiny_model):
    p = tiny_model.predict(["Nothing.", "Nothing", "nothing really"], ["what_good", "could_improve", "what_good"])
    lnp = LABELS.index("Labelling not possible")
    assert p.labels[0, lnp] == 1 and p.labels[0].sum() == 1 and p.sentiment[0] == 4
    assert p.labels[2, lnp] == 1 and p.sentiment[2] == 4
    assert p.labels[1, lnp] == 0  # "Nothing" to improve: left to the model (praise in the data)
    assert E.is_nothing("None!") and not E.is_nothing("Nothing to park")


def test_load_model_caches_until_the_file_changes(tiny_model, tmp_path):
    import os

    path = tiny_model.save(tmp_path / "m.npz")
    a = E.load_model(path)
    assert E.load_model(path) is a
    tiny_model.save(path)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert E.load_model(path) is not a


# --------------------------------------------------------------------------- other languages

# Complaints as patients write them; the Arabic one came out "very positive", confidence 1, before.
NOT_ENGLISH = {
    "ar": "انتظرت خمس ساعات في قسم الطوارئ ولم يتحدث معي أي طبيب. الممرضة كانت وقحة جداً.",
    "ur": "میں نے ایمبولینس کے لیے چار گھنٹے انتظار کیا اور کسی نے میری بات نہیں سنی۔",
    "pl": "Czekałem pięć godzin na lekarza i nikt mi nie pomógł. Pielęgniarka była bardzo niemiła.",
    "bn": "আমি চার ঘণ্টা অপেক্ষা করেছি এবং কেউ আমার সাথে কথা বলেনি।",
    "ro": "Am așteptat patru ore și nimeni nu m-a ajutat. Asistenta a fost foarte nepoliticoasă.",
    "pa": "ਮੈਂ ਚਾਰ ਘੰਟੇ ਇੰਤਜ਼ਾਰ ਕੀਤਾ ਅਤੇ ਕਿਸੇ ਨੇ ਮੇਰੀ ਗੱਲ ਨਹੀਂ ਸੁਣੀ।",
    "so": "Waxaan sugay afar saacadood, qofna ima caawin. Kalkaalisadu way edeb darnayd.",
    "pt": "Esperei quatro horas e ninguém me ajudou. A enfermeira foi muito mal-educada.",
    "es": "Esperé cuatro horas y nadie me ayudó. La enfermera fue muy grosera.",
    "fr": "J'ai attendu quatre heures et personne ne m'a aidé. L'infirmière était très impolie.",
    "zh": "我等了四个小时，没有人帮助我。护士非常粗鲁。",
    "tr": "Dört saat bekledim ve kimse bana yardım etmedi. Hemşire çok kabaydı.",
    "gu": "મેં ચાર કલાક રાહ જોઈ અને કોઈએ મને મદદ કરી નહીં.",
    "cy": "Arhosais am bedair awr a doedd neb wedi fy helpu. Roedd y nyrs yn anghwrtais iawn.",
}
ENGLISH = [
    "Waited five hours in A&E and no doctor spoke to me. The nurse was very rude.",
    "The crew were kind and explained everything",
    "Dr Patel was great",
    "The crew wis awfy guid tae ma maw, cannae fault them",  # Scots: read as English
    "ok",
    "good",
    "N/A",
    "10/10",
    "Very good",
    "Fab x",
    "Merci beaucoup",  # too short to be sure: classified as before
]


def test_a_comment_in_another_language_gets_no_theme_no_sentiment_and_no_confidence():
    model = E.load_model()  # the shipped model: the one that called an Arabic complaint very positive
    p = model.predict(list(NOT_ENGLISH.values()), ["could_improve"] * len(NOT_ENGLISH))
    assert p.language == list(NOT_ENGLISH)
    assert p.not_english.all()
    assert p.labels.sum() == 0  # no theme, not even "Labelling not possible"
    assert (p.sentiment == E.NO_SENTIMENT).all() and (p.confidence == 0).all()
    assert p.label_proba.sum() == 0 and p.sentiment_proba.sum() == 0


def test_english_comments_and_short_answers_are_still_classified():
    model = E.load_model()
    p = model.predict(ENGLISH + ["Did not answer"], ["could_improve"] * (len(ENGLISH) + 1))
    assert not p.not_english.any()
    assert (p.labels.sum(axis=1) >= 1).all()
    assert set(p.sentiment.tolist()) <= {1, 2, 3, 4, 5}
    assert p.language[0] == "en" and p.language[3] == "sco"
    assert p.language[4:] == [""] * (len(ENGLISH) - 4) + [""]  # too short to tell; blank: not asked
    # the English complaint is read as one
    assert p.sentiment[0] >= 4 and p.labels[0, LABELS.index("Staff manner & personal attributes")] == 1


def test_mixed_batches_keep_their_order(tiny_model):
    texts = ["The nurse was lovely", NOT_ENGLISH["ar"], "Food was cold", NOT_ENGLISH["pl"]]
    p = tiny_model.predict(texts)
    assert p.not_english.tolist() == [False, True, False, True]
    alone = tiny_model.predict(["The nurse was lovely", "Food was cold"])
    assert np.array_equal(p.labels[[0, 2]], alone.labels)
    assert np.array_equal(p.sentiment[[0, 2]], alone.sentiment)


def test_the_shipped_labelled_comments_are_all_read_as_english():
    """The detector must not throw out the comments the model learnt from (5,433, all English)."""
    from baton.insight.feedback.language import detect_language, is_not_english

    rows, _, _ = E.read_labelled_csv(E.LABELLED_PATH)
    flagged = [r["comment_text"] for r in rows if is_not_english(detect_language(r["comment_text"]))]
    assert flagged == []


def test_the_detector_copes_with_characters_it_refuses():
    from baton.insight.feedback.language import detect_language, language_name

    # one labelled comment holds vertical tabs, which CLD2 refuses as they are
    assert detect_language(NOT_ENGLISH["pl"].replace(". ", ".\x0b\x0b")) == "pl"
    assert detect_language("Czekałem pięć godzin\ud800 na lekarza i nikt mi nie pomógł") == "pl"
    assert detect_language("\x00\ufffe") == ""
    assert language_name("ar") == "Arabic" and language_name("zh-Hant") == "Chinese (Traditional)"


def test_phase1_data_reads_as_positives_and_sentiment_only(tmp_path):
    src = tmp_path / "p1.csv"
    src.write_text(
        "comment_id,source,question,comment_text,old_category,old_subcategory,criticality\n"
        "a,Trust A,Q1,The food was cold.,Environment,Food,-2\n"
        "b,Trust B,Q1,ExcellInt care thank you,Care,Care received,0\n"
        "c,Trust C,Q2,More staff at night please,Staff,Staffing levels,x\n"
        "d,Trust C,Q1,Lovely staff,Staff,Attitude Of Staff,3\n"
        "e,Care Opinion,Q1,Did not answer,General,General,1\n"
        "f,Trust A,Q2,Lovely   staff!,Staff,Attitude Of Staff,4\n"
    )
    mapping = tmp_path / "map.json"
    mapping.write_text(
        json.dumps(
            {
                "Food": "Food & drink provision & facilities",
                "Staffing levels": "Staffing levels & responsiveness",
                "Attitude Of Staff": "Staff manner & personal attributes",
            }
        )
    )
    d = E.read_phase1_csv(src, mapping, exclude=["the food was COLD"])
    # "a" is a labelled comment (excluded), "e" blank, "f" the same comment as "d"
    assert d.texts == ["Excellint care thank you", "More staff at night please", "Lovely staff"]
    assert d.question_types == ["nonspecific", "could_improve", "what_good"]
    assert d.positives.sum(axis=1).tolist() == [0, 1, 1]  # one known sub-category at most; never a negative
    assert d.positives[1, LABELS.index("Staffing levels & responsiveness")] == 1
    assert d.positives[2, LABELS.index("Staff manner & personal attributes")] == 1
    assert d.sentiment.tolist() == [0, 0, 1]  # Trust B's 0 and "x": not scored; 3 -> very positive


def test_extra_comments_are_positives_of_their_sub_category_only(slice_rows):
    rows, Y, labels = slice_rows
    texts = [r["comment_text"] for r in rows]
    qts = [r["question_type"] for r in rows]
    sent = [r["sentiment"] for r in rows]
    cfg = E.TrainConfig(folds=0, max_word_features=3000, max_char_features=3000)
    j = labels.index("Food & drink provision & facilities")
    pos = np.zeros((3, len(labels)), dtype=np.int8)
    pos[:, j] = 1
    extra = E.PartialData(["The porridge was lumpy"] * 3, ["could_improve"] * 3, pos, np.array([4, 4, 0]))
    base = E.train(texts, qts, Y, sent, labels=labels, config=cfg)
    more = E.train(texts, qts, Y, sent, labels=labels, config=cfg, extra=extra)
    k = base.model_labels.index(labels[j])
    pb = base.predict(["The porridge was lumpy"], ["could_improve"]).label_proba[0]
    pm = more.predict(["The porridge was lumpy"], ["could_improve"]).label_proba[0]
    assert pm[j] > pb[j]
    assert np.array_equal(np.delete(more.coef, k, axis=1), np.delete(base.coef, k, axis=1))  # others unchanged
    assert more.meta["extra_comments"] == 3
    off = E.train(
        texts,
        qts,
        Y,
        sent,
        labels=labels,
        config=E.TrainConfig(**{**cfg.__dict__, "extra_label_weight": 0}),
        extra=extra,
    )
    assert np.array_equal(off.coef, base.coef)
