"""SP4N-LAPOR! deadlines in the agency's working time (docs/domain/complaints.md).

* Filed → verified and routed within ``verify_days`` (3) working days.
* Routed (or reopened) → answered within ``follow_up_days`` (5) working days.
* Answered → closed automatically ``close_after_days`` (10) working days later when the
  complainant does not answer.
* Overdue → escalated to the heads of the unit; still open ``INSPECTORATE_AFTER``
  working days after that → to the inspectorate (*unconfirmed*: the practice names no
  figure for the second step; a policy choice).

Each count follows ``workcal``: the day of the starting moment does not count, the
deadline is the closing time of the n-th working day after it, in the pemda's zone,
skipping weekends, national holidays, cuti bersama and local holidays. Numbers are
per category (the agency may shorten them, e.g. for pungutan liar).
"""

from __future__ import annotations

import datetime as dt

from sigap.workcal.calendar import WorkingCalendar

DEFAULT_VERIFY_DAYS = 3
DEFAULT_FOLLOW_UP_DAYS = 5
DEFAULT_CLOSE_AFTER_DAYS = 10
INSPECTORATE_AFTER = 2


def verify_by(
    calendar: WorkingCalendar, filed_at: dt.datetime, category: object = None
) -> dt.datetime:
    days = getattr(category, "verify_days", None) or DEFAULT_VERIFY_DAYS
    return calendar.add_working_days(filed_at, days)


def answer_by(
    calendar: WorkingCalendar, routed_at: dt.datetime, category: object = None
) -> dt.datetime:
    days = getattr(category, "follow_up_days", None) or DEFAULT_FOLLOW_UP_DAYS
    return calendar.add_working_days(routed_at, days)


def close_at(
    calendar: WorkingCalendar, answered_at: dt.datetime, category: object = None
) -> dt.datetime:
    days = getattr(category, "close_after_days", None) or DEFAULT_CLOSE_AFTER_DAYS
    return calendar.add_working_days(answered_at, days)


def inspectorate_at(calendar: WorkingCalendar, escalated_at: dt.datetime) -> dt.datetime:
    return calendar.add_working_days(escalated_at, INSPECTORATE_AFTER)
