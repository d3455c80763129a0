"""`baton manage export_reviews OUT.csv` writes the reviewed comments in the engine's training CSV,
and the engine trains a model from it."""

import csv

import pytest
from django.core.management import CommandError, call_command

from baton.insight.feedback import TrainConfig, classify, train_from_csv
from baton.patient_insight import framework

from ..testing import make_comment, make_sample, review

KIND = ["The nurses were so kind and caring", "Kind, caring staff who listened", "Lovely kind nurse on the ward"]
WAIT = ["Waited hours to be seen", "The wait in A&E was far too long", "Long wait for the appointment, hours"]
PARK = ["No parking spaces anywhere", "Parking costs too much", "Could not find a parking space"]


def _read(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def reviewed(personas):
    """Eighteen comments in a sample given to Pat, each corrected to its true theme (the machine
    said 'Parking' for every one), and one comment never sampled."""
    p = personas
    texts = [(t, "Staff manner & personal attributes", 1) for t in KIND] * 2
    texts += [(t, "Timeliness of care", 5) for t in WAIT] * 2 + [(t, "Parking", 4) for t in PARK] * 2
    for i, (text, _, _) in enumerate(texts):
        make_comment(p.org, f"{text} ({i})", themes=["Parking"], sentiment=3)
    sample = make_sample(p.org, by=p.ellie, reviewer=p.pat, title="All", size=18, order="low_confidence")
    by_text = {f"{t} ({i})": (theme, s) for i, (t, theme, s) in enumerate(texts)}
    for item in sample.reviews.select_related("comment"):
        theme, sentiment = by_text[item.comment.text]
        review(sample, item.position, by=p.pat, agreed=False, themes=[theme], sentiment=sentiment)
    return sample


def test_the_export_has_the_engines_columns_and_the_reviewers_labels(reviewed, tmp_path):
    out = tmp_path / "reviews.csv"
    call_command("export_reviews", str(out), "--organisation", "QNR")
    rows = _read(out)
    assert len(rows) == 18
    assert list(rows[0]) == ["comment_id", "comment_text", "question_type", "sentiment", *framework.codes()]
    kind = next(r for r in rows if r["comment_text"].startswith("The nurses were so kind"))
    assert kind["Staff manner & personal attributes"] == "1" and kind["Parking"] == "0"
    assert kind["sentiment"] == "1" and kind["question_type"] == "could_improve"


def test_the_exported_csv_trains_a_model(reviewed, tmp_path):
    out = tmp_path / "reviews.csv"
    call_command("export_reviews", str(out), "--organisation", "QNR")
    model = train_from_csv(out, TrainConfig(folds=0, min_df=1))
    p = classify(["Parking was impossible, no spaces"], model=model)
    parking = list(model.labels).index("Parking")
    assert p.labels[0][parking] == 1


def test_a_comment_reviewed_twice_is_exported_once_with_its_latest_review(reviewed, personas, tmp_path):
    p = personas
    again = make_sample(p.org, by=p.ellie, reviewer=p.pat, title="Again", size=5, seed=1)
    review(again, 1, by=p.pat, agreed=False, themes=["Feeling safe"], sentiment=2)
    out = tmp_path / "reviews.csv"
    call_command("export_reviews", str(out), "--organisation", "QNR")
    rows = _read(out)
    assert len(rows) == 18
    first = next(r for r in rows if r["comment_id"] == str(again.reviews.get(position=1).comment_id))
    assert first["Feeling safe"] == "1" and first["sentiment"] == "2"


def test_several_organisations_need_one_named(reviewed, tmp_path):
    with pytest.raises(CommandError, match="--organisation"):
        call_command("export_reviews", str(tmp_path / "x.csv"))
    call_command("export_reviews", str(tmp_path / "x.csv"), "--organisation", "QNR")
    with pytest.raises(CommandError, match="No organisation"):
        call_command("export_reviews", str(tmp_path / "x.csv"), "--organisation", "NOPE")
