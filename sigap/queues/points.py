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
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.audit.events import acting, record, register_events
from sigap.platform.bulk import SqlInsert
from sigap.queues.models import Closure, Counter, PointService, PriorityReason, ServicePoint, Slot
from sigap.services.models import Service
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workcal.calendar import WorkingCalendar

register_events(
    {
        "kantor antrean dibuat": "Kantor layanan antrean dibuat",
        "kantor antrean diubah": "Pengaturan kantor layanan antrean diubah",
        "layanan antrean ditambahkan": "Layanan ditawarkan di kantor antrean",
        "layanan antrean diubah": "Jadwal layanan di kantor antrean diubah",
        "loket dibuat": "Loket antrean dibuat",
        "loket diubah": "Loket antrean diubah",
        "penutupan antrean dicatat": "Penutupan kantor antrean dicatat",
        "penutupan antrean dihapus": "Penutupan kantor antrean dihapus",
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
    by: Any = None,
    **settings: Any,
) -> ServicePoint:
    if unit.agency_id != agency.pk:
        raise ValidationError({"unit": _("Unit milik pemda lain.")})
    reasons = list(PriorityReason.values if priority_reasons is None else priority_reasons)
    unknown = set(reasons) - set(PriorityReason.values)
    if unknown:
        raise ValidationError({"priority_reasons": _("Kelompok prioritas tidak dikenal.")})
    with acting_for(agency), acting(by):
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
    by: Any = None,
    calendar: WorkingCalendar | None = None,
) -> PointService:
    if service.agency_id != point.agency_id:
        raise ValidationError({"service": _("Layanan milik pemda lain.")})
    prefix = (prefix or "").strip().upper()
    with acting_for(point.agency), acting(by):
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
        if bookable:
            # The days already bookable at the office get this service's slots too.
            generate_slots(point, _made_days(point), calendar, offers=[offer])
        return offer


@transaction.atomic
def add_counter(
    point: ServicePoint,
    *,
    number: int,
    name: str = "",
    offers: Iterable[PointService] = (),
    is_open: bool = True,
    by: Any = None,
) -> Counter:
    with acting_for(point.agency), acting(by):
        if Counter.objects.filter(point=point, number=number).exists():
            raise ValidationError({"number": _("Nomor loket sudah dipakai.")})
        counter = Counter(
            agency=point.agency,
            point=point,
            number=number,
            name=name or _("Loket %(n)s") % {"n": number},
            is_open=is_open,
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


POINT_FIELDS = (
    "name",
    "address",
    "slot_minutes",
    "booking_days_ahead",
    "hold_minutes",
    "call_ahead",
    "priority_reasons",
    "close_after_minutes",
    "is_active",
)
OFFER_FIELDS = ("prefix", "capacity", "bookable", "mean_service_minutes")


def _changes(obj: Any, fields: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {
        name: (getattr(obj, name), value)
        for name, value in fields.items()
        if getattr(obj, name) != value
    }


@transaction.atomic
def update_point(
    point: ServicePoint,
    *,
    by: Any = None,
    calendar: WorkingCalendar | None = None,
    **fields: Any,
) -> ServicePoint:
    """Change an office's settings. A new slot length applies to the days not made yet
    and to the coming days (from tomorrow) that have no booking: their slots are made
    again; a day with bookings keeps its slots."""
    unknown = set(fields) - set(POINT_FIELDS)
    if unknown:
        raise ValidationError(_("Isian tidak dikenal: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if "priority_reasons" in fields:
        fields["priority_reasons"] = list(fields["priority_reasons"])
        if set(fields["priority_reasons"]) - set(PriorityReason.values):
            raise ValidationError({"priority_reasons": _("Kelompok prioritas tidak dikenal.")})
    with acting_for(point.agency), acting(by):
        locked = ServicePoint.objects.select_for_update().get(pk=point.pk)
        changes = _changes(locked, fields)
        if not changes:
            return locked
        for name, (_before, after) in changes.items():
            setattr(locked, name, after)
        locked.full_clean()
        locked.save(update_fields=list(changes))
        record("kantor antrean diubah", locked, changes=changes)
        if "slot_minutes" in changes:
            _remake_unbooked_days(locked, calendar)
        return locked


def _made_days(point: ServicePoint, today: dt.date | None = None) -> list[dt.date]:
    """The days from today on that already have slots at the office."""
    today = today or point.agency.today()
    return sorted(
        set(
            Slot.all_objects.filter(offer__point_id=point.pk, day__gte=today).values_list(
                "day", flat=True
            )
        )
    )


def _remake_unbooked_days(point: ServicePoint, calendar: WorkingCalendar | None) -> int:
    from sigap.queues.models import Booking

    tomorrow = point.agency.today() + dt.timedelta(days=1)
    days = [d for d in _made_days(point) if d >= tomorrow]
    booked_days = set(
        Booking.all_objects.filter(offer__point_id=point.pk, day__in=days).values_list(
            "day", flat=True
        )
    )
    free_days = [d for d in days if d not in booked_days]
    Slot.all_objects.filter(offer__point_id=point.pk, day__in=free_days).delete()
    return generate_slots(point, free_days, calendar)


@transaction.atomic
def update_offer(
    offer: PointService,
    *,
    by: Any = None,
    calendar: WorkingCalendar | None = None,
    **fields: Any,
) -> PointService:
    """Change a service's prefix, capacity per slot, bookability or assumed service
    minutes. A new capacity applies to the slots not started yet, never below the
    places already taken; a service made bookable gets slots on the days made."""
    unknown = set(fields) - set(OFFER_FIELDS)
    if unknown:
        raise ValidationError(_("Isian tidak dikenal: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if "prefix" in fields:
        fields["prefix"] = (fields["prefix"] or "").strip().upper()
    with acting_for(offer.agency), acting(by):
        locked = PointService.objects.select_for_update().select_related("point").get(pk=offer.pk)
        changes = _changes(locked, fields)
        if not changes:
            return locked
        if (
            "prefix" in changes
            and PointService.objects.filter(point_id=locked.point_id, prefix=fields["prefix"])
            .exclude(pk=locked.pk)
            .exists()
        ):
            raise ValidationError({"prefix": _("Awalan nomor sudah dipakai di kantor ini.")})
        for name, (_before, after) in changes.items():
            setattr(locked, name, after)
        try:
            locked.full_clean()
        except ValidationError as exc:
            if "prefix" in getattr(exc, "error_dict", {}):
                raise ValidationError({"prefix": _("Awalan nomor 1–2 huruf kapital.")}) from exc
            raise
        locked.save(update_fields=list(changes))
        record("layanan antrean diubah", locked, changes=changes)
        if "capacity" in changes:
            Slot.all_objects.filter(offer_id=locked.pk, starts_at__gt=timezone.now()).update(
                capacity=Greatest(locked.capacity, F("booked"))
            )
        if changes.get("bookable", (True, False))[1] is True:
            generate_slots(locked.point, _made_days(locked.point), calendar, offers=[locked])
        return locked


@transaction.atomic
def update_counter(
    counter: Counter,
    *,
    by: Any = None,
    name: str | None = None,
    is_open: bool | None = None,
    offers: Iterable[PointService] | None = None,
) -> Counter:
    """Rename, open or close a counter, and set the services it handles (added and
    removed; none named: every service of the office)."""
    with acting_for(counter.agency), acting(by):
        locked = Counter.objects.select_for_update().get(pk=counter.pk)
        fields: dict[str, Any] = {}
        if name is not None:
            if not name.strip():
                raise ValidationError({"name": _("Nama loket wajib diisi.")})
            fields["name"] = name.strip()
        if is_open is not None:
            fields["is_open"] = is_open
        changes = _changes(locked, fields)
        details: dict[str, Any] = {}
        if offers is not None:
            wanted = {o.pk: o for o in offers}
            if any(o.point_id != locked.point_id for o in wanted.values()):
                raise ValidationError({"offers": _("Layanan dari kantor lain.")})
            current = set(locked.offers.values_list("pk", flat=True))
            added, removed = set(wanted) - current, current - set(wanted)
            if added:
                locked.offers.add(*added)
            if removed:
                locked.offers.remove(*removed)
            prefixes = dict(
                PointService.objects.filter(pk__in=added | removed).values_list("pk", "prefix")
            )
            if added or removed:
                details = {
                    "added": sorted(prefixes[pk] for pk in added),
                    "removed": sorted(prefixes[pk] for pk in removed),
                }
        if not changes and not details:
            return locked
        for field, (_before, after) in changes.items():
            setattr(locked, field, after)
        if changes:
            locked.full_clean()
            locked.save(update_fields=list(changes))
        record("loket diubah", locked, changes=changes, details=details)
        bump_display(locked.point_id)
        return locked


@transaction.atomic
def add_closure(
    point: ServicePoint,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    reason: str,
    by: Any = None,
) -> Closure:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Waktu selesai harus setelah waktu mulai.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Sebutkan alasan penutupan.")})
    with acting_for(point.agency), acting(by):
        closure = Closure.objects.create(
            agency=point.agency, point=point, starts_at=starts_at, ends_at=ends_at, reason=reason
        )
        cancelled = _close_slots(closure)
        record(
            "penutupan antrean dicatat",
            closure,
            details={"reason": reason, "bookings_cancelled": cancelled},
        )
        return closure


def _close_slots(closure: Closure) -> int:
    """Close the slots not yet over that ``closure`` covers and cancel their bookings
    (the citizens are told after commit). Returns how many bookings were cancelled.

    Concurrency: the slots are closed with one ``UPDATE`` first, which waits for a
    booking holding a slot's row and, once it commits, sees its place; a booking that
    comes after finds the slot closed in its own conditional ``UPDATE`` and is refused.
    The bookings are then read (and locked) after that update, so none is missed."""
    from sigap.queues.booking import cancel_for_closure
    from sigap.queues.models import Booking

    slots = Slot.all_objects.filter(
        offer__point_id=closure.point_id,
        starts_at__lt=closure.ends_at,
        ends_at__gt=max(closure.starts_at, timezone.now()),
        closure__isnull=True,
    )
    ids = list(slots.values_list("pk", flat=True))
    if not ids:
        return 0
    Slot.all_objects.filter(pk__in=ids, closure__isnull=True).update(closure=closure)
    bookings = Booking.all_objects.filter(
        slot_id__in=ids, status__in=(Booking.Status.HELD, Booking.Status.CONFIRMED)
    ).order_by("pk")
    return sum(cancel_for_closure(b, closure) for b in bookings)


@transaction.atomic
def remove_closure(
    closure: Closure, *, by: Any = None, calendar: WorkingCalendar | None = None
) -> None:
    """Lift a closure: its slots take bookings again (bookings it cancelled stay
    cancelled: their citizens were told) and the days already made get the slots
    inside the period back."""
    point = closure.point
    with acting_for(point.agency), acting(by):
        record(
            "penutupan antrean dihapus",
            closure,
            details={
                "reason": closure.reason,
                "starts_at": closure.starts_at.isoformat(),
                "ends_at": closure.ends_at.isoformat(),
            },
        )
        period = (closure.starts_at, closure.ends_at)
        closure.delete()  # its slots open again (``Slot.closure`` is SET_NULL) ...
        # ... unless another closure of the office covers them too.
        for other in Closure.objects.filter(
            point_id=point.pk, starts_at__lt=period[1], ends_at__gt=period[0]
        ):
            Slot.all_objects.filter(
                offer__point_id=point.pk,
                starts_at__lt=other.ends_at,
                ends_at__gt=other.starts_at,
                closure__isnull=True,
            ).update(closure=other)
        calendar = calendar or WorkingCalendar.for_agency(point.agency)
        first = calendar.local(closure.starts_at).date()
        last = calendar.local(closure.ends_at).date()
        days = [d for d in _made_days(point) if first <= d <= last]
        generate_slots(point, days, calendar)


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
    point: ServicePoint,
    days: Iterable[dt.date],
    calendar: WorkingCalendar | None = None,
    *,
    offers: Iterable[PointService] | None = None,
) -> int:
    """Create the bookable slots of ``days`` for every bookable service of the point
    (or the ``offers`` named; idempotent: slots that exist are kept, with their
    bookings). Returns how many were created."""
    calendar = calendar or WorkingCalendar.for_agency(point.agency)
    step = dt.timedelta(minutes=point.slot_minutes)
    with acting_for(point.agency):
        chosen = PointService.objects.filter(point=point, bookable=True)
        if offers is not None:
            chosen = chosen.filter(pk__in=[o.pk for o in offers])
        offers = list(chosen)
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
