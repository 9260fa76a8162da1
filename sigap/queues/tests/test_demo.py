"""The demo queue: a year of tickets consistent with their service events, closed on
the pemda's non-working days, seasonal by weekday, and carrying the seed 000 story:
waiting at Disdukcapil drops after the online queue went live on its named date."""

from __future__ import annotations

import datetime as dt
import random
from statistics import mean

import pytest

from conftest import make_staff
from sigap.accounts.models import Role
from sigap.accounts.staff import grant_role
from sigap.platform.demo import DemoContext
from sigap.queues import demo
from sigap.queues.models import ServicePoint, Ticket
from sigap.services import catalogue
from sigap.services.models import Service, ServiceEvent
from sigap.tenancy.context import acting_for
from sigap.workcal.calendar import WorkingCalendar
from sigap.workforce.models import Employee
from sigap.workforce.registry import current_assignment, records
from sigap.workforce.tests import factories as wf


@pytest.fixture
def seeded(agency, opd):
    with acting_for(agency):
        for code, _prefix, _minutes in demo.OFFERED:
            catalogue.create_service(
                agency, unit=opd, code=code, name=code, category=Service.Category.ADMINDUK
            )
        grant_role(
            agency,
            username="petugas.antrean",
            full_name="Petugas Antrean",
            role=Role.OFFICER,
            unit=opd,
        )
        point, offers = demo.demo_office(agency, agency.today())
        n = demo.write_history(
            DemoContext(scale="small", seed=3),
            agency,
            point,
            offers,
            random.Random(3),
            agency.today(),
        )
    return point, n


def test_a_year_of_tickets_each_served_one_with_its_service_event(seeded):
    point, n = seeded
    tickets = Ticket.all_objects.filter(point=point)
    assert tickets.count() == n > 10_000
    done = tickets.filter(status=Ticket.Status.DONE)
    assert done.filter(service_event__isnull=True).count() == 0
    assert tickets.filter(status=Ticket.Status.NO_SHOW, service_event__isnull=False).count() == 0
    assert (
        ServiceEvent.all_objects.filter(channel=ServiceEvent.Channel.QUEUE).count() == done.count()
    )
    first = done.select_related("service_event").first()
    assert first.service_event.requested_at == first.arrived_at
    assert first.service_event.finished_at == first.finished_at


def test_no_tickets_on_the_pemdas_closed_days(seeded):
    point, _n = seeded
    calendar = WorkingCalendar.for_agency(point.agency)
    days = set(Ticket.all_objects.filter(point=point).values_list("day", flat=True))
    assert days and all(calendar.is_working_day(d) for d in days)


def test_mondays_are_busier_than_fridays(seeded):
    point, _n = seeded
    per_day: dict[dt.date, int] = {}
    for day in Ticket.all_objects.filter(point=point).values_list("day", flat=True):
        per_day[day] = per_day.get(day, 0) + 1
    mondays = [n for d, n in per_day.items() if d.weekday() == 0]
    fridays = [n for d, n in per_day.items() if d.weekday() == 4]
    assert mean(mondays) > 1.3 * mean(fridays)


def test_seed_000_waiting_drops_after_the_online_queue_went_live(seeded):
    point, _n = seeded
    point = ServicePoint.all_objects.get(pk=point.pk)
    live = point.online_since
    assert live.weekday() == 0
    events = ServiceEvent.all_objects.filter(channel=ServiceEvent.Channel.QUEUE)
    before = [w for w in events.filter(day__lt=live).values_list("waiting_seconds", flat=True)]
    after = [w for w in events.filter(day__gte=live).values_list("waiting_seconds", flat=True)]
    assert mean(before) / 60 > 30  # citizens queued at the door before opening
    assert mean(after) < mean(before) / 3
    booked_after = Ticket.all_objects.filter(
        point=point, day__gte=live, source=Ticket.Source.BOOKING
    ).count()
    assert booked_after > 0
    assert (
        Ticket.all_objects.filter(point=point, day__lt=live, source=Ticket.Source.BOOKING).count()
        == 0
    )


def test_tickets_carry_the_post_their_officer_held_that_day(agency, opd):
    """Three counter officers: Ani all year, Budi rotated between two bidang of the
    office 100 days ago, Cici appointed 50 days ago. Every ticket's service event
    carries the post its officer held on its day; Cici serves nobody before."""
    today = agency.today()
    moved_on, appointed_on = today - dt.timedelta(days=100), today - dt.timedelta(days=50)
    with acting_for(agency):
        for code, _prefix, _minutes in demo.OFFERED:
            catalogue.create_service(
                agency, unit=opd, code=code, name=code, category=Service.Category.ADMINDUK
            )
        front = wf.unit(agency, "PDF", "Bidang Pendaftaran", parent=opd)
        civil = wf.unit(agency, "PCS", "Bidang Pencatatan", parent=opd)
        people = {}
        for name, unit, since in (
            ("Ani", opd, dt.date(2015, 1, 1)),
            ("Budi", front, dt.date(2015, 1, 1)),
            ("Cici", opd, appointed_on),
        ):
            post = wf.position(agency, unit, f"LKT-{name}", "Petugas Registrasi")
            employee = wf.asn(agency, name, seq=len(people) + 1, post=post, since=since)
            user = make_staff(f"a.petugas.{name.lower()}", agency, Role.OFFICER, opd)
            Employee.all_objects.filter(pk=employee.pk).update(user=user)
            people[name] = Employee.all_objects.get(pk=employee.pk)
        records.move_employee(
            people["Budi"],
            position=wf.position(agency, civil, "LKT-Budi-2", "Petugas Registrasi"),
            sk_number="800/ROT",
            sk_date=moved_on,
            starts_on=moved_on,
        )
        point, offers = demo.demo_office(agency, today)
        demo.write_history(
            DemoContext(scale="small", seed=3), agency, point, offers, random.Random(3), today
        )
        events = list(
            ServiceEvent.objects.filter(channel=ServiceEvent.Channel.QUEUE).values_list(
                "officer_id", "day", "officer_position_id", "officer_unit_id"
            )
        )
        posts = {}
        for officer, day, position, unit in events:
            if (officer, day) not in posts:
                held = current_assignment(Employee.objects.get(pk=officer), day)
                posts[(officer, day)] = (held.position_id, held.position.unit_id)
            assert posts[(officer, day)] == (position, unit)
    budi = {
        (day < moved_on, unit) for officer, day, _p, unit in events if officer == people["Budi"].pk
    }
    assert budi == {(True, front.pk), (False, civil.pk)}
    cici = [day for officer, day, _p, _u in events if officer == people["Cici"].pk]
    assert cici and min(cici) >= appointed_on
