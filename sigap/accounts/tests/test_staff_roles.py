from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sigap.accounts.models import Role, RoleGrant, User
from sigap.accounts.roles import has_perm


def test_a_new_officer_gets_the_role_by_accepting_an_invitation(
    login, agency_admin, agency, opd, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(agency_admin).post(
            reverse("accounts:staff_roles"),
            {
                "login": "Budi.Petugas@example.id",
                "full_name": "Budi Santoso",
                "role": Role.OFFICER,
                "unit": opd.pk,
            },
            follow=True,
        )
    body = response.content.decode()
    assert "Undangan untuk peran" in body and "Kata sandi awal" not in body
    assert not RoleGrant.objects.filter(user__email="budi.petugas@example.id").exists()
    link = re.search(r"https?://[^/]+(/undangan/\S+/)", mailoutbox[0].body).group(1)
    assert mailoutbox[0].to == ["budi.petugas@example.id"]
    accept = client.post(
        link,
        {
            "username": "budi.petugas",
            "full_name": "Budi Santoso",
            "password1": "kuda-lumping-2026-baru",
            "password2": "kuda-lumping-2026-baru",
        },
    )
    assert accept.status_code == 302
    budi = User.objects.get(username="budi.petugas")
    grant = RoleGrant.objects.get(user=budi)
    assert (grant.agency, grant.unit, grant.role) == (agency, opd, Role.OFFICER)
    assert has_perm(budi, agency, "shell.view_staff_shell")
    # The link is spent.
    assert client.get(link).status_code == 404


def test_own_staff_get_the_role_at_once(login, agency_admin, agency, officer):
    response = login(agency_admin).post(
        reverse("accounts:staff_roles"),
        {"login": officer.username.upper(), "role": Role.INSPECTOR},
        follow=True,
    )
    assert officer.full_name in response.content.decode()
    assert RoleGrant.objects.filter(user=officer, agency=agency, role=Role.INSPECTOR).exists()


@pytest.mark.parametrize("who", ["other_admin", "system_admin", "nobody"])
def test_accounts_outside_the_agency_are_never_named_nor_granted(request, login, agency_admin, who):
    if who == "nobody":
        typed = "tidak.ada"
    else:
        target = request.getfixturevalue(who)
        typed = target.username
    response = login(agency_admin).post(
        reverse("accounts:staff_roles"), {"login": typed, "role": Role.HR}
    )
    body = response.content.decode()
    assert "Tidak ada pegawai pemda ini" in body
    if who != "nobody":
        assert target.full_name not in body
        assert not RoleGrant.objects.filter(user=target, role=Role.HR).exists()


@pytest.mark.parametrize("who", ["other_admin", "citizen", "nobody"])
def test_an_email_gets_the_same_answer_whoever_holds_it(
    request, login, agency_admin, who, mailoutbox, django_capture_on_commit_callbacks
):
    email = "siapa@example.id"
    if who != "nobody":
        target = request.getfixturevalue(who)
        target.email = email
        target.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(agency_admin).post(
            reverse("accounts:staff_roles"), {"login": email, "role": Role.HR}, follow=True
        )
    body = response.content.decode()
    assert "Undangan untuk peran" in body
    assert "warga" not in body.split("<main", 1)[1].split("Undangan untuk", 1)[0].lower()
    if who != "nobody":
        assert target.full_name not in body
        assert not RoleGrant.objects.filter(user=target, role=Role.HR).exists()
    assert mailoutbox[0].to == [email]


def test_a_citizen_cannot_accept_a_staff_invitation(
    login, agency_admin, citizen, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        login(agency_admin).post(
            reverse("accounts:staff_roles"), {"login": citizen.email, "role": Role.HR}
        )
    link = re.search(r"https?://[^/]+(/undangan/\S+/)", mailoutbox[0].body).group(1)
    login(citizen).post(link)
    assert not RoleGrant.objects.filter(user=citizen).exists()


def test_unit_roles_need_a_unit(login, agency_admin):
    response = login(agency_admin).post(
        reverse("accounts:staff_roles"), {"login": "x@example.id", "role": Role.OFFICER}
    )
    assert "pilih unitnya" in response.content.decode()


def test_units_of_another_agency_cannot_be_chosen(login, agency_admin, other_opd):
    response = login(agency_admin).post(
        reverse("accounts:staff_roles"),
        {"login": "y@example.id", "full_name": "Y", "role": Role.OFFICER, "unit": other_opd.pk},
    )
    assert response.status_code == 200 and 'id="id_unit_error"' in response.content.decode()
    assert not User.objects.filter(username="y").exists()


def test_revoking_a_grant_of_another_agency_is_not_found(login, agency_admin, other_admin):
    foreign = RoleGrant.objects.get(user=other_admin)
    response = login(agency_admin).post(reverse("accounts:revoke_role", args=[foreign.pk]))
    assert response.status_code == 404
    assert RoleGrant.objects.filter(pk=foreign.pk).exists()


def test_an_admin_cannot_revoke_their_own_admin_role(login, agency_admin):
    own = RoleGrant.objects.get(user=agency_admin)
    login(agency_admin).post(reverse("accounts:revoke_role", args=[own.pk]))
    assert RoleGrant.objects.filter(pk=own.pk).exists()
