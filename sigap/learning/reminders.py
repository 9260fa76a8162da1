"""Reminders to ASN below 20 JP this year, through the notification service.

Sent by the weekly periodic task (``tasks.jp_reminders``) from the second half of the
year, and on demand by a unit head or BKPSDM from the "below 20 JP" page.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from sigap.audit.events import acting, record, register_events
from sigap.learning.needs import below_target
from sigap.notifications import notify
from sigap.platform.effects import after_commit
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workforce.models import Employee

register_events({"pengingat 20 JP": "Pengingat capaian 20 JP dikirim"})


@transaction.atomic
def remind_below_target(
    agency: Agency, year: int, *, unit_paths: tuple[str, ...] | None = None, by: Any = None
) -> int:
    """Notify every ASN with a login in the scope who is below 20 JP in ``year``."""
    with acting_for(agency), acting(by):
        people = {s.employee_id: s for s in below_target(agency, year, unit_paths=unit_paths)}
        users = list(
            Employee.objects.filter(pk__in=list(people), user__isnull=False).select_related("user")
        )
        anchor = OrgUnit.objects.filter(path__in=unit_paths or ()).first()
        record(
            "pengingat 20 JP",
            anchor or agency,
            agency_id=agency.pk,
            details={"year": year, "count": len(users)},
        )
        pending = [(e.user, people[e.pk]) for e in users]

        def send() -> None:
            with acting_for(agency):
                for user, s in pending:
                    notify(
                        user,
                        "learning/jp_reminder",
                        {"jp": s.jp, "owed": s.owed, "target": s.target, "year": year},
                        agency=agency,
                        url="/kerja/pembelajaran/saya/",
                    )

        after_commit(send)
        return len(pending)
