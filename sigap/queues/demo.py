"""Demo queue (issue 10, item 8): Disdukcapil's front office in each demo pemda with its
counters, a year of tickets with their service events, bookable slots for the next
days, and the seed 000 story.

* **Offices**: where a pemda's Disdukcapil offers KTP-el, KK and akta kelahiran, one
  office (``kantor-dukcapil``) with those services (prefixes A, B, C) and four counters,
  through ``points.create_point`` / ``offer_service`` / ``add_counter``.
* **A year of tickets** (``HISTORY_DAYS`` ending yesterday) on the pemda's working days
  (weekends, national holidays, cuti bersama closed): busiest on Monday, quieter to
  Friday, busier in July (school enrolment needs KK and akta) and January, and on the
  first working day after a holiday. Each day is simulated as the office runs it: four
  counters, first come first served (``_serve``), so waiting times follow from arrivals.
  A ticket's officer is one who held a post in Disdukcapil that day, and its service
  event carries that day's post (a rotated officer's old post before the move, the new
  one after; an officer appointed later does not serve before).
* **Seed 000**: before the online queue went live (``go_live``, a named date half a year
  back, stored on the office as ``online_since``) citizens queued at the door before
  opening and most arrived in the first hour; afterwards most book a slot, arrivals
  spread over the day, and the counter staff, trained with it, serve a little faster.
  Waiting at Disdukcapil Jambi drops from about three quarters of an hour to a few
  minutes (``tests/test_demo.py`` measures it from the service events).

Rows are plain tuples written with ``platform.bulk.SqlInsert`` (COPY on PostgreSQL) and
skip the per-row audit trail (docs/decisions/0005); offices, counters, slots and the
demo citizen's booking go through their domain functions. Deterministic per seed.
"""

from __future__ import annotations

import base64
import datetime as dt
import heapq
import math
import random
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from sigap.accounts.models import Role, RoleGrant, User
from sigap.platform.bulk import SqlInsert
from sigap.platform.demo import DemoContext
from sigap.queues import booking, points
from sigap.queues.models import PointService, ServicePoint, Slot, Ticket
from sigap.services.models import Service, ServiceEvent
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workcal.calendar import WorkingCalendar
from sigap.workforce.models import Assignment, Employee

POINT_CODE = "kantor-dukcapil"
OFFERED = (("KTP-EL", "A", 12), ("KK", "B", 10), ("AKTA-LAHIR", "C", 9))  # code, prefix, minutes
COUNTERS = 4
HISTORY_DAYS = 365
GO_LIVE_DAYS_AGO = 182
SLOT_DAYS_AHEAD = 14
# Walk-ins per working day at an average Monday-to-Friday, per scale.
DAILY: dict[str, dict[str, float]] = {
    "small": {"jambi": 70, "*": 25},
    "city": {"jambi": 140, "*": 60},
    "province": {"jambi": 260, "*": 120},
}
WEEKDAY = (1.3, 1.1, 1.0, 0.95, 0.8, 0.3, 0.2)
MONTH = {1: 1.15, 7: 1.3, 8: 1.1, 12: 0.85}
AFTER_HOLIDAY = 1.4
NO_SHOW = 0.03
BOOKED_SHARE_AFTER = 0.6
TRAINED_SPEEDUP = 0.85


def go_live(today: dt.date) -> dt.date:
    """The named date the online queue went live: the first Monday on or after half a
    year before today."""
    day = today - dt.timedelta(days=GO_LIVE_DAYS_AGO)
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


@dataclass(frozen=True)
class Desk:
    user_id: int
    employee_id: int | None
    position_id: int | None
    unit_id: int | None
    # (first day, last day or None, position, unit) of each primary post the officer
    # held in the office's unit subtree, so that a ticket carries the post of its day.
    posts: tuple[tuple[dt.date, dt.date | None, int, int], ...] = ()

    def on(self, day: dt.date) -> Desk | None:
        """The desk as staffed on ``day``: its officer with the post they held that
        day; None when they held no post in the office's unit then (not yet appointed,
        or moved elsewhere)."""
        if self.employee_id is None:
            return self
        for first, last, position, unit in self.posts:
            if first <= day and (last is None or day <= last):
                return Desk(self.user_id, self.employee_id, position, unit)
        return None


def _desks(agency: Agency, unit: OrgUnit) -> list[Desk]:
    """Officers granted on Disdukcapil, with their ASN record and posts where linked."""
    desks = []
    grants = RoleGrant.objects.filter(agency=agency, unit=unit, role=Role.OFFICER).order_by(
        "user__username"
    )
    for grant in grants[: COUNTERS * 2]:
        employee = Employee.all_objects.filter(user_id=grant.user_id).first()
        posts = (
            tuple(
                Assignment.all_objects.filter(
                    employee=employee, is_primary=True, position__unit__path__startswith=unit.path
                )
                .order_by("starts_on")
                .values_list("starts_on", "ends_on", "position_id", "position__unit_id")
            )
            if employee
            else ()
        )
        current = posts[-1] if posts else None
        desks.append(
            Desk(
                grant.user_id,
                employee.pk if employee else None,
                current[2] if current else None,
                current[3] if current else None,
                posts,
            )
        )
    return desks


def demo_office(agency: Agency, today: dt.date) -> tuple[ServicePoint, list[PointService]] | None:
    unit = OrgUnit.objects.filter(code="DUKCAPIL").first()
    if unit is None:
        return None
    services = {s.code: s for s in Service.objects.filter(code__in=[c for c, _p, _m in OFFERED])}
    if len(services) < len(OFFERED):
        return None
    point = ServicePoint.objects.filter(code=POINT_CODE).first()
    if point is None:
        point = points.create_point(
            agency,
            unit=unit,
            code=POINT_CODE,
            name=f"Kantor {unit.short_name or unit.name}",
            address=unit.name,
            online_since=go_live(today),
        )
        for code, prefix, minutes in OFFERED:
            points.offer_service(
                point, services[code], prefix=prefix, capacity=3, mean_service_minutes=minutes
            )
        for n in range(1, COUNTERS + 1):
            points.add_counter(point, number=n)
    return point, list(point.offers.select_related("service__unit").order_by("prefix"))


def _poisson(rng: random.Random, mean: float) -> int:
    # Normal approximation: daily volumes are tens to hundreds.
    return max(0, round(rng.gauss(mean, math.sqrt(mean))))


def _arrivals(
    rng: random.Random, n: int, opens: dt.datetime, closes: dt.datetime, online: bool
) -> list[tuple[dt.datetime, bool]]:
    """(arrival, booked) per citizen of one day."""
    span = (closes - opens).total_seconds()
    out = []
    for _ in range(n):
        booked = online and rng.random() < BOOKED_SHARE_AFTER
        if booked:
            # Booked slots spread over the day; citizens come a few minutes early.
            at = rng.uniform(0, span - 900) - rng.uniform(0, 600)
        elif online:
            at = min(span - 600, rng.expovariate(1 / (span / 3)))
        else:
            # Before the online queue: most queue at the door before opening.
            at = (
                -rng.uniform(0, 1800)
                if rng.random() < 0.45
                else min(span - 600, rng.expovariate(1 / (span / 4)))
            )
        out.append((opens + dt.timedelta(seconds=at), booked))
    out.sort()
    return out


def _serve(
    rng: random.Random,
    arrivals: list[tuple[dt.datetime, bool]],
    opens: dt.datetime,
    minutes: list[float],
) -> list[tuple[int, dt.datetime, dt.datetime, dt.datetime]]:
    """(counter index, called, started, finished) per arrival: COUNTERS desks, first come
    first served from opening time."""
    free = [(opens, i) for i in range(COUNTERS)]
    heapq.heapify(free)
    out = []
    for (arrived, _booked), mean in zip(arrivals, minutes, strict=True):
        at, desk = heapq.heappop(free)
        called = max(at, arrived)
        started = called + dt.timedelta(seconds=rng.uniform(20, 90))
        finished = started + dt.timedelta(minutes=rng.lognormvariate(math.log(mean), 0.35))
        heapq.heappush(free, (finished, desk))
        out.append((desk, called, started, finished))
    return out


def _token(rng: random.Random) -> str:
    return base64.urlsafe_b64encode(rng.getrandbits(128).to_bytes(16, "big")).decode().rstrip("=")


TICKET_COLUMNS = [
    "agency_id",
    "point_id",
    "offer_id",
    "day",
    "seq",
    "number",
    "token",
    "status",
    "source",
    "priority_reason",
    "priority",
    "counter_id",
    "officer_id",
    "booked_at",
    "arrived_at",
    "queued_at",
    "called_at",
    "started_at",
    "finished_at",
    "recalls",
    "transfers",
    "notified_ahead",
    "service_event_id",
]
EVENT_COLUMNS = [
    "agency_id",
    "unit_id",
    "service_id",
    "officer_id",
    "officer_position_id",
    "officer_unit_id",
    "channel",
    "outcome",
    "requested_at",
    "started_at",
    "finished_at",
    "day",
    "waiting_seconds",
    "processing_seconds",
    "waiting_working_seconds",
    "processing_working_seconds",
    "note",
    "recorded_by_id",
]


def write_history(
    ctx: DemoContext,
    agency: Agency,
    point: ServicePoint,
    offers: list[PointService],
    rng: random.Random,
    today: dt.date,
) -> int:
    calendar = WorkingCalendar.for_agency(agency)
    desks = _desks(agency, point.unit) or [Desk(0, None, None, None)]
    counters = list(point.counters.order_by("number").values_list("pk", flat=True))
    daily = DAILY[ctx.scale].get(agency.slug, DAILY[ctx.scale]["*"])
    live = point.online_since
    weights = [3, 2, 1][: len(offers)]
    insert = SqlInsert()
    written = 0
    prev_closed = False
    events: list[tuple] = []
    tickets: list[list[Any]] = []
    for back in range(HISTORY_DAYS, 0, -1):
        day = today - dt.timedelta(days=back)
        hours = calendar.hours_on(day)
        if hours is None:
            prev_closed = True
            continue
        online = live is not None and day >= live
        mean = (
            daily
            * WEEKDAY[day.weekday()]
            * MONTH.get(day.month, 1.0)
            * (AFTER_HOLIDAY if prev_closed and day.weekday() else 1.0)
        )
        prev_closed = False
        opens = dt.datetime.combine(day, hours[0], tzinfo=calendar.tz)
        closes = dt.datetime.combine(day, hours[1], tzinfo=calendar.tz)
        arrivals = _arrivals(rng, _poisson(rng, mean), opens, closes, online)
        chosen = rng.choices(offers, weights=weights, k=len(arrivals))
        speed = TRAINED_SPEEDUP if online else 1.0
        served = _serve(rng, arrivals, opens, [o.mean_service_minutes * speed for o in chosen])
        # Who sat at the counters that day, with the post they held then.
        staffed = [d for d in (desk.on(day) for desk in desks) if d is not None] or desks
        seqs: dict[int, int] = {}
        for (arrived, booked), offer, (desk, called, started, finished) in zip(
            arrivals, chosen, served, strict=True
        ):
            seqs[offer.pk] = seqs.get(offer.pk, 0) + 1
            seq = seqs[offer.pk]
            who = staffed[desk % len(staffed)]
            no_show = rng.random() < NO_SHOW
            row = [
                agency.pk,
                point.pk,
                offer.pk,
                day,
                seq,
                f"{offer.prefix}-{seq:03d}",
                _token(rng),
                Ticket.Status.NO_SHOW if no_show else Ticket.Status.DONE,
                Ticket.Source.BOOKING if booked else Ticket.Source.KIOSK,
                "",
                False,
                counters[desk],
                who.user_id or None,
                arrived - dt.timedelta(days=rng.randint(1, 7)) if booked else None,
                arrived,
                arrived,
                called,
                None if no_show else started,
                called if no_show else finished,
                0,
                0,
                False,
                None,
            ]
            if not no_show:
                wait = int((started - arrived).total_seconds())
                work = int((finished - started).total_seconds())
                events.append(
                    (
                        agency.pk,
                        offer.service.unit_id,
                        offer.service_id,
                        who.employee_id,
                        who.position_id,
                        who.unit_id,
                        ServiceEvent.Channel.QUEUE,
                        ServiceEvent.Outcome.DONE,
                        arrived,
                        started,
                        finished,
                        day,
                        wait,
                        work,
                        wait,
                        work,
                        row[5],
                        who.user_id or None,
                    )
                )
                row[-1] = len(events) - 1  # replaced by the event's id below
            tickets.append(row)
        if len(tickets) > 20_000:
            written += _flush(insert, events, tickets)
    written += _flush(insert, events, tickets)
    return written


def _flush(insert: SqlInsert, events: list[tuple], tickets: list[list[Any]]) -> int:
    ids = insert(ServiceEvent, EVENT_COLUMNS, events) if events else []
    for row in tickets:
        if row[-1] is not None:
            row[-1] = ids[row[-1]]
    insert(Ticket, TICKET_COLUMNS, tickets, returning=False)
    n = len(tickets)
    events.clear()
    tickets.clear()
    return n


def seed_today(
    agency: Agency, point: ServicePoint, offers: list[PointService], rng: random.Random
) -> None:
    """Slots for the next days, the demo citizen's booking, and a few citizens waiting
    now, so the counter, the display and the booking pages have something to show."""
    today = agency.today()
    calendar = WorkingCalendar.for_agency(agency)
    points.generate_slots(
        point, [today + dt.timedelta(days=d) for d in range(SLOT_DAYS_AHEAD + 1)], calendar
    )
    citizen = User.objects.filter(username="warga@demo.sigap.id").first()
    if citizen is not None and agency.slug == "jambi" and getattr(citizen, "citizen_profile", None):
        slot = (
            Slot.objects.filter(offer=offers[0], starts_at__gt=timezone.now(), day__gt=today)
            .order_by("starts_at")
            .first()
        )
        if slot is not None:
            booking.book(citizen, slot)
    from sigap.queues import tickets

    for i in range(6):
        tickets.issue_walk_in(
            offers[i % len(offers)],
            source=Ticket.Source.COUNTER,
            priority_reason="elderly" if i == 4 else "",
        )


def seed(ctx: DemoContext) -> None:
    for agency in Agency.objects.filter(is_active=True).order_by("slug"):
        rng = random.Random(ctx.rng.getrandbits(64))
        with acting_for(agency):
            made = demo_office(agency, agency.today())
            if made is None:
                continue
            point, offers = made
            ctx.count("kantor antrean")
            if Ticket.objects.filter(point=point).exists():
                continue
            ctx.count(
                "tiket antrean", write_history(ctx, agency, point, offers, rng, agency.today())
            )
            seed_today(agency, point, offers, rng)
