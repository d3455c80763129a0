"""API tokens: every token expires (chosen at issue, at most a year), issuing and revoking are
audited in the owner's organisation, and a second revoke keeps the first date."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from baton.core.errors import RuleBroken
from baton.core.models import ApiToken, AuditEvent
from baton.core.tokens import issue_token, revoke_token


def api_status(raw: str) -> int:
    return Client().get("/api/programmes", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code


@pytest.mark.django_db
@pytest.mark.parametrize("days", [30, 90, 180, 365])
def test_a_token_expires_after_the_lifetime_chosen_on_the_page(personas, signed_in, days):
    client = signed_in(personas.priya)
    before = timezone.now()

    body = client.post("/account/tokens/", {"name": "Power BI", "days": days}).content.decode()

    token = ApiToken.objects.get(user=personas.priya)
    assert before + timedelta(days=days) <= token.expires_at <= timezone.now() + timedelta(days=days)
    assert "It stops working on" in body


@pytest.mark.django_db
def test_the_lifetime_defaults_to_90_days(personas, signed_in):
    body = signed_in(personas.priya).get("/account/tokens/").content.decode()

    assert 'value="90" checked' in body
    token, _raw = ApiToken.issue(personas.priya, "default")
    assert round((token.expires_at - token.created_at) / timedelta(days=1)) == 90


@pytest.mark.django_db
@pytest.mark.parametrize("days", ["0", "366", "3650", "ninety", "-1"])
def test_a_lifetime_that_is_not_offered_is_refused_in_plain_english(personas, signed_in, days):
    body = signed_in(personas.priya).post("/account/tokens/", {"name": "Forever", "days": days}).content.decode()

    assert "There is a problem" in body
    assert "Choose how long the token lasts: 30 days, 90 days, 180 days or 1 year" in body
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_the_action_and_the_model_refuse_a_token_for_longer_than_a_year(personas):
    with pytest.raises(RuleBroken):
        issue_token(personas.priya, name="Forever", days=366, by=personas.priya)
    with pytest.raises(ValueError):
        ApiToken.issue(personas.priya, "Forever", days=366)
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_an_expired_token_is_refused_with_401(personas):
    _token, raw = issue_token(personas.priya, name="Short", days=30, by=personas.priya)
    assert api_status(raw) == 200

    with time_machine.travel(timezone.now() + timedelta(days=30, seconds=1)):
        response = Client().get("/api/programmes", HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


@pytest.mark.django_db
def test_the_tokens_page_shows_each_expiry_and_marks_expired_tokens(personas, signed_in):
    issue_token(personas.priya, name="Soon", days=30, by=personas.priya)
    issue_token(personas.priya, name="Later", days=365, by=personas.priya)

    with time_machine.travel(timezone.now() + timedelta(days=31)):
        body = signed_in(personas.priya).get("/account/tokens/").content.decode()

    assert "Expires" in body
    assert body.count("Expired</strong>") == 1
    soon, later = ApiToken.objects.get(name="Soon"), ApiToken.objects.get(name="Later")
    from baton.core.jinja import ukdate

    assert ukdate(soon.expires_at) in body and ukdate(later.expires_at) in body


@pytest.mark.django_db
def test_issuing_is_audited_in_the_owners_organisation_without_the_digest(personas, signed_in):
    signed_in(personas.priya).post("/account/tokens/", {"name": "Power BI", "days": 90})

    token = ApiToken.objects.get(user=personas.priya)
    event = AuditEvent.objects.get(action="issue_api_token")
    assert event.organisation == personas.org
    assert event.actor == personas.priya
    assert (event.model, event.object_id) == ("core.apitoken", str(token.pk))
    assert event.after["expires_at"] and "digest" not in event.after
    assert token.digest not in str(event.after)


@pytest.mark.django_db
def test_revoking_is_audited_and_stops_the_token(personas, signed_in):
    token, raw = issue_token(personas.priya, name="Power BI", by=personas.priya)
    client = signed_in(personas.priya)

    response = client.post(f"/account/tokens/{token.pk}/revoke/", follow=True)

    assert "Revoked the token" in response.content.decode()
    event = AuditEvent.objects.get(action="revoke_api_token")
    assert event.organisation == personas.org and event.actor == personas.priya
    assert event.before["revoked_at"] is None and event.after["revoked_at"]
    assert api_status(raw) == 401


@pytest.mark.django_db
def test_a_second_revoke_changes_nothing_keeps_the_first_date_and_says_so(personas, signed_in):
    token, _raw = issue_token(personas.priya, name="Power BI", by=personas.priya)
    client = signed_in(personas.priya)
    client.post(f"/account/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    first = token.revoked_at

    with time_machine.travel(timezone.now() + timedelta(days=2)):
        response = client.post(f"/account/tokens/{token.pk}/revoke/", follow=True)

    token.refresh_from_db()
    assert token.revoked_at == first
    assert "was already revoked on" in response.content.decode()
    assert "Nothing changed" in response.content.decode()
    assert AuditEvent.objects.filter(action="revoke_api_token").count() == 1


@pytest.mark.django_db
def test_the_admin_revokes_through_the_action_and_keeps_earlier_dates(personas, client):
    from baton.core.testing import make_user

    admin_user = make_user(None, username="root", is_staff=True, is_superuser=True)
    already, _ = issue_token(personas.priya, name="Old", by=personas.priya)
    revoke_token(already, by=personas.priya)
    already.refresh_from_db()
    live, _ = issue_token(personas.priya, name="Live", by=personas.priya)
    client.force_login(admin_user)

    client.post("/admin/core/apitoken/", {"action": "revoke", "_selected_action": [already.pk, live.pk]}, follow=True)

    live.refresh_from_db()
    assert live.revoked_at is not None
    assert ApiToken.objects.get(pk=already.pk).revoked_at == already.revoked_at
    assert AuditEvent.objects.filter(action="revoke_api_token").count() == 2
