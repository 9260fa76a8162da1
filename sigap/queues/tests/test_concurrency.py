"""Real concurrent clients on PostgreSQL: many citizens race for a few places; two
counters press "call next" at once. SQLite serialises writers, so these skip there."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from sigap.queues import booking, tickets
from sigap.queues import counter as work
from sigap.queues.models import Booking, Slot
from sigap.queues.tests.factories import always_open, citizen, office, slots_for
from sigap.tenancy.context import activate

pytestmark = pytest.mark.django_db(transaction=True)


def _needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")


def race(fns) -> list[str]:
    barrier = threading.Barrier(len(fns))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(fn) -> None:
        try:
            barrier.wait()
            result = fn()
        except ValidationError as exc:
            result = (
                "penuh"
                if booking.FULL in str(getattr(exc, "error_dict", {}).get("slot", [""])[0].code)
                else "refused"
            )
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(fn,)) for fn in fns]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_twenty_clients_for_two_places_never_overbook(agency, opd):
    _needs_postgresql()
    point, offers, _ = office(agency, opd, capacity=2)
    slots_for(point)
    with activate(agency):
        slot = Slot.objects.filter(offer=offers[0]).order_by("starts_at").first()
    people = [citizen() for _ in range(20)]
    outcomes = race([lambda who=who: booking.book(who, slot) and "ok" for who in people])
    slot.refresh_from_db()
    assert sorted(set(outcomes)) == ["ok", "penuh"]
    assert outcomes.count("ok") == 2 and outcomes.count("penuh") == 18
    with activate(agency):
        assert Booking.objects.filter(slot=slot).count() == slot.booked == 2


def test_one_nik_booking_twice_at_once_gets_one_booking(agency, opd):
    _needs_postgresql()
    point, offers, _ = office(agency, opd, capacity=10)
    slots_for(point)
    with activate(agency):
        two = list(Slot.objects.filter(offer=offers[0]).order_by("starts_at")[:2])
    who = citizen()
    outcomes = race([lambda s=s: booking.book(who, s) and "ok" for s in two])
    assert sorted(outcomes) == ["ok", "refused"]
    with activate(agency):
        assert (
            sum(Slot.objects.filter(pk__in=[s.pk for s in two]).values_list("booked", flat=True))
            == 1
        )


def test_two_counters_calling_at_once_take_different_tickets(agency, opd, officer, unit_head):
    _needs_postgresql()
    point, offers, (one, two) = office(agency, opd)
    for _ in range(2):
        tickets.issue_walk_in(offers[0], calendar=always_open(agency))
    outcomes = race(
        [
            lambda: work.call_next(one, by=officer).number,
            lambda: work.call_next(two, by=unit_head).number,
        ]
    )
    assert sorted(outcomes) == ["A-001", "A-002"]


def test_two_kiosks_never_print_the_same_number(agency, opd):
    _needs_postgresql()
    point, offers, _ = office(agency, opd)
    cal = always_open(agency)
    outcomes = race(
        [lambda: tickets.issue_walk_in(offers[0], calendar=cal).number for _ in range(8)]
    )
    assert sorted(outcomes) == [f"A-{n:03d}" for n in range(1, 9)]
