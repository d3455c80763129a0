"""Reach: representation ratios with Wilson intervals, not stated left out, suppression applied to
every figure, gaps of open activities, the import's checks, and the query counts."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baton.core.actions import RuleBroken
from baton.reach import imports
from baton.reach.gaps import open_activities_with_gaps
from baton.reach.models import PopulationGroup, PopulationProfile
from baton.reach.reach import measure, participations_in, wilson
from baton.reach.testing import add_participants, import_population


def test_wilson_interval_matches_a_worked_example():
    # 8 of 20: Wilson 95% interval 0.2188 to 0.6134 (Newcombe 1998, method 3)
    low, high = wilson(8, 20)
    assert low == pytest.approx(0.2188, abs=1e-4)
    assert high == pytest.approx(0.6134, abs=1e-4)
    assert wilson(0, 10)[0] == 0


@pytest.mark.django_db
def test_ratio_is_the_participants_share_over_the_population_share(setup):
    s = setup
    add_participants(s.p.org, by=s.p.ellie, n=10, activity=s.activity, sex="2", age_band="25-34")
    add_participants(s.p.org, by=s.p.ellie, n=10, activity=s.activity, sex="1", age_band="Z")
    reach = measure(participations_in(activity=s.activity), s.p.org, scope="x")
    sex = reach.category("sex")
    women = next(g for g in sex.groups if g.code == "2")
    assert women.count == 10
    assert women.ratio == pytest.approx(0.5 / 0.51, rel=1e-3)
    low, high = wilson(10, 20)
    assert women.low == pytest.approx(low / 0.51, rel=1e-3)
    # not stated left out: 10 of 10 who answered are 25 to 34
    age = reach.category("age_band")
    assert age.not_stated == 10 and age.answered == 10
    band = next(g for g in age.groups if g.code == "25-34")
    assert band.ratio == pytest.approx(1 / 0.14, rel=1e-3)


@pytest.mark.django_db
def test_a_small_group_shows_no_count_share_or_ratio_anywhere(setup, signed_in, api):
    s = setup
    add_participants(s.p.org, by=s.p.ellie, n=3, activity=s.activity, sex="2")
    add_participants(s.p.org, by=s.p.ellie, n=30, activity=s.activity, sex="1")
    reach = measure(participations_in(activity=s.activity), s.p.org, scope="x")
    women = next(g for g in reach.category("sex").groups if g.code == "2")
    assert women.count is None and women.ratio is None and women.share is None
    men = next(g for g in reach.category("sex").groups if g.code == "1")
    assert men.count is None  # hidden too, or 33 - 30 would give the women away
    # and both read the same: "at least 5" for the men would put the women at 33 - 5 - ... < 5
    assert women.shown == men.shown == "suppressed"
    body = api(s.p.ellie).get(f"/reach/activities/{s.activity.pk}").json()
    sex = next(c for c in body["categories"] if c["key"] == "sex")
    assert {g["code"]: g["participants"] for g in sex["groups"]}["2"] is None
    assert sex["answered"] is None or sex["not_stated"] is None or sex["answered"] + sex["not_stated"] == 33
    answer = signed_in(s.p.ellie).get(f"/reach/activities/{s.activity.pk}/")
    assert answer.status_code == 200, answer
    page = answer.content.decode()
    assert "suppressed" in page


@pytest.mark.django_db
def test_fewer_than_5_people_show_nothing_but_that(setup):
    s = setup
    add_participants(s.p.org, by=s.p.ellie, n=4, activity=s.activity, sex="2")
    reach = measure(participations_in(activity=s.activity), s.p.org, scope="x")
    assert reach.people is None and reach.categories == []


@pytest.mark.django_db
def test_an_open_activity_with_a_target_group_nobody_from_is_a_gap(setup):
    s = setup
    add_participants(s.p.org, by=s.p.ellie, n=6, activity=s.activity, sex="1", carer="N", age_band="45-54")
    found = open_activities_with_gaps(s.p.org, s.activity.start_date)
    assert [(g.pk, g.title) for g in found] == [(s.activity.pk, s.activity.title)]
    lines = found[0].lines
    assert any("carers" in line for line in lines)
    # once it has ended, it is not listed
    from baton.cycle.models import EngagementActivity

    EngagementActivity.objects.filter(pk=s.activity.pk).update(end_date=s.activity.start_date)
    import datetime as dt

    assert open_activities_with_gaps(s.p.org, s.activity.start_date + dt.timedelta(days=1)) == []


@pytest.mark.django_db
def test_under_representation_needs_the_interval_below_1(setup):
    s = setup
    add_participants(s.p.org, by=s.p.ellie, n=40, activity=s.activity, sex="1")
    add_participants(s.p.org, by=s.p.ellie, n=5, activity=s.activity, sex="2")
    reach = measure(participations_in(activity=s.activity), s.p.org, scope="x")
    women = next(g for g in reach.category("sex").groups if g.code == "2")
    men = next(g for g in reach.category("sex").groups if g.code == "1")
    assert women.under and women.high < 1
    assert not men.under


@pytest.mark.django_db
def test_reach_runs_the_same_queries_however_many_take_part(setup):
    s = setup
    add_participants(s.p.org, by=s.p.ellie, n=6, activity=s.activity, sex="1")
    with CaptureQueriesContext(connection) as few:
        measure(participations_in(activity=s.activity), s.p.org, scope="x")
        open_activities_with_gaps(s.p.org, s.activity.start_date)
    add_participants(s.p.org, by=s.p.ellie, n=12, activity=s.activity, sex="2", age_band="16-24", imd_decile=2)
    cache.clear()  # the organisation's list is kept for five minutes: count it afresh
    with CaptureQueriesContext(connection) as more:
        measure(participations_in(activity=s.activity), s.p.org, scope="x")
        open_activities_with_gaps(s.p.org, s.activity.start_date)
    assert len(more) == len(few)


# The import ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_import_makes_the_next_version_and_keeps_the_last(setup):
    s = setup
    second = import_population(s.p.org, by=s.p.ellie, table=[["Sex", "Male", "100"], ["sex", "2", "120"]])
    assert second.number == 2 and PopulationProfile.objects.for_org(s.p.org).count() == 2
    assert s.profile.groups.count() > 2
    assert list(second.groups.values_list("code", "count")) == [("1", 100), ("2", 120)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "row, message",
    [
        (["Shoe size", "9", "10"], "is not a category Baton knows"),
        (["Sex", "Q", "10"], "is not a group of sex"),
        (["Sex", "1", "-3"], "cannot be negative"),
        (["Sex", "1", "lots"], "must be a whole number"),
        (["Sex", "1", "2.5"], "must be a whole number"),
        (["Sex", "Male", "10"], "is already on row 2"),
        (["", "1", "10"], "the category is empty"),
    ],
)
def test_a_bad_row_refuses_the_whole_import(setup, row, message):
    s = setup
    before = PopulationGroup.objects.count()
    checked = imports.prepare([["Sex", "1", "10"], row], {"category": 0, "code": 1, "count": 2})
    from baton.reach.actions import import_profile

    with pytest.raises(RuleBroken) as refused:
        import_profile(s.p.org, checked, by=s.p.ellie, source="x")
    assert any(message in reason for reason in refused.value.reasons)
    assert PopulationGroup.objects.count() == before
    assert PopulationProfile.objects.for_org(s.p.org).count() == 1


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("pop.pdf", b"%PDF-1.4", "not a file type Baton imports"),
        ("pop.csv", b"", "is empty"),
        ("pop.csv", b"Category,Code,Count\n", "only a header row. Add a row for each group"),
        ("pop.xlsx", b"not a workbook", "does not look like an Excel"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(name, data, message):
    with pytest.raises(imports.CannotRead, match=message):
        imports.read(name, data)
