"""Holding a slot while the citizen completes the booking: the hold counts against
capacity; once its time has passed its place is free again for the next booking — given
back inside that booking's own transaction (the database query), not by a timer."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from sigap.queues import booking
from sigap.queues.models import Booking, Slot
from sigap.queues.tests.factories import citizen, office, slots_for
from sigap.queues.tests.test_concurrency import race
from sigap.tenancy.context import activate


def _first_slot(point, offer) -> Slot:
    with activate(point.agency):
        return Slot.objects.filter(offer=offer).order_by("starts_at").first()


def _run_out(*holds: Booking) -> None:
    """The hold minutes pass (the clock, not a job: nothing else runs)."""
    past = timezone.now() - dt.timedelta(seconds=1)
    with activate(holds[0].agency):
        Booking.objects.filter(pk__in=[h.pk for h in holds]).update(held_until=past)


def _reload(obj):
    with activate(obj.agency):
        obj.refresh_from_db()
    return obj


def test_a_hold_counts_against_capacity_until_its_time_passes(desk):
    point, (a, _b), _ = desk  # capacity 2 per slot
    slots_for(point)
    slot = _first_slot(point, a)
    first = booking.hold(citizen(), slot)
    second = booking.hold(citizen(), slot)
    assert (first.held_until - timezone.now()) <= dt.timedelta(minutes=point.hold_minutes)
    assert _reload(slot).booked == 2
    with pytest.raises(ValidationError) as refused:
        booking.book(citizen(), slot)
    assert refused.value.error_dict["slot"][0].code == booking.FULL
    (shown,) = [s for s in booking.bookable_slots(a, slot.day) if s.pk == slot.pk]
    assert shown.free == 0

    _run_out(first)
    # Shown free at once, though no job has run.
    (shown,) = [s for s in booking.bookable_slots(a, slot.day) if s.pk == slot.pk]
    assert shown.free == 1
    third = booking.book(citizen(), slot)

    assert third.status == "confirmed"
    assert (_reload(first).status, _reload(second).status) == ("expired", "held")
    assert _reload(slot).booked == 2  # the second hold and the new booking
    entry = LogEntry.objects.filter(additional_data__event="penahanan slot berakhir").get()
    assert entry.additional_data["details"]["reason"] == "waktu tahan habis"
    # A hold that ran out cannot be confirmed any more.
    with pytest.raises(ValidationError):
        booking.confirm(first, by=first.citizen)


def test_a_live_hold_is_confirmed_and_keeps_its_place(desk):
    point, (a, _b), _ = desk
    slots_for(point)
    slot = _first_slot(point, a)
    who = citizen()
    held = booking.hold(who, slot)
    done = booking.confirm(held, by=who)
    assert (done.status, done.held_until) == ("confirmed", None)
    assert _reload(slot).booked == 1


def test_the_citizens_own_expired_hold_does_not_block_booking_again(desk):
    point, (a, _b), _ = desk
    slots_for(point)
    with activate(point.agency):
        one, two = Slot.objects.filter(offer=a).order_by("starts_at")[:2]
    who = citizen()
    held = booking.hold(who, one)
    with pytest.raises(ValidationError) as refused:
        booking.book(who, two)  # one active booking per NIK, service and day
    assert "slot" in refused.value.error_dict
    _run_out(held)
    assert booking.book(who, two).status == "confirmed"
    assert _reload(held).status == "expired" and _reload(one).booked == 0


@pytest.mark.django_db(transaction=True)
def test_racing_for_an_expired_holds_place_gives_it_to_one(agency, opd):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    point, (a, _b), _ = office(agency, opd, capacity=1)
    slots_for(point)
    slot = _first_slot(point, a)
    stale = booking.hold(citizen(), slot)
    _run_out(stale)
    people = [citizen() for _ in range(10)]
    outcomes = race([lambda who=who: booking.book(who, slot) and "ok" for who in people])
    assert outcomes.count("ok") == 1 and outcomes.count("penuh") == 9
    assert _reload(slot).booked == 1 and _reload(stale).status == "expired"
    with activate(agency):
        assert Booking.objects.filter(slot=slot, status__in=Booking.ACTIVE).count() == 1
    # Released once, by one of them.
    assert LogEntry.objects.filter(additional_data__event="penahanan slot berakhir").count() == 1


def test_booking_reads_the_nik_s_bookings_once_and_nothing_it_does_not_write(desk):
    # One read answers both "an own hold ran out" and "already booked"; the audit of
    # the new booking no longer reads its (reverse) ticket.
    from django.test.utils import CaptureQueriesContext

    point, (a, _b), _ = desk
    slots_for(point)
    with activate(point.agency):
        slot = (
            Slot.objects.filter(offer=a)
            .select_related("agency", "offer__point__agency", "offer__service")
            .order_by("starts_at")
            .first()
        )
    who = citizen()
    who.citizen_profile  # noqa: B018 - read before, as the request's user is
    with CaptureQueriesContext(connection) as queries:
        booking.book(who, slot)
    sql = [q["sql"] for q in queries]
    assert not [s for s in sql if "queues_ticket" in s]
    assert not [
        s for s in sql if s.startswith("SELECT") and '"tenancy_agency"' in s.split("FROM")[1][:20]
    ]
    reads = [s for s in sql if s.startswith("SELECT") and 'FROM "queues_booking"' in s]
    assert len(reads) == 1, reads
