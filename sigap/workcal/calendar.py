"""Working days and office hours of one pemda: the arithmetic behind every time limit.

Time limits in public service (PermenPAN-RB 15/2014, SP4N-LAPOR!) count *working
days* in the pemda's own time zone (WIB, WITA, WIT), skipping weekends, national
holidays, *cuti bersama* and the pemda's local holidays. Everything here is pure
once a ``WorkingCalendar`` is built: it never touches the database except through
the per-year loader that ``WorkingCalendar.for_agency`` installs, so the rules can
be tested (and property-tested) without one.

Rules as implemented (also in docs/domain/working-days.md):

* A day is a working day when its weekday has office hours and it is not a holiday.
  Office hours exist for Monday–Friday only (the domain functions refuse weekend
  hours), so Saturday and Sunday are never working days.
* ``add_working_days(moment, n)``: the day of ``moment`` does not count, whatever the
  hour; the deadline is the *closing time* of the n-th working day after it.
* ``add_working_hours(moment, h)``: only office time is consumed; outside office hours
  the clock waits for the next opening.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple, Protocol
from zoneinfo import ZoneInfo

import holidays as holidays_package

if TYPE_CHECKING:
    from sigap.tenancy.models import Agency

UTC = dt.UTC
ONE_DAY = dt.timedelta(days=1)
# Safety net against a calendar with no working day at all (e.g. no office hours):
# searching further than this for the next working day is a configuration error.
MAX_SEARCH_DAYS = 3 * 366

# Kinds of agency override (stored in HolidayOverride.kind).
OVERRIDE_JOINT_LEAVE = "cuti_bersama"  # an extra cuti bersama the package does not know yet
OVERRIDE_LOCAL = "libur_daerah"  # a local holiday decreed by the pemda
OVERRIDE_WORKING_DAY = "hari_kerja"  # a national/cuti bersama day that is a working day here

# Default office hours when a pemda has configured none for a weekday (*unconfirmed*
# figures; with the usual breaks they give the 37.5 hours a week of Perpres 21/2023).
# Breaks count as office time here. Configurable per pemda through OfficeHours rows
# (policy.set_office_hours).
DEFAULT_OFFICE_HOURS: dict[int, tuple[dt.time, dt.time]] = {
    0: (dt.time(7, 30), dt.time(16, 0)),
    1: (dt.time(7, 30), dt.time(16, 0)),
    2: (dt.time(7, 30), dt.time(16, 0)),
    3: (dt.time(7, 30), dt.time(16, 0)),
    4: (dt.time(7, 30), dt.time(16, 30)),
}

ZONE_ABBREVIATIONS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}

OfficeHoursMap = Mapping[int, tuple[dt.time, dt.time]]


class Source(enum.StrEnum):
    """Where a non-working day comes from."""

    NATIONAL = "nasional"  # holidays package, category "public"
    JOINT_LEAVE = "cuti_bersama"  # holidays package, category "government"
    AGENCY_JOINT_LEAVE = "cuti_bersama_pemda"  # added by the agency admin
    LOCAL = "libur_daerah"  # added by the agency admin

    @property
    def label(self) -> str:
        return SOURCE_LABELS[self]

    @property
    def from_package(self) -> bool:
        return self in (Source.NATIONAL, Source.JOINT_LEAVE)


SOURCE_LABELS = {
    Source.NATIONAL: "Libur nasional (ketetapan pemerintah pusat)",
    Source.JOINT_LEAVE: "Cuti bersama (SKB tiga menteri)",
    Source.AGENCY_JOINT_LEAVE: "Cuti bersama (ditetapkan pemda)",
    Source.LOCAL: "Libur daerah (ditetapkan pemda)",
}


class Holiday(NamedTuple):
    date: dt.date
    name: str
    source: Source


class Override(Protocol):
    """What the calendar needs of an agency override (HolidayOverride fits)."""

    date: dt.date
    name: str
    kind: str


class YearHolidays(NamedTuple):
    """One year of a calendar: the non-working days and the package days cancelled."""

    holidays: list[Holiday]  # sorted by date; may hold two entries for one date
    declared_working: list[Holiday]  # package holidays the agency made working days

    @property
    def closed(self) -> frozenset[dt.date]:
        return frozenset(h.date for h in self.holidays)


@lru_cache(maxsize=128)
def package_holidays(year: int) -> tuple[Holiday, ...]:
    """National holidays and cuti bersama of Indonesia for ``year``, from ``holidays``.

    Names are Indonesian when the installed package offers language "id".
    """
    from holidays.countries import Indonesia

    language = "id" if "id" in getattr(Indonesia, "supported_languages", ()) else None
    found: list[Holiday] = []
    for category, source in (("public", Source.NATIONAL), ("government", Source.JOINT_LEAVE)):
        days = holidays_package.country_holidays(
            "ID", years=year, categories=(category,), language=language
        )
        for day, names in days.items():
            for name in names.split("; "):
                found.append(Holiday(day, name, source))
    return tuple(sorted(found))


def combine(year: int, package: Iterable[Holiday], overrides: Iterable[Override]) -> YearHolidays:
    """Package holidays of ``year`` with an agency's overrides applied."""
    overrides = [o for o in overrides if o.date.year == year]
    working = {o.date for o in overrides if o.kind == OVERRIDE_WORKING_DAY}
    kept: list[Holiday] = []
    cancelled: list[Holiday] = []
    for h in package:
        if h.date.year != year:
            continue
        (cancelled if h.date in working else kept).append(h)
    for o in overrides:
        if o.kind == OVERRIDE_JOINT_LEAVE:
            kept.append(Holiday(o.date, o.name, Source.AGENCY_JOINT_LEAVE))
        elif o.kind == OVERRIDE_LOCAL:
            kept.append(Holiday(o.date, o.name, Source.LOCAL))
    return YearHolidays(sorted(kept), sorted(cancelled))


def zone_abbreviation(tz: ZoneInfo | str) -> str:
    key = str(tz.key if isinstance(tz, ZoneInfo) else tz)
    return ZONE_ABBREVIATIONS.get(key, key)


def _zone(tz: ZoneInfo | str) -> ZoneInfo:
    return tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)


def _require_aware(moment: dt.datetime) -> None:
    if not isinstance(moment, dt.datetime) or moment.utcoffset() is None:
        raise ValueError("Waktu harus berzona waktu (aware datetime).")


class WorkingCalendar:
    """Working days and office hours of one pemda, in the pemda's time zone.

    ``load_year(year)`` supplies the holidays of one year; it is called at most once
    per year and calendar (lazily, so a deadline that crosses New Year loads the next
    year only then).
    """

    def __init__(
        self,
        tz: ZoneInfo | str,
        office_hours: OfficeHoursMap | None = None,
        load_year: Callable[[int], YearHolidays] | None = None,
    ) -> None:
        self.tz = _zone(tz)
        hours = dict(DEFAULT_OFFICE_HOURS if office_hours is None else office_hours)
        for weekday, (opens, closes) in hours.items():
            if not 0 <= weekday <= 6:
                raise ValueError(f"Hari {weekday} di luar 0–6.")
            if closes <= opens:
                raise ValueError(f"Jam tutup hari {weekday} harus setelah jam buka.")
        self.office_hours: dict[int, tuple[dt.time, dt.time]] = hours
        self._load_year = load_year or (lambda year: YearHolidays([], []))
        self._years: dict[int, YearHolidays] = {}
        self._closed: dict[int, frozenset[dt.date]] = {}

    # ------------------------------------------------------------------ building

    @classmethod
    def national(
        cls,
        tz: ZoneInfo | str,
        office_hours: OfficeHoursMap | None = None,
        overrides: Iterable[Override] = (),
    ) -> WorkingCalendar:
        """Package holidays plus in-memory overrides: no database needed."""
        overrides = list(overrides)
        return cls(tz, office_hours, lambda year: combine(year, package_holidays(year), overrides))

    @classmethod
    def from_holidays(
        cls,
        tz: ZoneInfo | str,
        holidays: Iterable[Holiday | tuple[dt.date, str]] = (),
        office_hours: OfficeHoursMap | None = None,
    ) -> WorkingCalendar:
        """Exactly the given holidays, nothing from the package (for tests and what-ifs)."""
        given = [
            h if isinstance(h, Holiday) else Holiday(h[0], h[1], Source.LOCAL) for h in holidays
        ]
        return cls(
            tz,
            office_hours,
            lambda year: YearHolidays(sorted(h for h in given if h.date.year == year), []),
        )

    @classmethod
    def for_agency(cls, agency: Agency) -> WorkingCalendar:
        """The calendar of ``agency``: its zone, its office hours, package + its overrides."""
        from sigap.workcal.models import HolidayOverride, OfficeHours

        # ``all_objects`` filtered by the agency given: deadlines are also computed by
        # tasks running outside any request, and the argument is the scope here.
        hours = dict(DEFAULT_OFFICE_HOURS)
        for row in OfficeHours.all_objects.filter(agency_id=agency.pk):
            hours[row.weekday] = (row.opens, row.closes)

        def load(year: int) -> YearHolidays:
            overrides = HolidayOverride.all_objects.filter(agency_id=agency.pk, date__year=year)
            return combine(year, package_holidays(year), list(overrides))

        return cls(agency.time_zone, hours, load)

    # ------------------------------------------------------------------ days

    def _year(self, year: int) -> YearHolidays:
        if year not in self._years:
            self._years[year] = self._load_year(year)
            self._closed[year] = self._years[year].closed
        return self._years[year]

    def local(self, moment: dt.datetime) -> dt.datetime:
        _require_aware(moment)
        return moment.astimezone(self.tz)

    def _as_date(self, day: dt.date | dt.datetime) -> dt.date:
        if isinstance(day, dt.datetime):
            return self.local(day).date()
        return day

    def hours_on(self, day: dt.date | dt.datetime) -> tuple[dt.time, dt.time] | None:
        """Office hours of ``day`` (opens, closes), or None when it is not a working day."""
        day = self._as_date(day)
        hours = self.office_hours.get(day.weekday())
        if hours is None:
            return None
        self._year(day.year)
        if day in self._closed[day.year]:
            return None
        return hours

    def is_working_day(self, day: dt.date | dt.datetime) -> bool:
        return self.hours_on(day) is not None

    def next_working_day(self, day: dt.date | dt.datetime) -> dt.date:
        """The first working day strictly after ``day``."""
        day = self._as_date(day)
        for _ in range(MAX_SEARCH_DAYS):
            day += ONE_DAY
            if self.is_working_day(day):
                return day
        raise ValueError("Tidak ada hari kerja dalam rentang pencarian; periksa jam kantor.")

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days d with start < d <= end (the start day itself never counts)."""
        start, end = self._as_date(start), self._as_date(end)
        count = 0
        day = start + ONE_DAY
        while day <= end:
            count += self.is_working_day(day)
            day += ONE_DAY
        return count

    def holidays_in(self, year: int) -> list[Holiday]:
        """Non-working days of ``year`` other than weekends: (date, name, source), by date."""
        return list(self._year(year).holidays)

    def declared_working_in(self, year: int) -> list[Holiday]:
        """Package holidays of ``year`` that this pemda declared working days."""
        return list(self._year(year).declared_working)

    # ------------------------------------------------------------------ moments

    def _at(self, day: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, time, tzinfo=self.tz)

    def _office_span(self, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        hours = self.hours_on(day)
        if hours is None:
            return None
        # Spans in UTC so that arithmetic is absolute time even in zones with DST.
        return self._at(day, hours[0]).astimezone(UTC), self._at(day, hours[1]).astimezone(UTC)

    def closing_time(self, day: dt.date) -> dt.datetime:
        hours = self.hours_on(day)
        if hours is None:
            raise ValueError(f"{day} bukan hari kerja.")
        return self._at(day, hours[1])

    def add_working_days(self, moment: dt.datetime, n: int) -> dt.datetime:
        """Deadline ``n`` working days after ``moment``.

        The day of ``moment`` does not count, at whatever hour it falls; the deadline
        is the closing time of the n-th working day after it, in the pemda's zone.
        """
        if n < 1:
            raise ValueError("Jumlah hari kerja minimal 1.")
        day = self.local(moment).date()
        for _ in range(n):
            day = self.next_working_day(day)
        return self.closing_time(day)

    def add_working_hours(self, moment: dt.datetime, hours: float | dt.timedelta) -> dt.datetime:
        """The moment when ``hours`` of office time have passed since ``moment``.

        Time outside office hours (nights, weekends, holidays) does not count. When the
        hours run out exactly at closing time, the result is that closing time.
        """
        remaining = hours if isinstance(hours, dt.timedelta) else dt.timedelta(hours=hours)
        if remaining < dt.timedelta(0):
            raise ValueError("Jumlah jam tidak boleh negatif.")
        cursor = self.local(moment).astimezone(UTC)
        if not remaining:
            return cursor.astimezone(self.tz)
        day = self.local(moment).date()
        idle_days = 0
        while True:
            span = self._office_span(day)
            if span is not None:
                idle_days = 0
                begin = max(cursor, span[0])
                if begin < span[1]:
                    available = span[1] - begin
                    if remaining <= available:
                        return (begin + remaining).astimezone(self.tz)
                    remaining -= available
            else:
                idle_days += 1
                if idle_days > MAX_SEARCH_DAYS:
                    raise ValueError("Tidak ada hari kerja dalam rentang pencarian.")
            day += ONE_DAY

    def working_time_between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """Office time between two moments (negative when ``end`` is before ``start``)."""
        start_utc, end_utc = self.local(start).astimezone(UTC), self.local(end).astimezone(UTC)
        if end_utc < start_utc:
            return -self.working_time_between(end, start)
        total = dt.timedelta(0)
        day, last = self.local(start).date(), self.local(end).date()
        while day <= last:
            span = self._office_span(day)
            if span is not None:
                begin, finish = max(start_utc, span[0]), min(end_utc, span[1])
                if finish > begin:
                    total += finish - begin
            day += ONE_DAY
        return total
