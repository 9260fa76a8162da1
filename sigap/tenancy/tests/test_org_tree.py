from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import Agency, OrgUnit


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
    assert exc.value.message_dict["parent"] == [
        "Seksi/Subbidang hanya boleh di bawah: Bidang, OPD (dinas/badan)."
    ]


def test_the_tree_rule_reads_in_english(agency):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        org.create_unit(agency, kind=OrgUnit.Kind.BIDANG, name="Bidang Lepas", code="B9")
    assert exc.value.message_dict["parent"] == [
        "Division (bidang) can only be placed under: OPD (agency or office)."
    ]


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


# Issue 8, item 10: unit codes follow their stated format, and a duplicate code is reported
# as existing (Django's Indonesian unique message said "tidak ada", "does not exist").


def test_duplicate_unit_code_says_the_code_already_exists(agency, opd):
    with pytest.raises(ValidationError) as caught:
        org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas Lain", code="dukcapil")
    message = caught.value.message_dict["code"][0]
    assert "sudah dipakai" in message and "tidak ada" not in message


@pytest.mark.parametrize("code", ["DUK CAPIL", "DUK..B1", ".B1", "B1.", "DUK_B1", "ÄB", "X" * 41])
def test_unit_code_outside_the_stated_format_is_refused(agency, code):
    with pytest.raises(ValidationError) as caught:
        org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas Uji", code=code)
    assert "huruf kapital" in caught.value.message_dict["code"][0]


def test_unit_code_is_trimmed_and_upper_cased(agency):
    unit = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinas Uji", code=" dinkes.b1 ")
    assert unit.code == "DINKES.B1"


@given(st.from_regex(org.UNIT_CODE_FORMAT, fullmatch=True).filter(lambda c: len(c) <= 40))
def test_every_code_of_the_stated_format_is_accepted(code):
    assert org.normalise_unit_code(code) == code


# Issue 8, item 16: demo geography is each pemda's own (a province had "Kecamatan
# Salatiga", from a random city generator, and a kabupaten ran SMA/SMK).


def test_demo_pemda_have_their_own_kecamatan_and_education_level(db):
    from sigap.platform.demo import DemoContext
    from sigap.tenancy import demo

    ctx = DemoContext(scale="small", seed=1)
    demo.seed(ctx)
    geography = demo.geography()
    for agency in Agency.objects.all():
        with activate(agency):
            kecamatan = {
                u.name.removeprefix("Kecamatan ")
                for u in OrgUnit.objects.filter(code__startswith="KEC", parent__isnull=True)
            }
            bidang = set(
                OrgUnit.objects.filter(parent__code="DISDIK").values_list("name", flat=True)
            )
        assert kecamatan <= set(geography["kecamatan"][agency.slug]), agency.slug
        if agency.kind == Agency.Kind.PROVINCE and agency.slug != "dki-jakarta":
            assert not kecamatan
        if agency.kind != Agency.Kind.PROVINCE:
            assert "Bidang Pembinaan SMA" not in bidang and "Bidang Pembinaan SD" in bidang
        else:
            assert "Bidang Pembinaan SMA" in bidang
