"""A sample is fixed when made: random but reproducible from its seed, never a comment twice."""

import pytest

from baton.core.errors import RuleBroken
from baton.patient_insight.actions import make_sample
from baton.patient_insight.models import Review
from baton.patient_insight.sampling import pick_least_confident, pick_random
from baton.patient_insight.testing import make_comment, make_comments


def test_the_same_seed_picks_the_same_comments_in_the_same_order():
    ids = list(range(1, 500))
    first = pick_random(ids, 40, seed=42)
    assert pick_random(list(reversed(ids)), 40, seed=42) == first
    assert pick_random(ids, 40, seed=43) != first
    assert len(set(first)) == 40


def test_no_comment_is_picked_twice_even_when_listed_twice():
    picked = pick_random([1, 2, 2, 3, 3, 3], 10, seed=1)
    assert sorted(picked) == [1, 2, 3]


def test_least_confident_first_with_ties_by_id():
    rows = [(5, 0.9), (3, 0.2), (4, None), (1, 0.2), (2, 0.5)]
    assert pick_least_confident(rows, 3) == [4, 1, 3]


@pytest.mark.django_db
def test_a_sample_is_reproducible_from_its_seed_and_copies_the_machine_labels(personas):
    p = personas
    make_comments(p.org, 30)
    one = make_sample(p.org, by=p.ellie, reviewer=p.pat, title="One", size=10, seed=99)
    two = make_sample(p.org, by=p.ellie, reviewer=p.pat, title="Two", size=10, seed=99)
    picked = list(Review.objects.filter(sample=one).values_list("comment_id", flat=True))
    assert picked == list(Review.objects.filter(sample=two).values_list("comment_id", flat=True))
    assert len(set(picked)) == 10
    first = Review.objects.filter(sample=one).select_related("comment").first()
    assert first.machine_themes == sorted(
        first.comment.themes.values_list("code", flat=True), key=lambda c: first.machine_themes.index(c)
    )
    assert first.machine_sentiment == first.comment.sentiment


@pytest.mark.django_db
def test_a_filter_keeps_to_its_comments_and_another_organisations_are_never_picked(personas):
    p = personas
    make_comments(p.org, 8, service="Maternity")
    make_comments(p.org, 8, service="Outpatients")
    make_comments(p.other_org, 20, service="Maternity")
    sample = make_sample(p.org, by=p.ellie, reviewer=p.pat, title="M", size=50, service="Maternity")
    comments = [r.comment for r in Review.objects.filter(sample=sample).select_related("comment")]
    assert sample.size == 8 and {c.service for c in comments} == {"Maternity"}
    assert {c.organisation_id for c in comments} == {p.org.pk}


@pytest.mark.django_db
def test_too_few_matching_comments_is_refused_and_nothing_is_saved(personas):
    p = personas
    make_comments(p.org, 3)
    make_comment(p.org, sentiment=None)  # not read by the machine (another language): never sampled
    with pytest.raises(RuleBroken, match="Only 3 labelled comments match"):
        make_sample(p.org, by=p.ellie, reviewer=p.pat, title="T", size=10)
    assert not Review.objects.exists()
