"""Passwords: change one's own, reset a forgotten one through the registered email, an
initial password handed out by an admin must be changed at first login, and the
"pulihkan akun" link works (issue 8, item 8)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from sigap.accounts import staff
from sigap.accounts.models import Role, User
from sigap.accounts.passwords import recovery_link

PASSWORD = "kata-sandi-uji-123"
NEW = "kuda-lumping-2026-baru"


def _link_in(body: str) -> str:
    return re.search(r"https?://\S+/pulihkan-akun/\S+/", body).group(0)


@pytest.mark.django_db
def test_everyone_changes_their_own_password(login, officer, citizen):
    for user in (officer, citizen):
        client = login(user)
        response = client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password(NEW)
        # Still signed in after the change (session hash updated).
        assert client.get(reverse("accounts:password_change")).status_code == 200


@pytest.mark.django_db
def test_a_wrong_old_password_changes_nothing(login, officer):
    response = login(officer).post(
        reverse("accounts:password_change"),
        {"old_password": "salah-salah-123", "new_password1": NEW, "new_password2": NEW},
    )
    assert "Kata sandi lama salah." in response.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


@pytest.mark.django_db
def test_a_forgotten_password_is_reset_from_the_email(
    client, officer, mailoutbox, django_capture_on_commit_callbacks
):
    officer.email = "petugas@example.id"
    officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:recover"), {"login": "PETUGAS@example.id"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["petugas@example.id"]
    link = _link_in(mailoutbox[0].body)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200
    done = client.post("/" + path, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:login")
    assert (
        client.post(
            reverse("accounts:login"), {"username": officer.username, "password": NEW}
        ).status_code
        == 302
    )
    # The link dies once used.
    assert client.get("/" + path).status_code == 400


@pytest.mark.django_db
def test_recovery_answers_the_same_for_an_unknown_login(client, mailoutbox):
    response = client.post(reverse("accounts:recover"), {"login": "tidak.ada@example.id"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:recover_sent")
    assert mailoutbox == []


@pytest.mark.django_db
def test_an_initial_password_must_be_changed_at_first_login(agency, opd):
    _grant, initial = staff.grant_role(
        agency, username="baru.petugas", full_name="Baru", role=Role.OFFICER, unit=opd
    )
    client = Client()
    assert (
        client.post(
            reverse("accounts:login"), {"username": "baru.petugas", "password": initial}
        ).status_code
        == 302
    )
    response = client.get(reverse("shell:dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:password_change"
    )
    api = client.get("/api/v1/units")
    assert api.status_code == 403 and api.json()["code"] == "password_change_required"
    client.post(
        reverse("accounts:password_change"),
        {"old_password": initial, "new_password1": NEW, "new_password2": NEW},
    )
    assert not User.objects.get(username="baru.petugas").must_change_password
    assert client.get(reverse("shell:dashboard")).status_code == 200


@pytest.mark.django_db
def test_an_admin_hands_out_a_temporary_password_only_to_own_staff(
    login, agency_admin, officer, other_admin
):
    from sigap.accounts.models import RoleGrant

    grant = RoleGrant.objects.get(user=officer)
    response = login(agency_admin).post(
        reverse("accounts:temporary_password", args=[grant.pk]), follow=True
    )
    assert "Kata sandi sementara" in response.content.decode()
    officer.refresh_from_db()
    assert officer.must_change_password and not officer.check_password(PASSWORD)
    foreign = RoleGrant.objects.get(user=other_admin)
    assert (
        login(agency_admin)
        .post(reverse("accounts:temporary_password", args=[foreign.pk]))
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_a_tampered_link_is_refused(client, officer):
    link = recovery_link(officer)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert client.get(path[:-3] + "xx/").status_code == 400
