"""Records in a given state for the generated transition-table test."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from sigap.queues.models import Booking, Slot, Ticket
from sigap.queues.tests.factories import citizen, office
from sigap.tenancy import org
from sigap.tenancy.models import OrgUnit


def _office(agency: Any):
    unit = OrgUnit.objects.filter(code="ANTRE").first() or org.create_unit(
        agency, kind=OrgUnit.Kind.OPD, name="Disdukcapil", code="ANTRE"
    )
    return office(agency, unit, code="alur")


def make_ticket(agency: Any, state: str) -> Ticket:
    point, offers, _ = _office(agency)
    now = timezone.now()
    seq = Ticket.objects.count() + 1
    return Ticket.objects.create(
        agency=agency,
        point=point,
        offer=offers[0],
        day=now.date(),
        seq=seq,
        number=f"A-{seq:03d}",
        token=f"tok{seq}",
        status=state,
        source=Ticket.Source.KIOSK,
        arrived_at=now,
        queued_at=now,
        started_at=now if state in ("serving", "done") else None,
    )


def make_booking(agency: Any, state: str) -> Booking:
    point, offers, _ = _office(agency)
    now = timezone.now() + dt.timedelta(days=1)
    slot = Slot.objects.create(
        agency=agency,
        offer=offers[0],
        day=now.date(),
        starts_at=now + dt.timedelta(minutes=Slot.objects.count() * 15),
        ends_at=now + dt.timedelta(minutes=Slot.objects.count() * 15 + 15),
        capacity=5,
        booked=1,
    )
    who = citizen()
    return Booking.objects.create(
        agency=agency,
        slot=slot,
        offer=offers[0],
        day=slot.day,
        citizen=who,
        nik_digest=f"{who.pk:064d}",
        code=f"C{Booking.objects.count():07d}",
        status=state,
    )


FACTORIES = {Ticket: make_ticket, Booking: make_booking}
