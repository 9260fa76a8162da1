"""The queue's periodic sweep: give back expired holds' places, close the previous
days' open tickets (cancelled) and bookings nobody checked in for (missed), send
tomorrow's reminders once, and keep each office's slots bookable up to its horizon
(``points.extend_slots``). Each item is one domain move of its own."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from sigap.platform.transitions import try_transition
from sigap.queues.booking import expire_holds, remind
from sigap.queues.models import Booking, ServicePoint, Ticket
from sigap.queues.points import extend_slots
from sigap.tenancy.context import acting_for, unscoped
from sigap.tenancy.models import Agency


def close_past_days(agency: Agency) -> int:
    today = agency.today()
    done = 0
    with acting_for(agency):
        for ticket in Ticket.objects.filter(status=Ticket.Status.WAITING, day__lt=today):
            with transaction.atomic():
                done += try_transition(
                    ticket, Ticket.Status.CANCELLED, details={"reason": "hari layanan berakhir"}
                )
        for booking in Booking.objects.filter(status=Booking.Status.CONFIRMED, day__lt=today):
            with transaction.atomic():
                done += try_transition(booking, Booking.Status.MISSED)
    return done


def extend_all_slots(agency: Agency) -> int:
    with acting_for(agency):
        return sum(extend_slots(point) for point in ServicePoint.objects.filter(is_active=True))


def sweep(now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    total = expire_holds(now)
    with unscoped():
        agencies = list(Agency.objects.filter(is_active=True))
    for agency in agencies:
        total += close_past_days(agency)
        total += remind(agency, now)
        total += extend_all_slots(agency)
    return total
