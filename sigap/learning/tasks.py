from __future__ import annotations

import datetime as dt

from django_tasks import task

from sigap.learning.experiential import credit_experience
from sigap.learning.reminders import remind_below_target
from sigap.platform.periodic import schedule_next
from sigap.tenancy.context import unscoped
from sigap.tenancy.models import Agency

EVERY = dt.timedelta(days=7)
# Reminders start once half the year is gone: earlier, nearly everyone is below 20 JP.
FROM_MONTH = 7


@task()
def jp_reminders() -> int:
    """Credit the year's experiential learning, then remind ASN below 20 JP (from July),
    in every pemda; schedule the next run a week later."""
    total = 0
    with unscoped():
        agencies = list(Agency.objects.filter(is_active=True))
    for agency in agencies:
        today = agency.today()
        credit_experience(agency, today.year)
        if today.month >= FROM_MONTH:
            total += remind_below_target(agency, today.year)
    schedule_next(jp_reminders, EVERY)
    return total
