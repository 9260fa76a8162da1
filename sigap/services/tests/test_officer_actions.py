"""Every officer action on an application, through the page and through the API: the
allowed move, the refused one (wrong state, missing note or reason) with its message,
extension once only, claim and assignment, NIK masking and scope."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import make_staff
from sigap.accounts.models import Role
from sigap.notifications.models import Notification
from sigap.services import applications
from sigap.services.models import Application, ServiceEvent
from sigap.services.tests.access_fixtures_officer import NIK_IBU, filed, make_citizen, plain_service
from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import OrgUnit

S = Application.Status
API = "/api/v1/services/officer/applications"


@pytest.fixture
def service(agency, opd):
    return plain_service(agency, opd)


@pytest.fixture
def app(service):
    return filed(service, make_citizen())


def page(app: Application, action: str) -> str:
    return reverse(f"services:application_{action}", args=[app.pk])


def state(app: Application) -> Application:
    with activate(app.agency):
        return Application.objects.get(pk=app.pk)


def to_state(app: Application, target: str, by) -> Application:
    if target in (S.VERIFIED, S.IN_PROCESS, S.DONE):
        applications.verify(app, by=by)
    if target in (S.IN_PROCESS, S.DONE):
        applications.start_processing(app, by=by)
    if target == S.DONE:
        applications.complete(app, by=by)
    return state(app)


# ------------------------------------------------------------------ pages


def test_the_page_walks_an_application_to_done(login, officer, app):
    client = login(officer)
    for action, expected in (("verify", S.VERIFIED), ("process", S.IN_PROCESS)):
        response = client.post(page(app, action), follow=True)
        assert response.status_code == 200 and state(app).status == expected
    response = client.post(page(app, "complete"), {"complete-note": "Akta dicetak"}, follow=True)
    assert f"Permohonan {app.tracking_number} selesai." in response.content.decode()
    done = state(app)
    assert done.status == S.DONE and done.assigned_to == officer
    with activate(app.agency):
        event = ServiceEvent.objects.get(application=app)
    assert event.channel == "online" and event.outcome == "done"


@pytest.mark.parametrize(
    "action,data,message",
    [
        ("process", {}, "Status tidak dapat diubah dari “Diajukan” menjadi “Diproses”."),
        ("complete", {}, "Status tidak dapat diubah dari “Diajukan” menjadi “Selesai”."),
        ("return", {"return-note": "  "}, "Tuliskan apa yang harus diperbaiki pemohon."),
        ("reject", {"reject-reason": ""}, "Alasan penolakan wajib diisi."),
        ("extend", {"extend-reason": ""}, "Alasan perpanjangan wajib diisi."),
        (
            "extend",
            {"extend-reason": "Server SIAK gangguan", "extend-amount": 4},
            "Perpanjangan 1 sampai 3 hari kerja.",
        ),
    ],
)
def test_a_refused_action_shows_the_domain_message_on_the_form(
    login, officer, app, action, data, message
):
    response = login(officer).post(page(app, action), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert state(app).status == S.SUBMITTED and state(app).extended_at is None


def test_verify_from_a_finished_application_is_refused(login, officer, app):
    to_state(app, S.DONE, officer)
    response = login(officer).post(page(app, "verify"))
    assert response.status_code == 422
    assert "Status tidak dapat diubah dari “Selesai” menjadi “Terverifikasi”." in (
        response.content.decode()
    )


def test_return_and_reject_tell_the_citizen_why(login, officer, service):
    back, no = filed(service, make_citizen(), key="a"), filed(service, make_citizen(), key="b")
    client = login(officer)
    client.post(page(back, "return"), {"return-note": "Unggah ulang KK yang terbaca"})
    client.post(page(no, "reject"), {"reject-reason": "Bukan warga Jambi"})
    back, no = state(back), state(no)
    assert back.status == S.RETURNED and back.note_to_citizen == "Unggah ulang KK yang terbaca"
    assert back.suspended_since is not None
    assert no.status == S.REJECTED and no.note_to_citizen == "Bukan warga Jambi"


def test_extension_is_granted_once_only(login, officer, app):
    client = login(officer)
    due = state(app).due_at
    client.post(page(app, "extend"), {"extend-reason": "Blangko habis", "extend-amount": 2})
    extended = state(app)
    assert extended.due_at > due and extended.extension_reason == "Blangko habis"
    again = client.post(page(app, "extend"), {"extend-reason": "Lagi"})
    assert again.status_code == 422
    assert "Batas waktu permohonan ini sudah pernah diperpanjang." in again.content.decode()
    detail = client.get(reverse("services:officer_application", args=[app.pk]))
    assert "extend" not in detail.context["action_forms"]


def test_claim_then_another_officer_cannot_claim(login, officer, agency, opd, app):
    colleague = make_staff("petugas.dua", agency, Role.OFFICER, unit=opd)
    login(officer).post(page(app, "claim"))
    assert state(app).assigned_to == officer
    response = login(colleague).post(page(app, "claim"))
    assert response.status_code == 422
    assert "Permohonan ini sudah ditangani petugas lain." in response.content.decode()


def test_the_unit_head_assigns_to_an_officer_of_the_unit_who_is_notified(
    login, unit_head, officer, agency, app
):
    stranger_unit = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Bappeda", code="BPD")
    stranger = make_staff("petugas.bappeda", agency, Role.OFFICER, unit=stranger_unit)
    client = login(unit_head)
    url = reverse("services:application_assign", args=[app.pk])
    refused = client.post(url, {"assign-officer": stranger.pk})
    assert refused.status_code == 422 and state(app).assigned_to is None
    client.post(url, {"assign-officer": officer.pk})
    assert state(app).assigned_to == officer
    note = Notification.objects.get(recipient=officer, template="services/assigned")
    assert app.tracking_number in note.subject
    assert note.url == f"/kerja/layanan/permohonan/{app.pk}/"
    # An officer holds no assigning right.
    assert login(officer).post(url, {"assign-officer": officer.pk}).status_code == 403


def test_the_page_shows_answers_timeline_and_earlier_applications(login, officer, service):
    citizen = make_citizen()
    earlier = filed(service, citizen, key="first")
    app = filed(service, citizen, key="second")
    response = login(officer).get(reverse("services:officer_application", args=[app.pk]))
    html = response.content.decode()
    assert "Putri Ayu" in html and NIK_IBU in html  # officers may see the whole NIK
    assert earlier.tracking_number in html
    assert "Diajukan" in html
    assert [s.status for s in response.context["steps"]] == [S.DRAFT, S.SUBMITTED]


def test_a_unit_head_sees_the_nik_masked(login, unit_head, app):
    html = login(unit_head).get(reverse("services:officer_application", args=[app.pk]))
    text = html.content.decode()
    assert NIK_IBU not in text and "1571************" in text


def test_documents_link_to_the_permission_checked_view(login, officer, agency, opd):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sigap.services.tests.factories import service_with_standard

    service, _ = service_with_standard(agency, opd, code="AKTA-DOK")
    citizen = make_citizen()
    pdf = SimpleUploadedFile("surat.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    app = applications.apply(
        citizen,
        service,
        answers={"nama_bayi": "Rafa", "tanggal_lahir": "2026-10-01"},
        files={"surat_lahir": pdf},
    )
    html = login(officer).get(reverse("services:officer_application", args=[app.pk]))
    with activate(agency):
        doc = app.documents.get()
    assert reverse("services:document", args=[app.tracking_number, doc.pk]) in (
        html.content.decode()
    )


# ------------------------------------------------------------------ API


def test_the_api_walks_an_application_to_done(login, officer, app):
    client = login(officer)
    for action, expected in (("verify", "verified"), ("process", "in_process")):
        body = client.post(f"{API}/{app.pk}/{action}", {}, content_type="application/json")
        assert body.status_code == 200 and body.json()["status"] == expected
    done = client.post(
        f"{API}/{app.pk}/complete", {"note": "Diambil di loket"}, content_type="application/json"
    ).json()
    assert done["status"] == "done" and done["steps"][-1]["note"] == "Diambil di loket"


@pytest.mark.parametrize(
    "action,payload,field,message",
    [
        ("process", {}, "__all__", "Status tidak dapat diubah dari “Diajukan” menjadi “Diproses”."),
        ("complete", {}, "__all__", "Status tidak dapat diubah dari “Diajukan” menjadi “Selesai”."),
        ("return", {"note": ""}, "note", "Tuliskan apa yang harus diperbaiki pemohon."),
        ("reject", {}, "reason", "Alasan penolakan wajib diisi."),
        ("extend", {"reason": "x", "amount": 9}, "amount", "Perpanjangan 1 sampai 3 hari kerja."),
    ],
)
def test_the_api_refuses_with_the_one_error_shape(
    login, officer, app, action, payload, field, message
):
    response = login(officer).post(
        f"{API}/{app.pk}/{action}", payload, content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert {"field": field, "message": message} in body["errors"]


def test_the_api_returns_rejects_extends_once_claims_and_assigns(
    login, officer, unit_head, service
):
    client = login(officer)
    a, b, c = (filed(service, make_citizen(), key=k) for k in "abc")
    back = client.post(
        f"{API}/{a.pk}/return", {"note": "KK buram"}, content_type="application/json"
    )
    assert back.json()["status"] == "returned" and back.json()["suspended"] is True
    no = client.post(f"{API}/{b.pk}/reject", {"reason": "Ganda"}, content_type="application/json")
    assert no.json()["status"] == "rejected"
    ext = client.post(
        f"{API}/{c.pk}/extend", {"reason": "Blangko"}, content_type="application/json"
    )
    assert ext.status_code == 200 and ext.json()["extension_reason"] == "Blangko"
    twice = client.post(f"{API}/{c.pk}/extend", {"reason": "x"}, content_type="application/json")
    assert twice.json()["errors"][0]["message"] == (
        "Batas waktu permohonan ini sudah pernah diperpanjang."
    )
    claimed = client.post(f"{API}/{c.pk}/claim", {}, content_type="application/json")
    assert claimed.json()["assigned_to_id"] == officer.pk
    forbidden = client.post(
        f"{API}/{c.pk}/assign", {"officer_id": unit_head.pk}, content_type="application/json"
    )
    assert forbidden.status_code == 403
    moved = login(unit_head).post(
        f"{API}/{c.pk}/assign", {"officer_id": unit_head.pk}, content_type="application/json"
    )
    assert moved.status_code == 200 and moved.json()["assigned_to_id"] == unit_head.pk


def test_the_api_masks_the_nik_for_those_who_may_not_see_it(login, officer, unit_head, app):
    def nik(user) -> str:
        answers = login(user).get(f"{API}/{app.pk}").json()["answers"]
        return next(a["value"] for a in answers if a["key"] == "nik_ibu")

    assert nik(officer) == NIK_IBU
    assert nik(unit_head) == "1571************"


def test_the_api_refuses_an_officer_of_another_unit(login, agency, app):
    unit = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinkes", code="DINKES")
    stranger = make_staff("petugas.dinkes", agency, Role.OFFICER, unit=unit)
    response = login(stranger).post(f"{API}/{app.pk}/verify", {}, content_type="application/json")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert state(app).status == S.SUBMITTED
