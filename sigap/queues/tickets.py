"""Issuing tickets: walk-ins at the kiosk or the counter, and booked citizens checking
in on arrival. A ticket's number is per office, service and day in the pemda's own
zone (A-001 restarts at local midnight, not at UTC midnight: WIB's midnight is
17:00 UTC, WIT's 15:00 UTC), taken from ``TicketSequence`` with one update on a locked
row, so two kiosks never print the same number.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.audit.events import acting, record, register_events
from sigap.platform.transitions import transition
from sigap.queues.booking import CODE_ALPHABET
from sigap.queues.models import Booking, PointService, ServicePoint, Ticket, TicketSequence
from sigap.queues.points import bump_display, is_open_at
from sigap.tenancy.context import acting_for
from sigap.workcal.calendar import WorkingCalendar

register_events({"tiket antrean diterbitkan": "Tiket antrean diterbitkan"})


def service_day(
    point: ServicePoint, moment: dt.datetime, calendar: WorkingCalendar | None = None
) -> dt.date:
    """The service day of ``moment`` in the pemda's zone."""
    calendar = calendar or WorkingCalendar.for_agency(point.agency)
    return calendar.local(moment).date()


def _next_seq(offer: PointService, day: dt.date) -> int:
    # Create the day's row once (a racing twin's insert loses on the unique index and
    # is ignored), then increment it: the update locks the row until commit, so the
    # value read back is ours.
    if not TicketSequence.all_objects.filter(offer_id=offer.pk, day=day).exists():
        try:
            with transaction.atomic():
                TicketSequence.objects.create(
                    agency_id=offer.agency_id, offer=offer, day=day, last=0
                )
        except IntegrityError:
            pass
    TicketSequence.all_objects.filter(offer_id=offer.pk, day=day).update(last=F("last") + 1)
    return TicketSequence.all_objects.filter(offer_id=offer.pk, day=day).values_list(
        "last", flat=True
    )[0]


def number_label(prefix: str, seq: int) -> str:
    return f"{prefix}-{seq:03d}"


def _issue(
    offer: PointService,
    *,
    source: str,
    now: dt.datetime,
    priority_reason: str = "",
    booking: Booking | None = None,
    citizen: Any = None,
    queued_at: dt.datetime | None = None,
    calendar: WorkingCalendar | None = None,
) -> Ticket:
    point = offer.point
    if priority_reason and priority_reason not in point.priority_reasons:
        raise ValidationError(
            {"priority_reason": _("Kelompok prioritas tidak berlaku di kantor ini.")}
        )
    day = service_day(point, now, calendar)
    seq = _next_seq(offer, day)
    ticket = Ticket.objects.create(
        agency_id=offer.agency_id,
        point=point,
        offer=offer,
        day=day,
        seq=seq,
        number=number_label(offer.prefix, seq),
        token=secrets.token_urlsafe(16),
        source=source,
        priority_reason=priority_reason,
        priority=bool(priority_reason),
        booking=booking,
        citizen=citizen,
        booked_at=booking.created_at if booking else None,
        arrived_at=now,
        queued_at=queued_at or now,
    )
    record("tiket antrean diterbitkan", ticket, details={"number": ticket.number, "source": source})
    bump_display(point)
    return ticket


@transaction.atomic
def issue_walk_in(
    offer: PointService,
    *,
    source: str = Ticket.Source.KIOSK,
    priority_reason: str = "",
    by: Any = None,
    now: dt.datetime | None = None,
    calendar: WorkingCalendar | None = None,
) -> Ticket:
    """A walk-in's ticket, from the kiosk (anyone) or an officer at the counter."""
    now = now or timezone.now()
    if source not in (Ticket.Source.KIOSK, Ticket.Source.COUNTER):
        raise ValidationError({"source": _("Sumber tiket tidak dikenal.")})
    with acting_for(offer.agency), acting(by):
        point = offer.point
        calendar = calendar or WorkingCalendar.for_agency(point.agency)
        if not point.is_active:
            raise ValidationError(_("Kantor ini tidak melayani antrean."))
        # Kiosks print only while the office is open; an officer may still add a
        # citizen who was at the door at closing time.
        if source == Ticket.Source.KIOSK and not is_open_at(point, now, calendar):
            raise ValidationError(
                _("Kantor sedang tutup. Silakan datang pada jam layanan."), code="closed"
            )
        return _issue(
            offer, source=source, now=now, priority_reason=priority_reason, calendar=calendar
        )


@transaction.atomic
def check_in(
    booking: Booking,
    *,
    by: Any = None,
    now: dt.datetime | None = None,
    calendar: WorkingCalendar | None = None,
) -> Ticket:
    """A booked citizen arrives: the booking becomes a ticket in line. An early
    arrival queues from the start of the booked slot; a late one from arrival."""
    now = now or timezone.now()
    with acting_for(booking.agency), acting(by):
        locked = (
            Booking.objects.select_for_update()
            .select_related("slot", "offer__point")
            .get(pk=booking.pk)
        )
        if locked.status == Booking.Status.CHECKED_IN:
            return locked.ticket
        point = locked.offer.point
        if service_day(point, now, calendar) != locked.day:
            raise ValidationError(
                _("Pemesanan ini untuk tanggal %(day)s.") % {"day": locked.day.isoformat()}
            )
        transition(locked, Booking.Status.CHECKED_IN)
        return _issue(
            locked.offer,
            source=Ticket.Source.BOOKING,
            now=now,
            priority_reason=locked.priority_reason,
            booking=locked,
            citizen=locked.citizen,
            queued_at=max(now, locked.slot.starts_at),
            calendar=calendar,
        )


_CODE = re.compile(f"[{CODE_ALPHABET}]{{8}}")


def read_code(scanned: str) -> str:
    """The booking code in what a scanner or a person typed: the code itself (the QR
    code on the booking holds it), in any case, with spaces or dashes, or a link to the
    booking page (``…/antrean/pesanan/<code>/``). Empty when there is none."""
    text = (scanned or "").strip()
    link = re.search(r"/pesanan/([^/?#]+)", text)
    if link:
        text = link.group(1)
    text = re.sub(r"[\s-]", "", text).upper()
    return text if _CODE.fullmatch(text) else ""


@transaction.atomic
def check_in_by_code(
    point: ServicePoint,
    scanned: str,
    *,
    by: Any = None,
    now: dt.datetime | None = None,
    calendar: WorkingCalendar | None = None,
) -> Ticket:
    """A booked citizen shows the QR code (or says the code) at the kiosk or the
    counter of ``point``: their booking becomes a ticket in line (``check_in``)."""
    code = read_code(scanned)
    found = (
        Booking.all_objects.filter(agency_id=point.agency_id, code=code, offer__point_id=point.pk)
        .select_related("agency")
        .first()
        if code
        else None
    )
    if found is None:
        raise ValidationError({"code": _("Kode booking tidak ditemukan di kantor ini.")})
    if found.status == Booking.Status.HELD:
        raise ValidationError({"code": _("Pemesanan ini belum dikonfirmasi.")})
    if found.status not in (Booking.Status.CONFIRMED, Booking.Status.CHECKED_IN):
        raise ValidationError(
            {
                "code": _("Pemesanan ini sudah tidak berlaku (%(status)s).")
                % {"status": found.get_status_display()}
            }
        )
    return check_in(found, by=by, now=now, calendar=calendar)
