"""Demo public services (issue 9, item 10): the seeds' services in each demo pemda, a year
and more of online applications, and the service event of every finished one.

* **Catalogue** from ``data/services.csv`` (services per OPD, with their standar pelayanan:
  requirements, procedure, time limit, fee, product, legal basis), ``data/form_fields.csv``
  (the application forms) and ``data/standard_defaults.csv`` (complaint handling and the
  internal components per OPD). A service is created where its OPD exists in the pemda,
  through ``catalogue.create_service`` / ``draft_standard`` / ``publish_standard``.
* **Officers**: the front office of each service OPD, staff of the OPD's subtree who have
  held their post since before the demo's window, get a login with an officer grant on
  the OPD (``accounts.staff.grant_role``), linked to their ASN record; the demo login
  ``officer.<pemda>`` is one of Disdukcapil's. Each service OPD without a unit head login
  gets one (``kepala.<opd>.<pemda>``) for the escalations.
* **Applications**: ``WINDOW_DAYS`` of arrivals ending now, busiest on Monday, quieter
  through the week, few at weekends and on holidays (online filing never closes), with a
  morning peak and an evening tail; each one picked up, possibly returned for revision
  (some citizens never come back: lapsed once the period to fix it has ended, as the
  sweep's ``lapse.lapse_abandoned`` does) or rejected, processed by an officer of the unit, and
  finished in the office time its service usually takes. The most recent are still open:
  some near due, some overdue and not yet escalated, so the work queue and the SLA sweep
  have work. SLA values (due time, suspension, extension) follow ``services.sla`` and the
  pemda's working calendar; the events carry what ``events.record_service_event``
  computes for them (see ``_event_row``).
* **Rotations** (``_rotate_front_office``): in each service OPD whose officers sit in
  more than one unit, one officer outside the ICT cohort moves to another officer's unit
  on ``rotation_date`` (a Monday twenty weeks back) through ``records.move_employee``
  (rotasi); their services before it carry the old post and unit, those after it the
  new ones, so learning's "dampak perpindahan" page has figures on both sides.
* **The change seed 001 reports**: Disdukcapil's KTP-el/KK counter officers
  (``ict_cohort``) took an ICT training on ``ict_training_date``; from the next day their
  processing time halves, and nobody else's does. The learning demo records the training;
  an impact evaluation can recover the effect from ``ServiceEvent``
  (``tests/test_demo.py`` does it with a plain difference-in-differences).

Speed and memory: province scale holds about three million applications. Rows are built
as plain tuples with their ids assigned here (the tables are empty while the demo seeds)
and written ``FLUSH_EVERY`` at a time through ``platform.bulk.SqlInsert`` (``COPY`` on
PostgreSQL); working time comes from ``OfficeClock``, the pemda calendar precomputed per
day, which gives exactly what ``WorkingCalendar`` gives (checked in the tests) at a
fraction of the cost. The rows skip the audit trail (docs/decisions/0005); services,
standards, logins and grants go through their domain functions and are audited.

Deterministic: every draw comes from a generator seeded from ``ctx.rng``; times are
relative to ``_now()``, so the same seed on the same day (and at the same ``_now``, which
the tests fix) gives the same rows, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import json
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from sigap.accounts.models import CitizenProfile, Role, RoleGrant, User
from sigap.accounts.staff import grant_role
from sigap.platform.bulk import SqlInsert
from sigap.platform.demo import DemoContext
from sigap.platform.stored_text import text
from sigap.services import catalogue, sla
from sigap.services.lapse import lapse_days
from sigap.services.models import Application, ApplicationStep, ServiceEvent
from sigap.services.tracking import ALPHABET, check_symbol, format_number
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workcal.calendar import WorkingCalendar
from sigap.workforce.models import Assignment, Employee, JabatanType, Position
from sigap.workforce.registry import move_employee

DATA = Path(__file__).resolve().parent / "data"
DEMO_CITIZEN = "warga@demo.sigap.id"

# Applications over the window, per pemda and scale (province: about three million).
APPLICATIONS: dict[str, dict[str, int]] = {
    "small": {"jambi": 1_500, "tebo": 900, "sawahlunto": 700, "dki-jakarta": 1_800},
    "city": {"jambi": 20_000, "tebo": 10_000, "sawahlunto": 6_000, "dki-jakarta": 60_000},
    "province": {
        "jambi": 300_000,
        "tebo": 120_000,
        "sawahlunto": 60_000,
        "dki-jakarta": 2_500_000,
    },
}
WINDOW_DAYS = 400  # "a year and more", ending now
# Timelines (steps) of applications filed in the last N days; None: all. Province scale
# keeps the citizen's timeline for recent and open applications only (≈ 4 rows each).
STEP_HISTORY_DAYS: dict[str, int | None] = {"small": None, "city": None, "province": 60}
FLUSH_EVERY = 20_000  # applications built in memory before their rows are written

# Officers: about this many applications per officer and working day, within bounds.
PER_OFFICER_PER_DAY = 25
MIN_OFFICERS = {"DUKCAPIL": 4, "*": 2}
MAX_OFFICERS = 400
# An officer takes an application only while they will hold the post until it is done.
ELIGIBLE_AHEAD_DAYS = 60
# Front-office rotations for the move-impact page (learning's "dampak perpindahan"):
# about twenty weeks back, so that eight weeks of services lie on each side.
ROTATION_WEEKS_AGO = 20
ROTATIONS_PER_PEMDA = 2

# The change seed 001 reports: "ICT training halved document service time".
ICT_COHORT_PREFIX = "petugas.ktp-kk."  # the KTP-el/KK counters of Disdukcapil
ICT_CONTROL_PREFIX = "petugas.capil."
ICT_TRAINING_WEEKS_AGO = 30  # about seven months before the demo's today
ICT_TRAINING_TITLE = "Pelatihan Teknis TIK Pelayanan Administrasi Kependudukan"
ICT_EFFECT = 0.5  # processing time after the training, as a share of before

# Arrivals: weekday weights (Monday first), holidays and weekends, hour of day.
WEEKDAY_WEIGHT = (1.35, 1.15, 1.05, 1.0, 0.85, 0.22, 0.15)
HOLIDAY_WEIGHT = 0.18
WORKDAY_HOURS = (0.3, 0.2, 0.1, 0.1, 0.2, 0.6, 1.8, 4.5, 9.0, 10.0, 9.0, 7.5) + (
    5.0,
    5.5,
    6.0,
    5.0,
    3.5,
    2.5,
    2.2,
    2.6,
    2.8,
    2.2,
    1.3,
    0.6,
)
OFF_DAY_HOURS = (0.3, 0.2, 0.1, 0.1, 0.1, 0.4, 1.0, 2.0, 3.5, 4.5, 4.8, 4.5) + (
    3.8,
    3.8,
    3.6,
    3.4,
    3.0,
    2.8,
    3.0,
    3.6,
    3.8,
    3.0,
    1.8,
    0.8,
)
RETURN_ABANDONED = 0.15  # share of returned applications whose citizen never comes back
LAPSE_NOTE = text("lapsed")  # lapse._lapse's step note (step_notes.STEP_NOTES)
STUCK_DAYS_AGO = (4, 6, 9)  # one Disdukcapil application of each of these days stalls
EXTEND_SHARE = 0.35  # of applications that will clearly run late, an officer extends

RETURN_NOTES = (
    "Dokumen pendukung tidak terbaca; unggah ulang pindaian yang jelas.",
    "Data pada formulir berbeda dengan KK; perbaiki sesuai KK.",
    "Lampiran yang diwajibkan belum diunggah.",
    "NIK tidak ditemukan pada database kependudukan; periksa kembali.",
)
REJECT_NOTES = (
    "Permohonan ganda: dokumen yang sama sudah diterbitkan.",
    "Persyaratan tidak dipenuhi setelah diperiksa.",
    "Permohonan bukan kewenangan pemda ini.",
)
EXTEND_NOTES = (
    "Gangguan jaringan SIAK terpusat.",
    "Menunggu verifikasi data dari instansi lain.",
    "Pemeriksaan lapangan diperlukan.",
)


# --------------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class ServiceSpec:
    """One row of ``data/services.csv``: the service, its standard and demo demand."""

    opd: str
    code: str
    name: str
    category: str
    time_limit: int
    time_unit: str
    fee: int
    fee_note: str
    product: str
    legal_basis: str
    summary: str
    form: str
    requirements: tuple[str, ...]
    procedure: tuple[str, ...]
    staff_competence: str
    weight: float  # share of the pemda's demand
    wait_hours: float  # typical office hours before an officer picks it up
    work_hours: float  # typical office hours of processing
    return_share: float
    reject_share: float


def _read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def service_specs() -> tuple[ServiceSpec, ...]:
    return tuple(
        ServiceSpec(
            opd=r["opd"],
            code=r["code"],
            name=r["name"],
            category=r["category"],
            time_limit=int(r["time_limit"]),
            time_unit=r["time_unit"],
            fee=int(r["fee"]),
            fee_note=r["fee_note"],
            product=r["product"],
            legal_basis=r["legal_basis"],
            summary=r["summary"],
            form=r["form"],
            requirements=tuple(x.strip() for x in r["requirements"].split("|") if x.strip()),
            procedure=tuple(x.strip() for x in r["procedure"].split("|") if x.strip()),
            staff_competence=r["staff_competence"],
            weight=float(r["demo_weight"]),
            wait_hours=float(r["demo_wait_hours"]),
            work_hours=float(r["demo_work_hours"]),
            return_share=float(r["demo_return"]),
            reject_share=float(r["demo_reject"]),
        )
        for r in _read("services.csv")
    )


@cache
def form_definition(form: str) -> tuple[dict[str, Any], ...]:
    fields = []
    for r in _read("form_fields.csv"):
        if r["form"] != form:
            continue
        spec: dict[str, Any] = {
            "key": r["key"],
            "label": r["label"],
            "type": r["type"],
            "required": r["required"] == "1",
            "help": r["help"],
        }
        if r["choices"]:
            spec["choices"] = r["choices"].split("|")
        if r["max_length"]:
            spec["max_length"] = int(r["max_length"])
        fields.append(spec)
    return tuple(fields)


@cache
def standard_defaults(opd: str) -> dict[str, str]:
    rows = {r["opd"]: r for r in _read("standard_defaults.csv")}
    row = {**rows["*"], **rows.get(opd, {})}
    row.pop("opd")
    return row


def _standard_values(spec: ServiceSpec) -> dict[str, Any]:
    return {
        "requirements": list(spec.requirements),
        "procedure": list(spec.procedure),
        "time_limit": spec.time_limit,
        "time_unit": spec.time_unit,
        "fee": spec.fee,
        "fee_note": spec.fee_note,
        "product": spec.product,
        "legal_basis": spec.legal_basis,
        "staff_competence": spec.staff_competence,
        "form_fields": [dict(f) for f in form_definition(spec.form)],
        **standard_defaults(spec.opd),
    }


# --------------------------------------------------------------------------- the cohort


def ict_training_date(today: dt.date) -> dt.date:
    """The day Disdukcapil's KTP-el/KK counter officers took their ICT training: the
    Tuesday ``ICT_TRAINING_WEEKS_AGO`` weeks before ``today`` (the pemda's today when the
    demo was seeded). Their processing time halves from the next day."""
    monday = today - dt.timedelta(days=today.weekday(), weeks=ICT_TRAINING_WEEKS_AGO)
    return monday + dt.timedelta(days=1)


def ict_cohort(agency: Agency) -> list[Employee]:
    """The named cohort: the ASN behind the KTP-el/KK counter logins of ``agency``."""
    return list(
        Employee.all_objects.filter(
            agency=agency, user__username__startswith=ICT_COHORT_PREFIX
        ).order_by("pk")
    )


# --------------------------------------------------------------------------- office time


class OfficeClock:
    """``WorkingCalendar`` arithmetic over a fixed range of days, on epoch seconds.

    Built once per pemda from its calendar (zone, office hours, holidays), it answers
    working time between two moments in O(1) and adds working hours or days with a
    binary search, where the calendar walks day by day. Indonesia's zones keep one UTC
    offset all year, which the constructor checks.
    """

    def __init__(self, calendar: WorkingCalendar, first: dt.date, last: dt.date) -> None:
        tz = calendar.tz
        offsets = {
            tz.utcoffset(dt.datetime(y, m, 1))  # noqa: DTZ001 - asking the zone itself
            for y in range(first.year, last.year + 1)
            for m in (1, 7)
        }
        if len(offsets) != 1:
            raise ValueError("OfficeClock needs a zone with one UTC offset all year")
        self.tz = tz
        self.offset = int(next(iter(offsets)).total_seconds())
        self.first = first
        self.base = first.toordinal()
        n = (last - first).days + 1
        self.opens: list[int] = []
        self.lengths: list[int] = []
        self.cum: list[int] = []  # office seconds before the day's opening
        self.end_cum: list[int] = []
        self.working: list[int] = []  # indices of working days
        total = 0
        epoch = dt.date(1970, 1, 1).toordinal()
        for i in range(n):
            day = first + dt.timedelta(days=i)
            midnight = (day.toordinal() - epoch) * 86400 - self.offset
            hours = calendar.hours_on(day)
            if hours is None:
                opens, length = midnight + 12 * 3600, 0
            else:
                opens = midnight + hours[0].hour * 3600 + hours[0].minute * 60
                closes = midnight + hours[1].hour * 3600 + hours[1].minute * 60
                length = closes - opens
                self.working.append(i)
            self.opens.append(opens)
            self.lengths.append(length)
            self.cum.append(total)
            total += length
            self.end_cum.append(total)
        self.first_epoch = (self.base - epoch) * 86400 - self.offset
        self.last_index = n - 1

    def index(self, t: int) -> int:
        i = (t - self.first_epoch) // 86400
        if not 0 <= i <= self.last_index:
            raise ValueError("moment outside the OfficeClock's range")
        return i

    def day(self, t: int) -> dt.date:
        return dt.date.fromordinal(self.base + self.index(t))

    def worked(self, t: int) -> int:
        """Office seconds from the range's start to ``t``."""
        i = self.index(t)
        return self.cum[i] + min(max(t - self.opens[i], 0), self.lengths[i])

    def between(self, a: int, b: int) -> int:
        return self.worked(b) - self.worked(a)

    def add_seconds(self, t: int, seconds: int) -> int:
        """``WorkingCalendar.add_working_hours``: the moment ``seconds`` of office time
        after ``t`` (ending exactly at a closing time gives that closing time)."""
        if seconds <= 0:
            return t
        target = self.worked(t) + seconds
        i = bisect.bisect_left(self.end_cum, target, lo=self.index(t))
        if i > self.last_index:
            raise ValueError("moment outside the OfficeClock's range")
        return self.opens[i] + (target - self.cum[i])

    def add_days(self, t: int, n: int) -> int:
        """``WorkingCalendar.add_working_days``: closing time of the n-th working day
        after the day of ``t``."""
        k = bisect.bisect_right(self.working, self.index(t)) + n - 1
        i = self.working[k]
        return self.opens[i] + self.lengths[i]

    def deadline(self, t: int, amount: int, unit: str) -> int:
        if unit == "hours":
            return self.add_seconds(t, amount * 3600)
        return self.add_days(t, amount)

    def is_working_day(self, day: dt.date) -> bool:
        return self.lengths[day.toordinal() - self.base] > 0


def aware(t: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(t, tz=dt.UTC)


def epoch(moment: dt.datetime) -> int:
    return math.floor(moment.timestamp())


class Stamps:
    """Epoch seconds as the text the database takes for a datetime column: naive UTC
    for SQLite (as Django stores it), ``+00`` for PostgreSQL. Cached per day."""

    def __init__(self) -> None:
        self.suffix = "+00" if connection.vendor == "postgresql" else ""
        self.days: dict[int, str] = {}

    def __call__(self, t: int | None) -> str | None:
        if t is None:
            return None
        d, s = divmod(t, 86400)
        prefix = self.days.get(d)
        if prefix is None:
            prefix = self.days[d] = (dt.date(1970, 1, 1) + dt.timedelta(days=d)).isoformat()
        h, rest = divmod(s, 3600)
        return f"{prefix} {h:02d}:{rest // 60:02d}:{rest % 60:02d}{self.suffix}"


def _duration(seconds: int | None) -> Any:
    """A DurationField value as the database takes it (microseconds on SQLite)."""
    if seconds is None:
        return None
    if connection.features.has_native_duration_field:
        return dt.timedelta(seconds=seconds)
    return seconds * 1_000_000


# --------------------------------------------------------------------------- tracking


class TrackingNumbers:
    """Unique demo tracking numbers: a counter through a bijection of 50 bits (an odd
    multiplier and an offset drawn from the seed), in the format and with the check
    symbol of ``tracking.new_tracking_number``."""

    BITS = 50

    def __init__(self, rng: random.Random) -> None:
        self.mul = rng.getrandbits(self.BITS) | 1
        self.add = rng.getrandbits(self.BITS)
        self.n = 0

    def __call__(self) -> str:
        self.n += 1
        x = (self.n * self.mul + self.add) & ((1 << self.BITS) - 1)
        body = "".join(ALPHABET[(x >> (5 * i)) & 31] for i in range(10))
        return format_number(body + check_symbol(body))


# --------------------------------------------------------------------------- officers


@dataclass
class Officer:
    user_id: int
    employee_id: int
    position_id: int
    unit_id: int
    since: int  # ordinal of the first day they hold the post
    until: int | None  # ordinal of the last day, None when open
    speed: float  # their own pace (1 = typical)
    cohort: bool = False
    # The same person in their next post of the same OPD (a demo rotation): they keep
    # taking applications up to the move and finish them in the new post.
    successor: Officer | None = None

    def eligible(self, day: int) -> bool:
        ahead = 0 if self.successor is not None else ELIGIBLE_AHEAD_DAYS
        return self.since <= day and (self.until is None or self.until >= day + ahead)

    def on(self, day: int) -> Officer:
        """The post held on ``day`` (an ordinal): the next one once it has begun."""
        if self.successor is not None and day >= self.successor.since:
            return self.successor.on(day)
        return self


@dataclass
class ServiceDesk:
    """A service of one pemda with what the generator needs of it."""

    spec: ServiceSpec
    service_id: int
    standard_id: int
    unit_id: int
    officers: list[Officer]

    def pick_officer(self, rng: random.Random, day: int) -> Officer:
        for _ in range(8):
            officer = self.officers[int(rng.random() * len(self.officers))]
            if officer.eligible(day):
                return officer
        fallback = [o for o in self.officers if o.eligible(day)] or self.officers
        return fallback[int(rng.random() * len(fallback))]


def _front_office(agency: Agency, unit: OrgUnit, window_start: dt.date) -> list[Assignment]:
    """Current primary posts of staff in ``unit``'s subtree held since before the window,
    whose ASN has no login yet: the people who can take the counters."""
    return list(
        Assignment.all_objects.filter(
            agency=agency,
            is_primary=True,
            ends_on__isnull=True,
            starts_on__lte=window_start,
            position__unit__path__startswith=unit.path,
            position__jabatan_type__in=[JabatanType.FUNGSIONAL, JabatanType.PELAKSANA],
            employee__user__isnull=True,
            employee__status=Employee.Status.ACTIVE,
        )
        .select_related("employee", "position")
        .order_by("position__unit__path", "position__code", "employee_id")
    )


def _officers_for(
    ctx: DemoContext,
    agency: Agency,
    unit: OrgUnit,
    wanted: int,
    window_start: dt.date,
    password: str,
    rng: random.Random,
) -> list[Officer]:
    """The unit's officers: the demo login's own ASN where it sits here, then new logins
    for front-office staff, each with an officer grant on the unit."""
    officers: list[Officer] = []
    # Demo logins already granted on this unit and linked to an ASN record.
    for grant in RoleGrant.objects.filter(agency=agency, unit=unit, role=Role.OFFICER).order_by(
        "user__username"
    ):
        employee = Employee.all_objects.filter(user_id=grant.user_id).first()
        post = (
            Assignment.all_objects.filter(employee=employee, is_primary=True, ends_on__isnull=True)
            .select_related("position")
            .first()
            if employee
            else None
        )
        if post is None or not post.position.unit.path.startswith(unit.path):
            continue
        officers.append(
            Officer(
                grant.user_id,
                employee.pk,
                post.position_id,
                post.position.unit_id,
                post.starts_on.toordinal(),
                None,
                rng.lognormvariate(0, 0.25),
            )
        )
    candidates = _front_office(agency, unit, window_start)[: max(0, wanted - len(officers))]
    if not candidates:
        return officers
    code = unit.code.lower()
    names = []
    for i in range(1, len(candidates) + 1):
        if unit.code == "DUKCAPIL":
            prefix = ICT_COHORT_PREFIX if i % 2 else ICT_CONTROL_PREFIX
            names.append(f"{prefix}{i:03d}.{agency.slug}")
        else:
            names.append(f"petugas.{code}.{i:03d}.{agency.slug}")
    User.objects.bulk_create(
        [
            User(
                username=name,
                full_name=post.employee.full_name,
                password=password,
                kind=User.Kind.STAFF,
            )
            for name, post in zip(names, candidates, strict=True)
        ]
    )
    users = dict(User.objects.filter(username__in=names).values_list("username", "pk"))
    for name, post in zip(names, candidates, strict=True):
        grant_role(agency, username=name, full_name="", role=Role.OFFICER, unit=unit)
        # No domain function links a login to an ASN record yet (workforce demo does the
        # same for the demo logins).
        Employee.all_objects.filter(pk=post.employee_id).update(user_id=users[name])
        officers.append(
            Officer(
                users[name],
                post.employee_id,
                post.position_id,
                post.position.unit_id,
                post.starts_on.toordinal(),
                None,
                rng.lognormvariate(0, 0.25),
                cohort=name.startswith(ICT_COHORT_PREFIX),
            )
        )
    ctx.count("login petugas layanan", len(candidates))
    return officers


def rotation_date(today: dt.date) -> dt.date:
    """The Monday ``ROTATION_WEEKS_AGO`` weeks before ``today``: the demo rotations'
    start date (TMT), with eight weeks of services on each side of it."""
    return today - dt.timedelta(days=today.weekday(), weeks=ROTATION_WEEKS_AGO)


def _rotate_front_office(
    ctx: DemoContext, officers_by_unit: dict[str, list[Officer]], today: dt.date
) -> None:
    """Rotations for the "dampak perpindahan" page: in each service OPD whose officers
    sit in more than one unit, one officer outside the ICT cohort (and not the demo
    login, listed first) moves on ``rotation_date`` to the unit of another, through
    ``records.move_employee`` (the kind follows the rule: rotasi). Before the move they
    serve in the old unit, afterwards in the new one, so both units have services on
    both sides of it."""
    day = rotation_date(today)
    moved = 0
    for officers in officers_by_unit.values():
        if moved >= ROTATIONS_PER_PEMDA:
            break
        units = list(dict.fromkeys(o.unit_id for o in officers))
        mover = next((o for o in officers[1:] if not o.cohort and o.until is None), None)
        if mover is None or len(units) < 2 or mover.since >= day.toordinal():
            continue
        target = next(u for u in units if u != mover.unit_id)
        taken = Assignment.objects.filter(is_primary=True, ends_on__isnull=True).values(
            "position_id"
        )
        position = (
            Position.objects.filter(
                unit_id=target,
                jabatan_type__in=[JabatanType.FUNGSIONAL, JabatanType.PELAKSANA],
            )
            .annotate(vacant=~Exists(taken.filter(position_id=OuterRef("pk"))))
            .order_by("-vacant", "code")
            .first()
        )
        employee = Employee.objects.filter(pk=mover.employee_id).first()
        if position is None or employee is None:
            continue
        move_employee(
            employee,
            position=position,
            sk_number=f"821.2/{employee.pk}/BKPSDM/{day:%Y}",
            sk_date=day - dt.timedelta(days=14),
            starts_on=day,
            note_text=text("demo_rotation"),  # workforce.notes.ASSIGNMENT_NOTES
        )
        mover.until = day.toordinal() - 1
        mover.successor = Officer(
            mover.user_id,
            mover.employee_id,
            position.pk,
            target,
            day.toordinal(),
            None,
            mover.speed,
            cohort=mover.cohort,
        )
        officers.append(mover.successor)
        moved += 1
    if moved:
        ctx.count("rotasi petugas layanan", moved)


def _unit_head_for(agency: Agency, unit: OrgUnit, password: str) -> None:
    """A unit head login for a service OPD that has none (the SLA sweep escalates to it),
    linked to the ASN holding the OPD's head post when there is one."""
    if RoleGrant.objects.filter(agency=agency, unit=unit, role=Role.UNIT_HEAD).exists():
        return
    head = (
        Assignment.all_objects.filter(
            agency=agency,
            is_primary=True,
            ends_on__isnull=True,
            position__code=f"{unit.code}.KEPALA",
            employee__user__isnull=True,
        )
        .select_related("employee")
        .first()
    )
    username = f"kepala.{unit.code.lower()}.{agency.slug}"
    full_name = head.employee.full_name if head else f"Kepala {unit.short_name or unit.name}"
    user = User.objects.create(
        username=username, full_name=full_name, password=password, kind=User.Kind.STAFF
    )
    grant_role(agency, username=username, full_name="", role=Role.UNIT_HEAD, unit=unit)
    if head is not None:
        Employee.all_objects.filter(pk=head.employee_id).update(user=user)


# --------------------------------------------------------------------------- the seeder


def _now() -> dt.datetime:
    """The demo's "now" (the tests fix it to compare two seedings)."""
    return timezone.now()


def seed(ctx: DemoContext) -> None:
    now = _now()
    volumes = APPLICATIONS[ctx.scale]
    demo_login = User.objects.filter(username="officer.jambi").first()
    password = demo_login.password if demo_login else "!"
    tracking = TrackingNumbers(random.Random(ctx.rng.getrandbits(64)))
    writer = Writer(ctx.scale)
    for agency in Agency.objects.filter(slug__in=volumes).order_by("slug"):
        rng = random.Random(ctx.rng.getrandbits(64))
        with acting_for(agency):
            desks = _seed_catalogue(ctx, agency, volumes[agency.slug], now, password, rng)
            if desks:
                generate(ctx, agency, desks, volumes[agency.slug], now, rng, tracking, writer)
    writer.finish()
    for what, n in writer.counts.items():
        ctx.count(what, n)


def _seed_catalogue(
    ctx: DemoContext,
    agency: Agency,
    volume: int,
    now: dt.datetime,
    password: str,
    rng: random.Random,
) -> list[ServiceDesk]:
    units = {u.code: u for u in OrgUnit.objects.filter(kind=OrgUnit.Kind.OPD)}
    specs = [s for s in service_specs() if s.opd in units]
    today = now.astimezone(agency.zone).date()
    window_start = today - dt.timedelta(days=WINDOW_DAYS)
    total_weight = sum(s.weight for s in specs) or 1.0
    working_days = WINDOW_DAYS * 5 / 7 * 0.93
    desks: list[ServiceDesk] = []
    officers_by_unit: dict[str, list[Officer]] = {}
    for opd in dict.fromkeys(s.opd for s in specs):
        unit = units[opd]
        share = sum(s.weight for s in specs if s.opd == opd) / total_weight
        wanted = math.ceil(volume * share / working_days / PER_OFFICER_PER_DAY)
        wanted = min(MAX_OFFICERS, max(MIN_OFFICERS.get(opd, MIN_OFFICERS["*"]), wanted))
        officers_by_unit[opd] = _officers_for(
            ctx, agency, unit, wanted, window_start, password, rng
        )
        _unit_head_for(agency, unit, password)
    _rotate_front_office(ctx, officers_by_unit, today)
    for spec in specs:
        unit = units[spec.opd]
        service = catalogue.create_service(
            agency,
            unit=unit,
            code=spec.code,
            name=spec.name,
            category=spec.category,
            summary=spec.summary,
        )
        standard = catalogue.draft_standard(service, **_standard_values(spec))
        catalogue.publish_standard(standard)
        ctx.count("layanan")
        if officers_by_unit[spec.opd]:
            desks.append(
                ServiceDesk(spec, service.pk, standard.pk, unit.pk, officers_by_unit[spec.opd])
            )
    return desks


# --------------------------------------------------------------------------- generating


@dataclass
class Writer:
    """Rows waiting to be written, with their ids assigned here."""

    scale: str
    apps: list[tuple] = field(default_factory=list)
    steps: list[tuple] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    next_ids: dict[type, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.sql = SqlInsert()
        for model in (Application, ApplicationStep, ServiceEvent):
            top = model.all_objects.aggregate(m=Max("pk"))["m"] or 0
            self.next_ids[model] = top + 1

    def take_id(self, model: type) -> int:
        pk = self.next_ids[model]
        self.next_ids[model] = pk + 1
        return pk

    def flush(self) -> None:
        timestamps = ["created_at", "submitted_at", "verified_at", "processing_at"]
        timestamps += ["returned_at", "finished_at", "due_at", "suspended_since"]
        timestamps += ["extended_at", "escalated_at", "near_due_at"]
        self.sql(
            Application,
            ["id", "agency_id", "tracking_number", "service_id", "standard_id", "unit_id"]
            + ["citizen_id", "status", "answers", "idempotency_key", "assigned_to_id"]
            + timestamps
            + ["remaining_when_suspended", "suspended_total", "extension_reason"]
            + ["note_to_citizen"],
            self.apps,
            returning=False,
            adapted=[*timestamps, "answers", "remaining_when_suspended", "suspended_total"],
        )
        self.sql(
            ApplicationStep,
            ["id", "agency_id", "application_id", "status", "at", "by_id", "note", "note_text"],
            self.steps,
            returning=False,
            adapted=["at"],
        )
        times = ["requested_at", "started_at", "finished_at", "day"]
        self.sql(
            ServiceEvent,
            ["id", "agency_id", "unit_id", "service_id", "officer_id", "officer_position_id"]
            + ["officer_unit_id", "citizen_id", "channel", "outcome", "application_id"]
            + times
            + ["waiting_seconds", "processing_seconds", "waiting_working_seconds"]
            + ["processing_working_seconds", "within_sla", "note", "recorded_by_id"],
            self.events,
            returning=False,
            adapted=times,
        )
        for what, rows in (
            ("permohonan", self.apps),
            ("riwayat permohonan", self.steps),
            ("peristiwa layanan", self.events),
        ):
            self.counts[what] = self.counts.get(what, 0) + len(rows)
        self.apps, self.steps, self.events = [], [], []

    def finish(self) -> None:
        self.flush()
        if connection.vendor == "postgresql":
            # Ids were given explicitly: move the sequences past them.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(
                    no_style(), [Application, ApplicationStep, ServiceEvent]
                ):
                    cursor.execute(sql)


def _cumulative(weights: Sequence[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return [x / total for x in out]


WORKDAY_CUM = _cumulative(WORKDAY_HOURS)
OFF_DAY_CUM = _cumulative(OFF_DAY_HOURS)


def _arrival_days(
    clock: OfficeClock, first: dt.date, today: dt.date, volume: int
) -> Iterator[tuple[dt.date, float, bool]]:
    """(day, expected arrivals, working day) over the window: weekday and holiday weights
    and a gentle growth of online filing (+20 % over the window)."""
    days = [first + dt.timedelta(days=i) for i in range((today - first).days + 1)]
    weights = []
    for i, day in enumerate(days):
        working = clock.is_working_day(day)
        w = WEEKDAY_WEIGHT[day.weekday()] if working else HOLIDAY_WEIGHT
        if not working and day.weekday() >= 5:
            w = WEEKDAY_WEIGHT[day.weekday()]
        weights.append((w * (1 + 0.2 * i / len(days)), working))
    scale = volume / sum(w for w, _ in weights)
    for day, (w, working) in zip(days, weights, strict=True):
        yield day, w * scale, working


def _count(rng: random.Random, expected: float) -> int:
    if expected < 30:
        # Poisson by counting exponential gaps.
        n, t = 0, rng.expovariate(1.0)
        while t < expected:
            n += 1
            t += rng.expovariate(1.0)
        return n
    return max(0, round(rng.gauss(expected, math.sqrt(expected))))


class Answers:
    """Plausible form answers from small pools (Faker is too slow per application)."""

    def __init__(self, ctx: DemoContext, rng: random.Random, niks: dict[int, str]) -> None:
        fk = ctx.faker
        self.rng = rng
        self.niks = niks
        self.names = [fk.name() for _ in range(200)]
        self.places = [fk.city() for _ in range(60)]
        self.addresses = [fk.street_address() + ", " + fk.city() for _ in range(200)]
        self.companies = [fk.company() for _ in range(120)]
        self.other_niks = list(niks.values())[:500] or ["1571010101900001"]

    def __call__(self, form: tuple[dict[str, Any], ...], citizen_id: int, day: dt.date) -> str:
        rng = self.rng
        out: dict[str, Any] = {}
        for spec in form:
            key, kind = spec["key"], spec["type"]
            if kind == "file" or (not spec["required"] and rng.random() < 0.5):
                continue
            if kind == "nik":
                first = key in ("nik", "nik_kepala")
                out[key] = self.niks.get(citizen_id) if first else rng.choice(self.other_niks)
            elif kind == "choice":
                out[key] = rng.choice(spec["choices"])
            elif kind == "date":
                out[key] = (day - dt.timedelta(days=rng.randint(1, 60))).isoformat()
            elif kind == "number":
                out[key] = {
                    "modal_usaha": rng.randint(5, 500) * 1_000_000,
                    "luas": rng.randint(36, 900),
                }.get(key, rng.randint(1, 6))
            elif kind == "textarea":
                out[key] = rng.choice(self.addresses)
            elif key.startswith("nama_usaha"):
                out[key] = rng.choice(self.companies)
            elif key == "nisn":
                out[key] = f"{rng.randint(0, 9_999_999_999):010d}"
            elif key == "nomor_str":
                out[key] = f"{rng.randint(10**9, 10**10 - 1)}"
            elif key == "tempat_lahir":
                out[key] = rng.choice(self.places)
            else:
                out[key] = rng.choice(self.names)
        return json.dumps(out, ensure_ascii=False)


def generate(
    ctx: DemoContext,
    agency: Agency,
    desks: list[ServiceDesk],
    volume: int,
    now: dt.datetime,
    rng: random.Random,
    tracking: TrackingNumbers,
    writer: Writer,
) -> None:
    """``volume`` applications for ``agency`` over ``WINDOW_DAYS`` ending ``now``, with
    their timelines and service events, written through ``writer``."""
    today = now.astimezone(agency.zone).date()
    first = today - dt.timedelta(days=WINDOW_DAYS)
    clock = OfficeClock(
        WorkingCalendar.for_agency(agency),
        first - dt.timedelta(days=7),
        today + dt.timedelta(days=400),
    )
    now_t = epoch(now)
    training = ict_training_date(today).toordinal()
    stamp = Stamps()
    step_days = STEP_HISTORY_DAYS[writer.scale]
    steps_from = (today - dt.timedelta(days=step_days)).toordinal() if step_days else 0

    citizens = list(CitizenProfile.objects.order_by("user_id").values_list("user_id", "nik"))
    niks = dict(citizens)
    citizen_ids = [pk for pk, _ in citizens]
    demo_citizen = User.objects.filter(username=DEMO_CITIZEN).values_list("pk", flat=True).first()
    # The demo citizen's own applications (in Jambi): a few days on which the first
    # Disdukcapil application is theirs; 12 days ago one comes back for revision and waits.
    demo_days = {}
    if agency.slug == "jambi" and demo_citizen:
        for days_ago in (330, 200, 95, 40, 12, 3, 1, 0):
            demo_days[(today - dt.timedelta(days=days_ago)).toordinal()] = days_ago
    # A few applications stuck in process for days: overdue work for the queue and the
    # first sweep whatever the hour the demo is seeded. Each stalls the first Disdukcapil
    # application on its day or, where that day brought none (a Sunday in a small pemda),
    # on the next day that does.
    stuck_days = sorted((today - dt.timedelta(days=n)).toordinal() for n in STUCK_DAYS_AGO)
    answers = Answers(ctx, rng, niks)
    cum_weights = _cumulative([d.spec.weight for d in desks])
    forms = {d.spec.form: form_definition(d.spec.form) for d in desks}
    epoch_ordinal = dt.date(1970, 1, 1).toordinal()

    for day, expected, working in _arrival_days(clock, first, today, volume):
        hours_cum = WORKDAY_CUM if working else OFF_DAY_CUM
        ordinal = day.toordinal()
        midnight = (ordinal - epoch_ordinal) * 86400 - clock.offset
        arrivals = sorted(
            midnight + bisect.bisect_left(hours_cum, rng.random()) * 3600 + int(rng.random() * 3600)
            for _ in range(_count(rng, expected))
        )
        forced = demo_days.pop(ordinal, None)
        stuck = bool(stuck_days) and stuck_days[0] <= ordinal
        for submitted in arrivals:
            if submitted >= now_t:
                break
            desk = desks[bisect.bisect_left(cum_weights, rng.random())]
            if not citizen_ids:
                return
            citizen = citizen_ids[int(rng.random() * len(citizen_ids))]
            force_return = force_stuck = False
            if forced is not None and desk.spec.opd == "DUKCAPIL":
                citizen, force_return, forced = demo_citizen, forced == 12, None
            elif stuck and desk.spec.opd == "DUKCAPIL":
                force_stuck, stuck = True, False
                stuck_days.pop(0)
            _one(
                Context(writer, clock, stamp, agency, rng, tracking, now_t, training),
                desk,
                citizen,
                submitted,
                with_steps=ordinal >= steps_from,
                force_return=force_return,
                force_stuck=force_stuck,
                answers_json=answers(forms[desk.spec.form], citizen, day),
            )
            if len(writer.apps) >= FLUSH_EVERY:
                writer.flush()


@dataclass(frozen=True)
class Context:
    writer: Writer
    clock: OfficeClock
    stamp: Stamps
    agency: Agency
    rng: random.Random
    tracking: TrackingNumbers
    now: int  # epoch seconds
    training: int  # ordinal of the ICT training day


def _one(
    c: Context,
    desk: ServiceDesk,
    citizen: int,
    submitted: int,
    *,
    with_steps: bool,
    force_return: bool,
    force_stuck: bool = False,
    answers_json: str,
) -> None:
    """One application's life, cut at ``now``: its row, its timeline, its event.

    The SLA follows ``applications``/``sla``: due from submission; returned at pick-up
    (the clock stops; the office time left is kept), due that much office time after
    the resubmission; extended once by the standard's own limit when the work will
    clearly run late; escalated by the sweep within a quarter of an hour of running late.
    """
    spec, clock, rng = desk.spec, c.clock, c.rng
    now = c.now
    created = submitted - 60 * rng.randint(2, 40)
    due = first_due = clock.deadline(submitted, spec.time_limit, spec.time_unit)
    officer = desk.pick_officer(rng, clock.day(submitted).toordinal())
    if force_stuck and desk.officers[0].eligible(clock.day(submitted).toordinal()):
        officer = desk.officers[0]  # the demo login (listed first) has it on their desk
    wait = int(spec.wait_hours * 3600 * rng.lognormvariate(0, 0.8))
    pickup = clock.add_seconds(submitted, wait)
    steps: list[tuple[int, str, int | None, Any]] = [  # note: typed (str) or coded (dict)
        (created, "draft", None, ""),
        (submitted, "submitted", None, ""),
    ]
    r = rng.random()
    returning = force_return or (not force_stuck and r < spec.return_share)
    rejecting = not returning and not force_stuck and r < spec.return_share + spec.reject_share
    abandoned = force_return or (returning and rng.random() < RETURN_ABANDONED)
    returned = resubmitted = left = None
    suspended_total = 0
    last_submitted = submitted
    if returning:
        returned = pickup
        left = clock.between(returned, first_due)  # negative once overdue
        steps.append((returned, "returned", officer.user_id, rng.choice(RETURN_NOTES)))
        if abandoned:
            # Never fixed: the sweep lapses it within a quarter of an hour of the end of
            # the period to fix it (``lapse.fix_by``), if that has come by ``now``.
            lapsed_at = clock.add_days(returned, lapse_days()) + 60 * rng.randint(1, 15)
            steps.append((lapsed_at, "lapsed", None, LAPSE_NOTE))
        else:
            resubmitted = returned + 600 + int(86400 * rng.lognormvariate(0.4, 0.8))
            suspended_total = clock.between(returned, resubmitted)
            due = clock.add_seconds(resubmitted, max(left, 0))
            last_submitted = resubmitted
            steps.append((resubmitted, "submitted", None, ""))
            wait = int(spec.wait_hours * 3600 * rng.lognormvariate(0, 0.6))
            pickup = clock.add_seconds(resubmitted, wait)
    verified = processing = finished = extended = None
    extended_due = due
    extension_reason = ""
    if rejecting or (returning and not abandoned and rng.random() < spec.reject_share):
        finished = pickup
        steps.append((finished, "rejected", officer.user_id, rng.choice(REJECT_NOTES)))
    elif not abandoned:
        verified = pickup
        processing = clock.add_seconds(verified, 60 * rng.randint(3, 45))
        work = spec.work_hours * 3600 * officer.speed * rng.lognormvariate(0, 0.55)
        if officer.cohort and clock.day(processing).toordinal() > c.training:
            work *= ICT_EFFECT
        if force_stuck:
            work = 60 * 86400  # waiting for something nobody chases
        finished = clock.add_seconds(processing, max(300, int(work)))
        steps.append((verified, "verified", officer.user_id, ""))
        steps.append((processing, "in_process", officer.user_id, ""))
        extend = not force_stuck and rng.random() < EXTEND_SHARE
        if finished > due and processing < due and extend:
            extended = processing
            extended_due = clock.deadline(due, spec.time_limit, spec.time_unit)
            extension_reason = rng.choice(EXTEND_NOTES)
            note = text("extended", r=extension_reason)  # as applications.extend writes it
            steps.append((extended, "in_process", officer.user_id, note))
        steps.append((finished, "done", officer.user_id, ""))

    # Cut at now: the state is that of the last step that has happened.
    happened = [s for s in steps if s[0] <= now]
    status = happened[-1][1]
    final = status in ("done", "rejected")  # served: a service event
    back = status in ("returned", "lapsed")  # its clock stopped at the return

    def seen(t: int | None) -> int | None:
        return t if t is not None and t <= now else None

    if back:
        shown_submitted, shown_due = submitted, first_due
    else:
        shown_submitted = last_submitted if seen(resubmitted) else submitted
        shown_due = due if seen(resubmitted) else first_due
        if seen(extended):
            shown_due = extended_due
    escalated = None
    late_until = finished if final else (returned if back else None)
    if late_until is not None:
        limit = first_due if back else shown_due
        moment = limit + 60 * rng.randint(1, 15)
        escalated = moment if moment < late_until else None
    # A lapsed application keeps what the officer asked to fix (as ``lapse`` leaves it).
    return_note = (
        next((n for _, st, _, n in happened if st == "returned"), "") if status == "lapsed" else ""
    )
    near_due = None
    if status in ("submitted", "verified", "in_process"):
        # ``sla.near_due_from`` on epoch seconds: the budget from the (last) submission.
        budget = clock.between(
            shown_submitted, clock.deadline(shown_submitted, spec.time_limit, spec.time_unit)
        )
        before = clock.between(shown_submitted, shown_due) - budget * sla.near_due_share()
        near_due = clock.add_seconds(shown_submitted, math.ceil(before))  # ≤ 0: at once
    # Unassigned only while nobody has picked it up yet.
    assigned = None if status == "submitted" and not seen(returned) else officer.user_id
    app_id = c.writer.take_id(Application)
    stamp = c.stamp
    c.writer.apps.append(
        (
            app_id,
            c.agency.pk,
            c.tracking(),
            desk.service_id,
            desk.standard_id,
            desk.unit_id,
            citizen,
            status,
            answers_json,
            "",
            assigned,
            stamp(created),
            stamp(shown_submitted),
            stamp(seen(verified)),
            stamp(seen(processing)),
            stamp(seen(returned)),
            stamp(finished if final else (happened[-1][0] if status == "lapsed" else None)),
            stamp(shown_due),
            stamp(returned if status == "returned" else None),
            stamp(seen(extended)),
            stamp(escalated),
            stamp(near_due),
            _duration(left if status == "returned" else None),
            _duration(suspended_total if seen(resubmitted) else 0),
            extension_reason if seen(extended) else "",
            happened[-1][3] if status in ("returned", "rejected") else return_note,
        )
    )
    if with_steps:
        for at, st, by, note in happened:
            # A note code wrote (a dict) is a stored text; one an officer typed, as typed.
            typed, coded = ("", note) if isinstance(note, dict) else (note, None)
            c.writer.steps.append(
                (c.writer.take_id(ApplicationStep), c.agency.pk, app_id, st, stamp(at), by)
                + (typed, coded)
            )
    if final:
        assert finished is not None
        c.writer.events.append(
            _event_row(
                c,
                desk,
                officer,
                citizen,
                app_id,
                status,
                requested=shown_submitted,
                started=verified if verified is not None else finished,
                finished=finished,
                due=shown_due,
            )
        )


def _event_row(
    c: Context,
    desk: ServiceDesk,
    officer: Officer,
    citizen: int,
    app_id: int,
    outcome: str,
    *,
    requested: int,
    started: int,
    finished: int,
    due: int,
) -> tuple:
    """What ``applications._event_for`` → ``events.record_service_event`` writes for a
    finished application: requested at its (last) submission, started at its (last)
    verification, or at the decision for one rejected unverified; working time from the
    pemda's calendar (the time spent back with the citizen lies before the last
    submission); the officer's post and unit on the day of service."""
    clock, stamp = c.clock, c.stamp
    held = officer.on(clock.day(finished).toordinal())
    return (
        c.writer.take_id(ServiceEvent),
        c.agency.pk,
        desk.unit_id,
        desk.service_id,
        held.employee_id,
        held.position_id,
        held.unit_id,
        citizen,
        ServiceEvent.Channel.ONLINE.value,
        outcome,
        app_id,
        stamp(requested),
        stamp(started),
        stamp(finished),
        clock.day(finished).isoformat(),
        max(0, started - requested),
        max(0, finished - started),
        max(0, clock.between(requested, started)),
        max(0, clock.between(started, finished)),
        finished <= due,
        "",
        officer.user_id,
    )
