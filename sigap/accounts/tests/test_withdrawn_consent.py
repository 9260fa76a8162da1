"""Withdrawn consent is no dead end: login says what happened (to whoever knows the
password), and the person restores the account through the registered email
(issue 8, item 9)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sigap.accounts import registration

PASSWORD = "kata-sandi-uji-123"
NEW = "kuda-lumping-2026-baru"


@pytest.fixture
def withdrawn(citizen):
    registration.withdraw_consent(citizen)
    citizen.refresh_from_db()
    return citizen


@pytest.mark.django_db
def test_login_explains_a_withdrawn_consent(client, withdrawn):
    body = client.post(
        reverse("accounts:login"), {"username": withdrawn.email, "password": PASSWORD}
    ).content.decode()
    assert "menarik persetujuan" in body
    assert "kata sandi salah" not in body
    assert reverse("accounts:recover") in body


@pytest.mark.django_db
def test_a_wrong_password_learns_nothing_about_the_withdrawal(client, withdrawn):
    body = client.post(
        reverse("accounts:login"), {"username": withdrawn.email, "password": "tebak-tebak-12"}
    ).content.decode()
    assert "menarik persetujuan" not in body
    assert "kata sandi salah" in body


@pytest.mark.django_db
def test_the_account_is_restored_through_the_email(
    client, withdrawn, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:recover"), {"login": withdrawn.email})
    assert "persetujuan" in mailoutbox[0].body
    path = "/" + re.search(r"https?://[^/]+/(\S+/)", mailoutbox[0].body).group(1)
    page = client.get(path).content.decode()
    assert "pemberitahuan privasi" in page
    refused = client.post(path, {"new_password1": NEW, "new_password2": NEW})
    assert "Setujui kembali" in refused.content.decode()
    done = client.post(
        path, {"new_password1": NEW, "new_password2": NEW, "accepted_privacy_notice": "on"}
    )
    assert done.status_code == 302
    withdrawn.refresh_from_db()
    assert withdrawn.is_active and withdrawn.citizen_profile.consent_withdrawn_at is None
    assert (
        client.post(
            reverse("accounts:login"), {"username": withdrawn.email, "password": NEW}
        ).status_code
        == 302
    )
