from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from sigap.queues import booking
from sigap.queues.models import Booking, Slot
from sigap.queues.tests.factories import citizen, slots_for
from sigap.tenancy.context import activate

B = Booking.Status


@pytest.fixture
def slot(desk):
    point, offers, _counters = desk
    slots_for(point)
    with activate(point.agency):
        return Slot.objects.filter(offer=offers[0]).order_by("starts_at").first()


def test_booking_takes_a_place_and_gives_a_code(slot):
    who = citizen()
    made = booking.book(who, slot)
    slot.refresh_from_db()
    assert made.status == B.CONFIRMED and len(made.code) == 8
    assert slot.booked == 1
    assert made.nik_digest != who.citizen_profile.nik and len(made.nik_digest) == 64


def test_full_slot_refuses_booking_with_penuh(slot):
    booking.book(citizen(), slot)
    booking.book(citizen(), slot)
    with pytest.raises(ValidationError) as refused:
        booking.book(citizen(), slot)
    assert refused.value.error_dict["slot"][0].code == booking.FULL
    slot.refresh_from_db()
    assert slot.booked == slot.capacity == 2


def test_one_active_booking_per_nik_per_service_per_day(slot, desk):
    who = citizen()
    booking.book(who, slot)
    with activate(slot.agency):
        later = Slot.objects.filter(offer=slot.offer_id).exclude(pk=slot.pk).first()
    with pytest.raises(ValidationError, match="sudah memiliki pemesanan aktif"):
        booking.book(who, later)
    later.refresh_from_db()
    assert later.booked == 0  # the refused booking took no place


def test_the_database_refuses_a_second_active_booking_for_a_nik(slot):
    made = booking.book(citizen(), slot)
    with activate(slot.agency), pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            agency=slot.agency,
            slot=slot,
            offer=slot.offer,
            day=slot.day,
            citizen=made.citizen,
            nik_digest=made.nik_digest,
            code="ZZZZZZZZ",
            status=B.CONFIRMED,
        )


def test_the_database_refuses_overbooking(slot):
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.all_objects.filter(pk=slot.pk).update(booked=slot.capacity + 1)


def test_cancel_gives_the_place_back_and_allows_a_new_booking(slot):
    who = citizen()
    made = booking.book(who, slot)
    booking.cancel(made, by=who)
    slot.refresh_from_db()
    assert slot.booked == 0
    again = booking.book(who, slot)
    assert again.status == B.CONFIRMED


def test_only_the_owner_cancels(slot):
    made = booking.book(citizen(), slot)
    with pytest.raises(PermissionDenied):
        booking.cancel(made, by=citizen())


def test_reschedule_moves_the_place(slot):
    who = citizen()
    made = booking.book(who, slot)
    with activate(slot.agency):
        later = Slot.objects.filter(offer=slot.offer_id).exclude(pk=slot.pk).first()
    moved = booking.reschedule(made, later, by=who)
    slot.refresh_from_db()
    later.refresh_from_db()
    assert (slot.booked, later.booked) == (0, 1)
    assert moved.slot_id == later.pk


def test_reschedule_to_a_full_slot_keeps_the_old_booking(slot):
    who = citizen()
    made = booking.book(who, slot)
    with activate(slot.agency):
        later = Slot.objects.filter(offer=slot.offer_id).exclude(pk=slot.pk).first()
    booking.book(citizen(), later)
    booking.book(citizen(), later)
    with pytest.raises(ValidationError):
        booking.reschedule(made, later, by=who)
    made.refresh_from_db()
    assert made.status == B.CONFIRMED


def test_a_hold_expires_and_gives_the_place_back(slot):
    who = citizen()
    held = booking.hold(who, slot)
    assert held.status == B.HELD
    assert booking.expire_holds(timezone.now() + dt.timedelta(minutes=10)) == 1
    slot.refresh_from_db()
    held.refresh_from_db()
    assert (slot.booked, held.status) == (0, B.EXPIRED)


def test_a_hold_confirmed_in_time_becomes_a_booking(slot):
    who = citizen()
    held = booking.hold(who, slot)
    confirmed = booking.confirm(held, by=who)
    assert confirmed.status == B.CONFIRMED and confirmed.confirmed_at is not None


def test_staff_cannot_book(slot, officer):
    with pytest.raises(PermissionDenied):
        booking.book(officer, slot)


def test_a_past_slot_cannot_be_booked(desk):
    point, offers, _ = desk
    slots_for(point, point.agency.today() - dt.timedelta(days=1))
    with activate(point.agency):
        past = Slot.objects.filter(day__lt=point.agency.today()).first()
    with pytest.raises(ValidationError, match="sudah lewat"):
        booking.book(citizen(), past)


def test_booking_notifies_the_citizen_after_commit(
    slot, settings, django_capture_on_commit_callbacks
):
    from sigap.notifications.models import Notification

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    who = citizen()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        made = booking.book(who, slot)
    # Nothing is written for the message while the booking's transaction is open: the
    # task worker writes it once the booking commits (bench.booking_burst).
    assert not Notification.objects.filter(recipient=who).exists()
    for callback in callbacks:
        callback()
    (told,) = Notification.objects.filter(recipient=who, template="queues/booked")
    assert made.code in told.body and told.url.endswith(f"/{made.code}/")


def test_a_booking_message_for_a_booking_that_is_gone_sends_nothing(slot):
    from sigap.notifications.models import Notification

    assert booking.tell_booking.call(booking_id=10**9, template="booked") is False
    assert not Notification.objects.exists()
