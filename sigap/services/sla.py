"""The SLA clock of an application, in the pemda's working time.

Rules as implemented (docs/domain/services.md):

* **Due time** from the standard the application was filed under: ``n`` working days
  → the closing time of the n-th working day after submission (the day of submission
  does not count); ``n`` working hours → ``n`` hours of office time after submission.
  Weekends, national holidays, cuti bersama and the pemda's local holidays do not
  count; all in the pemda's zone (``workcal.calendar``).
* **Suspension**: while an application is back with the citizen for revision the clock
  stops. The office time left when it was returned is kept; on resubmission the new
  due time is that much office time after the resubmission (none left: due at once).
* **Extension**: once per application, by an officer with a reason the citizen sees,
  by up to the standard's own time limit.
* **Flags**: *overdue* once the due time has passed (never while suspended or
  finished); *near due* when the office time left is at most ``NEAR_DUE_SHARE`` of the
  standard's budget (a setting, *unconfirmed*: no regulation names the threshold).
  That moment is known when the due time is set, so it is stored with it
  (``Application.near_due_at``, ``near_due_from``) and the flag is one comparison.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from sigap.workcal.calendar import WorkingCalendar

ZERO = dt.timedelta(0)


def near_due_share() -> float:
    return float(getattr(settings, "SIGAP_SLA_NEAR_DUE_SHARE", 0.25))


def deadline(calendar: WorkingCalendar, start: dt.datetime, amount: int, unit: str) -> dt.datetime:
    if unit == "hours":
        return calendar.add_working_hours(start, dt.timedelta(hours=amount))
    return calendar.add_working_days(start, amount)


def budget(calendar: WorkingCalendar, start: dt.datetime, amount: int, unit: str) -> dt.timedelta:
    """The office time a standard allows, counted from ``start``."""
    return calendar.working_time_between(start, deadline(calendar, start, amount, unit))


def remaining(calendar: WorkingCalendar, now: dt.datetime, due: dt.datetime) -> dt.timedelta:
    """Office time left until ``due`` (negative once overdue)."""
    return calendar.working_time_between(now, due)


def resumed_due(calendar: WorkingCalendar, now: dt.datetime, left: dt.timedelta) -> dt.datetime:
    return calendar.add_working_hours(now, max(left, ZERO))


def near_due_from(
    calendar: WorkingCalendar,
    submitted_at: dt.datetime,
    due_at: dt.datetime,
    amount: int,
    unit: str,
) -> dt.datetime:
    """The first moment the application is near due: office time left until ``due_at``
    at most ``near_due_share()`` of the budget the standard gives from ``submitted_at``.

    Office time from ``submitted_at`` only grows, so "left ≤ share × budget" is "office
    time since submission ≥ (office time from submission to due) − share × budget", and
    ``add_working_hours`` gives the earliest moment that holds (a closing time, not the
    next opening, when it runs out at closing). Set with every due time: submission,
    resubmission after a return, extension."""
    threshold = budget(calendar, submitted_at, amount, unit) * near_due_share()
    before = calendar.working_time_between(submitted_at, due_at) - threshold
    if before <= ZERO:
        return submitted_at  # less than the share left from the start (a resumed clock)
    return calendar.add_working_hours(submitted_at, before)


@dataclass(frozen=True)
class Clock:
    """What a page shows about one application's SLA at ``now``."""

    due_at: dt.datetime | None
    left: dt.timedelta | None  # office time left; None when suspended or finished
    overdue: bool
    near_due: bool
    suspended: bool


def clock(
    calendar: WorkingCalendar,
    *,
    now: dt.datetime,
    due_at: dt.datetime | None,
    suspended: bool,
    finished: bool,
    budget_total: dt.timedelta | None,
    near_due_at: dt.datetime | None = None,
    with_left: bool = True,
) -> Clock:
    """With ``near_due_at`` (stored with the due time) the flags need no calendar walk;
    ``with_left=False`` skips the office time left too (a list shows only the flags)."""
    if due_at is None or finished or suspended:
        return Clock(due_at, None, False, False, suspended)
    left = remaining(calendar, now, due_at) if with_left else None
    overdue = now > due_at
    if near_due_at is not None:
        near = not overdue and now >= near_due_at
    else:
        if left is None:
            left = remaining(calendar, now, due_at)
        near = not overdue and budget_total is not None and left <= budget_total * near_due_share()
    return Clock(due_at, left, overdue, near, False)
