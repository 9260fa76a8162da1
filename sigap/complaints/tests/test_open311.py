"""Complaints through Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2),
field by field, beside the services' applications, JSON and XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from sigap.complaints.models import Complaint, ComplaintIdentity
from sigap.complaints.tests.factories import with_categories
from sigap.services import applications
from sigap.services.tests.test_open311 import CREATED_FIELDS, REQUEST_FIELDS
from sigap.tenancy.context import activate

BASE = "/api/v1/open311/v2"
TEXT = "Lampu jalan di Jalan Sultan Thaha mati sudah dua minggu, rawan begal."


@pytest.fixture
def key(agency, opd, agency_admin) -> str:
    with_categories(agency, opd)
    _client, key = applications.issue_open311_client(agency, name="Aplikasi Kota", by=agency_admin)
    return key


@pytest.fixture
def other_key(agency, agency_admin) -> str:
    _client, key = applications.issue_open311_client(agency, name="Kios", by=agency_admin)
    return key


def post(client, key, fmt="json", **fields):
    data = {
        "api_key": key,
        "service_code": "ADUAN-JALAN",
        "description": TEXT,
        "lat": "-1.610123",
        "long": "103.613120",
        "address_string": "Jl. Sultan Thaha",
    }
    data.update(fields)
    return client.post(f"{BASE}/requests.{fmt}", data)


def test_services_list_the_complaint_codes(client, key, agency):
    body = client.get(f"{BASE}/services.json", {"jurisdiction_id": agency.slug}).json()
    codes = {e["service_code"] for e in body}
    assert {"ADUAN", "ADUAN-JALAN", "ADUAN-PUNGLI"} <= codes
    entry = next(e for e in body if e["service_code"] == "ADUAN-JALAN")
    assert list(entry) == [
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    ]
    assert entry["type"] == "realtime" and entry["metadata"] is True
    definition = client.get(
        f"{BASE}/services/ADUAN-JALAN.json", {"jurisdiction_id": agency.slug}
    ).json()
    assert definition["attributes"][0]["code"] == "identitas"
    assert [v["key"] for v in definition["attributes"][0]["values"]] == [
        "terbuka",
        "rahasia",
        "anonim",
    ]


def test_an_agency_without_categories_offers_no_complaint_service(client, agency, agency_admin):
    """Complaints not set up (no category to route to): the Open311 list stays the
    applications' own, ADUAN has no definition and cannot be posted."""
    _client, key = applications.issue_open311_client(agency, name="Kios", by=agency_admin)
    listed = client.get(f"{BASE}/services.json", {"jurisdiction_id": agency.slug}).json()
    assert not [e for e in listed if e["service_code"].startswith("ADUAN")]
    definition = client.get(f"{BASE}/services/ADUAN.json", {"jurisdiction_id": agency.slug})
    assert definition.status_code == 404
    response = post(client, key, service_code="ADUAN")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "service_code"
    with activate(agency):
        assert not Complaint.objects.exists()


def test_post_files_an_anonymous_complaint_by_default(client, key, agency):
    response = post(client, key, idempotency_key="c-1")
    assert response.status_code == 201
    body = response.json()
    assert list(body[0]) == CREATED_FIELDS
    assert body[0]["service_request_id"].startswith("ADU-")
    with activate(agency):
        complaint = Complaint.objects.get(tracking_number=body[0]["service_request_id"])
        assert complaint.mode == "anonymous" and complaint.channel == "open311"
        assert complaint.category.code == "jalan"
        assert str(complaint.lat) == "-1.610123" and complaint.address == "Jl. Sultan Thaha"
        assert not ComplaintIdentity.objects.filter(complaint=complaint).exists()
    again = post(client, key, idempotency_key="c-1")
    assert again.status_code == 200
    assert again.json()[0]["service_request_id"] == body[0]["service_request_id"]


def test_a_name_makes_it_confidential_and_it_is_never_returned(client, key, agency):
    body = post(client, key, first_name="Siti", last_name="Aminah", phone="08123").json()
    number = body[0]["service_request_id"]
    with activate(agency):
        assert Complaint.objects.get(tracking_number=number).mode == "confidential"
    one = client.get(f"{BASE}/requests/{number}.json", {"api_key": key})
    assert one.status_code == 200
    row = one.json()[0]
    assert list(row) == REQUEST_FIELDS
    assert "Siti" not in one.content.decode()
    assert row["status"] == "open" and row["service_code"] == "ADUAN-JALAN"
    assert row["lat"] == pytest.approx(-1.610123) and row["expected_datetime"]


def test_without_category_sigap_suggests_it(client, key, agency):
    body = post(
        client,
        key,
        service_code="ADUAN",
        description="Sampah di TPS pasar tidak diangkut, baunya parah.",
    ).json()
    with activate(agency):
        complaint = Complaint.objects.get(tracking_number=body[0]["service_request_id"])
    assert complaint.category is None and complaint.suggested_category.code == "kebersihan"


def test_unknown_identity_value_is_refused(client, key):
    response = post(client, key, **{"attribute[identitas]": "setengah"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "attribute[identitas]"


def test_get_lists_only_the_clients_own_complaints_and_filters(client, key, other_key):
    mine = post(client, key).json()[0]["service_request_id"]
    theirs = post(client, other_key).json()[0]["service_request_id"]
    rows = client.get(f"{BASE}/requests.json", {"api_key": key}).json()
    numbers = {r["service_request_id"] for r in rows}
    assert mine in numbers and theirs not in numbers
    assert client.get(f"{BASE}/requests/{theirs}.json", {"api_key": key}).status_code == 404
    assert client.get(f"{BASE}/requests.json", {"api_key": key, "status": "closed"}).json() == []
    only = client.get(
        f"{BASE}/requests.json", {"api_key": key, "service_code": "ADUAN-PUNGLI"}
    ).json()
    assert only == []


def test_xml_request_has_every_field(client, key):
    number = post(client, key).json()[0]["service_request_id"]
    response = client.get(f"{BASE}/requests/{number}.xml", {"api_key": key})
    root = ET.fromstring(response.content)  # noqa: S314 - Sigap's own response
    assert root.tag == "service_requests"
    assert [child.tag for child in root[0]] == REQUEST_FIELDS


def test_answered_complaint_reads_closed_with_the_answer(
    client, key, agency, agency_admin, officer
):
    from sigap.complaints import handling

    number = post(client, key).json()[0]["service_request_id"]
    with activate(agency):
        complaint = Complaint.objects.get(tracking_number=number)
    complaint = handling.route(complaint, category="jalan", by=agency_admin)
    handling.answer(complaint, text="Lampu sudah diganti petugas PJU.", by=officer)
    row = client.get(f"{BASE}/requests/{number}.json", {"api_key": key}).json()[0]
    assert row["status"] == "closed" and "Lampu sudah diganti" in row["status_notes"]
    assert row["agency_responsible"] == complaint.unit.name
