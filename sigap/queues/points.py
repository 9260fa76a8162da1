"""Setting up an office: service points, the services offered there, counters,
closures and the bookable slots of a day.

Opening hours are the pemda's own office hours from the working calendar
(``workcal``: weekdays, national holidays, cuti bersama, local holidays); a closure
(blackout) removes part of a day at one office. Slots are generated from both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from sigap.audit.events import record, register_events
from sigap.platform.bulk import SqlInsert
from sigap.queues.models import Closure, Counter, PointService, PriorityReason, ServicePoint, Slot
from sigap.services.models import Service
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workcal.calendar import WorkingCalendar

register_events(
    {
        "kantor antrean dibuat": "Kantor layanan antrean dibuat",
        "layanan antrean ditambahkan": "Layanan ditawarkan di kantor antrean",
        "loket dibuat": "Loket antrean dibuat",
        "penutupan antrean dicatat": "Penutupan kantor antrean dicatat",
        "slot antrean dibuat": "Slot antrean dibuat",
    }
)


@transaction.atomic
def create_point(
    agency: Agency,
    *,
    unit: OrgUnit,
    code: str,
    name: str,
    address: str = "",
    slot_minutes: int = 15,
    priority_reasons: Iterable[str] | None = None,
    online_since: dt.date | None = None,
    **settings: Any,
) -> ServicePoint:
    if unit.agency_id != agency.pk:
        raise ValidationError({"unit": _("Unit milik pemda lain.")})
    reasons = list(PriorityReason.values if priority_reasons is None else priority_reasons)
    unknown = set(reasons) - set(PriorityReason.values)
    if unknown:
        raise ValidationError({"priority_reasons": _("Kelompok prioritas tidak dikenal.")})
    with acting_for(agency):
        if ServicePoint.objects.filter(code=code).exists():
            raise ValidationError({"code": _("Kode kantor sudah dipakai.")})
        point = ServicePoint(
            agency=agency,
            unit=unit,
            code=code,
            name=name,
            address=address,
            slot_minutes=slot_minutes,
            priority_reasons=reasons,
            online_since=online_since,
            **settings,
        )
        point.full_clean()
        point.save()
        record("kantor antrean dibuat", point)
        return point


@transaction.atomic
def offer_service(
    point: ServicePoint,
    service: Service,
    *,
    prefix: str,
    capacity: int = 2,
    bookable: bool = True,
    mean_service_minutes: int = 10,
) -> PointService:
    if service.agency_id != point.agency_id:
        raise ValidationError({"service": _("Layanan milik pemda lain.")})
    prefix = (prefix or "").strip().upper()
    with acting_for(point.agency):
        if PointService.objects.filter(point=point, prefix=prefix).exists():
            raise ValidationError({"prefix": _("Awalan nomor sudah dipakai di kantor ini.")})
        if PointService.objects.filter(point=point, service=service).exists():
            raise ValidationError({"service": _("Layanan ini sudah ada di kantor ini.")})
        offer = PointService(
            agency=point.agency,
            point=point,
            service=service,
            prefix=prefix,
            capacity=capacity,
            bookable=bookable,
            mean_service_minutes=mean_service_minutes,
        )
        try:
            offer.full_clean()
        except ValidationError as exc:
            if "prefix" in getattr(exc, "error_dict", {}):
                raise ValidationError({"prefix": _("Awalan nomor 1–2 huruf kapital.")}) from exc
            raise
        offer.save()
        record("layanan antrean ditambahkan", offer, details={"prefix": prefix})
        return offer


@transaction.atomic
def add_counter(
    point: ServicePoint, *, number: int, name: str = "", offers: Iterable[PointService] = ()
) -> Counter:
    with acting_for(point.agency):
        if Counter.objects.filter(point=point, number=number).exists():
            raise ValidationError({"number": _("Nomor loket sudah dipakai.")})
        counter = Counter(
            agency=point.agency,
            point=point,
            number=number,
            name=name or _("Loket %(n)s") % {"n": number},
        )
        counter.full_clean()
        counter.save()
        offers = list(offers)
        if any(o.point_id != point.pk for o in offers):
            raise ValidationError({"offers": _("Layanan dari kantor lain.")})
        if offers:
            counter.offers.set(offers)
        record("loket dibuat", counter)
        return counter


@transaction.atomic
def add_closure(
    point: ServicePoint, *, starts_at: dt.datetime, ends_at: dt.datetime, reason: str
) -> Closure:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Waktu selesai harus setelah waktu mulai.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Sebutkan alasan penutupan.")})
    with acting_for(point.agency):
        closure = Closure.objects.create(
            agency=point.agency, point=point, starts_at=starts_at, ends_at=ends_at, reason=reason
        )
        record("penutupan antrean dicatat", closure, details={"reason": reason})
        return closure


def open_periods(
    point: ServicePoint, day: dt.date, calendar: WorkingCalendar | None = None
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The point's open periods on ``day`` (pemda zone): office hours minus closures."""
    calendar = calendar or WorkingCalendar.for_agency(point.agency)
    hours = calendar.hours_on(day)
    if hours is None:
        return []
    opens = dt.datetime.combine(day, hours[0], tzinfo=calendar.tz)
    closes = dt.datetime.combine(day, hours[1], tzinfo=calendar.tz)
    periods = [(opens, closes)]
    closures = Closure.all_objects.filter(
        point_id=point.pk, starts_at__lt=closes, ends_at__gt=opens
    ).values_list("starts_at", "ends_at")
    for c_start, c_end in closures:
        cut: list[tuple[dt.datetime, dt.datetime]] = []
        for start, end in periods:
            if c_end <= start or c_start >= end:
                cut.append((start, end))
                continue
            if start < c_start:
                cut.append((start, c_start))
            if c_end < end:
                cut.append((c_end, end))
        periods = cut
    return periods


def is_open_at(
    point: ServicePoint, moment: dt.datetime, calendar: WorkingCalendar | None = None
) -> bool:
    calendar = calendar or WorkingCalendar.for_agency(point.agency)
    day = calendar.local(moment).date()
    return any(start <= moment < end for start, end in open_periods(point, day, calendar))


@transaction.atomic
def generate_slots(
    point: ServicePoint, days: Iterable[dt.date], calendar: WorkingCalendar | None = None
) -> int:
    """Create the bookable slots of ``days`` for every bookable service of the point
    (idempotent: slots that exist are kept, with their bookings). Returns how many were
    created."""
    calendar = calendar or WorkingCalendar.for_agency(point.agency)
    step = dt.timedelta(minutes=point.slot_minutes)
    with acting_for(point.agency):
        offers = list(PointService.objects.filter(point=point, bookable=True))
        rows = []
        for day in days:
            for start, end in open_periods(point, day, calendar):
                moment = start
                while moment + step <= end:
                    for offer in offers:
                        rows.append(
                            (
                                point.agency_id,
                                offer.pk,
                                day,
                                moment,
                                moment + step,
                                offer.capacity,
                                0,
                            )
                        )
                    moment += step
        if not rows:
            return 0
        existing = set(
            Slot.objects.filter(offer__point=point, day__in={r[2] for r in rows}).values_list(
                "offer_id", "starts_at"
            )
        )
        new = [r for r in rows if (r[1], r[3]) not in existing]
        SqlInsert()(
            Slot,
            ["agency_id", "offer_id", "day", "starts_at", "ends_at", "capacity", "booked"],
            new,
            returning=False,
        )
        if new:
            record("slot antrean dibuat", point, details={"slots": len(new)})
        return len(new)


def services_at_counter(counter: Counter) -> Q:
    """The condition on tickets a counter serves (all services when none are named)."""
    ids = list(counter.offers.values_list("pk", flat=True))
    return Q(offer_id__in=ids) if ids else Q(point_id=counter.point_id)


def bump_display(point: ServicePoint | int) -> None:
    """Tell the displays something changed (their ETag)."""
    point_id = point if isinstance(point, int) else point.pk
    ServicePoint.all_objects.filter(pk=point_id).update(display_version=F("display_version") + 1)


def extend_slots(
    point: ServicePoint, today: dt.date | None = None, calendar: WorkingCalendar | None = None
) -> int:
    """Keep the point's bookable slots ``booking_days_ahead`` days ahead: create those of
    the days after the last day that has slots (the periodic sweep runs it, so a new day
    becomes bookable as the horizon moves; a day's slots, once made, are kept with their
    bookings). Returns how many slots were created."""
    calendar = calendar or WorkingCalendar.for_agency(point.agency)
    today = today or point.agency.today()
    horizon = today + dt.timedelta(days=point.booking_days_ahead)
    last = (
        Slot.all_objects.filter(offer__point_id=point.pk, day__gte=today)
        .order_by("-day")
        .values_list("day", flat=True)
        .first()
    )
    first = today if last is None else last + dt.timedelta(days=1)
    if first > horizon:
        return 0
    days = [first + dt.timedelta(days=n) for n in range((horizon - first).days + 1)]
    return generate_slots(point, days, calendar)
