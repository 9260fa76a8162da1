"""The citizen's pages: apply with documents, keep a draft, submit once, fix a returned
application, follow it to done; who may see applications and documents; the public
tracking page; the installable pages (manifest, service worker, offline copies)."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import make_staff
from sigap.accounts.models import CitizenProfile, Role, User
from sigap.services import applications
from sigap.services.models import Application, ApplicationDocument, ApplicationStep
from sigap.services.tests.factories import service_with_standard
from sigap.services.views_citizen import OFFLINE_HEADER, offline_key
from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import OrgUnit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
S = Application.Status


@pytest.fixture(autouse=True, name="private_media")
def private_media_fixture(tmp_path):
    """Uploaded documents go to this test's own folder, not var/private."""
    storage = ApplicationDocument._meta.get_field("file").storage

    def point_at(location: str) -> None:
        storage._location = location
        for cached in ("base_location", "location"):
            storage.__dict__.pop(cached, None)

    old = storage._location
    point_at(str(tmp_path))
    yield tmp_path
    point_at(old)


@pytest.fixture(name="birth")
def birth_fixture(agency, opd):
    service, _standard = service_with_standard(agency, opd)
    return service


@pytest.fixture(name="other_citizen")
def other_citizen_fixture(db) -> User:
    user = User.objects.create_user(
        "budi@example.id",
        "kata-sandi-uji-123",
        full_name="Budi Santoso",
        email="budi@example.id",
        kind=User.Kind.CITIZEN,
    )
    CitizenProfile.objects.create(
        user=user,
        nik="1571021203880002",
        birth_date=dt.date(1988, 3, 12),
        consent_version="2026-11",
        consent_given_at=timezone.now(),
    )
    return user


def upload(content: bytes = PDF, name: str = "surat-lahir.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def filed(citizen, service, **answers) -> Application:
    return applications.apply(
        citizen,
        service,
        answers={"nama_bayi": "Ahmad Fauzan", "tanggal_lahir": "2026-01-05", **answers},
        files={"surat_lahir": upload()},
    )


def apply_url(service) -> str:
    return reverse("services:apply", args=[service.agency.slug, service.code])


def statuses(app: Application) -> list[str]:
    with activate(app.agency):
        return list(
            ApplicationStep.objects.filter(application=app).values_list("status", flat=True)
        )


def count_of(citizen) -> int:
    return Application.all_objects.filter(citizen=citizen).count()


# ------------------------------------------------------------------ the journey


def test_draft_submit_return_fix_resubmit_done(login, citizen, officer, birth):
    client = login(citizen)
    page = client.get(apply_url(birth))
    assert page.status_code == 200
    assert (
        "Nama bayi" in page.content.decode() and "Surat keterangan lahir" in page.content.decode()
    )

    # A draft with one answer, to come back to.
    saved = client.post(
        apply_url(birth), {"nama_bayi": "Ahmad", "idempotency_key": "k1", "action": "save"}
    )
    app = Application.all_objects.get(citizen=citizen)
    assert saved.status_code == 302
    assert saved["Location"] == reverse("services:edit_application", args=[app.tracking_number])
    assert app.status == S.DRAFT and app.answers == {"nama_bayi": "Ahmad"}
    edit_url = saved["Location"]
    again = client.get(edit_url)
    assert 'value="Ahmad"' in again.content.decode()

    # Submitting without the birth date: the error lands on the field, the file is kept.
    missing = client.post(
        edit_url,
        {"nama_bayi": "Ahmad Fauzan", "surat_lahir": upload(), "action": "submit"},
    )
    assert missing.status_code == 200
    assert "Isian ini wajib diisi." in missing.content.decode()
    app.refresh_from_db()
    assert app.status == S.DRAFT
    with activate(app.agency):
        assert app.documents.count() == 1
    assert "surat-lahir.pdf" in missing.content.decode()

    done = client.post(
        edit_url,
        {"nama_bayi": "Ahmad Fauzan", "tanggal_lahir": "2026-01-05", "action": "submit"},
    )
    detail_url = reverse("services:my_application", args=[app.tracking_number])
    assert done.status_code == 302 and done["Location"] == detail_url
    shown = client.get(detail_url)
    assert app.tracking_number in shown.content.decode()
    app.refresh_from_db()
    assert app.status == S.SUBMITTED and app.due_at is not None

    # The officer returns it with what to fix; the citizen sees it on both pages.
    applications.verify(app, by=officer)
    applications.return_for_revision(app, by=officer, note="Foto surat lahir buram, unggah ulang.")
    for url in (detail_url, edit_url):
        assert "Foto surat lahir buram" in client.get(url).content.decode()

    fixed = client.post(
        edit_url,
        {
            "nama_bayi": "Ahmad Fauzan",
            "tanggal_lahir": "2026-01-05",
            "surat_lahir": upload(PNG, "surat-jelas.png"),
            "action": "submit",
        },
    )
    assert fixed.status_code == 302 and fixed["Location"] == detail_url
    app.refresh_from_db()
    assert app.status == S.SUBMITTED and app.note_to_citizen == ""
    with activate(app.agency):
        assert [d.content_type for d in app.documents.all()] == ["image/png"]

    applications.verify(app, by=officer)
    applications.start_processing(app, by=officer)
    applications.complete(app, by=officer, note="Akta dapat diambil di loket 2.")
    app.refresh_from_db()
    assert app.status == S.DONE
    assert statuses(app) == [
        S.DRAFT,
        S.SUBMITTED,
        S.VERIFIED,
        S.RETURNED,
        S.SUBMITTED,
        S.VERIFIED,
        S.IN_PROCESS,
        S.DONE,
    ]
    final = client.get(detail_url).content.decode()
    assert "Selesai" in final and "Akta dapat diambil di loket 2." in final
    listing = client.get(reverse("services:my_applications")).content.decode()
    assert app.tracking_number in listing and "Akta kelahiran" in listing


def test_double_submit_on_the_page_files_one_application(login, citizen, birth):
    client = login(citizen)
    data = {
        "nama_bayi": "Ahmad Fauzan",
        "tanggal_lahir": "2026-01-05",
        "idempotency_key": "dua-kali-klik",
        "action": "submit",
    }
    first = client.post(apply_url(birth), {**data, "surat_lahir": upload()})
    second = client.post(apply_url(birth), {**data, "surat_lahir": upload()})
    assert count_of(citizen) == 1
    app = Application.all_objects.get(citizen=citizen)
    assert app.status == S.SUBMITTED
    detail_url = reverse("services:my_application", args=[app.tracking_number])
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == detail_url
    # The edit page of a filed application does not 500 on a late POST either.
    late = client.post(reverse("services:edit_application", args=[app.tracking_number]), data)
    assert late.status_code == 302 and late["Location"] == detail_url
    assert statuses(app) == [S.DRAFT, S.SUBMITTED]


def test_an_answer_the_form_cannot_read_writes_nothing(login, citizen, birth):
    client = login(citizen)
    response = client.post(
        apply_url(birth),
        {
            "nama_bayi": "x" * 300,
            "tanggal_lahir": "5 Januari",
            "idempotency_key": "k2",
            "action": "submit",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "200 karakter" in html and "Periksa isian yang ditandai" in html
    assert count_of(citizen) == 0


# ------------------------------------------------------------------ uploads


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"Nama: Ahmad\nAlamat: Jambi\n", "surat.txt", "Jenis berkas tidak diterima"),
        (EXE, "surat-lahir.pdf", "Jenis berkas tidak diterima"),
        (PDF + b"\x00" * 2048, "besar.pdf", "Berkas terlalu besar"),
    ],
    ids=["wrong-type", "executable-renamed-pdf", "too-large"],
)
def test_upload_refusals_show_on_the_field(login, citizen, birth, settings, content, name, message):
    settings.SIGAP_UPLOAD_MAX_BYTES = 1024
    client = login(citizen)
    response = client.post(
        apply_url(birth),
        {"nama_bayi": "Ahmad", "surat_lahir": upload(content, name), "action": "save"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'class="form-field has-error"' in html
    app = Application.all_objects.get(citizen=citizen)
    with activate(app.agency):
        assert not app.documents.exists()


def test_executable_renamed_pdf_is_refused_by_the_domain(citizen, birth):
    app = applications.start_application(citizen, birth)
    with pytest.raises(Exception) as caught:
        applications.attach_document(app, citizen, "surat_lahir", upload(EXE, "ktp.pdf"))
    assert "surat_lahir" in caught.value.message_dict  # type: ignore[attr-defined]


# ------------------------------------------------------------------ access


def test_other_citizens_get_404_on_applications_and_documents(login, citizen, other_citizen, birth):
    app = filed(citizen, birth)
    with activate(app.agency):
        doc = app.documents.get()
    urls = [
        reverse("services:my_application", args=[app.tracking_number]),
        reverse("services:edit_application", args=[app.tracking_number]),
        reverse("services:document", args=[app.tracking_number, doc.pk]),
    ]
    stranger = login(other_citizen)
    for url in urls:
        response = stranger.get(url)
        assert response.status_code == 404, url
        assert "Ahmad Fauzan" not in response.content.decode()
    assert (
        app.tracking_number
        not in stranger.get(reverse("services:my_applications")).content.decode()
    )
    own = login(citizen).get(urls[2])
    assert own.status_code == 200
    assert b"".join(own.streaming_content) == PDF
    assert own["Content-Type"] == "application/pdf"
    assert own["Cache-Control"] == "private, no-store"


def test_documents_open_to_staff_whose_scope_covers_the_unit(
    login, citizen, officer, agency, opd, other_admin, no_role_staff, birth
):
    app = filed(citizen, birth)
    with activate(app.agency):
        doc = app.documents.get()
        elsewhere = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="DPMPTSP", code="DPM")
    url = reverse("services:document", args=[app.tracking_number, doc.pk])
    outsider_officer = make_staff("petugas.dpm", agency, Role.OFFICER, unit=elsewhere)
    hr = make_staff("bkpsdm.dokumen", agency, Role.HR)
    for user in (outsider_officer, hr, other_admin, no_role_staff):
        assert login(user).get(url).status_code == 404, user.username
    inspector = make_staff("inspektur.dokumen", agency, Role.INSPECTOR)
    for user in (officer, inspector):
        response = login(user).get(url)
        assert response.status_code == 200, user.username
    opened = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, additional_data__event="dokumen permohonan dibuka"
    )
    assert opened.count() == 2
    # Staff do not reach the citizen's own pages.
    assert (
        login(officer)
        .get(reverse("services:my_application", args=[app.tracking_number]))
        .status_code
        == 403
    )


def test_a_malformed_number_is_a_404_not_an_error(login, citizen):
    client = login(citizen)
    assert client.get(reverse("services:my_application", args=["BUKAN-NOMOR"])).status_code == 404
    doc = reverse("services:document", args=["LYN-0000-0000-00", 1])
    assert client.get(doc).status_code == 404


# ------------------------------------------------------------------ public tracking


def test_tracking_shows_state_and_dates_without_personal_data(login, citizen, officer, birth):
    app = filed(citizen, birth)
    applications.verify(app, by=officer)
    applications.return_for_revision(app, by=officer, note="NIK ayah 1571025705900001 salah")
    response = login(None).get(reverse("services:track"), {"nomor": app.tracking_number.lower()})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Akta kelahiran" in html and app.tracking_number in html
    assert "Dikembalikan untuk perbaikan" in html and "menunggu perbaikan" in html
    for personal in (
        "Siti Rahmawati",
        "warga@example.id",
        "1571025705900001",
        "Ahmad Fauzan",
        "surat-lahir.pdf",
        "NIK ayah",
    ):
        assert personal not in html, personal
    assert response["Cache-Control"] == "private, no-store"


def test_tracking_answers_not_found_and_malformed_alike(login, citizen, birth):
    draft = applications.start_application(citizen, birth)
    client = login(None)
    answers = [
        client.get(reverse("services:track"), {"nomor": nomor})
        for nomor in ("LYN-0000-0000-0X", "bukan nomor", draft.tracking_number)
    ]
    assert {r.status_code for r in answers} == {404}
    bodies = {r.content.decode().split('id="result"')[1].split("</section>")[0] for r in answers}
    assert len(bodies) == 1 and "Tidak ada permohonan dengan nomor itu" in bodies.pop()
    assert client.get(reverse("services:track")).status_code == 200


# ------------------------------------------------------------------ installable pages


def test_own_pages_are_marked_for_offline_copies_per_user(login, citizen, other_citizen, birth):
    app = filed(citizen, birth)
    mine = login(citizen)
    for url in (
        reverse("services:my_applications"),
        reverse("services:my_application", args=[app.tracking_number]),
    ):
        response = mine.get(url)
        assert response[OFFLINE_HEADER] == offline_key(citizen)
        assert response["Cache-Control"] == "private, no-cache"
        assert reverse("services:manifest") in response.content.decode()
    theirs = login(other_citizen).get(reverse("services:my_applications"))
    assert theirs[OFFLINE_HEADER] != offline_key(citizen)
    # The edit form, the tracking page and documents are never kept offline.
    assert OFFLINE_HEADER not in mine.get(
        reverse("services:edit_application", args=[app.tracking_number])
    )
    assert OFFLINE_HEADER not in login(None).get(reverse("services:track"))


def test_manifest_and_service_worker(login):
    client = login(None)
    manifest = client.get(reverse("services:manifest"))
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["start_url"] == reverse("services:my_applications")
    assert data["scope"] == "/" and data["display"] == "standalone"
    assert {i["sizes"] for i in data["icons"]} == {"192x192", "512x512"}
    assert all(i["src"].startswith("/static/") for i in data["icons"])
    worker = client.get(reverse("services:service_worker"))
    assert worker["Content-Type"].startswith("application/javascript")
    assert worker["Service-Worker-Allowed"] == "/"
    script = worker.content.decode()
    for path in (
        reverse("accounts:logout"),
        reverse("accounts:login"),
        reverse("services:my_applications"),
    ):
        assert f'"{path}"' in script
    assert "http://" not in script and "https://" not in script


def test_service_worker_served_with_the_production_static_storage(login, settings):
    # Production hashes static names through a manifest, which has no entry for "".
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    worker = login(None).get(reverse("services:service_worker"))
    assert worker.status_code == 200
    assert f'"{settings.STATIC_URL}"' in worker.content.decode()


def test_a_service_not_taking_online_applications_says_so(login, citizen, agency, opd):
    service, _standard = service_with_standard(agency, opd, code="PBG", publish=False)
    response = login(citizen).get(apply_url(service))
    assert response.status_code == 404
    assert "belum menerima permohonan daring" in response.content.decode()
