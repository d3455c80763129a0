"""Sign-in throttling (django-axes, policy in core/lockout.py): wrong passwords lock the account
from every address, many failures from one address lock that address, the sign-in page says how
long to wait and who to ask, the lock is audited, and an administrator can unlock."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from baton.core.models import ApiToken, AuditEvent
from baton.core.testing import PASSWORD, make_user

ACCOUNT_LIMIT = settings.AXES_FAILURE_LIMIT
ADDRESS_LIMIT = settings.BATON_SIGN_IN_ADDRESS_LIMIT
HOME, ELSEWHERE = "203.0.113.10", "198.51.100.20"


def sign_in(username: str, password: str, address: str = HOME, client: Client | None = None):
    client = client or Client()
    return client.post("/sign-in/", {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(username: str, times: int, address: str = HOME) -> None:
    for _ in range(times):
        sign_in(username, "wrong password", address)


def signed_in(response) -> bool:
    return response.status_code == 302


def test_the_limits_are_the_documented_defaults():
    assert (ACCOUNT_LIMIT, ADDRESS_LIMIT, settings.AXES_COOLOFF_TIME) == (10, 30, timedelta(minutes=15))


@pytest.mark.django_db
def test_fewer_wrong_passwords_than_the_limit_still_let_the_right_one_in(personas):
    fail("priya", ACCOUNT_LIMIT - 1)
    assert signed_in(sign_in("priya", PASSWORD))


@pytest.mark.django_db
def test_after_too_many_wrong_passwords_the_right_one_is_refused_with_the_nhs_message(personas):
    fail("priya", ACCOUNT_LIMIT)
    client = Client()

    response = sign_in("priya", PASSWORD, client=client)

    assert response.status_code == 429
    body = response.content.decode()
    assert "There is a problem" in body and "nhsuk-error-summary" in body
    assert "Wait 15 minutes, then try again" in body
    assert "ask your Baton administrator" in body
    assert 'value="priya"' in body
    assert body.count("<h1") == 1
    assert "no-store" in response["Cache-Control"]
    assert client.get("/")["Location"].startswith("/sign-in/")


@pytest.mark.django_db
def test_fifty_wrong_passwords_then_the_right_one_is_refused(personas):
    fail("priya", 50)
    assert not signed_in(sign_in("priya", PASSWORD))


@pytest.mark.django_db
def test_an_account_lock_holds_from_every_address(personas):
    fail("priya", ACCOUNT_LIMIT, address=HOME)
    assert sign_in("priya", PASSWORD, address=ELSEWHERE).status_code == 429


@pytest.mark.django_db
def test_an_account_lock_does_not_lock_other_people_at_the_same_address(personas):
    fail("priya", ACCOUNT_LIMIT, address=HOME)
    assert signed_in(sign_in("ellie", PASSWORD, address=HOME))


@pytest.mark.django_db
def test_many_failures_from_one_address_lock_that_address_for_everyone(personas):
    usernames = [f"guess{n}" for n in range(ADDRESS_LIMIT)]
    for username in usernames:  # password spraying: one try each, never an account's limit
        fail(username, 1, address=HOME)

    assert sign_in("ellie", PASSWORD, address=HOME).status_code == 429
    assert signed_in(sign_in("ellie", PASSWORD, address=ELSEWHERE))


@pytest.mark.django_db
def test_a_few_mistakes_by_several_people_at_one_address_lock_nobody(personas):
    for username in ("ellie", "larry", "bea"):
        fail(username, ACCOUNT_LIMIT - 1, address=HOME)  # 27 failures from one address in all
    assert signed_in(sign_in("priya", PASSWORD, address=HOME))


@pytest.mark.django_db
def test_the_lock_ends_after_the_cool_off_and_attempts_during_it_do_not_extend_it(personas):
    fail("priya", ACCOUNT_LIMIT)
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        assert sign_in("priya", "still wrong").status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert signed_in(sign_in("priya", PASSWORD))


@pytest.mark.django_db
def test_the_lock_of_a_known_person_is_audited_once_in_their_organisation(personas):
    fail("priya", ACCOUNT_LIMIT + 3)

    events = AuditEvent.objects.filter(action="sign_in_locked_out")
    assert events.count() == 1
    event = events.get()
    assert event.organisation == personas.org
    assert (event.model, event.object_id) == ("core.user", str(personas.priya.pk))
    assert event.actor is None
    assert event.after == {"username": "priya", "ip_address": HOME, "failures": ACCOUNT_LIMIT, "minutes": 15}


@pytest.mark.django_db
def test_an_unknown_username_is_recorded_by_axes_and_logged_not_audited(personas, caplog):
    fail("nobody-here", ACCOUNT_LIMIT)

    assert not AuditEvent.objects.filter(action="sign_in_locked_out").exists()
    assert AccessAttempt.objects.filter(username="nobody-here", failures_since_start=ACCOUNT_LIMIT).exists()
    assert AccessFailureLog.objects.filter(username="nobody-here").count() == ACCOUNT_LIMIT
    assert "no one in a Baton organisation" in caplog.text and "nobody-here" not in caplog.text
    assert "wrong password" not in str(AccessAttempt.objects.values_list("post_data", flat=True))


@pytest.mark.django_db
def test_an_administrator_unlocks_with_the_command(personas):
    fail("priya", ACCOUNT_LIMIT)
    call_command("axes_reset_username", "priya")
    assert signed_in(sign_in("priya", PASSWORD))


@pytest.mark.django_db
def test_an_administrator_unlocks_in_the_admin(personas):
    fail("priya", ACCOUNT_LIMIT)
    root = make_user(None, username="root", is_staff=True, is_superuser=True)
    admin = Client()
    admin.force_login(root)
    attempt = AccessAttempt.objects.get(username="priya")

    assert "priya" in admin.get("/admin/axes/accessattempt/").content.decode()
    admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})

    assert signed_in(sign_in("priya", PASSWORD))


@pytest.mark.django_db
def test_a_locked_account_keeps_its_api_tokens(personas):
    _token, raw = ApiToken.issue(personas.priya, "Power BI")
    fail("priya", ACCOUNT_LIMIT)
    response = Client().get("/api/programmes", HTTP_AUTHORIZATION=f"Bearer {raw}", REMOTE_ADDR=HOME)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("forwarded_for", "client"),
    [
        ("203.0.113.5", "203.0.113.5"),  # what the load balancer saw
        ("1.2.3.4, 203.0.113.5", "203.0.113.5"),  # a client's own X-Forwarded-For is ignored
        ("not-an-address, 203.0.113.5", "203.0.113.5"),
        (None, "10.0.0.2"),  # no balancer in front: the connection's address
    ],
)
def test_behind_the_load_balancer_the_address_is_the_one_it_appended(forwarded_for, client, settings):
    from axes.helpers import get_client_ip_address
    from django.test import RequestFactory

    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_ORDER = "left-most"
    settings.AXES_IPWARE_PROXY_COUNT = 0  # BATON_PROXY_COUNT=1, the default with BATON_HTTPS
    settings.IPWARE_STRICT = False
    meta = {"REMOTE_ADDR": "10.0.0.2"}
    if forwarded_for:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    assert get_client_ip_address(RequestFactory().post("/sign-in/", **meta)) == client


@pytest.mark.django_db
def test_failed_sign_ins_without_a_username_lock_only_their_address(personas):
    """An OIDC sign-in has no username: many failing from one address must not lock OIDC for
    everyone else (axes would otherwise count them all as one 'no username' account)."""
    from axes.handlers.proxy import AxesProxyHandler
    from django.contrib.auth.signals import user_login_failed
    from django.test import RequestFactory

    def oidc_request(address):
        return RequestFactory().get("/oidc/callback/", REMOTE_ADDR=address)

    for _ in range(ADDRESS_LIMIT):
        user_login_failed.send(sender=__name__, credentials={}, request=oidc_request(HOME))

    assert not AxesProxyHandler.is_allowed(oidc_request(HOME), {})
    assert AxesProxyHandler.is_allowed(oidc_request(ELSEWHERE), {})
