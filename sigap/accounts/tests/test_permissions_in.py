"""``permissions_in``: every permission a user holds in an agency, worked out once per
request from the role table, answers exactly as the table does for every declared
permission and every role; the staff menu shows an entry exactly when one of its
permissions is held (as ``platform.access.may`` answers through Django)."""

from __future__ import annotations

import pytest

from sigap.accounts.roles import has_perm, permissions_in
from sigap.platform.access import may_any
from sigap.platform.declarations import Role, permission_roles
from sigap.shell.navigation import menu_for, resolved_menu

USERS = ["agency_admin", "officer", "inspector", "hr", "leadership", "unit_head", "system_admin"]


@pytest.mark.parametrize("who", USERS)
def test_every_permission_answers_as_the_role_table(request, who, agency, other_agency):
    user = request.getfixturevalue(who)
    roles = {g.role for g in user.role_grants.all() if g.agency_id == agency.pk}
    held = permissions_in(user, agency)
    for permission, holders in permission_roles().items():
        expected = bool(roles & holders) or who == "system_admin"
        assert (permission in held) is expected, (who, permission)
        assert has_perm(user, agency, permission) is expected
        assert user.has_perm(permission, agency) is expected
    # Another pemda: nothing, unless installation-wide.
    assert bool(permissions_in(user, other_agency)) is (who == "system_admin")


@pytest.mark.parametrize("who", USERS)
def test_the_menu_shows_what_the_access_check_allows(request, who, agency):
    user = request.getfixturevalue(who)
    expected = [url for entry, url in resolved_menu() if may_any(user, agency, entry.permissions)]
    assert [item["url"] for item in menu_for(user, agency)] == expected


def test_no_agency_no_user_no_permissions(officer, citizen, agency):
    assert permissions_in(officer, None) == frozenset()
    assert permissions_in(citizen, agency) == frozenset()
    assert menu_for(officer, None) == []


def test_worked_out_once_per_request_user(officer, agency, django_assert_num_queries):
    permissions_in(officer, agency)
    with django_assert_num_queries(0):
        for _ in range(3):
            permissions_in(officer, agency)
            menu_for(officer, agency)


def test_a_new_read_of_the_grants_is_answered_afresh(officer, agency):
    from sigap.accounts.models import RoleGrant

    assert "audit.view_agency_trail" not in permissions_in(officer, agency)
    RoleGrant.objects.create(user=officer, agency=agency, role=Role.INSPECTOR)
    del officer._sigap_grants  # as the next request's user object would
    assert "audit.view_agency_trail" in permissions_in(officer, agency)
