from __future__ import annotations

from django.urls import reverse

from sigap.tenancy.context import activate
from sigap.tenancy.models import OrgUnit


def test_agency_admin_adds_a_bidang_under_an_opd(login, agency_admin, agency, opd):
    response = login(agency_admin).post(
        reverse("tenancy:unit_create"),
        {
            "kind": "bidang",
            "name": "Bidang Pencatatan Sipil",
            "code": "DUKCAPIL.B2",
            "parent": opd.pk,
        },
    )
    assert response.status_code == 302
    with activate(agency):
        bidang = OrgUnit.objects.get(code="DUKCAPIL.B2")
    assert bidang.parent == opd and bidang.path.startswith(opd.path)


def test_invalid_tree_position_is_explained_and_nothing_is_saved(login, agency_admin, agency):
    response = login(agency_admin).post(
        reverse("tenancy:unit_create"), {"kind": "seksi", "name": "Seksi Lepas", "code": "S9"}
    )
    assert response.status_code == 200
    assert "hanya boleh di bawah" in response.content.decode()
    with activate(agency):
        assert not OrgUnit.objects.filter(code="S9").exists()


def test_officer_sees_units_but_no_form(login, officer, opd):
    body = login(officer).get(reverse("tenancy:unit_list")).content.decode()
    assert "Dinas Kependudukan" in body and "Tambah unit" not in body
