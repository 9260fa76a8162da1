"""The staff calendar page: who sees what, the admin's htmx forms, the calculator."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from sigap.tenancy.context import activate
from sigap.workcal.models import HolidayOverride, OfficeHours
from sigap.workcal.policy import add_holiday

PAGE = reverse("workcal:calendar")
ADD = reverse("workcal:add_holiday")
WORKING = reverse("workcal:mark_working_day")
HOURS = reverse("workcal:office_hours")
DEADLINE = reverse("workcal:deadline")
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def jambi_day(agency) -> HolidayOverride:
    return add_holiday(
        agency, dt.date(2026, 1, 6), "HUT Provinsi Jambi", HolidayOverride.Kind.LOCAL, by=None
    )


def test_it_checks_access(login, agency, officer, citizen, no_role_staff):
    anonymous = login(None).get(PAGE)
    assert anonymous.status_code == 302 and "/masuk/" in anonymous["Location"]
    assert login(citizen).get(PAGE).status_code == 403
    assert login(no_role_staff).get(PAGE).status_code == 403
    assert login(officer).get(PAGE).status_code == 200


def test_year_table_lists_national_cuti_bersama_and_local_days(login, officer, jambi_day):
    html = login(officer).get(PAGE, {"year": 2026}).content.decode()
    assert "Hari libur tahun 2026" in html
    assert "HUT Provinsi Jambi" in html and "Libur daerah (ditetapkan pemda)" in html
    assert (
        "Cuti Bersama Hari Raya Idul Fitri" in html
        and "Cuti bersama (SKB tiga menteri)" in html
        and "paket holidays" not in html
    )
    assert "Hari Kemerdekaan Republik Indonesia" in html
    assert "Jumat, 20 Maret 2026" in html
    assert "WIB (UTC+7)" in html


def test_officer_sees_no_admin_forms_and_cannot_manage(login, officer, jambi_day):
    client = login(officer)
    html = client.get(PAGE, {"year": 2026}).content.decode()
    assert ADD not in html and HOURS not in html and "Jadikan hari kerja" not in html
    assert (
        client.post(ADD, {"date": "2026-04-02", "name": "X", "kind": "libur_daerah"}).status_code
        == 403
    )
    assert (
        client.post(HOURS, {"weekday": 0, "opens": "08:00", "closes": "15:00"}).status_code == 403
    )
    remove = reverse("workcal:remove_holiday", args=[jambi_day.pk])
    assert client.post(remove).status_code == 403
    with activate(jambi_day.agency):
        assert HolidayOverride.objects.count() == 1


def test_other_agency_admin_sees_own_calendar_and_cannot_touch_ours(login, other_admin, jambi_day):
    client = login(other_admin)
    html = client.get(PAGE, {"year": 2026}).content.decode()
    assert "HUT Provinsi Jambi" not in html
    remove = reverse("workcal:remove_holiday", args=[jambi_day.pk])
    assert client.post(remove).status_code == 404
    with activate(jambi_day.agency):
        assert HolidayOverride.objects.filter(pk=jambi_day.pk).exists()


def test_admin_adds_a_local_holiday_through_htmx(login, agency, agency_admin):
    response = login(agency_admin).post(
        ADD,
        {"date": "2026-06-22", "name": "HUT Kota Uji", "kind": "libur_daerah", "year": "2026"},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<section id="hari-libur"')
    assert "HUT Kota Uji" in html and "ditambahkan" in html
    with activate(agency):
        override = HolidayOverride.objects.get()
    assert override.created_by == agency_admin


def test_adding_a_holiday_through_the_page_is_audited(login, agency, agency_admin):
    login(agency_admin).post(
        ADD, {"date": "2026-06-22", "name": "HUT Kota Uji", "kind": "libur_daerah"}, **HTMX
    )
    with activate(agency):
        override = HolidayOverride.objects.get()
    entry = LogEntry.objects.get(content_type__model="holidayoverride", object_pk=str(override.pk))
    assert entry.action == LogEntry.Action.CREATE
    assert entry.additional_data["agency_id"] == agency.pk
    assert entry.additional_data["channel"] == "page"
    assert entry.actor == agency_admin


def test_duplicate_date_error_is_tied_to_the_date_field(login, agency_admin, jambi_day):
    response = login(agency_admin).post(
        ADD, {"date": "2026-01-06", "name": "Lagi", "kind": "cuti_bersama"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "sudah diatur" in html
    assert 'aria-describedby="libur-date_error' in html or 'id="libur-date_error' in html


def test_without_htmx_success_redirects_and_errors_render_the_page(login, agency_admin):
    client = login(agency_admin)
    ok = client.post(ADD, {"date": "2026-06-22", "name": "HUT", "kind": "libur_daerah"})
    assert ok.status_code == 302 and ok["Location"].endswith("?year=2026")
    bad = client.post(ADD, {"date": "2026-06-22", "name": "HUT", "kind": "libur_daerah"})
    assert bad.status_code == 200
    assert "<h1" in bad.content.decode() and "sudah diatur" in bad.content.decode()


def test_admin_marks_a_national_day_as_working_and_removes_it_again(login, agency, agency_admin):
    client = login(agency_admin)
    html = client.post(WORKING, {"date": "2026-05-15", "year": "2026"}, **HTMX).content.decode()
    assert "kini hari kerja" in html and "Hari kerja (ditetapkan pemda)" in html
    with activate(agency):
        override = HolidayOverride.objects.get()
    assert override.kind == HolidayOverride.Kind.WORKING_DAY
    remove = reverse("workcal:remove_holiday", args=[override.pk])
    html = client.post(remove, **HTMX).content.decode()
    assert "dihapus" in html
    with activate(agency):
        assert not HolidayOverride.objects.exists()


def test_marking_an_ordinary_day_working_shows_the_reason(login, agency_admin):
    html = login(agency_admin).post(WORKING, {"date": "2026-03-04"}, **HTMX).content.decode()
    assert 'role="alert"' in html and "bukan hari libur nasional" in html


def test_admin_edits_office_hours(login, agency, agency_admin):
    client = login(agency_admin)
    response = client.post(HOURS, {"weekday": 4, "opens": "07:30", "closes": "11:30"}, **HTMX)
    html = response.content.decode()
    assert html.startswith('<section id="jam-kantor"') and "disimpan" in html
    assert "11.30" in html and "Diatur pemda" in html
    with activate(agency):
        assert OfficeHours.objects.get().closes == dt.time(11, 30)


def test_office_hours_closing_before_opening_is_refused(login, agency, agency_admin):
    response = login(agency_admin).post(
        HOURS, {"weekday": 0, "opens": "16:00", "closes": "08:00"}, **HTMX
    )
    assert "Jam tutup harus setelah jam buka." in response.content.decode()
    with activate(agency):
        assert not OfficeHours.objects.exists()


def test_deadline_calculator_partial(login, officer):
    response = login(officer).get(
        DEADLINE, {"start": "2026-02-13T16:15", "working_days": 3}, **HTMX
    )
    html = response.content.decode()
    assert html.startswith('<section id="kalkulator-tenggat"')
    assert "Jumat, 20 Februari 2026, 16.30 WIB" in html
    assert "Tahun Baru Imlek" in html


def test_deadline_calculator_reports_field_errors(login, officer):
    html = login(officer).get(DEADLINE, {"start": "kemarin", "working_days": 0}, **HTMX)
    content = html.content.decode()
    assert "tenggat-start_error" in content and "tenggat-working_days_error" in content


def test_deadline_calculator_without_htmx_renders_the_page(login, officer):
    response = login(officer).get(DEADLINE, {"start": "2026-03-17T10:00", "working_days": 1})
    assert "Rabu, 25 Maret 2026, 16.00 WIB" in response.content.decode()


def test_deadline_calculator_uses_the_agency_zone(login, agency, officer):
    agency.time_zone = agency.TimeZone.WITA
    agency.save()
    html = (
        login(officer)
        .get(DEADLINE, {"start": "2026-03-06T00:30", "working_days": 1}, **HTMX)
        .content.decode()
    )
    assert "Senin, 9 Maret 2026, 16.00 WITA" in html


def test_office_hours_name_the_weekdays_in_the_readers_language(login, agency_admin):
    from sigap.platform.tests.english import in_english

    indonesian = login(agency_admin).get(PAGE).content.decode()
    assert "Senin" in indonesian and "Jumat" in indonesian
    english = in_english(login(agency_admin)).get(PAGE).content.decode()
    assert "Monday" in english and "Friday" in english
    assert "Senin" not in english and "Jumat" not in english
