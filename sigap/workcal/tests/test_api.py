"""API /api/v1/calendar/…: access, the shared error shape, and the figures."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry

from sigap.tenancy.context import activate
from sigap.workcal.models import HolidayOverride
from sigap.workcal.policy import add_holiday

HOLIDAYS = "/api/v1/calendar/holidays"
DEADLINE = "/api/v1/calendar/deadline"
ERROR_KEYS = {"code", "message", "errors"}


@pytest.fixture
def jambi_day(agency) -> HolidayOverride:
    return add_holiday(
        agency, dt.date(2026, 1, 6), "HUT Provinsi Jambi", HolidayOverride.Kind.LOCAL, by=None
    )


def _post(client, body: dict):
    return client.post(HOLIDAYS, data=body, content_type="application/json")


def test_it_checks_access(login, jambi_day, officer, citizen):
    anonymous = login(None)
    for response in (
        anonymous.get(HOLIDAYS),
        _post(anonymous, {}),
        anonymous.delete(f"{HOLIDAYS}/{jambi_day.pk}"),
        anonymous.get(DEADLINE, {"start": "2026-03-02T09:00", "working_days": 1}),
    ):
        assert response.status_code == 401
        assert set(response.json()) == ERROR_KEYS
    for user in (officer, citizen):
        client = login(user)
        # Refused before the body is even parsed: 403, not 422.
        assert _post(client, {}).status_code == 403
        assert client.delete(f"{HOLIDAYS}/{jambi_day.pk}").status_code == 403
    assert login(citizen).get(HOLIDAYS).status_code == 403
    with activate(jambi_day.agency):
        assert HolidayOverride.objects.filter(pk=jambi_day.pk).exists()


def test_officer_reads_the_year(login, officer, jambi_day):
    body = login(officer).get(HOLIDAYS, {"year": 2026}).json()
    assert body["year"] == 2026 and body["time_zone"] == "Asia/Jakarta"
    local = [h for h in body["holidays"] if h["source"] == "libur_daerah"]
    assert local == [
        {
            "date": "2026-01-06",
            "name": "HUT Provinsi Jambi",
            "source": "libur_daerah",
            "source_label": "Libur daerah (ditetapkan pemda)",
            "override_id": jambi_day.pk,
        }
    ]
    lebaran = {h["date"] for h in body["holidays"] if h["source"] == "cuti_bersama"}
    assert {"2026-03-20", "2026-03-23", "2026-03-24"} <= lebaran
    national = next(h for h in body["holidays"] if h["date"] == "2026-08-17")
    assert national["source"] == "nasional" and national["override_id"] is None


def test_year_out_of_range_is_a_validation_error(login, officer):
    response = login(officer).get(HOLIDAYS, {"year": 1800})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "year"


def test_other_agency_gets_none_of_our_data(login, other_admin, jambi_day):
    client = login(other_admin)
    body = client.get(HOLIDAYS, {"year": 2026}).json()
    assert all(h["name"] != "HUT Provinsi Jambi" for h in body["holidays"])
    response = client.delete(f"{HOLIDAYS}/{jambi_day.pk}")
    assert response.status_code == 404 and set(response.json()) == ERROR_KEYS
    with activate(jambi_day.agency):
        assert HolidayOverride.objects.filter(pk=jambi_day.pk).exists()


def test_admin_adds_and_removes_an_override(login, agency, agency_admin):
    client = login(agency_admin)
    created = _post(client, {"date": "2026-05-15", "kind": "hari_kerja"})
    assert created.status_code == 201
    body = created.json()
    assert body["kind"] == "hari_kerja" and body["date"] == "2026-05-15"
    year = client.get(HOLIDAYS, {"year": 2026}).json()
    assert [d["override_id"] for d in year["declared_working_days"]] == [body["id"]]
    entry = LogEntry.objects.get(content_type__model="holidayoverride", object_pk=str(body["id"]))
    assert entry.additional_data == {
        "channel": "api",
        "agency_id": agency.pk,
        "path": HOLIDAYS,
    }
    assert client.delete(f"{HOLIDAYS}/{body['id']}").status_code == 204
    with activate(agency):
        assert not HolidayOverride.objects.exists()


def test_domain_errors_use_the_shared_shape(login, agency_admin, jambi_day):
    response = _post(
        login(agency_admin), {"date": "2026-01-06", "name": "Lagi", "kind": "cuti_bersama"}
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["errors"][0]["field"] == "date" and "sudah diatur" in body["errors"][0]["message"]


def test_unknown_kind_is_refused(login, agency_admin):
    response = _post(login(agency_admin), {"date": "2026-04-02", "name": "X", "kind": "bebas"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "kind"


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2026-02-13T16:15:00+07:00", 3, "2026-02-20T16:30:00+07:00"),
        ("2026-02-13T16:15", 3, "2026-02-20T16:30:00+07:00"),  # naive = pemda zone
        ("2026-03-17T03:00:00Z", 1, "2026-03-25T16:00:00+07:00"),
    ],
)
def test_deadline(login, officer, start, n, expected):
    response = login(officer).get(DEADLINE, {"start": start, "working_days": n})
    assert response.status_code == 200
    body = response.json()
    assert body["deadline"] == expected and body["time_zone"] == "Asia/Jakarta"


def test_deadline_needs_at_least_one_working_day(login, officer):
    response = login(officer).get(DEADLINE, {"start": "2026-03-02T09:00", "working_days": 0})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "working_days"
