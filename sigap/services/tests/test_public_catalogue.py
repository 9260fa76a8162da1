"""The public catalogue: pages without sign-in, search, last month's figures, the PDF."""

from __future__ import annotations

import datetime as dt
import re
import zlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.services import catalogue
from sigap.services.events import record_service_event
from sigap.services.models import ServiceEvent
from sigap.services.public_stats import last_month, stats_for, working_duration
from sigap.services.tests.factories import service_with_standard
from sigap.tenancy.context import activate
from sigap.workcal.calendar import WorkingCalendar

pytestmark = pytest.mark.django_db
ONLINE, COUNTER = ServiceEvent.Channel.ONLINE, ServiceEvent.Channel.COUNTER
DONE, REJECTED = ServiceEvent.Outcome.DONE, ServiceEvent.Outcome.REJECTED


def _catalogue_url(agency) -> str:
    return reverse("services:public_catalogue", kwargs={"agency_slug": agency.slug})


def _service_url(agency, code: str) -> str:
    return reverse(
        "services:public_service", kwargs={"agency_slug": agency.slug, "service_code": code}
    )


def test_catalogue_lists_services_in_force_without_sign_in(agency, opd, login):
    service_with_standard(agency, opd, code="AKTA", name="Akta kelahiran")
    service_with_standard(agency, opd, code="KK", name="Kartu keluarga", publish=False)
    hidden, _ = service_with_standard(agency, opd, code="LAMA", name="Layanan lama")
    with activate(agency):
        catalogue.update_service(hidden, is_active=False)
    response = login(None).get(_catalogue_url(agency))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Akta kelahiran" in body and opd.name in body and "3 hari kerja" in body
    assert "Kartu keluarga" not in body  # a draft only: not published yet
    assert "Layanan lama" not in body  # inactive


def test_search_finds_names_summaries_and_requirements(agency, opd, login):
    service_with_standard(agency, opd, code="AKTA", name="Akta kelahiran")
    service, _ = service_with_standard(agency, opd, code="NIB", name="Izin usaha", publish=False)
    with activate(agency):
        draft = service.standards.get()
        catalogue.update_draft(draft, requirements=["NPWP", "Akta pendirian"])
        catalogue.publish_standard(draft)
    client = login(None)

    def found(q: str) -> list[str]:
        groups = client.get(_catalogue_url(agency), {"q": q}).context["groups"]
        return sorted(s.code for g in groups for s in g.services)

    assert found("izin") == ["NIB"]
    assert found("KTP-el orang tua") == ["AKTA"]  # a requirement of the birth certificate
    assert found("npwp") == ["NIB"]
    assert found("akta") == ["AKTA", "NIB"]  # a name and a requirement
    assert found("paspor") == []
    page = client.get(_catalogue_url(agency), {"q": "izin", "kategori": "perizinan"})
    assert page.context["groups"] == []


def test_service_page_shows_the_standard_and_office_hours(agency, opd, login):
    service_with_standard(agency, opd, code="AKTA", name="Akta kelahiran")
    body = login(None).get(_service_url(agency, "akta")).content.decode()
    for text in (
        "Persyaratan",
        "KK orang tua",
        "Sistem, mekanisme dan prosedur",
        "3 hari kerja",
        "Gratis",
        "Kutipan akta kelahiran",
        "SP4N-LAPOR!",
        "Jam pelayanan",
        "07.30–16.00 WIB",
        "standar.pdf",
    ):
        assert text in body, text
    assert login(None).get(_service_url(agency, "TIDAK-ADA")).status_code == 404


def test_another_pemda_never_shows_the_service(agency, other_agency, opd, login):
    service_with_standard(agency, opd, code="AKTA", name="Akta kelahiran")
    client = login(None)
    assert "Akta kelahiran" not in client.get(_catalogue_url(other_agency)).content.decode()
    assert client.get(_service_url(other_agency, "AKTA")).status_code == 404


def test_agency_home_and_installation_list_lead_to_the_catalogue(agency, login):
    client = login(None)
    home = client.get(reverse("shell:agency_home", kwargs={"agency_slug": agency.slug}))
    assert f'href="{_catalogue_url(agency)}"' in home.content.decode()
    index = client.get(reverse("services:public_catalogue")).content.decode()
    assert _catalogue_url(agency) in index


# ------------------------------------------------------------------ figures


def _plant(agency, service, unit, *, day: dt.date, minutes: int, within, **kwargs) -> None:
    calendar = WorkingCalendar.from_holidays(agency.time_zone)
    start = dt.datetime.combine(day, dt.time(8, 0), tzinfo=calendar.tz)
    record_service_event(
        agency=agency,
        service=service,
        unit=unit,
        officer_user=None,
        channel=kwargs.get("channel", ONLINE),
        outcome=kwargs.get("outcome", DONE),
        requested_at=start - dt.timedelta(days=1),
        started_at=start,
        finished_at=start + dt.timedelta(minutes=minutes),
        within_sla=within,
        calendar=calendar,
    )


def _weekday_in(first: dt.date) -> dt.date:
    day = first + dt.timedelta(days=1)
    while day.weekday() > 3:
        day += dt.timedelta(days=1)
    return day


@pytest.fixture
def planted(agency, opd):
    """Last month: the birth certificate done online in 10, 20, 30, 40 and 50 minutes
    of office time (on time, on time, late, unknown, on time); the family card in 60
    and 90 minutes, both on time. Around them, what must not count."""
    akta, _ = service_with_standard(agency, opd, code="AKTA", name="Akta kelahiran")
    kk, _ = service_with_standard(agency, opd, code="KK", name="Kartu keluarga")
    month = last_month(agency)
    day = _weekday_in(month.first)
    for minutes, within in ((30, False), (10, True), (50, True), (20, True), (40, None)):
        _plant(agency, akta, opd, day=day, minutes=minutes, within=within)
    for minutes in (90, 60):
        _plant(agency, kk, opd, day=day, minutes=minutes, within=True)
    # Not counted: at the counter, rejected, this month, the month before.
    _plant(agency, akta, opd, day=day, minutes=500, within=False, channel=COUNTER)
    _plant(agency, akta, opd, day=day, minutes=500, within=False, outcome=REJECTED)
    before = _weekday_in((month.first - dt.timedelta(days=1)).replace(day=1))
    _plant(agency, akta, opd, day=before, minutes=500, within=False)
    this_month = agency.today().replace(day=1)
    if this_month.weekday() < 5 and agency.today().weekday() < 5 and agency.today() > this_month:
        _plant(agency, akta, opd, day=this_month, minutes=500, within=False)
    return akta, kk


def test_figures_are_last_months_online_median_and_share_on_time(agency, planted):
    akta, kk = planted
    stats = stats_for(agency)
    assert set(stats) == {akta.pk, kk.pk}
    assert stats[akta.pk].finished == 5
    assert stats[akta.pk].median_seconds == 30 * 60
    assert (stats[akta.pk].on_time, stats[akta.pk].known) == (3, 4)
    assert stats[akta.pk].on_time_percent == 75
    assert stats[kk.pk].median_seconds == 75 * 60  # the mean of the middle two
    assert stats[kk.pk].on_time_percent == 100
    assert stats[kk.pk].median_label == "1 jam 15 menit"


def test_pages_show_the_figures_beside_the_promise(agency, planted, login):
    client = login(None)
    body = client.get(_service_url(agency, "AKTA")).content.decode()
    assert "30 menit" in body and "75%" in body and "Dari 5 permohonan daring" in body
    listing = client.get(_catalogue_url(agency)).content.decode()
    assert "1 jam 15 menit" in listing and "100%" in listing


def test_figures_take_one_query_whatever_the_number_of_services(agency, planted, opd, login):
    with CaptureQueriesContext(connection) as stats_queries:
        stats_for(agency)
    assert len(stats_queries) == 1
    client = login(None)
    with CaptureQueriesContext(connection) as few:
        client.get(_catalogue_url(agency))
    for n in range(3):
        service_with_standard(agency, opd, code=f"EXTRA{n}", name=f"Layanan {n}")
    with CaptureQueriesContext(connection) as more:
        client.get(_catalogue_url(agency))
    assert len(more) == len(few)


def test_working_duration_reads_like_a_sentence():
    assert working_duration(0) == "kurang dari 1 menit"
    assert working_duration(40 * 60) == "40 menit"
    assert working_duration(2 * 3600) == "2 jam"
    assert working_duration(2 * 3600 + 15 * 60 + 20) == "2 jam 15 menit"


# ------------------------------------------------------------------ PDF


def _pdf_text(body: bytes) -> str:
    texts = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S):
        try:
            texts.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            texts.append(stream.decode("latin-1"))
    return "\n".join(texts)


def test_printable_standard_is_an_a4_pdf_with_the_service(agency, opd, login):
    service, _ = service_with_standard(agency, opd, code="AKTA", name="Akta kelahiran")
    with activate(agency):
        draft = catalogue.draft_standard(service, legal_basis="Permendagri 19/2018 – Pasal 2 “é”")
        catalogue.publish_standard(draft)
    url = reverse(
        "services:public_standard_pdf", kwargs={"agency_slug": agency.slug, "service_code": "AKTA"}
    )
    response = login(None).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    body = response.content
    assert body.startswith(b"%PDF")
    assert b"/MediaBox [0 0 595.28 841.89]" in body  # A4 in points
    text = _pdf_text(body)
    assert "Akta kelahiran" in text and "STANDAR PELAYANAN" in text
    assert "Kutipan akta kelahiran" in text and "Gratis" in text
    assert "/p/jambi/layanan/AKTA/" in text  # the QR code's address, printed beside it
