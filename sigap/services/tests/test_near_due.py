"""The stored near-due moment (``Application.near_due_at``): hand-computed in office time,
the same flag as the budget rule it replaces, kept right through return, resubmission
and extension, backfilled by the migration, and the near-due tab one query."""

from __future__ import annotations

import datetime as dt
import importlib
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sigap.services import applications, sla, work_queue
from sigap.services.models import Application
from sigap.services.tests.access_fixtures_officer import filed, make_citizen, plain_service
from sigap.tenancy.context import activate
from sigap.workcal.calendar import WorkingCalendar

WIB = ZoneInfo("Asia/Jakarta")
H = dt.timedelta(hours=1)


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)


@pytest.fixture
def wib() -> WorkingCalendar:
    # Office hours Mon–Thu 07:30–16:00 (8.5 h), Fri 07:30–16:30; no holiday in Nov 2026.
    return WorkingCalendar.national(WIB)


@pytest.fixture
def quarter(settings):
    settings.SIGAP_SLA_NEAR_DUE_SHARE = 0.25


# ------------------------------------------------------------------ by hand


def test_near_due_from_counts_back_the_share_of_the_budget_in_office_time(wib, quarter):
    # 3 working days from Mon 2 Nov 09:00 → Thu 5 Nov 16:00. Budget: Mon 7 h + 3 × 8.5 h
    # = 32.5 h; a quarter is 8 h 07 min 30 s, which Thursday's 8.5 h holds: near due
    # from Thu 16:00 − 8:07:30 = 07:52:30.
    submitted = at(2026, 11, 2, 9)
    due = sla.deadline(wib, submitted, 3, "days")
    assert due == at(2026, 11, 5, 16)
    near = sla.near_due_from(wib, submitted, due, 3, "days")
    assert near == at(2026, 11, 5, 7, 52, 30)
    assert sla.remaining(wib, near, due) == 8 * H + dt.timedelta(minutes=7, seconds=30)


def test_near_due_from_a_closing_time_keeps_the_closed_hours_after_it(wib, settings):
    # 10 working hours from Fri 6 Nov 15:00 → Mon 9 Nov 16:00 (Fri 1.5 h + Mon 8.5 h).
    # At 85 % near due once 8.5 h are left: from Friday's closing time 16:30, so the
    # weekend is near due too (Monday's opening would be too late).
    settings.SIGAP_SLA_NEAR_DUE_SHARE = 0.85
    submitted = at(2026, 11, 6, 15)
    due = sla.deadline(wib, submitted, 10, "hours")
    near = sla.near_due_from(wib, submitted, due, 10, "hours")
    assert near == at(2026, 11, 6, 16, 30)
    saturday = at(2026, 11, 7, 10)
    clock = sla.clock(
        wib,
        now=saturday,
        due_at=due,
        suspended=False,
        finished=False,
        budget_total=None,
        near_due_at=near,
    )
    assert clock.near_due and not clock.overdue


def test_little_time_left_is_near_due_from_the_submission(wib, quarter):
    # A clock resumed with 1 h left of a 3-day standard: near due at once.
    submitted = at(2026, 11, 9, 8)
    due = sla.resumed_due(wib, submitted, H)
    assert sla.near_due_from(wib, submitted, due, 3, "days") == submitted


@pytest.mark.parametrize(
    "submitted,amount,unit,extend",
    [
        (at(2026, 11, 2, 9), 3, "days", 0),
        (at(2026, 11, 5, 15, 45), 2, "days", 0),
        (at(2026, 11, 6, 15), 10, "hours", 0),
        (at(2026, 11, 4, 6, 0), 24, "hours", 0),
        (at(2026, 11, 2, 9), 3, "days", 2),  # extended by two working days
    ],
)
def test_the_stored_moment_gives_the_budget_rules_flag_at_every_quarter_hour(
    wib, quarter, submitted, amount, unit, extend
):
    due = sla.deadline(wib, submitted, amount, unit)
    if extend:
        due = sla.deadline(wib, due, extend, unit)
    near = sla.near_due_from(wib, submitted, due, amount, unit)
    budget = sla.budget(wib, submitted, amount, unit)
    now = submitted
    while now < due + dt.timedelta(days=1):
        by_budget = sla.clock(
            wib, now=now, due_at=due, suspended=False, finished=False, budget_total=budget
        )
        stored = sla.clock(
            wib,
            now=now,
            due_at=due,
            suspended=False,
            finished=False,
            budget_total=None,
            near_due_at=near,
            with_left=False,
        )
        assert (stored.near_due, stored.overdue) == (by_budget.near_due, by_budget.overdue), now
        now += dt.timedelta(minutes=15)


# ------------------------------------------------------------------ through the domain


@pytest.fixture
def service(agency, opd):
    return plain_service(agency, opd)  # 3 working days


def test_near_due_at_follows_submission_return_resubmission_and_extension(
    agency, service, officer, quarter, monkeypatch
):
    def now_is(moment: dt.datetime) -> None:
        monkeypatch.setattr(applications, "_now", lambda: moment)

    now_is(at(2026, 11, 2, 9))  # Mon: due Thu 5 Nov 16:00, near from 07:52:30 (above)
    app = filed(service, make_citizen())
    assert app.due_at == at(2026, 11, 5, 16)
    assert app.near_due_at == at(2026, 11, 5, 7, 52, 30)

    now_is(at(2026, 11, 3, 10))  # Tue 10:00, 23 h left: the clock stops
    app = applications.return_for_revision(app, by=officer, note="Foto KK buram")
    assert app.near_due_at is None

    # Mon 9 Nov 08:00: the 23 h run Mon 8 h, Tue 8.5 h, Wed 6.5 h → due Wed 11 Nov 14:00.
    # The budget counts from the resubmission: Mon 8 h + 3 × 8.5 h = 33.5 h, a quarter
    # 8 h 22 min 30 s: Wed 07:30–14:00 holds 6.5 h, the rest 1 h 52 min 30 s of Tuesday.
    now_is(at(2026, 11, 9, 8))
    app = applications.submit(app, app.citizen)
    assert app.due_at == at(2026, 11, 11, 14)
    assert app.near_due_at == at(2026, 11, 10, 14, 7, 30)

    # Extended by the standard's 3 days on Tue: due Mon 16 Nov 16:00; the same budget
    # counted back from it lies within that Monday: 16:00 − 8:22:30 = 07:37:30.
    now_is(at(2026, 11, 10, 9))
    app = applications.extend(app, by=officer, reason="Menunggu data dari pusat")
    assert app.due_at == at(2026, 11, 16, 16)
    app.refresh_from_db()
    assert app.near_due_at == at(2026, 11, 16, 7, 37, 30)


def test_the_near_due_tab_lists_what_the_stored_moment_says(
    agency, service, officer, quarter, monkeypatch
):
    monkeypatch.setattr(applications, "_now", lambda: at(2026, 11, 2, 9))
    app = filed(service, make_citizen())
    near = work_queue.QueueFilters(tab=work_queue.TAB_UNIT, sla_state="near")
    on_track = work_queue.QueueFilters(tab=work_queue.TAB_UNIT, sla_state="on_track")

    def listed(filters: work_queue.QueueFilters, now: dt.datetime) -> list[int]:
        with activate(agency):
            page, _ = work_queue.queue_page(officer, agency, filters, now=now)
        return [a.pk for a in page.items]

    before, after = at(2026, 11, 5, 7, 52), at(2026, 11, 5, 7, 53)
    assert (listed(near, before), listed(on_track, before)) == ([], [app.pk])
    assert (listed(near, after), listed(on_track, after)) == ([app.pk], [])
    assert listed(near, at(2026, 11, 5, 16, 1)) == []  # overdue is not near due


def test_the_near_due_tab_is_one_read_however_many_rows_are_not_near(agency, service, officer):
    filters = work_queue.QueueFilters(tab=work_queue.TAB_UNIT, sla_state="near")

    def queries() -> int:
        with activate(agency), CaptureQueriesContext(connection) as ctx:
            work_queue.queue_page(officer, agency, filters, size=2)
        return len(ctx.captured_queries)

    filed(service, make_citizen(), key="first")
    queries()  # warm: the grants and calendar a request reads once
    one = queries()
    for i in range(6):  # far from due: none is near, none is read in Python
        filed(service, make_citizen(), key=f"far{i}")
    assert queries() == one


def test_the_migration_backfills_what_submit_stores(agency, service):
    app = filed(service, make_citizen())
    stored = app.near_due_at
    Application.all_objects.filter(pk=app.pk).update(near_due_at=None)
    migration = importlib.import_module(
        "sigap.services.migrations.0008_application_near_due_at_open_queue_index"
    )
    migration.backfill_near_due_at(django_apps, connection.schema_editor())
    app.refresh_from_db()
    assert stored is not None and app.near_due_at == stored


def test_the_open_work_condition_is_the_partial_index_s_own():
    (index,) = [i for i in Application._meta.indexes if i.name == "app_open_by_due"]
    assert tuple(index.condition.children[0][1]) == tuple(Application.OPEN)


@pytest.mark.parametrize("sla_state", ["", "overdue", "near"])
def test_the_unit_queue_reads_open_work_through_the_partial_index(
    agency, service, officer, sla_state
):
    # SQLite matches a partial index only against literal terms: with the open statuses
    # sent as parameters it read every open application of the agency and sorted them.
    filed(service, make_citizen())
    filters = work_queue.QueueFilters(tab=work_queue.TAB_UNIT, sla_state=sla_state)
    with activate(agency):
        qs = work_queue.queue(officer, agency, filters, now=at(2026, 11, 5, 9))
        sql, params = qs.order_by("due_at", "pk")[:51].query.sql_with_params()
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                plan = " ".join(str(row) for row in cursor.fetchall())
                assert "app_open_by_due" in plan, plan
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    if not sla_state:
        assert len(rows) == 1  # the literal condition still finds the open application
