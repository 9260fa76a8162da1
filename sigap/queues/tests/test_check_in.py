"""QR check-in: the code on a booking — typed, or read by a scanner from the QR code
(which holds the code) — checks the citizen in at the kiosk or the counter."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sigap.queues import booking, tickets
from sigap.queues.models import Booking, Slot, Ticket
from sigap.queues.tests.factories import always_open, citizen, office
from sigap.tenancy.context import activate


@pytest.fixture
def booked_today(desk, monkeypatch):
    """A confirmed booking for a slot later today (the office is open around the clock)."""
    from sigap.queues import points

    monkeypatch.setattr(
        points.WorkingCalendar, "for_agency", classmethod(lambda cls, a: always_open(a))
    )
    point, (a, _b), _ = desk
    today = point.agency.today()
    points.generate_slots(point, [today])
    from django.utils import timezone

    with activate(point.agency):
        slot = (
            Slot.objects.filter(offer=a, day=today, starts_at__gt=timezone.now())
            .order_by("starts_at")
            .first()
        )
    if slot is None:
        pytest.skip("no slot left today (run in the last minutes of the day)")
    return point, booking.book(citizen(), slot)


@pytest.mark.parametrize(
    ("scanned", "expected"),
    [
        ("ACDEFGHJ", "ACDEFGHJ"),
        ("  acde fghj ", "ACDEFGHJ"),
        ("ACDE-FGHJ", "ACDEFGHJ"),
        ("https://sigap.example.id/p/jambi/antrean/pesanan/ACDEFGHJ/", "ACDEFGHJ"),
        ("ACDEFGH", ""),  # too short
        ("ACDEFGH0", ""),  # 0 is not in the alphabet (looks like O)
        ("", ""),
    ],
)
def test_the_code_is_read_from_what_was_typed_or_scanned(scanned, expected):
    assert tickets.read_code(scanned) == expected


def test_a_scanned_code_checks_the_citizen_in_once(booked_today, officer):
    point, made = booked_today
    ticket = tickets.check_in_by_code(point, made.code.lower(), by=officer)
    assert ticket.booking_id == made.pk and ticket.source == Ticket.Source.BOOKING
    with activate(point.agency):
        made.refresh_from_db()
    assert made.status == Booking.Status.CHECKED_IN
    # Scanned twice (a double beep): the same ticket, not a second one.
    assert tickets.check_in_by_code(point, made.code) == ticket


def test_codes_of_other_offices_and_dead_bookings_are_refused(booked_today, agency, opd):
    point, made = booked_today
    other, _offers, _ = office(agency, opd, code="lain")
    with pytest.raises(ValidationError) as refused:
        tickets.check_in_by_code(other, made.code)
    assert "tidak ditemukan" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        tickets.check_in_by_code(point, "ACDEFGHJ")
    booking.cancel(made, by=made.citizen)
    with pytest.raises(ValidationError) as refused:
        tickets.check_in_by_code(point, made.code)
    assert "sudah tidak berlaku" in refused.value.messages[0]


def test_the_kiosk_check_in_page_prints_the_slip(booked_today, login):
    point, made = booked_today
    client = login(None)
    url = reverse("queues:kiosk_check_in", args=[point.agency.slug, point.code])
    page = client.get(url).content.decode()
    assert "autofocus" in page
    wrong = client.post(url, {"code": "ACDEFGHJ"})
    assert "Kode booking tidak ditemukan di kantor ini." in wrong.content.decode()
    scanned = f"https://sigap.example.id/p/{point.agency.slug}/antrean/pesanan/{made.code}/"
    response = client.post(url, {"code": scanned})
    assert response.status_code == 302 and "cetak=1" in response["Location"]
    slip = client.get(response["Location"]).content.decode()
    assert "A-001" in slip and "<svg" in slip


def test_the_counter_checks_in_a_scanned_code(booked_today, officer, login):
    point, made = booked_today
    with activate(point.agency):
        desk = point.counters.order_by("number").first()
    client = login(officer)
    url = reverse("queues:counter_action", args=[desk.pk, "datang"])
    body = client.post(url, {"code": f" {made.code.lower()} "}, follow=True).content.decode()
    assert "Pemesan datang: tiket A-001." in body
