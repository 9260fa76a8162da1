"""The queue's periodic work. The sweep (every minute): give back expired holds'
places, mark the previous days' bookings nobody checked in for as missed, send
tomorrow's reminders once, and keep each office's slots bookable up to its horizon
(``points.extend_slots``). Closing the day (every five minutes,
``close_stale_tickets``): tickets still waiting or called when the office's day is over
are closed as expired. Each item is one domain move of its own."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sigap.platform.transitions import try_transition
from sigap.queues.booking import expire_holds, remind
from sigap.queues.models import Booking, ServicePoint, Ticket
from sigap.queues.points import bump_display, extend_slots
from sigap.tenancy.context import acting_for, unscoped
from sigap.tenancy.models import Agency
from sigap.workcal.calendar import WorkingCalendar


def close_past_days(agency: Agency) -> int:
    today = agency.today()
    done = 0
    with acting_for(agency):
        for booking in Booking.objects.filter(status=Booking.Status.CONFIRMED, day__lt=today):
            with transaction.atomic():
                done += try_transition(booking, Booking.Status.MISSED)
    return done


def day_cutoff(point: ServicePoint, day: dt.date, calendar: WorkingCalendar) -> dt.datetime | None:
    """When ``day`` is over at the office: the end of its office hours plus
    ``close_after_minutes``; None on a day without hours (a holiday: its tickets, if an
    officer issued any, close at local midnight)."""
    hours = calendar.hours_on(day)
    if hours is None:
        return None
    ends = dt.datetime.combine(day, hours[1], tzinfo=calendar.tz)
    return ends + dt.timedelta(minutes=point.close_after_minutes)


def close_stale_tickets(
    agency: Agency, now: dt.datetime | None = None, calendar: WorkingCalendar | None = None
) -> int:
    """Close the tickets left waiting or called when the office's day is over, as
    expired (through ``TICKET_FLOW``: audited, stamped ``finished_at``): those of past
    local days, and today's that arrived before today's cutoff once it has passed (a
    citizen an officer added after the cutoff stays in line until midnight). A ticket
    being served is the officer's to finish. Returns how many were closed."""
    now = now or timezone.now()
    calendar = calendar or WorkingCalendar.for_agency(agency)
    today = calendar.local(now).date()
    T = Ticket.Status
    done = 0
    with acting_for(agency):
        for point in ServicePoint.objects.all():
            stale = Q(day__lt=today)
            cutoff = day_cutoff(point, today, calendar)
            if cutoff is not None and now >= cutoff:
                stale |= Q(day=today, arrived_at__lt=cutoff)
            tickets = Ticket.objects.filter(point=point, status__in=(T.WAITING, T.CALLED))
            closed = 0
            for ticket in tickets.filter(stale).order_by("pk"):
                with transaction.atomic():
                    closed += try_transition(
                        ticket,
                        T.EXPIRED,
                        details={"reason": "hari layanan berakhir", "day": ticket.day},
                    )
            if closed:
                bump_display(point)
            done += closed
    return done


def close_all_stale_tickets(now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    with unscoped():
        agencies = list(Agency.objects.filter(is_active=True))
    return sum(close_stale_tickets(agency, now) for agency in agencies)


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
