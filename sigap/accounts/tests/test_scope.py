"""Row scope: one answer per user, agency and resource, from scoped permission names."""

from __future__ import annotations

from conftest import make_staff
from sigap.accounts.models import Role
from sigap.accounts.scope import RowScope, row_scope, scope_permissions
from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import OrgUnit

ASN = "workforce.asn"


def test_agency_wide_readers_see_all(hr, leadership, inspector, agency, system_admin):
    for user in (hr, leadership, inspector, system_admin):
        assert row_scope(user, agency, ASN).sees_all


def test_a_unit_head_sees_the_subtree_of_their_unit_only(unit_head, agency, opd):
    scope = row_scope(unit_head, agency, ASN)
    assert scope.kind == RowScope.UNITS and scope.unit_paths == (opd.path,)
    with activate(agency):
        child = org.create_unit(
            agency, kind=OrgUnit.Kind.BIDANG, name="Bidang A", code="A", parent=opd
        )
        other = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas Lain", code="DL")
        visible = set(scope.rows(OrgUnit.objects.all(), unit_path="path"))
    assert visible == {opd, child} and other not in visible


def test_roles_without_the_right_and_other_agencies_see_nothing(
    officer, other_admin, agency, citizen
):
    for user in (officer, other_admin, citizen):
        scope = row_scope(user, agency, ASN)
        assert scope.sees_nothing
        with activate(agency):
            assert not scope.rows(OrgUnit.objects.all(), unit_path="path").exists()


def test_a_unit_role_in_another_agency_gives_nothing_here(other_agency, other_opd, agency):
    head_elsewhere = make_staff("kepala.tebo", other_agency, Role.UNIT_HEAD, unit=other_opd)
    assert row_scope(head_elsewhere, agency, ASN).sees_nothing
    assert row_scope(head_elsewhere, other_agency, ASN).unit_paths == (other_opd.path,)


def test_the_answer_is_cached_per_request_user(unit_head, agency, django_assert_num_queries):
    row_scope(unit_head, agency, ASN)
    with django_assert_num_queries(0):
        row_scope(unit_head, agency, ASN)


def test_scoped_permissions_are_listed_widest_first():
    assert scope_permissions(ASN) == ("workforce.view_all_asn", "workforce.view_unit_asn")
