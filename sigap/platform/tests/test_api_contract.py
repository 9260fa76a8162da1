"""The API's contract (issue 8, item 6): the OpenAPI document declares bearer
authentication and the error responses in the one error shape; 405 and 422 come in that
shape, in Indonesian; date-times are RFC 3339 even where Python would write an offset
with seconds."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sigap.platform.api import rfc3339

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


@pytest.mark.django_db
def test_the_document_declares_bearer_auth_and_the_error_responses(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": doc["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    assert set(doc["components"]["schemas"]["ErrorOut"]["required"]) >= {"code", "message"}
    secured = 0
    for operations in doc["paths"].values():
        for operation in operations.values():
            if operation.get("security"):
                secured += 1
                assert {"bearerAuth": []} in operation["security"]
                for status in ("400", "401", "403", "404", "409", "422"):
                    assert status in {str(k) for k in operation["responses"]}
    assert secured > 20


@pytest.mark.django_db
def test_a_wrong_method_is_a_405_in_the_error_shape(login, officer):
    response = login(officer).delete("/api/v1/units")
    assert response.status_code == 405
    body = response.json()
    assert body["code"] == "method_not_allowed" and body["errors"] == []
    assert "tidak didukung" in body["message"]
    assert "GET" in response["Allow"]


@pytest.mark.django_db
def test_validation_errors_are_in_indonesian(login, agency_admin):
    response = login(agency_admin).get("/api/v1/calendar/deadline", {"working_days": "abc"})
    assert response.status_code == 422
    messages = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert messages["start"] == "Wajib diisi."
    assert messages["working_days"] == "Harus berupa bilangan bulat."


@pytest.mark.django_db
def test_a_deadline_before_1924_is_rfc_3339(login, agency_admin):
    response = login(agency_admin).get(
        "/api/v1/calendar/deadline", {"start": "1920-03-02T09:00:00", "working_days": 3}
    )
    assert response.status_code == 200
    body = response.json()
    assert RFC3339.match(body["start"]) and RFC3339.match(body["deadline"])


@given(
    st.datetimes(
        min_value=dt.datetime(1850, 1, 1),
        max_value=dt.datetime(2100, 1, 1),
        timezones=st.sampled_from(
            [zoneinfo.ZoneInfo(z) for z in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")]
        ),
    )
)
def test_every_aware_time_is_written_as_rfc_3339_and_keeps_its_instant(moment):
    text = rfc3339(moment)
    assert RFC3339.match(text), text
    # Django's encoder keeps milliseconds.
    expected = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))

    def utc(t: dt.datetime) -> dt.datetime:
        # Naive arithmetic: aware comparison is False for wall times a zone change
        # skipped or repeated (PEP 495), though the offset written is the one Python uses.
        return t.replace(tzinfo=None) - t.utcoffset()

    assert utc(parsed) == utc(expected)
