from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from sigap.platform.transitions import TransitionRefused
from sigap.queues import counter as work
from sigap.queues import tickets
from sigap.queues.models import TICKET_FLOW, Ticket
from sigap.queues.tests.factories import always_open, citizen
from sigap.services.models import ServiceEvent
from sigap.tenancy.context import activate

T = Ticket.Status


def walk_in(offer, **kw):
    return tickets.issue_walk_in(offer, calendar=always_open(offer.agency), **kw)


def test_walk_in_tickets_are_numbered_per_service(desk):
    _point, (a, b), _ = desk
    assert [walk_in(a).number, walk_in(a).number, walk_in(b).number] == ["A-001", "A-002", "B-001"]


def test_call_next_takes_the_oldest_and_priority_first(desk, officer):
    _point, (a, _b), (one, _two) = desk
    first = walk_in(a)
    walk_in(a)
    elderly = walk_in(a, priority_reason="elderly")
    called = work.call_next(one, by=officer)
    assert called.pk == elderly.pk and called.status == T.CALLED and called.counter_id == one.pk
    work.skip(called, by=officer)
    assert work.call_next(one, by=officer).pk == first.pk


def test_a_ticket_is_never_called_to_two_counters(desk, officer, unit_head):
    _point, (a, _b), (one, two) = desk
    only = walk_in(a)
    assert work.call_next(one, by=officer).pk == only.pk
    assert work.call_next(two, by=unit_head) is None


def test_a_busy_counter_must_finish_first(desk, officer):
    _point, (a, _b), (one, _two) = desk
    walk_in(a)
    walk_in(a)
    work.call_next(one, by=officer)
    with pytest.raises(ValidationError, match="terlebih dahulu"):
        work.call_next(one, by=officer)


def test_the_full_counter_cycle_stamps_each_time_and_writes_the_service_event(desk, officer):
    _point, (a, _b), (one, _two) = desk
    ticket = walk_in(a)
    called = work.call_next(one, by=officer)
    work.recall(called, by=officer)
    started = work.start(called, by=officer)
    done = work.finish(started, by=officer)
    done.refresh_from_db()
    assert done.status == T.DONE and done.recalls == 1
    assert done.arrived_at <= done.called_at <= done.started_at <= done.finished_at
    assert done.officer_id == officer.pk
    event = ServiceEvent.all_objects.get(pk=done.service_event_id)
    assert event.channel == ServiceEvent.Channel.QUEUE
    assert event.requested_at == ticket.arrived_at and event.finished_at == done.finished_at
    assert event.service_id == a.service_id
    names = list(
        LogEntry.objects.filter(object_pk=str(ticket.pk), content_type__model="ticket")
        .exclude(additional_data__event=None)
        .values_list("additional_data__event", flat=True)
    )
    assert {
        "tiket dipanggil",
        "tiket dipanggil ulang",
        "layanan tiket dimulai",
        "layanan tiket selesai",
    } <= set(names)


def test_finish_before_start_is_refused(desk, officer):
    _point, (a, _b), (one, _two) = desk
    walk_in(a)
    called = work.call_next(one, by=officer)
    with pytest.raises(TransitionRefused):
        work.finish(called, by=officer)


def test_transfer_puts_the_ticket_back_in_line_for_another_service_keeping_its_place(desk, officer):
    _point, (a, b), (one, two) = desk
    first = walk_in(a)
    work.call_next(one, by=officer)
    later_b = walk_in(b)
    moved = work.transfer(first, by=officer, to_offer=b, to_counter=two)
    assert moved.status == T.WAITING and moved.offer_id == b.pk and moved.transfers == 1
    # Reserved for counter two: counter one does not see it, counter two calls it first.
    assert work.call_next(two, by=officer).pk == first.pk
    assert work.call_next(one, by=officer).pk == later_b.pk


def test_counters_serving_one_service_call_only_that_service(desk, officer):
    point, (a, b), (one, _two) = desk
    from sigap.queues import points

    b_only = points.add_counter(point, number=3, offers=[b])
    walk_in(a)
    ticket_b = walk_in(b)
    assert work.call_next(b_only, by=officer).pk == ticket_b.pk


def test_every_allowed_move_stamps_its_time(desk, officer):
    """Walks TICKET_FLOW: each target with a stamp gets its time set by the move."""
    for (source, target), _event in TICKET_FLOW.transitions.items():
        stamp = TICKET_FLOW.stamps.get(target)
        if stamp is None:
            continue
        _point, (a, _b), _ = desk
        ticket = walk_in(a)
        with activate(ticket.agency):
            Ticket.objects.filter(pk=ticket.pk).update(status=source, **{stamp: None})
            ticket.refresh_from_db()
            from sigap.platform.transitions import transition

            transition(ticket, target)
            ticket.refresh_from_db()
        assert getattr(ticket, stamp) is not None, (source, target)


def test_check_in_turns_a_booking_into_a_ticket_queued_from_its_slot(desk):
    from sigap.queues import booking
    from sigap.queues.models import Slot
    from sigap.queues.tests.factories import slots_for

    point, (a, _b), _ = desk
    today = point.agency.today()
    slots_for(point, today)
    with activate(point.agency):
        slot = (
            Slot.objects.filter(offer=a, starts_at__gt=timezone.now() + dt.timedelta(minutes=30))
            .order_by("starts_at")
            .first()
        )
    if slot is None:
        pytest.skip("no later slot today at this hour")
    who = citizen()
    made = booking.book(who, slot)
    ticket = tickets.check_in(made)
    made.refresh_from_db()
    assert made.status == "checked_in" and ticket.source == Ticket.Source.BOOKING
    assert ticket.queued_at == slot.starts_at and ticket.citizen_id == who.pk
    assert tickets.check_in(made).pk == ticket.pk  # a second scan is harmless


def test_the_citizen_n_th_in_line_is_told(desk, officer):
    from sigap.notifications.models import Notification

    point, (a, _b), (one, _two) = desk
    walk_in(a)
    walk_in(a)
    walk_in(a)
    who = citizen()
    with activate(point.agency):
        mine = walk_in(a)
        Ticket.objects.filter(pk=mine.pk).update(citizen=who)
    work.call_next(one, by=officer)  # now mine is 3rd (call_ahead = 3)
    assert Notification.objects.filter(recipient=who, template="queues/near").count() == 1


def test_the_kiosk_refuses_when_the_office_is_closed(desk):
    _point, (a, _b), _ = desk
    sunday_noon = dt.datetime(2026, 12, 6, 12, 0, tzinfo=a.agency.zone)
    with pytest.raises(ValidationError, match="tutup"):
        tickets.issue_walk_in(a, now=sunday_noon)
