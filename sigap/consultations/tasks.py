from __future__ import annotations

import datetime as dt

from django_tasks import task

from sigap.consultations.forums import remind_overdue
from sigap.platform.periodic import schedule_next
from sigap.tenancy.context import unscoped
from sigap.tenancy.models import Agency

EVERY = dt.timedelta(hours=6)


@task()
def action_item_reminders() -> int:
    """Remind owners of overdue forum action items in every pemda (once a day each),
    then schedule the next run."""
    with unscoped():
        agencies = list(Agency.objects.filter(is_active=True))
    total = sum(remind_overdue(agency) for agency in agencies)
    schedule_next(action_item_reminders, EVERY)
    return total
