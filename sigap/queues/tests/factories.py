"""Shared builders for the queue tests, through the domain functions."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sigap.accounts.models import CitizenProfile, User
from sigap.queues import points
from sigap.queues.models import Counter, PointService, ServicePoint
from sigap.services.models import Service
from sigap.services.tests.factories import service_with_standard
from sigap.tenancy.context import activate
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workcal.calendar import WorkingCalendar

# Open every day around the clock unless a test says otherwise: tests about booking
# and counters must not depend on the hour or weekday they run at.
ALWAYS = {d: (dt.time(0, 0), dt.time.max) for d in range(7)}


def always_open(agency: Agency) -> WorkingCalendar:
    return WorkingCalendar.from_holidays(agency.time_zone, [], office_hours=ALWAYS)


def office(
    agency: Agency,
    unit: OrgUnit,
    *,
    code: str = "kantor-pusat",
    services: int = 2,
    counters: int = 2,
    capacity: int = 2,
) -> tuple[ServicePoint, list[PointService], list[Counter]]:
    with activate(agency):
        point = ServicePoint.objects.filter(code=code).first()
        if point is not None:
            return (
                point,
                list(point.offers.order_by("prefix")),
                list(point.counters.order_by("number")),
            )
    point = points.create_point(
        agency, unit=unit, code=code, name=f"Kantor {code}", slot_minutes=15
    )
    offers = []
    for i in range(services):
        with activate(agency):
            service = Service.objects.filter(code=f"{code}-L{i}").first()
        if service is None:
            service, _std = service_with_standard(
                agency, unit, code=f"{code}-L{i}", name=f"Layanan {i}"
            )
        offers.append(points.offer_service(point, service, prefix="ABCDEFGH"[i], capacity=capacity))
    desks = [points.add_counter(point, number=n + 1) for n in range(counters)]
    return point, offers, desks


_NIKS = iter(f"157102450688{n:04d}" for n in range(1, 9999))


def citizen(email: str | None = None, nik: str | None = None) -> User:
    nik = nik or next(_NIKS)
    email = email or f"warga{nik[-4:]}@example.id"
    user = User.objects.create_user(
        email,
        "kata-sandi-uji-123",
        full_name="Warga " + nik[-4:],
        email=email,
        kind=User.Kind.CITIZEN,
    )
    CitizenProfile.objects.create(
        user=user,
        nik=nik,
        birth_date=dt.date(1988, 6, 5),
        consent_version="2026-11",
        consent_given_at=timezone.now(),
    )
    return user


def slots_for(point: ServicePoint, day: dt.date | None = None) -> None:
    day = day or point.agency.today() + dt.timedelta(days=1)
    points.generate_slots(point, [day], always_open(point.agency))
