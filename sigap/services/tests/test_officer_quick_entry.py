"""Quick entry: a service at the counter, by phone or on outreach, recorded without an
application, through the page and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import make_staff
from sigap.accounts.models import Role
from sigap.services.models import ServiceEvent
from sigap.services.tests.access_fixtures_officer import plain_service
from sigap.tenancy import org
from sigap.tenancy.context import activate
from sigap.tenancy.models import OrgUnit

URL = "/kerja/layanan/catat/"
API = "/api/v1/services/officer/quick-entries"
FMT = "%Y-%m-%dT%H:%M"


@pytest.fixture
def service(agency, opd):
    return plain_service(agency, opd)


def local(moment: dt.datetime, agency) -> str:
    return moment.astimezone(agency.zone).strftime(FMT)


def test_the_page_records_a_counter_service_and_lists_it_today(login, officer, agency, service):
    now = timezone.now().replace(second=0, microsecond=0)
    client = login(officer)
    form = client.get(URL)
    assert form.status_code == 200 and service.name in form.content.decode()
    response = client.post(
        URL,
        {
            "service": service.pk,
            "channel": "counter",
            "outcome": "informed",
            "arrived_at": local(now - dt.timedelta(minutes=30), agency),
            "started_at": local(now - dt.timedelta(minutes=10), agency),
            "finished_at": local(now, agency),
            "note": "Tanya syarat akta",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Layanan Surat keterangan lahir tercatat." in html and "Tanya syarat akta" in html
    with activate(agency):
        event = ServiceEvent.objects.get()
    assert event.channel == "counter" and event.recorded_by == officer
    assert event.waiting_seconds == 20 * 60 and event.processing_seconds == 10 * 60
    assert event.application is None and event.unit == service.unit


def test_times_out_of_order_are_refused(login, officer, agency, service):
    now = timezone.now()
    response = login(officer).post(
        URL,
        {
            "service": service.pk,
            "channel": "phone",
            "outcome": "done",
            "arrived_at": local(now, agency),
            "started_at": local(now - dt.timedelta(hours=1), agency),
            "finished_at": local(now, agency),
        },
    )
    assert response.status_code == 422
    assert "Urutan waktu tidak masuk akal: datang ≤ mulai ≤ selesai." in response.content.decode()
    with activate(agency):
        assert not ServiceEvent.objects.exists()


def test_only_services_of_the_officers_units_are_offered(login, officer, agency, service):
    elsewhere = org.create_unit(agency, kind=OrgUnit.Kind.OPD, name="Dinsos", code="DINSOS")
    foreign = plain_service(agency, elsewhere, code="BANSOS")
    client = login(officer)
    assert foreign.name not in client.get(URL).content.decode() or foreign.name == service.name
    response = client.post(
        URL,
        {
            "service": foreign.pk,
            "channel": "counter",
            "outcome": "done",
            "arrived_at": local(timezone.now(), agency),
        },
    )
    assert response.status_code == 422
    api = client.post(
        API,
        {"service_id": foreign.pk, "channel": "counter", "outcome": "done"},
        content_type="application/json",
    )
    assert api.status_code == 422 and api.json()["errors"][0]["field"] == "service_id"


def test_the_api_records_with_defaults_and_refuses_bad_times(login, officer, agency, service):
    client = login(officer)
    ok = client.post(
        API,
        {"service_id": service.pk, "channel": "outreach", "outcome": "done", "note": "Desa A"},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["channel"] == "outreach"
    now = timezone.now()
    bad = client.post(
        API,
        {
            "service_id": service.pk,
            "channel": "counter",
            "outcome": "done",
            "arrived_at": now.isoformat(),
            "finished_at": (now - dt.timedelta(hours=1)).isoformat(),
        },
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["message"].startswith("Urutan waktu tidak masuk akal")
    online = client.post(
        API,
        {"service_id": service.pk, "channel": "online", "outcome": "done"},
        content_type="application/json",
    )
    assert online.json()["errors"] == [
        {"field": "channel", "message": "Pilih loket, telepon atau jemput bola."}
    ]


def test_oversight_and_another_agency_cannot_record(login, inspector, other_admin, service):
    for user in (inspector, other_admin):
        assert login(user).get(URL).status_code == 403
        response = login(user).post(
            API,
            {"service_id": service.pk, "channel": "counter", "outcome": "done"},
            content_type="application/json",
        )
        assert response.status_code == 403


def test_a_unit_head_of_another_agency_sees_none_of_todays_events(
    login, officer, agency, other_agency, other_opd, service
):
    login(officer).post(
        API,
        {"service_id": service.pk, "channel": "counter", "outcome": "done", "note": "Rahasia"},
        content_type="application/json",
    )
    head = make_staff("kepala.tebo", other_agency, Role.UNIT_HEAD, unit=other_opd)
    assert "Rahasia" not in login(head).get(URL).content.decode()
