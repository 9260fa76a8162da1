"""The officers' work queue: the hot reads behind the queue page, the application page
and the officer API. This module owns their ``select_related`` and the indexes they
use (``app_unit_queue``, ``app_officer_queue``, ``app_sla_sweep`` on ``Application``).

Who sees what (``accounts.scope``): oversight roles (``view_all_application``) the whole
agency; officers and unit heads (``view_unit_application``) the subtrees of the units
where they hold their grant. Acting on an application needs more than seeing it: the
user must hold ``handle_unit_application`` (or ``assign_unit_application``) on a unit
at or above the application's unit, whatever else they may read.

Order: open work by SLA urgency, due time ascending, so overdue work (due in the past)
comes first; applications waiting for the citizen (returned, clock suspended) are a
tab of their own, oldest return first. Pages are keyset pages (no OFFSET). The SLA
flags of a page come from the stored due and near-due times (``sla.near_due_from``):
no calendar walk per row, and the near-due tab is one SQL range like the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db import connections
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from sigap.accounts.models import Role, RoleGrant
from sigap.accounts.roles import is_system_admin, permission_roles
from sigap.accounts.scope import RowScope, row_scope, units_scope
from sigap.platform.pagination import Page, decode_cursor, keyset_page
from sigap.services import sla
from sigap.services.models import Application, Service, ServiceEvent
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workcal.calendar import WorkingCalendar

RESOURCE = "services.application"
HANDLE = "services.handle_unit_application"
ASSIGN = "services.assign_unit_application"
RECORD_EVENT = "services.record_unit_serviceevent"
S = Application.Status

TAB_MINE = "mine"
TAB_UNIT = "unit"
TAB_WAITING = "waiting"
TABS = (TAB_MINE, TAB_UNIT, TAB_WAITING)
SLA_STATES = ("overdue", "near", "on_track")
PAGE_SIZE = 50


def _related(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.select_related("service", "unit", "standard", "citizen", "assigned_to")


# What a queue row shows (page and officer API) and its SLA clock reads: no answers,
# notes or the citizen's account, only the columns of the row (``only``).
QUEUE_COLUMNS = (
    "tracking_number",
    "status",
    "agency",
    "service__code",
    "service__name",
    "unit__name",
    "unit__path",
    "standard__time_limit",
    "standard__time_unit",
    "citizen",
    "assigned_to__full_name",
    "submitted_at",
    "returned_at",
    "finished_at",
    "due_at",
    "near_due_at",
    "suspended_since",
    "extended_at",
    "escalated_at",
)


def _queue_rows(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.select_related("service", "unit", "standard", "assigned_to").only(*QUEUE_COLUMNS)


def visible_applications(user: Any, agency: Agency) -> QuerySet[Application]:
    """Every application of ``agency`` the user may read (row scope)."""
    scope = row_scope(user, agency, RESOURCE)
    return scope.rows(Application.objects.filter(agency=agency), unit_path="unit__path")


def acting_scope(user: Any, agency: Agency, permission: str) -> RowScope:
    """The units where ``user`` holds a unit role carrying ``permission`` (system
    administrators: the whole agency). Oversight roles read the agency but act nowhere."""
    if is_system_admin(user):
        return RowScope(RowScope.ALL)
    return units_scope(user, agency, permission_roles().get(permission, frozenset()))


def covers(scope: RowScope, unit: OrgUnit) -> bool:
    if scope.kind == RowScope.ALL:
        return True
    if scope.kind == RowScope.UNITS:
        return any(unit.path.startswith(p) for p in scope.unit_paths)
    return False


def get_application_for(
    user: Any, agency: Agency | None, application_id: int | str, *, acting: str | None = None
) -> Application | None:
    """The application if the user may read it (and, with ``acting``, act on it with
    that permission); None otherwise: no access looks like not found."""
    if agency is None:
        return None
    try:
        pk = int(application_id)
    except (TypeError, ValueError):
        return None
    app = _related(visible_applications(user, agency)).filter(pk=pk).first()
    if app is None:
        return None
    if acting is not None and not covers(acting_scope(user, agency, acting), app.unit):
        return None
    return app


# ------------------------------------------------------------------ the queue


@dataclass(frozen=True)
class QueueFilters:
    tab: str = TAB_UNIT
    status: str = ""
    service_id: int | None = None
    sla_state: str = ""


def queue(user: Any, agency: Agency, filters: QueueFilters, *, now: dt.datetime) -> QuerySet:
    return _queue_rows(_queue_filter(user, agency, filters, now=now))


def _open_work() -> RawSQL:
    """``status IN (open statuses)`` written as literals, the very condition of the
    partial index ``app_open_by_due``: SQLite matches a partial index only against
    literal terms of the query, never against parameters, so ``status__in=OPEN`` made it
    read the agency's every open application and sort them (147 ms at province scale)
    where the index gives the page in due order (under 1 ms). PostgreSQL uses the index
    either way. The statuses are the model's own constants, not input."""
    table = Application._meta.db_table
    statuses = ", ".join(f"'{status}'" for status in Application.OPEN)
    return RawSQL(f'"{table}"."status" IN ({statuses})', [], output_field=BooleanField())  # noqa: S611 - model constants, no input


def _queue_filter(
    user: Any, agency: Agency, filters: QueueFilters, *, now: dt.datetime
) -> QuerySet[Application]:
    qs = visible_applications(user, agency)
    if filters.tab == TAB_WAITING:
        qs = qs.filter(status=S.RETURNED)
    else:
        qs = qs.filter(_open_work())
        if filters.tab == TAB_MINE:
            qs = qs.filter(assigned_to=user)
        if filters.status in Application.OPEN:
            qs = qs.filter(status=filters.status)
        # The flags as ``sla.clock`` decides them from the stored ``near_due_at``.
        if filters.sla_state == "overdue":
            qs = qs.filter(due_at__lt=now)
        elif filters.sla_state == "near":
            qs = qs.filter(due_at__gte=now, near_due_at__lte=now)
        elif filters.sla_state == "on_track":
            qs = qs.filter(Q(near_due_at__gt=now) | Q(near_due_at=None), due_at__gte=now)
    if filters.service_id:
        qs = qs.filter(service_id=filters.service_id)
    return qs


def services_in_scope(user: Any, agency: Agency) -> QuerySet[Service]:
    scope = row_scope(user, agency, RESOURCE)
    return scope.rows(
        Service.objects.filter(agency=agency).select_related("unit"), unit_path="unit__path"
    ).order_by("name")


class Clocks:
    """SLA clocks of many applications at one moment, with one calendar per agency and
    each standard's budget computed once per submission time."""

    def __init__(self, agency: Agency, now: dt.datetime) -> None:
        self.agency = agency
        self.now = now
        # Office time from the midnight after a submission day to the deadline, per
        # (day, working days): the calendar walk of a budget, once per day and limit.
        self._after_day: dict[tuple[dt.date, int], dt.timedelta] = {}

    # Read on first use: a list's flags come from stored times and need no calendar
    # (one query fewer per queue page); the office time left and budgets do.
    @cached_property
    def calendar(self) -> WorkingCalendar:
        return WorkingCalendar.for_agency(self.agency)

    @cached_property
    def _from_now(self) -> _OfficeTimeFromNow:
        return _OfficeTimeFromNow(self.calendar, self.now)

    def budget(self, app: Application) -> dt.timedelta | None:
        start = app.submitted_at
        if start is None:
            return None
        amount, unit = app.standard.time_limit, app.standard.time_unit
        if unit == "hours" and amount >= 0:
            # The deadline is where ``amount`` hours of office time after ``start`` run
            # out, so the office time between the two is exactly that many hours.
            return dt.timedelta(hours=amount)
        if unit == "hours" or amount < 1:
            return sla.budget(self.calendar, start, amount, unit)
        # Working days: the deadline depends on the day of submission only (closing time
        # of the n-th working day after it), and office time adds up day by day, so the
        # budget is the office time left on the day of submission (its office hours
        # close before midnight) plus that of the following days, computed once.
        local = self.calendar.local(start)
        day = local.date()
        midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=local.tzinfo)
        after = self._after_day.get((day, amount))
        if after is None:
            due = sla.deadline(self.calendar, start, amount, unit)
            after = self._after_day[(day, amount)] = self.calendar.working_time_between(
                midnight, due
            )
        return self.calendar.working_time_between(start, midnight) + after

    def of(self, app: Application, *, with_left: bool = True) -> sla.Clock:
        suspended = app.is_suspended or app.status == S.RETURNED
        finished = app.status in Application.FINAL
        running = app.due_at is not None and not suspended and not finished
        walks = running and (with_left or app.near_due_at is None)  # office time counted
        return sla.clock(
            # ``working_time_between`` is the one method sla.clock calls, and only then.
            self._from_now if walks else None,  # type: ignore[arg-type]
            now=self.now,
            due_at=app.due_at,
            suspended=suspended,
            finished=finished,
            # Only a running clock without its stored near-due moment reads its budget.
            budget_total=self.budget(app) if running and app.near_due_at is None else None,
            near_due_at=app.near_due_at,
            with_left=with_left,
        )

    def annotate(self, apps: Iterable[Application]) -> list[Application]:
        """The flags of a list's rows: from the stored due and near-due times, without
        the office time left (no calendar walk per row)."""
        out = []
        for app in apps:
            app.clock = self.of(app, with_left=False)  # type: ignore[attr-defined]
            out.append(app)
        return out


class _OfficeTimeFromNow:
    """``working_time_between`` of the calendar, the office time from ``now`` to a due
    time split at the midnight between them: the part beyond that midnight is walked
    per row, the part from ``now`` to it once per day (rows share due days). Office
    hours lie within their day, so the two parts add up to the same time."""

    def __init__(self, calendar: WorkingCalendar, now: dt.datetime) -> None:
        self.calendar = calendar
        self.now = now
        self.today = calendar.local(now).date()
        self._to_day: dict[dt.date, dt.timedelta] = {}

    def working_time_between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        calendar = self.calendar
        if start != self.now:
            return calendar.working_time_between(start, end)
        local = calendar.local(end)
        day = local.date()
        if day > self.today:  # due on a later day: now → that day's midnight → due
            midnight = dt.datetime.combine(day, dt.time(), tzinfo=local.tzinfo)
            head = self._to_day.get(day)
            if head is None:
                head = self._to_day[day] = calendar.working_time_between(start, midnight)
            return head + calendar.working_time_between(midnight, end)
        if day < self.today:  # overdue since an earlier day: due → next midnight → now
            midnight = dt.datetime.combine(
                day + dt.timedelta(days=1), dt.time(), tzinfo=local.tzinfo
            )
            tail = self._to_day.get(day)
            if tail is None:
                tail = self._to_day[day] = calendar.working_time_between(midnight, start)
            return -(calendar.working_time_between(end, midnight) + tail)
        return calendar.working_time_between(start, end)


def queue_page(
    user: Any,
    agency: Agency,
    filters: QueueFilters,
    *,
    cursor: str | None = None,
    size: int = PAGE_SIZE,
    now: dt.datetime | None = None,
) -> tuple[Page, Clocks]:
    """One page of the queue, each application carrying its ``clock``."""
    now = now or timezone.now()
    if cursor:
        decode_cursor(cursor)  # a bad cursor fails here, before any query
    clocks = Clocks(agency, now)
    qs = queue(user, agency, filters, now=now)
    key = "returned_at" if filters.tab == TAB_WAITING else "due_at"
    if connections[qs.db].vendor == "postgresql":
        # PostgreSQL joins every open application of a unit head's subtree (thousands at
        # province scale) to its service, standard and officer before sorting: read the
        # page's keys from the applications alone, then its rows by primary key. (SQLite
        # walks the index in order and joins as it goes; there, the narrow query would
        # pick a covering index of the whole agency instead.)
        keys = _queue_filter(user, agency, filters, now=now).only("pk", key)
        found = keyset_page(keys, key=key, cursor=cursor, size=size, descending=False)
        # By primary key alone: the scope was applied when the keys were read.
        chosen = Application.all_objects.filter(pk__in=[k.pk for k in found.items])
        rows = {a.pk: a for a in _queue_rows(chosen)}
        page = Page([rows[k.pk] for k in found.items if k.pk in rows], found.next_cursor)
    else:
        page = keyset_page(qs, key=key, cursor=cursor, size=size, descending=False)
    clocks.annotate(page.items)
    return page, clocks


# ------------------------------------------------------------------ around one application


def earlier_applications(user: Any, app: Application, *, limit: int = 10) -> list[Application]:
    """The applicant's other applications in this pemda that the user may read."""
    return list(
        visible_applications(user, app.agency)
        .filter(citizen_id=app.citizen_id)
        .exclude(pk=app.pk)
        .select_related("service")
        .order_by("-created_at", "-pk")[:limit]
    )


def timeline(app: Application) -> list[Any]:
    return list(app.steps.select_related("by").order_by("at", "pk"))


def assignees(user: Any, agency: Agency) -> list[Any]:
    """Officers and unit heads the user may give work to: those with a grant on a unit
    within the user's own assigning scope."""
    scope = acting_scope(user, agency, ASSIGN)
    if scope.sees_nothing:
        return []
    grants = RoleGrant.objects.filter(
        agency=agency, role__in=(Role.OFFICER, Role.UNIT_HEAD), user__is_active=True
    ).select_related("user", "unit")
    if scope.kind == RowScope.UNITS:
        grants = grants.filter(scope.q(unit_path="unit__path"))
    users = {g.user.pk: g.user for g in grants}
    return sorted(users.values(), key=lambda u: (u.full_name, u.pk))


def assignee_rows(user: Any, agency: Agency) -> list[tuple[int, str, str]]:
    """``assignees`` as (pk, full name, username), from one plain query: the queue page's
    bulk form lists hundreds of officers at province scale and needs no more."""
    scope = acting_scope(user, agency, ASSIGN)
    if scope.sees_nothing:
        return []
    grants = RoleGrant.objects.filter(
        agency=agency, role__in=(Role.OFFICER, Role.UNIT_HEAD), user__is_active=True
    )
    if scope.kind == RowScope.UNITS:
        grants = grants.filter(scope.q(unit_path="unit__path"))
    users = {
        pk: (pk, name, username)
        for pk, name, username in grants.values_list("user_id", "user__full_name", "user__username")
    }
    return sorted(users.values(), key=lambda u: (u[1], u[0]))


def may_take(officer: Any, agency: Agency, unit: OrgUnit) -> bool:
    """``officer`` holds a handling role on ``unit`` or a unit above it."""
    return covers(acting_scope(officer, agency, HANDLE), unit)


def events_recorded_today(user: Any, agency: Agency) -> list[ServiceEvent]:
    return list(
        ServiceEvent.objects.filter(agency=agency, recorded_by=user, day=agency.today())
        .exclude(channel=ServiceEvent.Channel.ONLINE)
        .select_related("service")
        .order_by("-finished_at", "-pk")
    )


def services_to_record(user: Any, agency: Agency) -> QuerySet[Service]:
    scope = acting_scope(user, agency, RECORD_EVENT)
    qs = Service.objects.filter(agency=agency, is_active=True).select_related("unit")
    if scope.kind == RowScope.ALL:
        return qs.order_by("name")
    if scope.kind == RowScope.NONE:
        return qs.none()
    return qs.filter(scope.q(unit_path="unit__path")).order_by("name")
