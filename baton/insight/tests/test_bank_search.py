"""The insight bank's search (`bank.search`), on the database the tests run on (SQLite's FTS5 here;
PostgreSQL's text search in CI's PostgreSQL pass): ranking, stemming, filters, the organisation's
own rows only, and queries of punctuation, operators and injection never an error."""

from datetime import date

import pytest

from baton.cycle.testing import make_insight, make_programme, make_run
from baton.insight import bank
from baton.insight.bank import COMMENT, ITEM, Filters

from .bank_factories import make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank_world(personas):
    p = personas
    diabetes = make_programme(p.org, by=p.ellie, name="Diabetes pathway")
    maternity = make_programme(p.org, by=p.ellie, name="Maternity voices")
    needs = make_run(diabetes, "needs", owner=p.ellie)
    plan = make_run(maternity, "plan", owner=p.ellie)
    w = type("W", (), {})()
    w.p, w.diabetes, w.maternity, w.needs, w.plan = p, diabetes, maternity, needs, plan
    w.item = make_insight(
        needs, by=p.ellie, title="Long waits at the diabetes clinic", detail="People waited months.", themes="access"
    )
    w.parking = make_comment(p.org, "Parking was impossible, I drove round for an hour.", themes=["Service location"])
    w.wait = make_comment(
        p.org,
        "I had to wait three hours in the waiting room and nobody told us why.",
        themes=["Timeliness of care"],
        received_on=date(2025, 6, 1),
        programme=diabetes,
        stage_run=needs,
        source="complaint",
    )
    w.once = make_comment(
        p.org, "The nurse was lovely though we did wait a while.", received_on=date(2026, 2, 1), service="Maternity"
    )
    w.theirs = make_comment(p.other_org, "Waiting for ever at Other Shire's clinic.")
    return w


def _found(results):
    return [(h.kind, h.pk) for h in results.hits]


def test_stemming_waiting_finds_wait_waits_and_waited(bank_world):
    w = bank_world
    found = _found(bank.search(w.p.org, "waiting"))
    assert set(found) == {(ITEM, w.item.pk), (COMMENT, w.wait.pk), (COMMENT, w.once.pk)}


def test_a_better_match_ranks_first(bank_world):
    w = bank_world
    # "wait" twice in a comment about waiting beats a passing mention.
    found = _found(bank.search(w.p.org, "wait", Filters(kind=COMMENT)))
    assert found.index((COMMENT, w.wait.pk)) < found.index((COMMENT, w.once.pk))


def test_every_word_is_needed_and_a_phrase_keeps_its_order(bank_world):
    w = bank_world
    assert _found(bank.search(w.p.org, "waiting room")) == [(COMMENT, w.wait.pk)]
    assert _found(bank.search(w.p.org, '"room waiting"')) == []
    assert _found(bank.search(w.p.org, '"waiting room"')) == [(COMMENT, w.wait.pk)]


def test_another_organisations_comments_never_appear(bank_world):
    w = bank_world
    found = bank.search(w.p.org, "waiting")
    assert (COMMENT, w.theirs.pk) not in _found(found)
    assert found.found == 3
    assert _found(bank.search(w.p.other_org, "waiting")) == [(COMMENT, w.theirs.pk)]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(kind=ITEM), {"item"}),
        (Filters(kind=COMMENT), {"wait", "once"}),
        (Filters(theme="Timeliness of care"), {"wait"}),
        (Filters(stage="needs"), {"item", "wait"}),
        (Filters(stage="plan"), set()),
        (Filters(source="complaint"), {"wait"}),
        (Filters(since=date(2026, 1, 1), kind=COMMENT), {"once"}),
        (Filters(until=date(2025, 12, 31)), {"wait"}),
    ],
)
def test_filters_narrow_the_search(bank_world, filters, expected):
    w = bank_world
    names = {(ITEM, w.item.pk): "item", (COMMENT, w.wait.pk): "wait", (COMMENT, w.once.pk): "once"}
    assert {names[f] for f in _found(bank.search(w.p.org, "waiting", filters))} == expected


def test_the_programme_filter(bank_world):
    w = bank_world
    found = _found(bank.search(w.p.org, "waiting", Filters(programme_id=w.diabetes.pk)))
    assert set(found) == {(ITEM, w.item.pk), (COMMENT, w.wait.pk)}
    assert _found(bank.search(w.p.org, "waiting", Filters(programme_id=w.maternity.pk))) == []


def test_no_words_with_a_filter_lists_the_newest_first(bank_world):
    w = bank_world
    found = _found(bank.search(w.p.org, "", Filters(kind=COMMENT)))
    assert found == [(COMMENT, w.parking.pk), (COMMENT, w.once.pk), (COMMENT, w.wait.pk)]


def test_results_say_what_they_are_and_mark_the_words(bank_world):
    w = bank_world
    hits = {(h.kind, h.pk): h for h in bank.search(w.p.org, "waiting").hits}
    item = hits[ITEM, w.item.pk]
    assert (item.programme, item.stage) == ("Diabetes pathway", "Identify needs and aspirations")
    assert "<mark>waits</mark>" in item.heading
    comment = hits[COMMENT, w.wait.pk]
    assert comment.themes == ["Timeliness of care"]
    assert comment.sentiment == "Negative"
    assert comment.on == date(2025, 6, 1)
    assert "<mark>wait</mark>" in comment.snippet and "<mark>waiting</mark>" in comment.snippet


def test_a_comments_own_markup_is_shown_as_text(personas):
    p = personas
    make_comment(p.org, "<script>alert('x')</script> the parking <b>machine</b> was broken")
    (hit,) = bank.search(p.org, "parking").hits
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "<mark>parking</mark>" in hit.snippet


@pytest.mark.parametrize(
    "query",
    [
        "!!!",
        "***",
        '"',
        '"""',
        "()",
        "NEAR(",
        "a AND OR NOT",
        "parking*",
        "^parking",
        "park:ing",
        "-parking",
        "'); DROP TABLE insight_feedbackcomment; --",
        "parking' OR 1=1 --",
        "\x00parking",
        "x" * 5000,
        "🙂 parking",
        "col:parking text:parking",
    ],
)
def test_any_query_is_words_or_nothing_never_an_error(bank_world, query):
    w = bank_world
    found = bank.search(w.p.org, query)
    assert found.problem or found.hits is not None
    assert (COMMENT, w.theirs.pk) not in _found(found)


def test_punctuation_only_says_so(bank_world):
    found = bank.search(bank_world.p.org, "?!*")
    assert "Type a word" in found.problem and found.hits == []


def test_common_words_only_say_so(bank_world):
    found = bank.search(bank_world.p.org, "the and of")
    assert "too common" in found.problem


def test_operators_are_searched_as_words(bank_world):
    w = bank_world
    # FTS5 would read OR and NEAR as operators and * as a prefix: here they are words (or dropped).
    assert _found(bank.search(w.p.org, "parking OR nurse")) == []
    assert _found(bank.search(w.p.org, "parking*")) == [(COMMENT, w.parking.pk)]


def test_counts_stop_at_the_cap_and_pages_at_the_ranked(personas, monkeypatch):
    p = personas
    monkeypatch.setattr(bank, "CAP", 5)
    monkeypatch.setattr(bank, "RANKED", 5)
    for n in range(8):
        make_comment(p.org, f"Parking number {n}")
    found = bank.search(p.org, "parking", per_page=3)
    assert found.capped and found.found_text == "More than 5 results"
    assert found.pages == 2
    assert len(bank.search(p.org, "parking", page=2, per_page=3).hits) == 2


def test_parse_keeps_words_and_phrases_only():
    terms = bank.parse('Waiting "the long wait" -for NEAR(car park)* ')
    assert terms.parts == (("long", "wait"), ("waiting",), ("near",), ("car",), ("park",))
    assert terms.fts5() == '"long wait" "waiting" "near" "car" "park"'
    assert terms.websearch() == '"long wait" waiting near car park'
    assert terms.dropped


def test_a_corrected_comment_is_found_by_its_new_words_only(bank_world):
    """The search follows a comment's text when it changes: PostgreSQL's stored vector column is
    made again by the database, SQLite's FTS5 table by its trigger."""
    w = bank_world
    from baton.insight.models import FeedbackComment

    FeedbackComment.objects.filter(pk=w.parking.pk).update(text="The ambulance came quickly.")
    assert _found(bank.search(w.p.org, "ambulance")) == [(COMMENT, w.parking.pk)]
    assert (COMMENT, w.parking.pk) not in _found(bank.search(w.p.org, "parking"))
