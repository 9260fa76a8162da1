"""Booking a slot: hold, confirm, cancel, reschedule, expire.

Capacity is the database's job. A place is taken with one conditional update::

    UPDATE queues_slot SET booked = booked + 1 WHERE id = %s AND booked < capacity

which PostgreSQL re-evaluates on the locked row after a concurrent writer commits
(READ COMMITTED), so of 2,000 clients racing for the last place exactly one gets it;
a check constraint (``booked <= capacity``) backs it. The place and the booking row are
written in one transaction: a refused booking (second active booking of the same NIK
for the service that day, enforced by a partial unique index) rolls the place back.

A hold (``hold``) keeps a place for ``point.hold_minutes`` while the citizen finishes
(it counts in ``booked``, so against capacity); ``confirm`` makes it a booking. An
expired hold gives its place back **in the booking transaction that needs it**, not by
a timer: when the conditional update finds the slot full, the slot's holds whose
``held_until`` has passed are expired there (each through the transition table, under
its row lock) and the update is tried once more; the same NIK's own expired hold no
longer blocks it booking again. ``expire_holds`` (the periodic sweep) only tidies the
holds nobody raced for.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from sigap.audit.events import acting, record, register_events
from sigap.notifications import notify
from sigap.platform.effects import enqueue_after_commit
from sigap.platform.transitions import transition, try_transition
from sigap.queues.models import Booking, PointService, PriorityReason, Slot
from sigap.tenancy.context import acting_for, unscoped

B = Booking.Status
register_events({"slot antrean ditahan": "Slot antrean ditahan sementara"})
CODE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY3479"  # no look-alikes (0/O, 1/I, 5/S, 8/B)
FULL = "penuh"  # the error code every refused client gets
CLOSED = "tutup"  # the slot is inside a closure


def nik_digest(nik: str) -> str:
    """Keyed hash of a NIK: equal NIKs collide, the NIK cannot be read back."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"queues-nik:{nik}".encode(), hashlib.sha256).hexdigest()


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def _nik_of(citizen: Any) -> str:
    if not getattr(citizen, "is_citizen", False):
        raise PermissionDenied(_("Pemesanan antrean hanya untuk akun warga."))
    profile = getattr(citizen, "citizen_profile", None)
    if profile is None or not profile.nik:
        raise ValidationError({"nik": _("Lengkapi NIK di profil Anda sebelum memesan antrean.")})
    return profile.nik


def _closed() -> ValidationError:
    return ValidationError(
        {"slot": ValidationError(_("Kantor tutup pada waktu ini. Pilih waktu lain."), code=CLOSED)}
    )


def _check_slot(slot: Slot, now: dt.datetime) -> None:
    offer = slot.offer
    point = offer.point
    if not (point.is_active and offer.bookable):
        raise ValidationError({"slot": _("Layanan ini tidak dapat dipesan daring.")})
    if slot.closure_id is not None:
        raise _closed()
    if slot.starts_at <= now:
        raise ValidationError({"slot": _("Slot ini sudah lewat.")})
    horizon = point.agency.today() + dt.timedelta(days=point.booking_days_ahead)
    if slot.day > horizon:
        raise ValidationError(
            {
                "slot": _("Pemesanan paling lambat %(n)s hari ke depan.")
                % {"n": point.booking_days_ahead}
            }
        )


def _full() -> ValidationError:
    return ValidationError({"slot": ValidationError(_("Slot penuh. Pilih waktu lain."), code=FULL)})


def _try_take(slot_id: int) -> bool:
    return bool(
        Slot.all_objects.filter(pk=slot_id, booked__lt=F("capacity"), closure__isnull=True).update(
            booked=F("booked") + 1
        )
    )


def _take_place(slot: Slot, now: dt.datetime) -> None:
    if _try_take(slot.pk):
        return
    if Slot.all_objects.filter(pk=slot.pk, closure__isnull=False).exists():
        raise _closed()
    # Full, unless holds past their time still count: they give their places back
    # here, in this transaction, and the update is tried once more.
    if release_expired_holds(now, slot_id=slot.pk) and _try_take(slot.pk):
        return
    raise _full()


def release_expired_holds(now: dt.datetime, **where: Any) -> int:
    """Expire the holds matching ``where`` (a slot, or one NIK's for a service and
    day) whose time has passed, giving their places back; how many. Each moves through
    the table under its row lock, so two bookers releasing the same hold release it
    once."""
    stale = Booking.all_objects.filter(status=B.HELD, held_until__lt=now, **where).order_by("pk")
    return sum(_expire(held) for held in stale)


def _give_back(slot_id: int) -> None:
    Slot.all_objects.filter(pk=slot_id, booked__gt=0).update(booked=F("booked") - 1)


def _create(
    citizen: Any, slot: Slot, digest: str, status: str, priority_reason: str, now: dt.datetime
) -> Booking:
    # The instances, not their ids: the notification and the API's answer read the
    # agency, the service and the office from them without a query each.
    booking = Booking(
        agency=slot.offer.point.agency,
        slot=slot,
        offer=slot.offer,
        day=slot.day,
        citizen=citizen,
        nik_digest=digest,
        status=status,
        priority_reason=priority_reason,
        held_until=now + dt.timedelta(minutes=slot.offer.point.hold_minutes)
        if status == B.HELD
        else None,
        confirmed_at=now if status == B.CONFIRMED else None,
    )
    for _attempt in range(5):
        booking.code = new_code()
        try:
            with transaction.atomic():
                booking.save()
            return booking
        except IntegrityError:
            if Booking.objects.filter(
                nik_digest=digest, offer_id=slot.offer_id, day=slot.day, status__in=Booking.ACTIVE
            ).exists():
                raise ValidationError(
                    {
                        "slot": _(
                            "NIK ini sudah memiliki pemesanan aktif untuk layanan ini pada hari itu."
                        )
                    },
                    code="duplicate",
                ) from None
    raise ValidationError(_("Kode booking tidak dapat dibuat; coba lagi."))


def _place(citizen: Any, slot: Slot, status: str, priority_reason: str = "") -> Booking:
    nik = _nik_of(citizen)
    now = timezone.now()
    with acting_for(slot.agency), acting(citizen), transaction.atomic():
        slot = Slot.objects.select_related("offer__point__agency", "offer__service").get(pk=slot.pk)
        _check_slot(slot, now)
        if priority_reason and priority_reason not in slot.offer.point.priority_reasons:
            raise ValidationError(
                {"priority_reason": _("Kelompok prioritas tidak berlaku di kantor ini.")}
            )
        digest = nik_digest(nik)
        # The NIK's active bookings of this service and day, in one read: its own hold
        # that ran out is expired and does not block booking again; any other is a
        # duplicate (a cheap early answer; the partial unique index is the real guard).
        mine = Booking.objects.filter(
            nik_digest=digest, offer_id=slot.offer_id, day=slot.day, status__in=Booking.ACTIVE
        ).order_by("pk")
        ran_out = [b for b in mine if _hold_ran_out(b, now)]
        for held in ran_out:
            _expire(held)  # False: another booker expired it first; gone either way
        if len(ran_out) < len(mine):
            raise ValidationError(
                {
                    "slot": _(
                        "NIK ini sudah memiliki pemesanan aktif untuk layanan ini pada hari itu."
                    )
                },
                code="duplicate",
            )
        # A full slot is refused before any work (the common answer in a burst),
        # unless an expired hold still holds a place.
        if slot.booked >= slot.capacity and not _has_expired_holds(slot.pk, now):
            raise _full()
        booking = _create(citizen, slot, digest, status, priority_reason, now)
        record(
            "antrean dipesan" if status == B.CONFIRMED else "slot antrean ditahan",
            booking,
            details={"slot": slot.starts_at.isoformat()},
        )
        if status == B.CONFIRMED:
            _tell_after_commit(booking, "booked")
        # The place is taken last: the slot's row lock is then held only from here to
        # the commit, so contenders for one slot wait for one UPDATE, not for the whole
        # booking. Refused here, the transaction rolls back the booking and its message.
        _take_place(slot, now)
        return booking


def hold(citizen: Any, slot: Slot, *, priority_reason: str = "") -> Booking:
    """Keep a place for a few minutes while the citizen completes the booking."""
    return _place(citizen, slot, B.HELD, priority_reason)


def book(citizen: Any, slot: Slot, *, priority_reason: str = "") -> Booking:
    """Book ``slot`` in one step (hold and confirm)."""
    return _place(citizen, slot, B.CONFIRMED, priority_reason)


@transaction.atomic
def confirm(booking: Booking, *, by: Any) -> Booking:
    if booking.citizen_id != getattr(by, "pk", None):
        raise PermissionDenied(_("Pemesanan ini bukan milik Anda."))
    with acting_for(booking.agency), acting(by):
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        if locked.status == B.CONFIRMED:
            return locked
        if locked.status == B.HELD and locked.held_until and locked.held_until < timezone.now():
            _expire(locked)
            raise ValidationError({"slot": _("Waktu penahanan slot sudah habis. Pilih slot lagi.")})
        transition(locked, B.CONFIRMED, held_until=None)
        _tell_after_commit(locked, "booked")
        return locked


def _hold_ran_out(booking: Booking, now: dt.datetime) -> bool:
    return booking.status == B.HELD and booking.held_until is not None and booking.held_until < now


def _has_expired_holds(slot_id: int, now: dt.datetime) -> bool:
    return Booking.all_objects.filter(slot_id=slot_id, status=B.HELD, held_until__lt=now).exists()


def _expire(booking: Booking) -> bool:
    if try_transition(booking, B.EXPIRED, details={"reason": "waktu tahan habis"}):
        _give_back(booking.slot_id)
        return True
    return False


@transaction.atomic
def cancel(booking: Booking, *, by: Any) -> Booking:
    if booking.citizen_id != getattr(by, "pk", None):
        raise PermissionDenied(_("Pemesanan ini bukan milik Anda."))
    with acting_for(booking.agency), acting(by):
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        if locked.status not in (B.HELD, B.CONFIRMED):
            raise ValidationError(_("Pemesanan ini tidak dapat dibatalkan lagi."))
        transition(locked, B.CANCELLED)
        _give_back(locked.slot_id)
        return locked


@transaction.atomic
def reschedule(booking: Booking, new_slot: Slot, *, by: Any) -> Booking:
    """Cancel ``booking`` and book ``new_slot`` in one transaction: either both happen
    or neither (a full new slot keeps the old booking)."""
    if new_slot.offer_id != booking.offer_id:
        raise ValidationError({"slot": _("Pindah jadwal hanya untuk layanan yang sama.")})
    old_priority = booking.priority_reason
    cancel(booking, by=by)
    return book(by, new_slot, priority_reason=old_priority)


def cancel_for_closure(booking: Booking, closure: Any) -> bool:
    """A closure covers the booking's slot: cancel it, give the place back, and tell
    the citizen once the closure commits. False when it was no longer active."""
    with transaction.atomic():
        done = try_transition(
            booking,
            B.CANCELLED,
            details={"reason": "kantor tutup", "closure": closure.pk},
            effects=[lambda: _tell(booking, "cancelled", reason=closure.reason)],
        )
        if done:
            _give_back(booking.slot_id)
        return done


def expire_holds(now: dt.datetime | None = None) -> int:
    """Give back the places of holds past their time (all pemda; the periodic sweep)."""
    from sigap.tenancy.context import unscoped

    now = now or timezone.now()
    done = 0
    with unscoped():
        stale = list(
            Booking.objects.filter(status=B.HELD, held_until__lt=now).select_related("agency")
        )
    for booking in stale:
        with acting_for(booking.agency), transaction.atomic():
            done += _expire(booking)
    return done


def _tell_after_commit(booking: Booking, template: str) -> None:
    """The citizen's message about their booking, written by the task worker once the
    booking has committed. At opening time thousands book at once: the request then
    pays for the booking alone, not for rendering the message, its inbox entry, its
    deliveries and their audit rows (bench.booking_burst). A rolled-back booking
    sends nothing."""
    enqueue_after_commit(tell_booking, booking_id=booking.pk, template=template)


@task()
def tell_booking(booking_id: int, template: str) -> bool:
    """Send ``queues/<template>`` about a booking (queued by ``_tell_after_commit``)."""
    with unscoped():
        booking = (
            Booking.all_objects.select_related(
                "agency", "citizen", "slot__offer__service", "slot__offer__point"
            )
            .filter(pk=booking_id)
            .first()
        )
    if booking is None:
        return False
    with acting_for(booking.agency):
        _tell(booking, template)
    return True


def _tell(booking: Booking, template: str, **extra: Any) -> None:
    slot = booking.slot
    offer = slot.offer
    notify(
        booking.citizen,
        f"queues/{template}",
        {
            **extra,
            "booking": booking,
            "slot": slot,
            "service": offer.service,
            "point": offer.point,
            # In the pemda's own zone (WIB, WITA, WIT), whatever the server's.
            "when": slot.starts_at.astimezone(booking.agency.zone).strftime("%d-%m-%Y %H:%M"),
        },
        agency=booking.agency,
        url=f"/p/{booking.agency.slug}/antrean/pesanan/{booking.code}/",
    )


def bookable_slots(offer: PointService, day: dt.date) -> list[Slot]:
    """The day's slots still to come, each with ``free`` counting the places of holds
    past their time as free (a booking takes them back, see ``_take_place``)."""
    now = timezone.now()
    return list(
        Slot.all_objects.filter(
            agency_id=offer.agency_id, offer=offer, day=day, starts_at__gt=now, closure=None
        )
        .annotate(
            stale_holds=Count(
                "bookings",
                filter=Q(bookings__status=B.HELD, bookings__held_until__lt=now),
            )
        )
        .order_by("starts_at")
    )


PRIORITY_CHOICES = PriorityReason.choices


def remind(agency: Any, now: dt.datetime | None = None) -> int:
    """Remind citizens booked for tomorrow (pemda zone), once each."""
    now = now or timezone.now()
    tomorrow = now.astimezone(agency.zone).date() + dt.timedelta(days=1)
    sent = 0
    with acting_for(agency):
        due = Booking.objects.filter(
            status=B.CONFIRMED, day=tomorrow, reminded_at__isnull=True
        ).select_related("slot__offer__service", "slot__offer__point", "citizen")
        for booking in due:
            with transaction.atomic():
                if Booking.objects.filter(pk=booking.pk, reminded_at__isnull=True).update(
                    reminded_at=now
                ):
                    _tell(booking, "reminder")
                    sent += 1
    return sent
