"""The SLA sweep: overdue applications are escalated to the heads of their unit.

Run by the task worker (``tasks.sla_sweep``, self-rescheduling). One sweep per agency
reads the open, unsuspended, not yet escalated applications whose due time has passed
(index ``app_sla_sweep``), marks them escalated in batches with one audit entry each
(``BulkTrail``), and sends each unit head one notification listing their overdue
applications: a head of a large OPD gets one message per sweep, not hundreds.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from sigap.accounts.models import Role
from sigap.accounts.staff import holders_over
from sigap.audit.events import BulkTrail, register_events
from sigap.notifications import notify
from sigap.platform.bulk import SqlInsert
from sigap.services.models import Application
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency, OrgUnit

BATCH = 2000
# Registered here too: the worker imports this module without the application pages.
register_events({"permohonan dieskalasi": "Permohonan lewat batas waktu dieskalasi"})


def overdue(agency: Agency, now: dt.datetime):  # noqa: ANN201 - a queryset
    return Application.all_objects.filter(
        agency=agency,
        status__in=Application.OPEN,
        due_at__lt=now,
        suspended_since__isnull=True,
        escalated_at__isnull=True,
    )


def escalate_overdue(agency: Agency, *, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    escalated = 0
    by_unit: dict[int, list[str]] = defaultdict(list)
    with acting_for(agency):
        while True:
            with transaction.atomic():
                rows = list(
                    overdue(agency, now)
                    .select_for_update(skip_locked=True)
                    .order_by("due_at")
                    .values_list("pk", "unit_id", "tracking_number")[:BATCH]
                )
                if not rows:
                    break
                ids = [pk for pk, _, _ in rows]
                Application.all_objects.filter(pk__in=ids).update(escalated_at=now)
                trail = BulkTrail(
                    agency_id=agency.pk,
                    event="permohonan dieskalasi",
                    cid=f"eskalasi-{agency.pk}-{now:%Y%m%d%H%M%S}",
                    models=[Application],
                )
                for pk, _unit, number in rows:
                    trail.updated(
                        Application, pk, number, {"escalated_at": (None, now.isoformat())}
                    )
                trail.flush(SqlInsert())
            for _pk, unit_id, number in rows:
                by_unit[unit_id].append(number)
            escalated += len(rows)
        heads: dict[int, list[str]] = defaultdict(list)
        users = {}
        for unit in OrgUnit.objects.filter(pk__in=list(by_unit)):
            for head in holders_over(unit, Role.UNIT_HEAD):
                heads[head.pk].extend(by_unit[unit.pk])
                users[head.pk] = head
        for pk, numbers in heads.items():
            with transaction.atomic():
                notify(
                    users[pk],
                    "services/escalated",
                    {"count": len(numbers), "numbers": sorted(numbers)[:50]},
                    agency=agency,
                    url="/kerja/layanan/antrean/?sla=overdue",
                )
    return escalated
