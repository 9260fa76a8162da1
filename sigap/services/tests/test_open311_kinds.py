"""Other apps' Open311 requests beside applications (``open311.RequestKind``): the
services app keeps the endpoints, keys and formats and hands a kind's service codes,
posts and reads to the app that registered it. A fake kind here, so that this test does
not depend on which apps are installed (complaints registers ``ADUAN``)."""

from __future__ import annotations

from typing import Any

import pytest

from sigap.services import applications, open311
from sigap.services.tests.access_fixtures_officer import plain_service

BASE = "/api/v1/open311/v2"
ROW = {
    "service_request_id": "FAKE-1",
    "status": "open",
    "status_notes": "",
    "service_name": "Fake",
    "service_code": "FAKE",
    "description": "A fake request of another app.",
    "agency_responsible": "",
    "service_notice": "",
    "requested_datetime": "2999-01-01T00:00:00+07:00",
    "updated_datetime": None,
    "expected_datetime": None,
    "address": "",
    "address_id": "",
    "zipcode": "",
    "lat": None,
    "long": None,
    "media_url": "",
}


@pytest.fixture
def fake_kind(monkeypatch):
    seen: dict[str, Any] = {}

    def file(client, request, payload):
        seen["posted"] = (client.pk, payload.description)
        return {"service_request_id": "FAKE-1", "service_notice": "", "account_id": None}, True

    def rows(client, filters):
        seen["filters"] = filters
        return [ROW]

    kind = open311.RequestKind(
        owns=lambda code: code.upper() == "FAKE",
        file=file,
        find=lambda client, number: ROW if number == "FAKE-1" else None,
        rows=rows,
        services=lambda agency: [{"service_code": "FAKE", "service_name": "Fake"}],
        definition=lambda agency, code: {"service_code": "FAKE", "attributes": []},
    )
    monkeypatch.setattr(open311, "REQUEST_KINDS", [kind])
    return seen


@pytest.fixture
def key(agency, opd, agency_admin) -> str:
    plain_service(agency, opd, code="SKL")
    _client, key = applications.issue_open311_client(agency, name="Aplikasi Kota", by=agency_admin)
    return key


def test_a_registered_kind_is_listed_defined_posted_and_read(client, key, agency, fake_kind):
    listed = client.get(f"{BASE}/services.json", {"jurisdiction_id": agency.slug}).json()
    assert [e["service_code"] for e in listed] == ["SKL", "FAKE"]
    definition = client.get(f"{BASE}/services/FAKE.json", {"jurisdiction_id": agency.slug})
    assert definition.status_code == 200 and definition.json()["service_code"] == "FAKE"

    posted = client.post(
        f"{BASE}/requests.json",
        {"api_key": key, "service_code": "fake", "description": "Tolong dicek."},
    )
    assert posted.status_code == 201
    assert posted.json()[0]["service_request_id"] == "FAKE-1"
    assert fake_kind["posted"][1] == "Tolong dicek."

    one = client.get(f"{BASE}/requests/FAKE-1.json", {"api_key": key})
    assert one.status_code == 200 and one.json() == [ROW]
    many = client.get(f"{BASE}/requests.json", {"api_key": key, "status": "open"})
    assert many.json()[0] == ROW  # newest first: the fake row is dated far ahead
    assert fake_kind["filters"]["states"] == ["open"] and "start" in fake_kind["filters"]


def test_codes_no_kind_owns_stay_applications(client, key, agency, fake_kind):
    missing = client.get(f"{BASE}/requests/NOPE-1.json", {"api_key": key})
    assert missing.status_code == 404
    posted = client.post(
        f"{BASE}/requests.json", {"api_key": key, "service_code": "NOPE", "description": "x"}
    )
    assert posted.status_code in (400, 404, 422) and "posted" not in fake_kind
