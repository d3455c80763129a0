import pytest

from baton.core.models import ApiToken
from baton.core.testing import PASSWORD


@pytest.mark.django_db
def test_a_person_signs_in_with_their_account_and_lands_on_the_hub(client, personas):
    response = client.post("/sign-in/", {"username": "ellie", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_password_is_explained_and_the_username_kept(client, personas):
    response = client.post("/sign-in/", {"username": "ellie", "password": "a-wrong-secret-9"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and "Enter a correct username and password" in body
    assert 'value="ellie"' in body
    # The password typed is never written back into the page (it would sit in the HTML and the
    # browser's cache of it).
    assert "a-wrong-secret-9" not in body


@pytest.mark.django_db
def test_an_empty_form_says_what_is_missing(client, personas):
    body = client.post("/sign-in/", {}).content.decode()
    assert "Enter your username" in body and "Enter your password" in body


@pytest.mark.django_db
def test_api_tokens_are_shown_once_stored_hashed_and_can_be_revoked(personas, signed_in):
    client = signed_in(personas.priya)
    response = client.post("/account/tokens/", {"name": "Power BI", "days": 90})
    body = response.content.decode()
    token = ApiToken.objects.get(user=personas.priya)
    assert token.prefix in body and token.digest not in body
    raw = body.split('id="new-token">')[1].split("<")[0]
    assert ApiToken.hash(raw) == token.digest
    assert client.get("/api/programmes", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code != 401
    client.post(f"/account/tokens/{token.pk}/revoke/")
    from django.test import Client

    assert Client().get("/api/programmes", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


@pytest.mark.django_db
def test_someone_cannot_revoke_another_persons_token(personas, signed_in):
    token, _raw = ApiToken.issue(personas.priya, "mine")
    assert signed_in(personas.ellie).post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.django_db
def test_the_token_form_needs_a_name(personas, signed_in):
    body = signed_in(personas.priya).post("/account/tokens/", {"name": ""}).content.decode()
    assert "There is a problem" in body and "Enter what the token is for" in body
    assert not ApiToken.objects.exists()
