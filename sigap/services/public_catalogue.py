"""Reads behind the public catalogue: services in force, searchable, with their standard.

A service is public when it is active and has a standard in force. Each read fetches
the services with their standard in force in two queries (services, then standards by
``prefetch_related``), whatever the number of services: no N+1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.dates import WEEKDAYS

from sigap.services.models import Service, ServiceStandard
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workcal.calendar import WorkingCalendar, zone_abbreviation

PUBLISHED = ServiceStandard.Status.PUBLISHED
MAX_QUERY = 100


def _in_force() -> Prefetch:
    return Prefetch(
        "standards",
        queryset=ServiceStandard.objects.filter(status=PUBLISHED),
        to_attr="in_force",
    )


def _public(qs: QuerySet[Service]) -> QuerySet[Service]:
    published = ServiceStandard.objects.filter(service=OuterRef("pk"), status=PUBLISHED)
    return qs.filter(Exists(published), is_active=True)


def published_services(agency: Agency, *, q: str = "", category: str = "") -> list[Service]:
    """The agency's public services by unit and name, each with ``.standard`` (in force).

    ``q`` matches the name, the summary or any requirement of the standard in force
    (case-insensitive), so "KK" finds every service that asks for a Kartu Keluarga.
    """
    with acting_for(agency):
        qs = _public(Service.objects.select_related("unit"))
        q = q.strip()[:MAX_QUERY]
        if q:
            asks = ServiceStandard.objects.filter(
                service=OuterRef("pk"), status=PUBLISHED, requirements__icontains=q
            )
            qs = qs.filter(Q(name__icontains=q) | Q(summary__icontains=q) | Exists(asks))
        if category:
            qs = qs.filter(category=category)
        services = list(qs.prefetch_related(_in_force()).order_by("unit__path", "name"))
    for service in services:
        service.standard = service.in_force[0]
    return services


@dataclass(frozen=True)
class UnitGroup:
    unit: OrgUnit
    services: list[Service]


def by_unit(services: Iterable[Service]) -> list[UnitGroup]:
    """Services grouped by their unit, in the order given (unit path, then name)."""
    groups: list[UnitGroup] = []
    for service in services:
        if not groups or groups[-1].unit.pk != service.unit_id:
            groups.append(UnitGroup(service.unit, []))
        groups[-1].services.append(service)
    return groups


def public_service(agency: Agency, code: str) -> Service | None:
    """The public service with ``code`` (case-insensitive), with ``.standard``."""
    with acting_for(agency):
        service = (
            _public(Service.objects.select_related("unit", "unit__parent"))
            .filter(code=code.strip().upper())
            .prefetch_related(_in_force())
            .first()
        )
    if service is not None:
        service.standard = service.in_force[0]
    return service


def categories_in_use(services: Iterable[Service]) -> list[tuple[str, str]]:
    used = {s.category for s in services}
    return [(value, label) for value, label in Service.Category.choices if value in used]


@dataclass(frozen=True)
class OfficeDay:
    name: str  # lazy: the weekday in the reader's language
    hours: str  # "07.30–16.00" or "Tutup" (a marker, shown translated)


def office_hours(agency: Agency) -> dict[str, Any]:
    """The agency's office hours by weekday and the next days it is closed, from the
    working calendar (the same one every time limit is counted in)."""
    calendar = WorkingCalendar.for_agency(agency)
    days = []
    for weekday in range(7):
        span = calendar.office_hours.get(weekday)
        label = f"{span[0]:%H.%M}–{span[1]:%H.%M}" if span else "Tutup"
        # Django's weekday names: Senin… in Indonesian, Monday… for an English reader.
        days.append(OfficeDay(WEEKDAYS[weekday], label))
    today = agency.today()
    upcoming = [
        h
        for year in (today.year, today.year + 1)
        for h in calendar.holidays_in(year)
        if h.date >= today
    ][:3]
    return {"days": days, "zone": zone_abbreviation(agency.time_zone), "holidays": upcoming}
