"""The pages: a patient partner sees only his own samples and reports (anyone else's is 404), the
wrong role is 403, a review is saved and the next comment comes, bad input saves nothing, staff see
agreement; queries per page do not grow with rows."""

from django.urls import reverse

from baton.core.models import AuditEvent
from baton.core.testing import queries_for
from baton.cycle.models import InsightItem
from baton.patient_insight.models import FieldReport, Review, ReviewSample

from ..testing import make_report, make_sample, review


def url(name, *args):
    return reverse(f"patient_insight:{name}", args=args)


def test_pat_sees_only_the_samples_given_to_him(world, client):
    p = world.p
    client.force_login(p.pat)
    page = client.get(url("sample_list")).content.decode()
    assert "Pat&#39;s sample" in page and "Sam&#39;s sample" not in page
    assert client.get(url("sample_detail", world.sample.pk)).status_code == 200
    assert client.get(url("sample_detail", world.sams.pk)).status_code == 404
    assert client.get(url("review", world.sams.pk, 1)).status_code == 404
    assert client.post(url("review", world.sams.pk, 1), {"agreed": "yes"}).status_code == 404
    assert not Review.objects.filter(sample=world.sams).reviewed().exists()


def test_pat_sees_only_his_own_reports(world, client):
    p = world.p
    sams = make_report(p.org, by=world.sam, place="Sam's ward")
    client.force_login(p.pat)
    assert "Sam&#39;s ward" not in client.get(url("report_list")).content.decode()
    assert client.get(url("report_detail", sams.pk)).status_code == 404
    assert client.get(url("report_detail", world.report.pk)).status_code == 200


def test_staff_may_not_review_and_a_patient_partner_may_not_give_samples_or_accept(world, client):
    p = world.p
    client.force_login(p.ellie)
    assert client.get(url("review", world.sample.pk, 1)).status_code == 403
    assert client.get(url("report_create")).status_code == 403
    client.force_login(p.pat)
    assert client.get(url("sample_create")).status_code == 403
    assert client.get(url("agreement")).status_code == 403
    assert client.post(url("report_accept", world.report.pk), {"stage_run": world.run.pk}).status_code == 403
    assert client.post(url("sample_close", world.sample.pk), {"version": 1}).status_code == 403
    client.force_login(p.priya)
    assert client.get(url("sample_create")).status_code == 403
    assert client.get(url("report_return", world.report.pk)).status_code == 403
    client.force_login(p.oscar)
    assert client.get(url("sample_detail", world.sample.pk)).status_code == 404


def test_pat_corrects_a_comment_and_the_next_one_comes(world, client):
    p = world.p
    client.force_login(p.pat)
    page = client.get(url("review", world.sample.pk, 1)).content.decode()
    assert "0 of 10 reviewed" in page and "Comment 1 of 10" in page and "Save and next" in page
    response = client.post(
        url("review", world.sample.pk, 1),
        {"agreed": "no", "themes": ["Parking", "Timeliness of care"], "sentiment": "5", "version": "1"},
    )
    assert response.status_code == 302 and response["Location"] == url("review", world.sample.pk, 2)
    item = Review.objects.get(sample=world.sample, position=1)
    assert item.themes == ["Timeliness of care", "Parking"] and item.sentiment == 5
    assert "1 of 10 reviewed" in client.get(url("review", world.sample.pk, 2)).content.decode()


def test_a_correction_without_themes_shows_the_error_and_saves_nothing(world, client):
    client.force_login(world.p.pat)
    response = client.post(url("review", world.sample.pk, 1), {"agreed": "no", "sentiment": "3"})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page and "Choose at least one theme" in page
    response = client.post(url("review", world.sample.pk, 1), {})
    assert "Say whether you agree" in response.content.decode()
    assert not Review.objects.filter(sample=world.sample).reviewed().exists()


def test_the_last_comment_goes_back_to_the_sample_and_a_closed_sample_refuses(world, client):
    p = world.p
    client.force_login(p.pat)
    response = client.post(url("review", world.sample.pk, 10), {"agreed": "yes", "version": "1"})
    assert response["Location"] == url("sample_detail", world.sample.pk)
    client.force_login(p.ellie)
    client.post(url("sample_close", world.sample.pk), {"version": "1"})
    assert ReviewSample.objects.get(pk=world.sample.pk).status == "closed"
    client.force_login(p.pat)
    response = client.post(
        url("review", world.sample.pk, 10), {"agreed": "no", "themes": ["Parking"], "sentiment": "3"}
    )
    assert response.status_code == 409 and "sample is closed" in response.content.decode()
    assert Review.objects.get(sample=world.sample, position=10).agreed


def test_ellie_gives_a_sample(world, client):
    p = world.p
    client.force_login(p.ellie)
    assert client.get(url("sample_create")).status_code == 200
    response = client.post(
        url("sample_create"), {"title": "March", "reviewer": p.pat.pk, "size": "6", "order": "low_confidence"}
    )
    sample = ReviewSample.objects.get(title="March")
    assert response["Location"] == url("sample_detail", sample.pk) and sample.reviews.count() == 6
    response = client.post(url("sample_create"), {"title": "", "reviewer": p.larry.pk, "size": "1", "order": "random"})
    page = response.content.decode()
    assert "Enter a name for the sample" in page and "There is a problem" in page
    assert ReviewSample.objects.count() == 3


def test_ellie_sees_agreement_explained(world, client):
    p = world.p
    review(world.sample, 1, by=p.pat)
    review(world.sample, 2, by=p.pat, agreed=False, themes=["Parking"], sentiment=5)
    client.force_login(p.ellie)
    page = client.get(url("agreement")).content.decode()
    assert "Fully agreed" in page and "50% (1 of 2)" in page and "What these figures mean" in page
    assert "Agreement in this sample" in client.get(url("sample_detail", world.sample.pk)).content.decode()


def test_a_report_is_recorded_returned_resubmitted_and_accepted_once(world, client):
    p = world.p
    client.force_login(p.pat)
    body = {
        "kind": "community_conversation",
        "happened_on_day": "2",
        "happened_on_month": "3",
        "happened_on_year": "2026",
        "place": "Riverside Mosque",
        "heard_from": "Ten older men after Friday prayers",
        "heard": "Nobody knew the walk-in centre had moved.",
    }
    form = client.get(url("report_create")).content.decode()
    assert "No personal details" in form
    token = form.split('name="submission" value="')[1].split('"')[0]
    response = client.post(url("report_create"), {**body, "submission": token})
    report = FieldReport.objects.get(place="Riverside Mosque")
    assert response["Location"] == url("report_detail", report.pk) and report.author == p.pat
    client.post(url("report_create"), {**body, "submission": token})  # sent twice: saved once
    assert FieldReport.objects.filter(place="Riverside Mosque").count() == 1

    client.force_login(p.ellie)
    client.post(url("report_return", report.pk), {"note": "Which walk-in centre?", "version": "1"})
    client.force_login(p.pat)
    assert "Reports returned to you" in client.get("/").content.decode()
    client.post(url("report_edit", report.pk), {**body, "place": "Riverside Mosque, Hall Street", "version": "2"})
    report.refresh_from_db()
    assert report.status == FieldReport.Status.SUBMITTED and report.place.endswith("Hall Street")

    client.force_login(p.ellie)
    assert "Reports from patient partners to review" in client.get("/").content.decode()
    accept = {"stage_run": world.run.pk, "title": "The walk-in centre's move was not explained", "version": "3"}
    assert client.post(url("report_accept", report.pk), accept).status_code == 302
    again = client.post(url("report_accept", report.pk), accept)
    assert again.status_code == 409
    assert InsightItem.objects.filter(stage_run=world.run).count() == 1


def test_the_api_refuses_a_second_accept_with_409(world, api):
    p = world.p
    body = {"version": 1, "stage_run_id": world.run.pk, "title": "Call bells"}
    path = f"/patient-insight/reports/{world.report.pk}/accept"
    assert api(p.ellie).post(path, body).status_code == 200
    second = api(p.adam).post(path, body)
    assert second.status_code == 409 and second.json()["detail"]
    assert InsightItem.objects.filter(stage_run=world.run).count() == 1


def test_the_api_shows_pat_only_his_samples(world, api):
    p = world.p
    found = api(p.pat).get("/patient-insight/samples").json()
    assert [s["title"] for s in found["items"]] == ["Pat's sample"]
    assert api(p.pat).get(f"/patient-insight/samples/{world.sams.pk}").status_code == 404
    assert api(p.pat).get(f"/patient-insight/samples/{world.sams.pk}/reviews").status_code == 404
    assert api(p.pat).get("/patient-insight/agreement").status_code == 403
    assert api(p.ellie).get(f"/patient-insight/samples/{world.sams.pk}").status_code == 200


def test_pat_sees_how_many_comments_wait_in_my_work(world, client):
    review(world.sample, 1, by=world.p.pat)
    client.force_login(world.p.pat)
    page = client.get("/").content.decode()
    assert "Comments to review (9)" in page


def test_queries_per_page_do_not_grow_with_rows(world, client):
    p = world.p
    client.force_login(p.ellie)
    pages = [
        url("sample_list"),
        url("agreement"),
        url("report_list"),
        url("index"),
        url("sample_detail", world.sample.pk),
    ]
    before = [queries_for(client, page) for page in pages]
    for n in range(3):
        sample = make_sample(p.org, by=p.ellie, reviewer=p.pat, title=f"More {n}", size=5, seed=n)
        review(sample, 1, by=p.pat, agreed=False, themes=["Parking"], sentiment=3)
        make_report(p.org, by=p.pat)
    for position in range(1, 6):
        review(world.sample, position, by=p.pat)
    assert [queries_for(client, page) for page in pages] == before
    client.force_login(p.pat)
    before = queries_for(client, url("review", world.sample.pk, 1))
    review(world.sample, 6, by=p.pat)
    assert queries_for(client, url("review", world.sample.pk, 7)) == before
    assert AuditEvent.objects.exists()
