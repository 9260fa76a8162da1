"""Open311 GeoReport v2 ``requests``: field by field against the specification
(https://wiki.open311.org/GeoReport_v2), in JSON and XML, with keys per client."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from sigap.accounts.models import User
from sigap.services import applications
from sigap.services.models import Application, Open311Client, Open311Request
from sigap.services.tests.access_fixtures_officer import make_citizen, plain_service
from sigap.tenancy.context import activate

BASE = "/api/v1/open311/v2"
# GET requests: every field the specification lists for a service request, in order.
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
# POST requests: the response of a created request.
CREATED_FIELDS = ["service_request_id", "service_notice", "account_id"]


@pytest.fixture
def service(agency, opd):
    return plain_service(agency, opd, code="SKL")


@pytest.fixture
def key(agency, agency_admin, service) -> str:
    _client, key = applications.issue_open311_client(agency, name="Aplikasi Kota", by=agency_admin)
    return key


@pytest.fixture
def resident(db):
    return make_citizen("warga.open311@example.id")


def parse_xml(body: bytes) -> ET.Element:
    return ET.fromstring(body)  # noqa: S314 - Sigap's own response, not untrusted input


def post(client, key, fmt="json", **fields):
    data = {"api_key": key, "service_code": "SKL", "email": "warga.open311@example.id"}
    data.update(fields)
    return client.post(f"{BASE}/requests.{fmt}", data)


def test_post_files_an_application_for_an_existing_citizen(client, key, resident, agency):
    response = post(client, key, **{"attribute[nama_bayi]": "Dimas", "idempotency_key": "r-1"})
    assert response.status_code == 201
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert isinstance(body, list) and len(body) == 1
    assert list(body[0]) == CREATED_FIELDS
    assert body[0]["account_id"] is None
    assert "3 hari kerja" in body[0]["service_notice"]
    with activate(agency):
        app = Application.objects.get(tracking_number=body[0]["service_request_id"])
    assert app.citizen == resident and app.status == "submitted"
    assert app.answers == {"nama_bayi": "Dimas"}


def test_a_retried_post_with_the_same_token_files_once(client, key, resident, agency):
    first = post(client, key, **{"attribute[nama_bayi]": "Dimas", "idempotency_key": "r-1"})
    again = client.post(
        f"{BASE}/requests.json",
        {
            "api_key": key,
            "service_code": "SKL",
            "email": resident.email,
            "attribute[nama_bayi]": "Dimas",
        },
        HTTP_IDEMPOTENCY_KEY="r-1",
    )
    assert first.status_code == 201 and again.status_code == 200
    assert first.json() == again.json()
    with activate(agency):
        assert Application.objects.count() == 1 and Open311Request.objects.count() == 1
    fresh = post(client, key, **{"attribute[nama_bayi]": "Dimas", "idempotency_key": "r-2"})
    assert fresh.status_code == 201


def test_post_never_creates_an_account(client, key, agency):
    response = post(client, key, email="belum.terdaftar@example.id")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error" and body["errors"][0]["field"] == "email"
    assert not User.objects.filter(email="belum.terdaftar@example.id").exists()


def test_post_reports_form_errors_per_attribute(client, key, resident):
    missing = post(client, key)
    assert missing.status_code == 422
    assert {"field": "attribute[nama_bayi]", "message": "Isian ini wajib diisi."} in (
        missing.json()["errors"]
    )
    bad = post(client, key, **{"attribute[nama_bayi]": "A", "attribute[nik_ibu]": "123"})
    assert any(e["field"] == "attribute[nik_ibu]" for e in bad.json()["errors"])
    unknown = post(client, key, service_code="TIDAK-ADA")
    assert unknown.json()["errors"][0]["field"] == "service_code"


def test_post_in_xml(client, key, resident):
    response = post(client, key, fmt="xml", **{"attribute[nama_bayi]": "Sari"})
    assert response.status_code == 201
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = parse_xml(response.content)
    assert root.tag == "service_requests"
    (request,) = root.findall("request")
    assert [child.tag for child in request] == CREATED_FIELDS
    assert request.findtext("service_request_id").startswith("LYN-")


def _filed(client, key, name="Dimas", idem="t") -> str:
    response = post(client, key, **{"attribute[nama_bayi]": name, "idempotency_key": idem})
    return response.json()[0]["service_request_id"]


def test_get_request_has_every_field_of_the_specification(client, key, resident, agency):
    number = _filed(client, key)
    response = client.get(f"{BASE}/requests/{number}.json", {"api_key": key})
    assert response.status_code == 200
    (row,) = response.json()
    assert list(row) == REQUEST_FIELDS
    assert row["service_request_id"] == number
    assert row["status"] == "open" and row["status_notes"] == "Diajukan"
    assert row["service_code"] == "SKL" and row["service_name"] == "Surat keterangan lahir"
    assert row["agency_responsible"] == "Dinas Kependudukan dan Pencatatan Sipil"
    assert row["description"] == ""
    assert row["lat"] is None and row["long"] is None and row["address"] == ""
    # w3c datetimes with the pemda's offset (WIB: +07:00).
    requested = dt.datetime.fromisoformat(row["requested_datetime"])
    assert row["requested_datetime"].endswith("+07:00")
    assert abs(requested - timezone.now()) < dt.timedelta(minutes=5)
    expected = dt.datetime.fromisoformat(row["expected_datetime"])
    assert expected > requested
    assert row["updated_datetime"] == row["requested_datetime"]


@pytest.mark.parametrize(
    "move,status,notes",
    [
        ("verify", "open", "Terverifikasi"),
        ("return", "open", "Dikembalikan untuk perbaikan: Lampirkan KK"),
        ("reject", "closed", "Ditolak: Data ganda"),
        ("done", "closed", "Selesai"),
    ],
)
def test_states_map_to_open_and_closed_with_the_detail_in_status_notes(
    client, key, resident, officer, agency, move, status, notes
):
    number = _filed(client, key)
    with activate(agency):
        app = Application.objects.get(tracking_number=number)
    if move == "verify":
        applications.verify(app, by=officer)
    elif move == "return":
        applications.return_for_revision(app, by=officer, note="Lampirkan KK")
    elif move == "reject":
        applications.reject(app, by=officer, reason="Data ganda")
    else:
        applications.verify(app, by=officer)
        applications.start_processing(app, by=officer)
        applications.complete(app, by=officer)
    (row,) = client.get(f"{BASE}/requests/{number}.json", {"api_key": key}).json()
    assert (row["status"], row["status_notes"]) == (status, notes)
    if status == "closed" or move == "return":
        assert row["expected_datetime"] is None  # finished, or the clock is stopped
    assert row["updated_datetime"] >= row["requested_datetime"]


def test_get_requests_filters(client, key, resident, officer, agency):
    a = _filed(client, key, idem="a")
    b = _filed(client, key, idem="b")
    with activate(agency):
        applications.reject(Application.objects.get(tracking_number=b), by=officer, reason="Ganda")

    def ids(**params):
        response = client.get(f"{BASE}/requests.json", {"api_key": key, **params})
        assert response.status_code == 200, response.content
        return {row["service_request_id"] for row in response.json()}

    assert ids() == {a, b}
    assert ids(status="open") == {a}
    assert ids(status="closed") == {b}
    assert ids(status="open,closed") == {a, b}
    assert ids(service_request_id=f"{a},{b}") == {a, b}
    assert ids(service_request_id=b, status="open") == {b}  # other parameters ignored
    assert ids(service_code="SKL") == {a, b}
    assert ids(service_code="LAIN") == set()
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()
    past = (timezone.now() - dt.timedelta(days=1)).isoformat()
    assert ids(start_date=past, end_date=future) == {a, b}
    assert ids(start_date=future) == set()
    bad = client.get(f"{BASE}/requests.json", {"api_key": key, "start_date": "kemarin"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "start_date"
    order = client.get(
        f"{BASE}/requests.json", {"api_key": key, "start_date": future, "end_date": past}
    )
    assert order.status_code == 422


def test_get_requests_in_xml(client, key, resident):
    number = _filed(client, key)
    response = client.get(f"{BASE}/requests.xml", {"api_key": key})
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = parse_xml(response.content)
    assert root.tag == "service_requests"
    (request,) = root.findall("request")
    assert [child.tag for child in request] == REQUEST_FIELDS
    assert request.findtext("service_request_id") == number
    assert request.findtext("status") == "open"
    assert request.findtext("lat") == ""


def test_a_client_sees_only_the_requests_it_filed(client, key, resident, agency, service):
    mine = _filed(client, key)
    web = applications.apply(resident, service, answers={"nama_bayi": "Lewat web"})
    _other, other_key = applications.issue_open311_client(agency, name="Kios", by=None)
    assert (
        client.get(f"{BASE}/requests/{web.tracking_number}.json", {"api_key": key}).status_code
        == 404
    )
    assert client.get(f"{BASE}/requests/{mine}.json", {"api_key": other_key}).status_code == 404
    assert client.get(f"{BASE}/requests.json", {"api_key": other_key}).json() == []


def test_keys_are_checked_hashed_agency_scoped_and_revocable(
    client, key, agency, agency_admin, other_agency, resident
):
    number = _filed(client, key)
    with activate(agency):
        stored = Open311Client.objects.get()
    assert key not in (stored.key_hash, stored.key_prefix) and len(stored.key_hash) == 64
    anonymous = client.get(f"{BASE}/requests.json")
    assert anonymous.status_code == 401
    assert set(anonymous.json()) == {"code", "message", "errors"}
    wrong = client.get(f"{BASE}/requests.json", {"api_key": "o311_salah"})
    assert wrong.status_code == 403
    xml = client.get(f"{BASE}/requests.xml", {"api_key": "o311_salah"})
    root = parse_xml(xml.content)
    assert root.tag == "errors" and root.find("error").findtext("code") == "403"
    elsewhere = client.get(
        f"{BASE}/requests.json", {"api_key": key, "jurisdiction_id": other_agency.slug}
    )
    assert elsewhere.status_code == 404
    own = client.get(f"{BASE}/requests.json", {"api_key": key, "jurisdiction_id": agency.slug})
    assert own.status_code == 200 and len(own.json()) == 1
    # Another pemda's client never sees this pemda's requests.
    _c, foreign = applications.issue_open311_client(other_agency, name="Tebo", by=None)
    assert client.get(f"{BASE}/requests/{number}.json", {"api_key": foreign}).status_code == 404
    applications.deactivate_open311_client(stored, by=agency_admin)
    assert client.get(f"{BASE}/requests.json", {"api_key": key}).status_code == 403


def test_a_signed_in_session_is_not_a_client(login, officer):
    response = login(officer).get(f"{BASE}/requests.json")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_agency_admins_issue_and_revoke_keys_on_their_page(login, agency_admin, officer, agency):
    client = login(agency_admin)
    created = client.post("/kerja/layanan/open311/", {"name": "Anjungan MPP"})
    html = created.content.decode()
    assert "Salin kunci ini sekarang" in html and created["Cache-Control"] == "no-store"
    key = created.context["new_key"]
    assert key.startswith("o311_") and key in html
    assert key not in client.get("/kerja/layanan/open311/").content.decode()
    with activate(agency):
        stored = Open311Client.objects.get(name="Anjungan MPP")
    assert login(officer).get("/kerja/layanan/open311/").status_code == 403
    client.post(f"/kerja/layanan/open311/{stored.pk}/nonaktifkan/")
    with activate(agency):
        assert not Open311Client.objects.get(pk=stored.pk).is_active
    empty = client.post("/kerja/layanan/open311/", {"name": ""})
    assert "Beri nama klien ini." in empty.content.decode()


def test_another_agencys_admin_cannot_revoke(login, other_admin, key, agency):
    with activate(agency):
        stored = Open311Client.objects.get()
    response = login(other_admin).post(f"/kerja/layanan/open311/{stored.pk}/nonaktifkan/")
    assert response.status_code == 404
    with activate(agency):
        assert Open311Client.objects.get(pk=stored.pk).is_active
