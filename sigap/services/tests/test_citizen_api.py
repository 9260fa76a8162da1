"""The citizen's applications over the API: one-call apply (JSON or multipart) with an
Idempotency-Key, drafts, uploads, submit and resubmit; errors per field in Indonesian."""

from __future__ import annotations

import json

import pytest

from sigap.services import applications
from sigap.services.models import Application
from sigap.services.tests.factories import service_with_standard
from sigap.services.tests.test_citizen_pages import (  # noqa: F401 - fixtures
    EXE,
    PDF,
    birth_fixture,
    count_of,
    other_citizen_fixture,
    private_media_fixture,
    upload,
)

BASE = "/api/v1/me/applications"
ANSWERS = {"nama_bayi": "Ahmad Fauzan", "tanggal_lahir": "2026-01-05"}
S = Application.Status


def multipart(client, key: str = "", **extra):
    headers = {"Idempotency-Key": key} if key else {}
    data = {
        "agency": "jambi",
        "service": "akta-lahir",
        "answers": json.dumps(ANSWERS),
        "surat_lahir": upload(),
        **extra,
    }
    return client.post(BASE, data, headers=headers)


def test_one_call_apply_with_the_same_key_files_once(login, citizen, birth):
    client = login(citizen)
    first = multipart(client, key="9b1d-retry")
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["status"] == S.SUBMITTED and body["service_code"] == "AKTA-LAHIR"
    assert [s["status"] for s in body["timeline"]] == [S.DRAFT, S.SUBMITTED]
    assert body["documents"][0]["content_type"] == "application/pdf"
    assert body["url"] == f"/layanan/permohonan/{body['tracking_number']}/"

    retried = multipart(client, key="9b1d-retry")
    assert retried.status_code == 200
    assert retried.json()["tracking_number"] == body["tracking_number"]
    assert count_of(citizen) == 1
    # Without a key each call is a new application.
    assert multipart(client).status_code == 201
    assert count_of(citizen) == 2


def test_json_apply_for_a_service_without_documents(login, citizen, agency, opd):
    service_with_standard(
        agency,
        opd,
        code="SKTM",
        name="Surat keterangan tidak mampu",
        form_fields=[{"key": "keperluan", "label": "Keperluan", "type": "text"}],
    )
    client = login(citizen)
    payload = {"agency": "jambi", "service": "SKTM", "answers": {"keperluan": "Beasiswa"}}
    response = client.post(
        BASE, payload, content_type="application/json", headers={"Idempotency-Key": "a1"}
    )
    assert response.status_code == 201
    again = client.post(
        BASE, payload, content_type="application/json", headers={"Idempotency-Key": "a1"}
    )
    assert again.status_code == 200
    assert again.json()["tracking_number"] == response.json()["tracking_number"]


def test_errors_per_field_in_indonesian(login, citizen, birth, settings):
    client = login(citizen)
    missing = client.post(
        BASE,
        {"agency": "jambi", "service": "AKTA-LAHIR", "answers": {"nama_bayi": "Ahmad"}},
        content_type="application/json",
    )
    assert missing.status_code == 422
    body = missing.json()
    assert set(body) == {"code", "message", "errors"}
    assert {"field": "tanggal_lahir", "message": "Isian ini wajib diisi."} in body["errors"]
    assert {"field": "surat_lahir", "message": "Unggah dokumen ini."} in body["errors"]
    assert count_of(citizen) == 0

    shapeless = client.post(BASE, {"answers": []}, content_type="application/json")
    errors = {e["field"]: e["message"] for e in shapeless.json()["errors"]}
    assert errors["agency"] == "Isian ini wajib diisi."
    assert errors["answers"].startswith("Harus berupa objek")
    not_json = client.post(BASE, "{", content_type="application/json")
    assert not_json.status_code == 422
    assert not_json.json()["errors"][0]["message"] == "Badan permintaan bukan JSON yang sah."
    unknown = client.post(
        BASE, {"agency": "jambi", "service": "TIDAK-ADA"}, content_type="application/json"
    )
    assert unknown.json()["errors"] == [
        {"field": "service", "message": "Layanan tidak ditemukan di pemda ini."}
    ]

    renamed = multipart(client, surat_lahir=upload(EXE, "akta.pdf"))
    assert renamed.status_code == 422
    assert renamed.json()["errors"][0]["field"] == "surat_lahir"
    assert "Jenis berkas tidak diterima" in renamed.json()["errors"][0]["message"]
    settings.SIGAP_UPLOAD_MAX_BYTES = 10
    too_big = multipart(client)
    assert "terlalu besar" in too_big.json()["errors"][0]["message"]
    assert count_of(citizen) == 0


def test_draft_answers_upload_submit_return_resubmit(login, citizen, officer, birth):
    client = login(citizen)
    draft = client.post(
        BASE,
        {"agency": "jambi", "service": "AKTA-LAHIR", "answers": {"nama_bayi": "A"}, "draft": True},
        content_type="application/json",
    )
    assert draft.status_code == 201 and draft.json()["status"] == S.DRAFT
    number = draft.json()["tracking_number"]
    url = f"{BASE}/{number}"

    saved = client.patch(f"{url}/answers", {"answers": ANSWERS}, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["answers"] == ANSWERS
    bad = client.patch(
        f"{url}/answers", {"answers": {"tanggal_lahir": "kemarin"}}, content_type="application/json"
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "tanggal_lahir"

    early = client.post(f"{url}/submit")
    assert early.status_code == 422
    assert early.json()["errors"] == [{"field": "surat_lahir", "message": "Unggah dokumen ini."}]
    doc = client.post(f"{url}/documents", {"field_key": "surat_lahir", "file": upload()})
    assert doc.status_code == 201 and doc.json()["content_type"] == "application/pdf"
    wrong_field = client.post(f"{url}/documents", {"field_key": "nama_bayi", "file": upload()})
    assert wrong_field.status_code == 422

    submitted = client.post(f"{url}/submit")
    assert submitted.status_code == 200 and submitted.json()["status"] == S.SUBMITTED
    assert client.post(f"{url}/submit").json()["status"] == S.SUBMITTED  # twice: once
    assert count_of(citizen) == 1

    app = Application.all_objects.get(tracking_number=number)
    applications.return_for_revision(app, by=officer, note="Tanggal lahir tidak sesuai surat.")
    returned = client.get(url).json()
    assert returned["status"] == S.RETURNED
    assert returned["note_to_citizen"] == "Tanggal lahir tidak sesuai surat."
    assert client.post(f"{url}/submit").status_code == 422
    client.patch(
        f"{url}/answers",
        {"answers": {"tanggal_lahir": "2026-01-04"}},
        content_type="application/json",
    )
    again = client.post(f"{url}/resubmit")
    assert again.status_code == 200
    assert [s["status"] for s in again.json()["timeline"]] == [
        S.DRAFT,
        S.SUBMITTED,
        S.RETURNED,
        S.SUBMITTED,
    ]

    listing = client.get(BASE).json()
    assert [i["tracking_number"] for i in listing["items"]] == [number]
    assert listing["next_cursor"] is None


def test_other_citizens_get_404(login, citizen, other_citizen, birth):
    number = multipart(login(citizen)).json()["tracking_number"]
    stranger = login(other_citizen)
    for method, path in (
        ("get", f"{BASE}/{number}"),
        ("post", f"{BASE}/{number}/submit"),
        ("post", f"{BASE}/{number}/resubmit"),
    ):
        response = getattr(stranger, method)(path)
        assert response.status_code == 404, path
        assert response.json()["code"] == "not_found"
    patched = stranger.patch(
        f"{BASE}/{number}/answers", {"answers": {}}, content_type="application/json"
    )
    assert patched.status_code == 404
    assert stranger.get(BASE).json()["items"] == []


@pytest.mark.parametrize("user", ["officer", "agency_admin"])
def test_staff_cannot_use_the_citizen_operations(login, request, user):
    response = login(request.getfixturevalue(user)).get(BASE)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
