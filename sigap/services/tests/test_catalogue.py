"""The staff catalogue: versioned standards, the form editor, row scope, the pages."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import make_staff
from sigap.accounts.models import Role
from sigap.services import applications, catalogue
from sigap.services.models import Service, ServiceStandard
from sigap.services.tests.factories import service_with_standard
from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import OrgUnit

pytestmark = pytest.mark.django_db
PLAIN = [{"key": "nama_bayi", "label": "Nama bayi", "type": "text"}]
STANDARD_POST = {
    "requirements": "Surat keterangan lahir\nKK orang tua\n\n",
    "procedure": "Isi formulir\nVerifikasi\nAkta terbit",
    "time_limit": "3",
    "time_unit": "days",
    "fee": "0",
    "fee_note": "Gratis (UU 24/2013)",
    "product": "Kutipan akta kelahiran",
    "complaint_handling": "SP4N-LAPOR!",
    "legal_basis": "UU 23/2006\nUU 24/2013",
    "facilities": "Ruang tunggu, kursi roda",
    "staff_competence": "",
    "internal_supervision": "",
    "staff_count": "3",
    "service_guarantee": "",
    "safety_guarantee": "",
    "performance_evaluation": "",
}


@pytest.fixture
def bidang(agency, opd) -> OrgUnit:
    return org.create_unit(
        agency, kind=OrgUnit.Kind.BIDANG, name="Bidang Pencatatan Sipil", code="CAPIL", parent=opd
    )


@pytest.fixture
def dpmptsp(agency) -> OrgUnit:
    return org.create_unit(
        agency, kind=OrgUnit.Kind.OPD, name="Dinas Penanaman Modal dan PTSP", code="DPMPTSP"
    )


@pytest.fixture
def head_of_capil(agency, bidang):
    return make_staff("kabid.capil", agency, Role.UNIT_HEAD, unit=bidang)


def _standards(service: Service) -> dict[int, str]:
    with activate(service.agency):
        return dict(service.standards.values_list("version", "status"))


# ------------------------------------------------------------------ versioning


def test_publishing_v2_retires_v1_and_applications_keep_their_version(agency, opd, citizen):
    service, v1 = service_with_standard(agency, opd, form_fields=PLAIN)
    filed = applications.apply(citizen, service, answers={"nama_bayi": "Ayu"})
    with activate(agency):
        v2 = catalogue.draft_standard(service, time_limit=5)
        assert _standards(service) == {1: "published", 2: "draft"}
        catalogue.publish_standard(v2)
    assert _standards(service) == {1: "retired", 2: "published"}
    filed.refresh_from_db()
    assert filed.standard_id == v1.pk
    later = applications.apply(citizen, service, answers={"nama_bayi": "Budi"})
    assert later.standard_id == v2.pk
    with activate(agency):
        assert catalogue.standard_in_force(service).time_limit == 5
        # The new draft started from v1: only what it names changed.
        assert v2.requirements == v1.requirements and v2.form_fields == v1.form_fields


def test_editing_a_published_standard_is_refused(agency, opd):
    _service, v1 = service_with_standard(agency, opd)
    with activate(agency), pytest.raises(ValidationError, match="buat versi baru"):
        catalogue.update_draft(v1, time_limit=10)


def test_adminduk_documents_are_free(agency, opd, login, agency_admin):
    service, _ = service_with_standard(agency, opd, publish=False)
    with activate(agency), pytest.raises(ValidationError):
        catalogue.check_fee(service, 10000)
    response = login(agency_admin).post(
        reverse("services:catalogue_standard", kwargs={"service_id": service.pk}),
        {**STANDARD_POST, "fee": "15000"},
    )
    assert response.status_code == 200
    assert "tidak dipungut biaya" in response.context["form"].errors["fee"][0]


# ------------------------------------------------------------------ pages


def test_agency_admin_creates_drafts_and_publishes_a_service(agency, opd, login, agency_admin):
    client = login(agency_admin)
    response = client.post(
        reverse("services:catalogue_create"),
        {
            "unit": opd.pk,
            "code": "akta-lahir",
            "name": "Akta kelahiran",
            "category": "adminduk",
            "summary": "Akta untuk bayi yang baru lahir.",
            "accepts_online": "on",
        },
    )
    with activate(agency):
        service = Service.objects.get(code="AKTA-LAHIR")
    assert response.url == reverse("services:catalogue_standard", kwargs={"service_id": service.pk})

    standard_url = reverse("services:catalogue_standard", kwargs={"service_id": service.pk})
    assert client.post(standard_url, STANDARD_POST).status_code == 302
    with activate(agency):
        draft = service.standards.get()
    assert draft.version == 1 and draft.status == "draft"
    assert draft.requirements == ["Surat keterangan lahir", "KK orang tua"]
    assert draft.procedure == ["Isi formulir", "Verifikasi", "Akta terbit"]

    form_url = reverse("services:catalogue_form", kwargs={"service_id": service.pk})
    rows = {
        "mode": "rows",
        "f-TOTAL_FORMS": "3",
        "f-INITIAL_FORMS": "0",
        "f-0-key": "jenis_kelamin",
        "f-0-label": "Jenis kelamin bayi",
        "f-0-type": "choice",
        "f-0-required": "on",
        "f-0-choices": "Laki-laki\nPerempuan",
        "f-0-ORDER": "2",
        "f-1-key": "nama_bayi",
        "f-1-label": "Nama bayi",
        "f-1-type": "text",
        "f-1-max_length": "60",
        "f-1-help": "Sesuai surat keterangan lahir",
        "f-1-ORDER": "1",
    }
    response = client.post(form_url, rows)
    assert response.status_code == 302, response.context and response.context["formset"].errors
    draft.refresh_from_db()
    assert draft.form_fields == [
        {
            "key": "nama_bayi",
            "label": "Nama bayi",
            "type": "text",
            "required": False,
            "help": "Sesuai surat keterangan lahir",
            "max_length": 60,
        },
        {
            "key": "jenis_kelamin",
            "label": "Jenis kelamin bayi",
            "type": "choice",
            "required": True,
            "help": "",
            "choices": ["Laki-laki", "Perempuan"],
        },
    ]

    preview = client.get(reverse("services:catalogue_preview", kwargs={"service_id": service.pk}))
    body = preview.content.decode()
    assert "konsep versi 1" in body and "Kutipan akta kelahiran" in body
    assert 'name="jenis_kelamin"' in body  # the application form as the citizen will see it

    client.post(reverse("services:catalogue_publish", kwargs={"service_id": service.pk}))
    assert _standards(service) == {1: "published"}

    # A change after publication is a new draft; version 1 stays in force.
    client.post(standard_url, {**STANDARD_POST, "time_limit": "2"})
    assert _standards(service) == {1: "published", 2: "draft"}
    detail = client.get(reverse("services:catalogue_service", kwargs={"service_id": service.pk}))
    assert "Konsep versi 2" in detail.content.decode()
    v1 = client.get(
        reverse(
            "services:catalogue_version", kwargs={"service_id": service.pk, "standard_version": 1}
        )
    )
    assert "3 hari kerja" in v1.content.decode()
    listing = client.get(reverse("services:catalogue_admin")).content.decode()
    assert "Akta kelahiran" in listing and "versi 1" in listing

    # The officer's catalogue pages in English (issue 8, item 11).
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    kwargs = {"service_id": service.pk}
    english = {
        "services:catalogue_service": ("Service standard", "Version history", "Draft version 2"),
        "services:catalogue_preview": ("Preview of draft version 2", "Internal components"),
        "services:catalogue_form": ("Application form", "Save form"),
        "services:catalogue_standard": ("Published components", "Save draft"),
        "services:catalogue_edit": ("Edit service",),
    }
    for name, texts in english.items():
        body = client.get(reverse(name, kwargs=kwargs)).content.decode()
        for text in texts:
            assert text in body, (name, text)
    v1_en = client.get(
        reverse(
            "services:catalogue_version", kwargs={"service_id": service.pk, "standard_version": 1}
        )
    ).content.decode()
    assert "Other versions" in v1_en and "Application form, version 1" in v1_en


def test_form_definition_errors_are_shown_on_the_field(agency, opd, login, agency_admin):
    service, _ = service_with_standard(agency, opd, publish=False)
    client = login(agency_admin)
    url = reverse("services:catalogue_form", kwargs={"service_id": service.pk})

    bad = [{"key": "Nama Bayi", "label": "", "type": "warna"}]
    response = client.post(url, {"mode": "json", "definition": json.dumps(bad)})
    assert response.status_code == 200
    errors = response.context["json_form"].errors["definition"]
    assert any("huruf kecil" in e for e in errors) and any("tidak dikenal" in e for e in errors)

    response = client.post(url, {"mode": "json", "definition": "[{"})
    assert "Bukan JSON" in response.context["json_form"].errors["definition"][0]

    rows = {
        "mode": "rows",
        "f-TOTAL_FORMS": "2",
        "f-INITIAL_FORMS": "0",
        "f-0-key": "warna",
        "f-0-label": "Warna",
        "f-0-type": "choice",
        "f-0-choices": "merah",
        "f-1-key": "warna",
        "f-1-label": "Warna lagi",
        "f-1-type": "text",
    }
    response = client.post(url, rows)
    formset = response.context["formset"]
    assert "minimal dua pilihan" in formset.forms[0].errors["choices"][0]
    rows["f-0-choices"] = "merah\nputih"
    formset = client.post(url, rows).context["formset"]
    assert "sudah dipakai" in formset.forms[1].errors["key"][0]
    with activate(agency):
        assert [f["key"] for f in service.standards.get().form_fields] == [
            "nama_bayi",
            "tanggal_lahir",
            "surat_lahir",
        ]


def test_adding_rows_keeps_what_was_typed(agency, opd, login, agency_admin):
    service, _ = service_with_standard(agency, opd, publish=False)
    url = reverse("services:catalogue_form", kwargs={"service_id": service.pk})
    response = login(agency_admin).post(
        url,
        {
            "mode": "rows",
            "more": "1",
            "f-TOTAL_FORMS": "1",
            "f-INITIAL_FORMS": "0",
            "f-0-key": "alamat",
            "f-0-label": "Alamat",
            "f-0-type": "textarea",
        },
    )
    formset = response.context["formset"]
    assert len(formset.forms) == 4 and formset.forms[0]["key"].value() == "alamat"


# ------------------------------------------------------------------ scope and access


def test_unit_head_sees_and_edits_only_their_subtree(
    agency, opd, bidang, dpmptsp, head_of_capil, login
):
    own, _ = service_with_standard(agency, bidang, code="AKTA", name="Akta kelahiran")
    above, _ = service_with_standard(agency, opd, code="KTP", name="KTP-el")
    elsewhere, _ = service_with_standard(agency, dpmptsp, code="NIB", name="Izin usaha")
    client = login(head_of_capil)

    listing = client.get(reverse("services:catalogue_admin")).content.decode()
    assert "Akta kelahiran" in listing
    assert "KTP-el" not in listing and "Izin usaha" not in listing
    for service in (above, elsewhere):
        for name in ("catalogue_service", "catalogue_standard", "catalogue_form"):
            url = reverse(f"services:{name}", kwargs={"service_id": service.pk})
            assert client.get(url).status_code == 404
        publish = reverse("services:catalogue_publish", kwargs={"service_id": service.pk})
        assert client.post(publish).status_code == 404
    assert (
        client.get(reverse("services:catalogue_service", kwargs={"service_id": own.pk})).status_code
        == 200
    )

    form = client.get(reverse("services:catalogue_create")).context["form"]
    assert list(form.fields["unit"].queryset) == [bidang]
    response = client.post(
        reverse("services:catalogue_create"),
        {"unit": dpmptsp.pk, "code": "PBG", "name": "PBG", "category": "perizinan"},
    )
    assert response.status_code == 200 and "unit" in response.context["form"].errors


def test_it_checks_access(agency, opd, login, officer, other_admin, agency_admin):
    service, _ = service_with_standard(agency, opd)
    detail = reverse("services:catalogue_service", kwargs={"service_id": service.pk})
    listing = reverse("services:catalogue_admin")
    assert login(None).get(listing).status_code == 302
    assert login(officer).get(listing).status_code == 403
    assert login(officer).get(detail).status_code == 403
    assert login(other_admin).get(detail).status_code == 404
    assert "Akta kelahiran" not in login(other_admin).get(listing).content.decode()
    assert login(agency_admin).get(detail).status_code == 200


def test_service_data_can_be_changed_but_not_its_code(agency, opd, dpmptsp, login, agency_admin):
    service, _ = service_with_standard(agency, opd)
    response = login(agency_admin).post(
        reverse("services:catalogue_edit", kwargs={"service_id": service.pk}),
        {
            "unit": dpmptsp.pk,
            "code": "LAIN",
            "name": "Akta kelahiran anak",
            "category": "adminduk",
            "summary": "",
        },
    )
    assert response.status_code == 302
    with activate(agency):
        service.refresh_from_db()
    assert service.name == "Akta kelahiran anak" and service.unit == dpmptsp
    assert service.code == "AKTA-LAHIR" and not service.is_active and not service.accepts_online


def test_standard_rows_have_one_version_in_force(agency, opd):
    service, _ = service_with_standard(agency, opd)
    with activate(agency):
        for limit in (2, 4):
            catalogue.publish_standard(catalogue.draft_standard(service, time_limit=limit))
        assert service.standards.filter(status=ServiceStandard.Status.PUBLISHED).count() == 1
    assert _standards(service) == {1: "retired", 2: "retired", 3: "published"}
