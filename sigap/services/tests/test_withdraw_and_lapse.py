"""A citizen withdraws an application; one returned for revision and never fixed lapses
after the period the agency allows; the citizen's list pages; answers read as on screen."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sigap.notifications.models import Notification
from sigap.services import applications
from sigap.services.forms_in_data import FieldSpec, display_value
from sigap.services.lapse import fix_by, lapse_abandoned
from sigap.services.models import Application, ApplicationStep, ServiceEvent
from sigap.services.tests.access_fixtures_officer import (
    NIK_IBU,
    filed,
    make_citizen,
    plain_service,
)
from sigap.tenancy.context import activate
from sigap.workcal.calendar import WorkingCalendar

WIB = ZoneInfo("Asia/Jakarta")
S = Application.Status


@pytest.fixture
def service(agency, opd):
    return plain_service(agency, opd)


@pytest.fixture
def three_days(settings):
    settings.SIGAP_RETURNED_LAPSE_WORKING_DAYS = 3


def returned(service, officer, citizen=None, *, at: dt.datetime | None = None) -> Application:
    app = filed(service, citizen or make_citizen())
    app = applications.return_for_revision(app, by=officer, note="Foto KK buram")
    if at is not None:
        Application.all_objects.filter(pk=app.pk).update(returned_at=at, suspended_since=at)
        app.refresh_from_db()
    return app


# ------------------------------------------------------------------ fix-by, by hand


def test_the_period_counts_working_days_after_the_day_of_return(agency, three_days):
    calendar = WorkingCalendar.for_agency(agency)
    # Returned Thursday 7 May 2026: Friday 8, Monday 11, Tuesday 12 (the weekend skipped).
    deadline = fix_by(calendar, dt.datetime(2026, 5, 7, 10, 0, tzinfo=WIB))
    assert deadline.astimezone(WIB).date() == dt.date(2026, 5, 12)
    assert deadline == calendar.closing_time(dt.date(2026, 5, 12))
    # Late on Monday 4 May counts from Tuesday: 5, 6, 7.
    late = fix_by(calendar, dt.datetime(2026, 5, 4, 23, 30, tzinfo=WIB))
    assert late.astimezone(WIB).date() == dt.date(2026, 5, 7)


# ------------------------------------------------------------------ lapse


def test_a_returned_application_lapses_after_its_period_and_not_before(
    agency, service, officer, three_days
):
    start = timezone.now() - dt.timedelta(days=30)
    app = returned(service, officer, at=start)
    deadline = fix_by(WorkingCalendar.for_agency(agency), start)
    assert lapse_abandoned(agency, now=deadline) == 0  # the last moment is still in time
    app.refresh_from_db()
    assert app.status == S.RETURNED
    assert lapse_abandoned(agency, now=deadline + dt.timedelta(minutes=1)) == 1
    app.refresh_from_db()
    assert app.status == S.LAPSED and app.finished_at is not None
    assert app.suspended_since is None
    with activate(agency):
        step = ApplicationStep.objects.filter(application=app).last()
        assert step.status == S.LAPSED
        assert not ServiceEvent.objects.filter(application=app).exists()  # nobody was served
    note = Notification.objects.filter(recipient=app.citizen).latest("pk")
    assert note.subject == f"Permohonan {app.tracking_number} gugur"
    assert "perbaikan tidak dikirim sampai" in note.body
    entry = LogEntry.objects.get_for_object(app).latest("pk")
    assert entry.additional_data["event"] == "permohonan gugur"
    # Once is enough: a second sweep finds nothing.
    assert lapse_abandoned(agency, now=deadline + dt.timedelta(days=1)) == 0


def test_a_recent_return_or_a_resubmitted_one_never_lapses(agency, service, officer, three_days):
    recent = returned(service, officer, make_citizen("a@example.id", "1571024506880003"))
    old = returned(
        service,
        officer,
        make_citizen("b@example.id", "1571024506880004"),
        at=timezone.now() - dt.timedelta(days=40),
    )
    applications.submit(old, old.citizen)  # fixed in time (the sweep had not run yet)
    assert lapse_abandoned(agency) == 0
    recent.refresh_from_db()
    old.refresh_from_db()
    assert (recent.status, old.status) == (S.RETURNED, S.SUBMITTED)


def test_the_return_message_and_page_say_until_when_to_fix_it(
    agency, service, officer, login, three_days
):
    app = returned(service, officer)
    deadline = fix_by(WorkingCalendar.for_agency(agency), app.returned_at).astimezone(WIB)
    note = Notification.objects.filter(recipient=app.citizen).latest("pk")
    assert f"Kirim perbaikan paling lambat {deadline:%-d} " in note.body
    assert f"{deadline:%H:%M} WIB" in note.body
    page = login(app.citizen).get(f"/layanan/permohonan/{app.tracking_number}/")
    html = page.content.decode()
    assert "Perbaiki sebelum" in html and f"{deadline:%H:%M}" in html


# ------------------------------------------------------------------ withdraw


def test_the_citizen_withdraws_before_processing_once_and_never_after(
    agency, service, officer, unit_head
):
    citizen = make_citizen()
    app = filed(service, citizen)
    with pytest.raises(PermissionDenied):
        applications.withdraw(app, make_citizen("lain@example.id", "1571024506880005"))
    done = applications.withdraw(app, citizen, reason="Salah pilih layanan")
    assert done.status == S.WITHDRAWN and done.finished_at is not None
    assert applications.withdraw(app, citizen).status == S.WITHDRAWN  # a double click
    with activate(agency):
        assert ApplicationStep.objects.filter(application=app, status=S.WITHDRAWN).count() == 1
    working = filed(service, make_citizen("c@example.id", "1571024506880006"))
    working = applications.verify(working, by=officer)
    working = applications.start_processing(working, by=officer)
    with pytest.raises(ValidationError) as refused:
        applications.withdraw(working, working.citizen)
    assert "tidak dapat dibatalkan" in refused.value.messages[0]


def test_withdrawing_a_returned_application_through_the_page(agency, service, officer, login):
    app = returned(service, officer)
    client = login(app.citizen)
    page = client.get(f"/layanan/permohonan/{app.tracking_number}/")
    assert "Batalkan permohonan" in page.content.decode()
    response = client.post(
        f"/layanan/permohonan/{app.tracking_number}/batalkan/", {"reason": "Sudah diurus"}
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == S.WITHDRAWN and app.suspended_since is None
    after = client.get(f"/layanan/permohonan/{app.tracking_number}/").content.decode()
    assert "Dibatalkan pemohon" in after and "Batalkan permohonan" not in after


def test_nobody_else_can_withdraw_through_the_page(service, officer, login):
    app = filed(service, make_citizen())
    stranger = make_citizen("asing@example.id", "1571024506880007")
    response = login(stranger).post(f"/layanan/permohonan/{app.tracking_number}/batalkan/")
    assert response.status_code == 404
    app.refresh_from_db()
    assert app.status == S.SUBMITTED


# ------------------------------------------------------------------ list and answers


def test_the_list_pages_newest_first_and_goes_back(service, login):
    citizen = make_citizen()
    numbers = [filed(service, citizen, key=f"k{i}").tracking_number for i in range(33)]
    client = login(citizen)
    first = client.get("/layanan/permohonan/").content.decode()
    assert numbers[-1] in first and numbers[2] not in first
    assert "Permohonan lebih lama" in first
    cursor = first.split("?cursor=")[1].split('"')[0]
    second = client.get(f"/layanan/permohonan/?cursor={cursor}").content.decode()
    assert all(n in second for n in numbers[:3]) and numbers[-1] not in second
    assert "Kembali ke yang terbaru" in second and "Permohonan lebih lama" not in second
    assert client.get("/layanan/permohonan/?cursor=rusak").status_code == 302


def test_answers_show_dates_in_words_and_niks_masked(service, login):
    app = filed(service, make_citizen())
    html = login(app.citizen).get(f"/layanan/permohonan/{app.tracking_number}/").content.decode()
    assert NIK_IBU not in html and NIK_IBU[:4] + "*" * 12 in html
    assert (
        display_value(FieldSpec(key="t", label="T", type="date"), "2026-03-12") == "12 Maret 2026"
    )
    assert display_value(FieldSpec(key="t", label="T", type="date"), "bukan") == "bukan"


def test_the_lapse_message_reads_in_english_for_who_chose_it(agency, service, officer, three_days):
    citizen = make_citizen()
    citizen.preferred_language = "en"
    citizen.save(update_fields=["preferred_language"])
    start = timezone.now() - dt.timedelta(days=30)
    app = returned(service, officer, citizen, at=start)
    lapse_abandoned(agency)
    note = Notification.objects.filter(recipient=citizen).latest("pk")
    assert note.subject == f"Application {app.tracking_number} lapsed"
    assert "because no revision was sent by" in note.body


def test_the_api_withdraws_once_and_refuses_after_processing(service, officer, login):
    citizen = make_citizen()
    app = filed(service, citizen)
    client = login(citizen)
    url = f"/api/v1/me/applications/{app.tracking_number}/withdraw"
    first = client.post(url, {"reason": "Dobel"}, content_type="application/json")
    assert first.status_code == 200 and first.json()["status"] == "withdrawn"
    again = client.post(url, content_type="application/json")
    assert again.status_code == 200 and again.json()["status"] == "withdrawn"
    other = applications.start_processing(
        applications.verify(filed(service, citizen, key="dua"), by=officer), by=officer
    )
    refused = client.post(
        f"/api/v1/me/applications/{other.tracking_number}/withdraw",
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert "tidak dapat dibatalkan" in refused.content.decode()
