from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import OrgUnit


def test_tree_paths_make_subtrees_cheap(agency, opd):
    bidang = org.create_unit(
        agency, kind=OrgUnit.Kind.BIDANG, name="Bidang Pelayanan", code="B1", parent=opd
    )
    seksi = org.create_unit(
        agency, kind=OrgUnit.Kind.SEKSI, name="Seksi KTP-el", code="B1.S1", parent=bidang
    )
    assert seksi.path == f"/{opd.pk}/{bidang.pk}/{seksi.pk}/"
    with activate(agency):
        assert set(org.subtree(opd)) == {opd, bidang, seksi}
        assert set(org.subtree(bidang)) == {bidang, seksi}


def test_seksi_cannot_sit_at_the_top(agency):
    with pytest.raises(ValidationError) as exc:
        org.create_unit(agency, kind=OrgUnit.Kind.SEKSI, name="Seksi Lepas", code="S1")
    assert "hanya boleh di bawah" in str(exc.value)


def test_parent_from_another_agency_is_refused(agency, other_opd):
    with pytest.raises(ValidationError) as exc:
        org.create_unit(
            agency, kind=OrgUnit.Kind.BIDANG, name="Bidang X", code="BX", parent=other_opd
        )
    assert "pemda lain" in str(exc.value)


def test_unit_codes_are_unique_within_an_agency_only(agency, other_agency, opd):
    with pytest.raises(ValidationError):
        org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas Lain", code="DUKCAPIL")
    # The same code in another agency is fine.
    org.create_unit(other_agency, kind=OrgUnit.Kind.OPD, name="Dinas Kependudukan", code="DUKCAPIL")


def test_update_only_touches_editable_fields(agency, opd):
    with pytest.raises(ValidationError):
        org.update_unit(opd, code="BARU")
    org.update_unit(opd, name="Disdukcapil Provinsi Jambi")
    with activate(agency):
        assert OrgUnit.objects.get(pk=opd.pk).name == "Disdukcapil Provinsi Jambi"


def test_back_office_obeys_the_tree_rules(login, agency_admin, agency):
    response = login(agency_admin).post(
        "/admin/tenancy/orgunit/add/",
        {"kind": "seksi", "name": "Seksi Lepas", "code": "S1", "short_name": "", "is_active": "on"},
    )
    with activate(agency):
        assert not OrgUnit.objects.filter(code="S1").exists()
    assert response.status_code in (200, 400)
    ok = login(agency_admin).post(
        "/admin/tenancy/orgunit/add/",
        {
            "kind": "opd",
            "name": "Dinas Sosial",
            "code": "DINSOS",
            "short_name": "",
            "is_active": "on",
        },
    )
    assert ok.status_code == 302
    with activate(agency):
        unit = OrgUnit.objects.get(code="DINSOS")
    assert unit.path == f"/{unit.pk}/"
