"""Registration does not tell a stranger whether a NIK, email or phone is registered;
the owner is told on their registered email; registration, login and recovery are
rate-limited per address (issue 8, item 4)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from sigap.accounts.models import User

FRESH_NIK = "1571015705900002"


def _form(**overrides) -> dict:
    data = {
        "full_name": "Orang Asing",
        "nik": FRESH_NIK,
        "birth_date": "",
        "email": "asing@example.id",
        "phone": "",
        "password1": "sangat-rahasia-2026",
        "password2": "sangat-rahasia-2026",
        "accepted_privacy_notice": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def low_limits(settings):
    settings.SIGAP_RATE_REGISTER = 3
    settings.SIGAP_RATE_LOGIN = 3
    settings.SIGAP_RATE_RECOVER = 3
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_a_known_nik_and_a_known_email_get_the_same_answer(
    client, citizen, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        by_nik = client.post(reverse("accounts:register"), _form(nik=citizen.citizen_profile.nik))
        by_email = client.post(reverse("accounts:register"), _form(email=citizen.email))
    for response in (by_nik, by_email):
        body = response.content.decode()
        assert response.status_code == 200
        assert "sudah terdaftar" not in body and "sudah dipakai" not in body
        assert "Pendaftaran tidak dapat diselesaikan dengan data ini" in body
    # The owner hears about it on the contact they registered, with the recovery page.
    assert [m.to for m in mailoutbox] == [[citizen.email], [citizen.email]]
    assert reverse("accounts:recover") in mailoutbox[0].body
    assert citizen.citizen_profile.nik not in mailoutbox[0].body
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_registration_is_limited_per_address(client, low_limits):
    for i in range(3):
        client.post(reverse("accounts:register"), _form(email=f"x{i}@example.id", nik="bad"))
    response = client.post(reverse("accounts:register"), _form())
    assert response.status_code == 429
    assert not User.objects.filter(email="asing@example.id").exists()
    # Another address is not affected.
    other = client.post(reverse("accounts:register"), _form(), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


@pytest.mark.django_db
def test_login_is_limited_per_address_whatever_the_account(client, low_limits, officer):
    for i in range(3):
        client.post(reverse("accounts:login"), {"username": f"nobody{i}", "password": "x"})
    response = client.post(
        reverse("accounts:login"), {"username": officer.username, "password": "kata-sandi-uji-123"}
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_recovery_is_limited_per_address(client, low_limits):
    for i in range(3):
        client.post(reverse("accounts:recover"), {"login": f"x{i}@example.id"})
    assert client.post(reverse("accounts:recover"), {"login": "y@example.id"}).status_code == 429
