from __future__ import annotations

from django.urls import reverse

from conftest import PASSWORD
from sigap.accounts.models import ApiToken
from sigap.accounts.tokens import issue_token


def test_repeated_failed_logins_lock_the_account_out(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": officer.username, "password": "salah"})
    response = client.post(
        reverse("accounts:login"), {"username": officer.username, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.content.decode()


def test_wrong_password_says_so_in_indonesian(client, officer):
    response = client.post(
        reverse("accounts:login"), {"username": officer.username, "password": "salah"}
    )
    assert "kata sandi salah" in response.content.decode()


def test_passwords_are_hashed_with_argon2(settings):
    assert "Argon2PasswordHasher" in settings.PASSWORD_HASHERS[-2]
    production = [h for h in settings.PASSWORD_HASHERS if "MD5" not in h]
    assert production[0].endswith("Argon2PasswordHasher")


def test_api_token_authenticates_and_revoked_token_does_not(client, officer, agency):
    token, key = issue_token(officer, "aplikasi kios")
    ok = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert ok.status_code == 200 and ok.json()["username"] == officer.username
    assert ok.json()["agency"]["slug"] == agency.slug
    assert ApiToken.objects.get(pk=token.pk).key_hash != key  # only the hash is stored
    token.revoked_at = token.created_at
    token.save()
    refused = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert refused.status_code == 401 and refused.json()["code"] == "invalid_token"


def test_staff_choose_among_their_agencies_only(login, officer, agency, other_agency):
    client = login(officer)
    client.post(reverse("shell:switch_agency"), {"agency": other_agency.pk})
    assert client.get("/api/v1/me").json()["agency"]["slug"] == agency.slug
    response = client.get("/api/v1/me", HTTP_X_SIGAP_AGENCY=other_agency.slug)
    assert response.status_code == 404
