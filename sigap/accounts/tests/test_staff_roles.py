from __future__ import annotations

from django.urls import reverse

from sigap.accounts.models import Role, RoleGrant, User
from sigap.accounts.roles import has_perm


def test_agency_admin_grants_a_unit_role_to_a_new_officer(login, agency_admin, agency, opd):
    response = login(agency_admin).post(
        reverse("accounts:staff_roles"),
        {
            "username": "Budi.Petugas",
            "full_name": "Budi Santoso",
            "role": Role.OFFICER,
            "unit": opd.pk,
        },
        follow=True,
    )
    assert "Kata sandi awal" in response.content.decode()
    budi = User.objects.get(username="budi.petugas")
    grant = RoleGrant.objects.get(user=budi)
    assert (grant.agency, grant.unit, grant.role) == (agency, opd, Role.OFFICER)
    assert has_perm(budi, agency, "shell.view_staff_shell")


def test_unit_roles_need_a_unit(login, agency_admin):
    response = login(agency_admin).post(
        reverse("accounts:staff_roles"), {"username": "x", "full_name": "X", "role": Role.OFFICER}
    )
    assert "pilih unitnya" in response.content.decode()
    assert not User.objects.filter(username="x").exists()


def test_units_of_another_agency_cannot_be_chosen(login, agency_admin, other_opd):
    response = login(agency_admin).post(
        reverse("accounts:staff_roles"),
        {"username": "y", "full_name": "Y", "role": Role.OFFICER, "unit": other_opd.pk},
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
