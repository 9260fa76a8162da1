"""A closure added after the slots were made: the covered slots stop taking bookings,
their bookings are cancelled and the citizens told after commit; lifting the closure
opens the slots again. The race between a closure and bookings runs on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection

from sigap.notifications.models import Notification
from sigap.queues import booking, points
from sigap.queues.models import Booking, Slot
from sigap.queues.tests.factories import citizen, office
from sigap.queues.tests.test_concurrency import race
from sigap.tenancy.context import activate
from sigap.workcal.calendar import WorkingCalendar

MORNING = {d: (dt.time(8, 0), dt.time(12, 0)) for d in range(7)}


@pytest.fixture
def morning(agency, opd, monkeypatch):
    """An office open 08:00–12:00 every day with tomorrow's slots: 16 per service."""
    monkeypatch.setattr(
        points.WorkingCalendar,
        "for_agency",
        classmethod(
            lambda cls, a: WorkingCalendar.from_holidays(a.time_zone, [], office_hours=MORNING)
        ),
    )
    point, offers, desks = office(agency, opd, code="pagi", capacity=3)
    day = agency.today() + dt.timedelta(days=1)
    points.generate_slots(point, [day])
    return point, offers, day


def _at(agency, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=agency.zone)


def _slot(point, offer, when: dt.datetime) -> Slot:
    with activate(point.agency):
        return Slot.objects.get(offer=offer, starts_at=when)


def test_a_closure_cancels_the_bookings_it_covers_and_tells_after_commit(
    morning, agency, django_capture_on_commit_callbacks
):
    point, (a, b), day = morning
    inside = _slot(point, a, _at(agency, day, 10, 0))
    edge = _slot(point, b, _at(agency, day, 9, 45))  # 09:45–10:00 ends as the closure starts
    late = _slot(point, a, _at(agency, day, 11, 45))  # 11:45–12:00, after it
    siti, budi, ani = citizen(), citizen(), citizen()
    kept = booking.book(siti, edge)
    gone = booking.book(budi, inside)
    held = booking.hold(ani, late)
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks() as callbacks:
        closure = points.add_closure(
            point,
            starts_at=_at(agency, day, 10, 0),
            ends_at=_at(agency, day, 11, 45),
            reason="Pemadaman listrik",
        )
        # Nobody is told before the closure is committed.
        assert not Notification.objects.exists()
    for run in callbacks:
        run()

    with activate(agency):
        gone.refresh_from_db()
        kept.refresh_from_db()
        held.refresh_from_db()
        inside.refresh_from_db()
        closed = Slot.objects.filter(offer__point=point, closure=closure)
        # 10:00–11:45 is 7 slots of 15 minutes, for each of the two services.
        assert closed.count() == 14
    assert (gone.status, kept.status, held.status) == ("cancelled", "confirmed", "held")
    assert (inside.booked, inside.closure_id) == (0, closure.pk)
    (told,) = Notification.objects.all()
    assert (told.recipient, told.template) == (budi, "queues/cancelled")
    assert "Pemadaman listrik" in told.body and gone.code in told.body
    entry = LogEntry.objects.filter(additional_data__event="penutupan antrean dicatat").get()
    assert entry.additional_data["details"]["bookings_cancelled"] == 1
    move = LogEntry.objects.filter(additional_data__event="pemesanan antrean dibatalkan").get()
    assert move.additional_data["details"]["reason"] == "kantor tutup"

    # The closed slot takes no booking and is not offered.
    with pytest.raises(ValidationError) as refused:
        booking.book(citizen(), inside)
    assert refused.value.error_dict["slot"][0].code == booking.CLOSED
    offered = booking.bookable_slots(a, day)
    assert inside not in offered and len(offered) == 16 - 7


def test_lifting_a_closure_opens_the_slots_but_not_a_second_one(morning, agency):
    point, (a, _b), day = morning
    ten = _slot(point, a, _at(agency, day, 10, 0))
    eleven = _slot(point, a, _at(agency, day, 11, 0))
    long = points.add_closure(
        point, starts_at=_at(agency, day, 10), ends_at=_at(agency, day, 12), reason="Rapat"
    )
    short = points.add_closure(
        point, starts_at=_at(agency, day, 11), ends_at=_at(agency, day, 12), reason="Apel"
    )
    points.remove_closure(long)
    with activate(agency):
        ten.refresh_from_db()
        eleven.refresh_from_db()
    assert ten.closure_id is None and eleven.closure_id == short.pk
    assert booking.book(citizen(), ten).status == "confirmed"
    with pytest.raises(ValidationError):
        booking.book(citizen(), eleven)
    points.remove_closure(short)
    assert booking.book(citizen(), eleven).status == "confirmed"


def test_a_closure_leaves_past_slots_and_other_offices_alone(morning, agency, opd):
    point, (a, _b), day = morning
    other, (far, _), _ = office(agency, opd, code="lain")
    points.generate_slots(other, [day])
    theirs = _slot(other, far, _at(agency, day, 10))
    kept = booking.book(citizen(), theirs)
    points.add_closure(
        point, starts_at=_at(agency, day, 8), ends_at=_at(agency, day, 12), reason="Libur"
    )
    with activate(agency):
        kept.refresh_from_db()
        theirs.refresh_from_db()
    assert kept.status == "confirmed" and theirs.closure_id is None


@pytest.mark.django_db(transaction=True)
def test_bookings_racing_a_closure_end_cancelled_or_refused(agency, opd, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    monkeypatch.setattr(
        points.WorkingCalendar,
        "for_agency",
        classmethod(
            lambda cls, a: WorkingCalendar.from_holidays(a.time_zone, [], office_hours=MORNING)
        ),
    )
    point, (a, _b), _ = office(agency, opd, code="balapan", capacity=10)
    day = agency.today() + dt.timedelta(days=1)
    points.generate_slots(point, [day])
    slot = _slot(point, a, _at(agency, day, 10))
    people = [citizen() for _ in range(8)]

    def close() -> str:
        points.add_closure(
            point, starts_at=_at(agency, day, 10), ends_at=_at(agency, day, 11), reason="Rapat"
        )
        return "closed"

    outcomes = race([close] + [lambda who=who: booking.book(who, slot) and "ok" for who in people])
    assert "closed" in outcomes
    with activate(agency):
        slot.refresh_from_db()
        active = Booking.objects.filter(slot=slot, status__in=Booking.ACTIVE).count()
    # Whoever came first was cancelled by the closure, whoever came later refused:
    # nothing stays booked in the closed slot and its count agrees.
    assert slot.closure_id is not None and active == 0 and slot.booked == 0
