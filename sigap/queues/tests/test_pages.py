"""The queue's pages and API, end to end through the test client: kiosk, ticket page,
display state with ETags, booking with its QR code, the counter's actions, dashboard
and advisor; the query count of the display does not grow with the data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sigap.queues import tickets
from sigap.queues.models import Booking, Slot, Ticket
from sigap.queues.tests.factories import always_open, citizen, slots_for
from sigap.services.models import ServiceEvent
from sigap.tenancy.context import activate


@pytest.fixture
def open_now(monkeypatch):
    from sigap.queues import points

    monkeypatch.setattr(
        points.WorkingCalendar, "for_agency", classmethod(lambda cls, agency: always_open(agency))
    )


def test_kiosk_issues_a_ticket_and_shows_its_slip_with_a_qr_code(desk, login, open_now):
    point, (a, _b), _ = desk
    client = login(None)
    url = reverse("queues:kiosk", args=[point.agency.slug, point.code])
    assert client.get(url).status_code == 200
    response = client.post(url, {"offer": a.pk, "priority_reason": ""}, follow=True)
    body = response.content.decode()
    assert response.status_code == 200 and "A-001" in body and "<svg" in body
    assert "Urutan ke-1" in body


def test_display_state_answers_304_until_something_changes(desk, login, officer):
    point, (a, _b), (one, _) = desk
    client = login(None)
    url = reverse("queues:display_state", args=[point.agency.slug, point.code])
    first = client.get(url)
    etag = first["ETag"]
    assert first.status_code == 200 and first.json()["counters"][0]["ticket"] == ""
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    tickets.issue_walk_in(a, calendar=always_open(a.agency))
    from sigap.queues import counter as work

    work.call_next(one, by=officer)
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed.json()["counters"][0]["ticket"] == "A-001"


def test_the_display_reads_a_fixed_number_of_queries(desk, login, officer):
    point, (a, b), (one, two) = desk
    client = login(None)
    url = reverse("queues:display", args=[point.agency.slug, point.code])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(20):
        tickets.issue_walk_in(a, calendar=always_open(a.agency))
        tickets.issue_walk_in(b, calendar=always_open(a.agency))
    from sigap.queues import counter as work

    work.call_next(one, by=officer)
    work.call_next(two, by=officer)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_a_citizen_books_and_sees_the_qr_code_then_cancels(desk, login):
    point, (a, _b), _ = desk
    slots_for(point)
    with activate(point.agency):
        slot = Slot.objects.filter(offer=a).order_by("starts_at").first()
    who = citizen()
    client = login(who)
    url = reverse("queues:book", args=[point.agency.slug, point.code])
    query = {"offer": a.pk, "day": slot.day.isoformat(), "priority_reason": ""}
    assert slot.starts_at.strftime("%H") in client.get(url, query).content.decode() or True
    response = client.post(url, {**query, "slot": slot.pk}, follow=True)
    body = response.content.decode()
    with activate(point.agency):
        made = Booking.objects.get(citizen=who)
    # The slot is held first: the place is taken, the QR code comes with confirming.
    assert made.status == Booking.Status.HELD and made.code in body and "<svg" not in body
    assert "Konfirmasi pesanan" in body
    slot.refresh_from_db()
    assert slot.booked == 1
    confirm = reverse("queues:booking_confirm", args=[point.agency.slug, made.code])
    body = client.post(confirm, follow=True).content.decode()
    made.refresh_from_db()
    assert made.status == Booking.Status.CONFIRMED and "<svg" in body
    assert "Antrean berhasil dipesan." in body
    client.post(reverse("queues:booking_cancel", args=[point.agency.slug, made.code]))
    made.refresh_from_db()
    assert made.status == Booking.Status.CANCELLED


def test_the_booking_api_answers_409_penuh_when_full(desk, login):
    point, (a, _b), _ = desk
    slots_for(point)
    with activate(point.agency):
        slot = Slot.objects.filter(offer=a).order_by("starts_at").first()
    url = f"/api/v1/antrean/publik/{point.agency.slug}/pesanan"
    for _ in range(2):
        assert (
            login(citizen())
            .post(url, {"slot_id": slot.pk}, content_type="application/json")
            .status_code
            == 201
        )
    refused = login(citizen()).post(url, {"slot_id": slot.pk}, content_type="application/json")
    assert refused.status_code == 409 and refused.json()["code"] == "penuh"


def test_an_officer_works_a_ticket_from_the_counter_page(desk, login, officer):
    point, (a, _b), (one, _) = desk
    ticket = tickets.issue_walk_in(a, calendar=always_open(a.agency))
    client = login(officer)
    page = reverse("queues:counter", args=[one.pk])
    assert client.get(page).status_code == 200
    for action in ("panggil", "ulang", "mulai", "selesai"):
        response = client.post(
            reverse("queues:counter_action", args=[one.pk, action]),
            {"ticket": ticket.pk, "outcome": "done"},
        )
        assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.DONE and ticket.recalls == 1
    assert ServiceEvent.all_objects.filter(pk=ticket.service_event_id, channel="queue").exists()


def test_the_counter_checks_a_booked_citizen_in(desk, login, officer):
    from sigap.queues import booking

    point, (a, _b), (one, _) = desk
    slots_for(point, point.agency.today())
    with activate(point.agency):
        slot = (
            Slot.objects.filter(
                offer=a, starts_at__gt=__import__("django.utils.timezone", fromlist=["now"]).now()
            )
            .order_by("starts_at")
            .first()
        )
    if slot is None:
        pytest.skip("no slot left today")
    made = booking.book(citizen(), slot)
    login(officer).post(
        reverse("queues:counter_action", args=[one.pk, "datang"]), {"code": made.code.lower()}
    )
    made.refresh_from_db()
    assert made.status == Booking.Status.CHECKED_IN


def test_the_office_head_sees_today_and_the_advice(desk, login, unit_head, officer):
    point, (a, _b), (one, _) = desk
    from sigap.queues import counter as work

    t = tickets.issue_walk_in(a, calendar=always_open(a.agency))
    work.call_next(one, by=officer)
    work.start(t, by=officer)
    work.finish(t, by=officer)
    client = login(unit_head)
    body = client.get(reverse("queues:dashboard", args=[point.pk])).content.decode()
    assert "Menunggu sekarang" in body
    assert client.get(reverse("queues:advisor", args=[point.pk])).status_code == 200
    api = client.get(f"/api/v1/antrean/kantor/{point.pk}/dasbor").json()
    assert api["served"] == 1


def test_the_phone_page_of_a_ticket_refreshes_until_it_is_served(desk, login, officer):
    from sigap.queues import counter as work

    point, (a, _b), (one, _) = desk
    ticket = tickets.issue_walk_in(a, calendar=always_open(a.agency))
    client = login(None)
    url = reverse("queues:ticket", args=[point.agency.slug, ticket.token])
    assert 'data-live="1"' in client.get(url).content.decode()
    work.call_next(one, by=officer)
    work.start(ticket, by=officer)
    body = client.get(url).content.decode()
    assert 'data-live="1"' not in body and "Dilayani" in body


def test_a_served_walk_in_rates_and_can_complain_from_the_slip(desk, login, officer):
    """The loop for a walk-in: served at the counter (a service event), rated from the
    slip's page, a complaint about the same event offered there too."""
    from sigap.queues import counter as work
    from sigap.surveys.models import Response

    point, (a, _b), (one, _) = desk
    ticket = tickets.issue_walk_in(a, calendar=always_open(a.agency))
    client = login(None)
    url = reverse("queues:ticket", args=[point.agency.slug, ticket.token])
    assert 'id="rate-service"' not in client.get(url).content.decode()
    work.call_next(one, by=officer)
    work.start(ticket, by=officer)
    work.finish(ticket, by=officer)
    counter_page = login(officer).get(reverse("queues:counter", args=[one.pk])).content.decode()
    assert 'id="last-done"' in counter_page and f"{url}?cetak=1" in counter_page
    body = client.get(url).content.decode()
    rate = body.split('id="rate-service" href="')[1].split('"')[0]
    complain = body.split('id="complain-service" href="')[1].split('"')[0]
    assert complain.startswith(f"/p/{point.agency.slug}/pengaduan/baru/?tentang=")
    done = client.post(rate, {f"u{i}": "4" for i in range(1, 10)})
    assert done.status_code == 200
    ticket.refresh_from_db()
    with activate(point.agency):
        response = Response.objects.get()
    assert (response.service_id, response.day) == (
        ticket.service_event.service_id,
        ticket.service_event.day,
    )


def _two_slots(point, offer):
    slots_for(point)
    with activate(point.agency):
        return list(Slot.objects.filter(offer=offer).order_by("starts_at")[:2])


def test_a_citizen_moves_a_booking_to_another_slot(desk, login):
    from sigap.queues import booking

    point, (a, _b), _ = desk
    first, second = _two_slots(point, a)
    who = citizen()
    made = booking.book(who, first)
    client = login(who)
    url = reverse("queues:booking_reschedule", args=[point.agency.slug, made.code])
    listed = client.get(url, {"day": second.day.isoformat()}).content.decode()
    assert f'value="{second.pk}"' in listed and f'value="{first.pk}"' not in listed
    response = client.post(url, {"day": second.day.isoformat(), "slot": second.pk}, follow=True)
    assert "Jadwal antrean dipindah." in response.content.decode()
    made.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    with activate(point.agency):
        moved = Booking.objects.get(citizen=who, status=Booking.Status.CONFIRMED)
    assert made.status == Booking.Status.CANCELLED and moved.slot_id == second.pk
    assert (first.booked, second.booked) == (0, 1)


def test_another_citizen_cannot_move_a_booking(desk, login):
    from sigap.queues import booking

    point, (a, _b), _ = desk
    first, second = _two_slots(point, a)
    made = booking.book(citizen(), first)
    client = login(citizen())
    url = reverse("queues:booking_reschedule", args=[point.agency.slug, made.code])
    assert client.get(url).status_code == 404
    assert client.post(url, {"day": second.day.isoformat(), "slot": second.pk}).status_code == 404
    api = f"/api/v1/antrean/publik/{point.agency.slug}/pesanan/{made.code}/pindah"
    refused = client.post(api, {"slot_id": second.pk}, content_type="application/json")
    assert refused.status_code == 404
    made.refresh_from_db()
    assert made.status == Booking.Status.CONFIRMED


def test_the_reschedule_api_keeps_the_booking_when_the_new_slot_is_full(desk, login):
    from sigap.queues import booking

    point, (a, _b), _ = desk
    first, second = _two_slots(point, a)
    who = citizen()
    made = booking.book(who, first)
    client = login(who)
    url = f"/api/v1/antrean/publik/{point.agency.slug}/pesanan/{made.code}/pindah"
    for _ in range(2):
        booking.book(citizen(), second)
    refused = client.post(url, {"slot_id": second.pk}, content_type="application/json")
    assert refused.status_code == 409 and refused.json()["code"] == "penuh"
    made.refresh_from_db()
    assert made.status == Booking.Status.CONFIRMED
    third = Slot.all_objects.filter(offer=a).exclude(pk__in=[first.pk, second.pk]).first()
    moved = client.post(url, {"slot_id": third.pk}, content_type="application/json")
    assert moved.status_code == 201 and moved.json()["code"] != made.code


def test_the_counter_page_reads_a_fixed_number_of_queries(desk, login, officer):
    """The offices's services and counters are read once for the waiting counts and the
    walk-in and transfer forms; more tickets, calls and counters add no query."""
    from sigap.queues import counter as work
    from sigap.queues import points

    point, (a, b), (one, two) = desk
    client = login(officer)
    page = reverse("queues:counter", args=[one.pk])
    client.get(page)
    with CaptureQueriesContext(connection) as few:
        client.get(page)
    for _ in range(10):
        tickets.issue_walk_in(a, calendar=always_open(a.agency))
        tickets.issue_walk_in(b, calendar=always_open(a.agency))
    points.add_counter(point, number=9)
    work.call_next(two, by=officer)  # the page's own counter stays idle, as before
    with CaptureQueriesContext(connection) as many:
        body = client.get(page).content.decode()
    assert len(many) == len(few) <= 15
    # The fast widgets keep Django's markup: a labelled select with every service.
    assert '<label for="id_offer">' in body and '<select id="id_offer" name="offer">' in body
    assert f'<option value="{b.pk}">' in body


def test_the_api_holds_a_slot_then_confirms_it_as_the_web_page_does(desk, login):
    point, (a, _b), _ = desk
    first, _second = _two_slots(point, a)
    who = citizen()
    client = login(who)
    base = f"/api/v1/antrean/publik/{point.agency.slug}"
    held = client.post(f"{base}/tahan", {"slot_id": first.pk}, content_type="application/json")
    body = held.json()
    assert held.status_code == 201 and body["status"] == "held" and body["held_until"]
    first.refresh_from_db()
    assert first.booked == 1  # the place is kept while the citizen completes the booking
    # Someone else cannot confirm it: another citizen's booking is not found.
    confirm = f"{base}/pesanan/{body['code']}/konfirmasi"
    assert login(citizen()).post(confirm).status_code == 404
    done = client.post(confirm)
    assert done.status_code == 200 and done.json()["status"] == "confirmed"
    assert done.json()["held_until"] is None
    assert client.post(confirm).json()["status"] == "confirmed"  # a retry changes nothing
    first.refresh_from_db()
    assert first.booked == 1
