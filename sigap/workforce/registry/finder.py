"""Finding people: the filtered, searchable ASN list and its keyset pages.

The list must stay fast at province scale (about 60,000 ASN per agency), with or without
planner statistics (SQLite gathers none until someone runs ANALYZE). It runs in steps:

1. ``filter_employees`` narrows ``Employee`` with one condition per filter, checked per
   person through an index that starts with the employee: ``(employee, -starts_on)``
   for the position in force today (``queries.current_primary_filter``), ``(employee,
   competency, -assessed_on)`` on assessments, the education foreign key; the golongan
   (the latest rank's, kept on the row: decision 0012) and retirement (a ``birth_date``
   range) are columns of the row itself. Walking the ``(agency, full_name)`` index with
   these checks stops after one page when matches are common.
2. When they are rare, that walk would visit all 60,000 people. So each filter's
   matching set is first read up to ``DRIVE_LIMIT`` ids (a bounded read through the best
   index it has: NIP prefix ranges, open assignments by position, assessments by
   competency, employees by golongan; education by scan); the first set that small
   drives the query instead, and only its rows are sorted.
3. ``page_rows`` reads one keyset page of employees in ``(full_name, pk)`` order
   (never OFFSET); ``with_state`` then reads the current state for just those people,
   with the meaning of ``queries.with_current_state`` (a test holds them equal). Exports
   walk ``page_ids`` and ``rows_for`` in batches of 2,000.
4. The page also shows how many match. Counting by the per-row conditions of step 1
   evaluates them for all 60,000 people, and the "latest level" one is a correlated
   ``LIMIT 1`` subquery no planner flattens (PostgreSQL province demo: the competency
   count took 220–310 ms). ``search`` counts through each filter's exact set instead
   ("the newest assessment of the competency, at the level"): read once each, a
   semi-join on PostgreSQL, one materialised list on SQLite; "newest" is one index
   probe per candidate row (``_is_latest``): 30 ms. Same people (tested).

The sets have their indexes: ``Employee(agency, latest_golongan)``,
``Education(field_group, employee)``, ``CompetencyAssessment(competency, level,
employee)`` (issue 7). Plans assume planner statistics, which
``platform.dbstats.refresh_planner_statistics`` gathers after seeding and roster
imports. Name search has a trigram index on ``upper(full_name)`` on PostgreSQL
(migration 0013): it reads rare words by trigram and, above all, gives the planner the
expression's statistics, so a common word walks the name index. Not added yet: an index
for rotation due (``starts_on`` of current primary assignments).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.http import Http404
from django.utils.translation import gettext

from sigap.accounts.scope import row_scope
from sigap.platform.idlist import IdIn
from sigap.platform.pagination import BadCursor, decode_cursor, encode_cursor
from sigap.tenancy.models import OrgUnit
from sigap.workforce import retirement
from sigap.workforce.models import (
    Assignment,
    CompetencyAssessment,
    Education,
    Employee,
    Position,
    WorkforcePolicy,
)
from sigap.workforce.registry.queries import current_primaries

PAGE_SIZE = 50
# A filter matching at most this many employees drives the list query (see filter_employees).
DRIVE_LIMIT = 2000
DRIVEN_SORT = "_name_sort"  # alias set on a query driven by a small id set
MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class AsnFilter:
    """What the list is narrowed to. Empty values mean "no filter"."""

    text: str = ""
    unit: OrgUnit | None = None  # the unit and its whole subtree
    jabatan_type: str = ""
    golongan: str = ""
    competency_id: int | None = None
    min_level: int | None = None  # with competency_id; 1 when omitted
    field_group: str = ""  # any education in this study-field group
    retiring_within_months: int | None = None
    rotation_due: bool = False
    status: str = Employee.Status.ACTIVE  # "" for every status

    def as_query(self) -> dict[str, Any]:
        """The filter as GET parameters (for links, the htmx form and the export)."""
        q: dict[str, Any] = {}
        if self.text:
            q["q"] = self.text
        if self.unit is not None:
            q["unit"] = self.unit.pk
        for name in ("jabatan_type", "golongan", "field_group"):
            if getattr(self, name):
                q[name] = getattr(self, name)
        if self.competency_id:
            q["competency"] = self.competency_id
            if self.min_level:
                q["min_level"] = self.min_level
        if self.retiring_within_months is not None:
            q["retiring_within"] = self.retiring_within_months
        if self.rotation_due:
            q["rotation_due"] = "1"
        if self.status != Employee.Status.ACTIVE:
            q["status"] = self.status or "all"
        return q


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def retirement_date(
    employee: Employee, policy: WorkforcePolicy, jabatan_type: str | None
) -> dt.date:
    return retirement.retirement_date(employee.birth_date, policy.bup_for(jabatan_type))


def rotation_cutoff(policy: WorkforcePolicy, today: dt.date) -> dt.date:
    """An open assignment that started on or before this date is due for rotation."""
    return add_months(today, -12 * policy.rotation_due_years)


# Subqueries correlated with the outer employee (``employee=OuterRef("pk")``) read the
# unscoped managers (``all_objects``): the outer row is already the active agency's, and
# so are its history rows (records.py writes them for the employee's agency). The extra
# "agency_id = ?" the scoped manager adds only misleads a planner without statistics:
# PostgreSQL before its first ANALYZE intersected every per-person lookup with the whole
# agency index, and one list request ran for minutes.


def _holding(assignments: QuerySet[Assignment]) -> Exists:
    """Whether the outer employee has one of ``assignments`` (built unscoped, see above)."""
    return Exists(assignments.filter(employee=OuterRef("pk")))


def retiring_by(day: dt.date, policy: WorkforcePolicy, *, on: dt.date | None = None) -> Q:
    """Employees whose retirement date (BUP of their current position type) is ≤ ``day``.

    Those without a current position take the BUP of ``policy.bup_for(None)``.
    """
    groups = retirement.types_by_bup(policy)
    default_bup = policy.bup_for(None)
    condition = Q()
    for bup, types in groups.items():
        born = Q(birth_date__lt=retirement.born_before_to_retire_by(day, bup))
        placed = _holding(
            current_primaries(on, scoped=False).filter(position__jabatan_type__in=types)
        )
        if bup == default_bup:
            condition |= born & (placed | ~_holding(current_primaries(on, scoped=False)))
        else:
            condition |= born & placed
    # The widest birth-date bound (the smallest BUP) up front, as a plain range the
    # (agency, birth_date) index can serve before the per-type conditions are checked.
    widest = min([*groups, default_bup])
    return Q(birth_date__lt=retirement.born_before_to_retire_by(day, widest)) & condition


def _prefix_range(field: str, digits: str) -> Q:
    # A range, not LIKE 'x%': SQLite's LIKE cannot use an index, a range on the unique
    # (agency, nip) index can (':' sorts right after '9').
    return Q(**{f"{field}__gte": digits, f"{field}__lt": digits + ":"})


def _position_ids(f: AsnFilter, within_paths: list[str] | None) -> list[int] | None:
    """Ids of the positions an employee's current post must be among (None: any).

    A list, read once: a few hundred ids at most, and a literal list lets the database
    use the open-assignments-by-position index whatever its statistics say.
    """
    if f.unit is None and not f.jabatan_type and within_paths is None:
        return None
    positions = Position.objects.all()
    if f.unit is not None:
        positions = positions.filter(unit__path__startswith=f.unit.path)
    if within_paths is not None:
        inside = Q(pk__in=[])
        for path in within_paths:
            inside |= Q(unit__path__startswith=path)
        positions = positions.filter(inside)
    if f.jabatan_type:
        positions = positions.filter(jabatan_type=f.jabatan_type)
    return list(positions.values_list("pk", flat=True))


@dataclass(frozen=True)
class _Narrowing:
    """One filter on derived state, three ways (see ``_narrowing``)."""

    condition: Any  # checked per employee, through an index that starts with the employee
    probe: QuerySet  # employee ids: a superset of the matches, bounded-read to drive
    # Employee ids: exactly the matches, as one uncorrelated set; None when the filter is
    # a column of the employee row, which ``_base`` already applies to list and count.
    exact: QuerySet | None


def _is_latest(rows: QuerySet, newest_first: list[str], **same: Any) -> QuerySet:
    """``rows`` that are the newest of their kind: the first row of the same employee
    (and ``same``) in ``newest_first`` order. One index probe per candidate row (the
    history indexes start with the employee), so the cost follows the candidates, not
    the table: PostgreSQL hash-anti-joined all 60,000 assessments of a competency
    against its 3,000 candidates for a "no newer row" condition."""
    latest = (
        rows.model.all_objects.filter(employee_id=OuterRef("employee_id"), **same)
        .order_by(*newest_first)
        .values("pk")[:1]
    )
    return rows.filter(pk=Subquery(latest))


def _narrowing(
    f: AsnFilter, *, policy: WorkforcePolicy, today: dt.date, within_paths: list[str] | None
) -> list[_Narrowing]:
    """Each filter on derived state three times: as a condition checked per employee
    (correlated, served by an index that starts with the employee: the list walks the
    name index and stops after one page); as a probe, a set of employee ids containing
    every match (uncorrelated; a superset is enough, since the conditions still narrow
    it), which drives the list when it is small; and as the exact set of matches, for
    counting them all. A count by the per-row conditions evaluated the "latest level"
    subquery for every one of 60,000 people (PostgreSQL cannot flatten a correlated
    ``LIMIT 1``); the exact sets are read once each instead (a semi-join on PostgreSQL,
    one materialised list on SQLite)."""
    found: list[_Narrowing] = []
    text = f.text.strip().replace(" ", "")
    position_ids = _position_ids(f, within_paths)
    if position_ids is not None or f.rotation_due:
        holding = current_primaries(today, scoped=False)
        probe = current_primaries(today)
        if position_ids is not None:
            holding = holding.filter(IdIn("position_id", position_ids))
            # Unscoped on purpose: the position ids came through the tenant-scoped
            # manager, and "agency_id = ?" would tempt SQLite without statistics into
            # reading the agency's every assignment instead of these positions'.
            probe = current_primaries(today, scoped=False).filter(IdIn("position_id", position_ids))
        if f.rotation_due:
            cutoff = rotation_cutoff(policy, today)
            holding = holding.filter(starts_on__lte=cutoff)
            probe = probe.filter(starts_on__lte=cutoff)
        ids = probe.values_list("employee_id", flat=True)
        found.append(_Narrowing(_holding(holding), ids, ids))
    if f.competency_id:
        level = f.min_level or 1
        # The latest assessment: newest date, then newest row (as queries.current_levels).
        latest = CompetencyAssessment.all_objects.filter(
            employee=OuterRef("pk"), competency_id=f.competency_id
        ).order_by("-assessed_on", "-pk")
        # Unscoped: the competency id was looked up through the tenant-scoped manager, and
        # the employees these ids meet are the active agency's.
        assessed = CompetencyAssessment.all_objects.filter(
            competency_id=f.competency_id, level__gte=level
        )
        found.append(
            _Narrowing(
                GreaterThanOrEqual(Subquery(latest.values("level")[:1]), level),
                # Anyone ever assessed at that level, through the competency's index.
                assessed.values_list("employee_id", flat=True),
                # The latest assessment: newest date, then newest row.
                _is_latest(
                    assessed, ["-assessed_on", "-pk"], competency_id=f.competency_id
                ).values_list("employee_id", flat=True),
            )
        )
    if f.field_group:
        studied = Education.objects.filter(field_group=f.field_group).values_list(
            "employee_id", flat=True
        )
        found.append(
            _Narrowing(
                Exists(
                    Education.all_objects.filter(employee=OuterRef("pk"), field_group=f.field_group)
                ),
                studied,
                studied,
            )
        )
    if f.golongan:
        # The latest rank's golongan is kept on the employee row (decision 0012), so the
        # condition is in ``_base``; its index drives the list when the golongan is rare.
        found.append(
            _Narrowing(
                Q(),
                Employee.objects.filter(latest_golongan=f.golongan).values_list("pk", flat=True),
                None,
            )
        )
    if text.isdigit():
        # Prefix ranges on the unique (agency, nip) and (agency, pppk_number) indexes;
        # the base filter already checks them per row (the probe may drive).
        by_number = (
            Employee.objects.filter(_prefix_range("nip", text))
            .order_by()
            .values_list("pk", flat=True)
            .union(
                Employee.objects.filter(_prefix_range("pppk_number", text))
                .order_by()
                .values_list("pk", flat=True)
            )
        )
        found.insert(0, _Narrowing(Q(), by_number, None))
    return found


def _base(
    qs: QuerySet[Employee], f: AsnFilter, *, policy: WorkforcePolicy, today: dt.date
) -> QuerySet[Employee]:
    """``qs`` narrowed by the filters on the employee's own row (status, name or number,
    golongan, retirement), which the list and the count share."""
    if f.status:
        qs = qs.filter(status=f.status)
    text = f.text.strip()
    if text:
        digits = text.replace(" ", "")
        if digits.isdigit():
            qs = qs.filter(_prefix_range("nip", digits) | _prefix_range("pppk_number", digits))
        else:
            for word in text.split():
                qs = qs.filter(full_name__icontains=word)
    if f.golongan:
        qs = qs.filter(latest_golongan=f.golongan)
    if f.retiring_within_months is not None:
        qs = qs.filter(retiring_by(add_months(today, f.retiring_within_months), policy, on=today))
    return qs


def filter_employees(
    qs: QuerySet[Employee],
    f: AsnFilter,
    *,
    policy: WorkforcePolicy,
    today: dt.date,
    within_paths: list[str] | None = None,
) -> QuerySet[Employee]:
    """Narrow ``qs`` (already scoped to what the viewer may see) by ``f``: see ``search``."""
    return search(qs, f, policy=policy, today=today, within_paths=within_paths).matches


@dataclass(frozen=True)
class Search:
    matches: QuerySet[Employee]  # to page through (``page``, ``iterate``)
    counted: QuerySet[Employee]  # the same people, shaped for ``count()``


def search(
    qs: QuerySet[Employee],
    f: AsnFilter,
    *,
    policy: WorkforcePolicy,
    today: dt.date,
    within_paths: list[str] | None = None,
) -> Search:
    """Narrow ``qs`` (already scoped to what the viewer may see) by ``f``, for paging and
    for counting.

    ``within_paths`` repeats the viewer's unit scope (``visible_unit_paths``) so that a
    unit head's small subtree can drive the query; it never widens ``qs``.

    Plan: the list walks employees in name order and checks each filter per row, which
    stops after one page when matches are common. When they are rare that walk would
    visit all 60,000 employees, so each filter's matching set is first read up to
    ``DRIVE_LIMIT`` ids (a bounded read); if one set is that small, its ids drive the
    query and only they are sorted. This runs up to one short query per filter now.
    The count reads each filter's exact set once instead (``_narrowing``): a test holds
    both to the same people.
    """
    qs = _base(qs, f, policy=policy, today=today)
    narrowing = _narrowing(f, policy=policy, today=today, within_paths=within_paths)
    counted = qs
    for n in narrowing:
        qs = qs.filter(n.condition)
        if n.exact is not None:
            counted = counted.filter(pk__in=n.exact)
    # Probes in the order ``_narrowing`` lists them (NIP ranges, open assignments by
    # position, assessments by competency, education by field group, employees by
    # golongan: each through its index); the first small one is enough, as the per-row
    # conditions still check everything else.
    for n in narrowing:
        ids = list(n.probe.order_by()[: DRIVE_LIMIT + 1])
        if len(ids) <= DRIVE_LIMIT:
            # Sort these few rows by an expression equal to the name: a plain ORDER BY
            # full_name would tempt SQLite (without statistics) to walk the whole name
            # index checking each row against the list, instead of fetching the list.
            # The ids as one parameter (``IdIn``): 2,000 bound one by one cost PostgreSQL
            # more to plan than to run.
            driving = sorted(set(ids))
            qs = qs.filter(IdIn("pk", driving)).alias(
                **{DRIVEN_SORT: Coalesce("full_name", Value(""))}
            )
            # The same few ids bound the count (a superset of its matches).
            counted = counted.filter(IdIn("pk", driving))
            break
    return Search(qs, counted)


# -------------------------------------------------------------------- keyset pages


@dataclass
class Page:
    items: list[Employee]
    next_cursor: str | None
    size: int = PAGE_SIZE
    extra: dict[str, Any] = field(default_factory=dict)


def _after(cursor: str) -> Q:
    values = decode_cursor(cursor)
    if len(values) != 2 or not isinstance(values[0], str) or not isinstance(values[1], int):
        raise BadCursor(gettext("Kursor halaman tidak valid."))
    name, pk = values
    # ``full_name >= name`` alone is a range the index serves; the OR only trims ties.
    return Q(full_name__gte=name) & (Q(full_name__gt=name) | Q(pk__gt=pk))


def _ordered(qs: QuerySet[Employee], cursor: str | None) -> QuerySet[Employee]:
    """``qs`` in (full_name, pk) order, after ``cursor``."""
    name = DRIVEN_SORT if DRIVEN_SORT in qs.query.annotations else "full_name"
    ordered = qs.order_by(name, "pk")
    return ordered.filter(_after(cursor)) if cursor else ordered


def _next_cursor(last: tuple[int, str] | None) -> str | None:
    return None if last is None else encode_cursor([last[1], last[0]])


def page_ids(
    qs: QuerySet[Employee], *, cursor: str | None, size: int, max_size: int = MAX_PAGE_SIZE
) -> tuple[list[int], str | None]:
    """One page of primary keys in (full_name, pk) order, and the cursor of the next."""
    size = max(1, min(size, max_size))
    rows = list(_ordered(qs, cursor).values_list("pk", "full_name")[: size + 1])
    last = rows[size - 1] if len(rows) > size else None
    return [pk for pk, _ in rows[:size]], _next_cursor(last)


def page_rows(
    qs: QuerySet[Employee], *, cursor: str | None, size: int, max_size: int = MAX_PAGE_SIZE
) -> tuple[list[Employee], str | None]:
    """One page of employees in (full_name, pk) order, and the cursor of the next: the
    rows themselves, in the statement that finds them (``page_ids`` then ``rows_for``
    read them a second time, by key: one statement more on every list page)."""
    size = max(1, min(size, max_size))
    employees = list(_ordered(qs, cursor)[: size + 1])
    last = employees[size - 1] if len(employees) > size else None
    return employees[:size], _next_cursor(None if last is None else (last.pk, last.full_name))


def rows_for(ids: list[int], *, policy: WorkforcePolicy, today: dt.date) -> list[Employee]:
    """The employees ``ids`` in list order, with their current state and retirement date.

    The same attributes and meaning as ``queries.with_current_state`` (a test holds them
    equal), read with two plain queries for the page's ids — the employees and their open
    primary assignment with its position and unit — instead of seven correlated
    subqueries per row: a third of the time for a 50-row page.
    """
    if not ids:
        return []
    # Sorted here, not by the database: ORDER BY full_name would tempt SQLite without
    # statistics into walking the whole name index instead of fetching 50 rows by key.
    employees = sorted(
        Employee.objects.filter(pk__in=ids).order_by(), key=lambda e: (e.full_name, e.pk)
    )
    return with_state(employees, policy=policy, today=today)


def with_state(
    employees: list[Employee],
    *,
    policy: WorkforcePolicy,
    today: dt.date,
    golongan: dict[int, str] | None = None,
) -> list[Employee]:
    """``employees`` (read through the tenant-scoped manager) with the current state of
    ``rows_for``; the golongan is the stored ``latest_golongan`` unless the caller has
    read the ranks (``golongan``: {employee id: latest golongan})."""
    if not employees:
        return employees
    ids = [e.pk for e in employees]
    # Unscoped managers on purpose: every id above belongs to the active agency, and so do
    # its assignments and ranks (records.py writes them for the employee's agency). An
    # extra "agency_id = ?" would let SQLite, without ANALYZE statistics, prefer the
    # agency index and read the agency's whole history instead of 50 people's.
    # Two reads, not one join: PostgreSQL hashed all of the agency's positions (4,500 at
    # province scale) to join 50 assignments, and planning the join cost as much again.
    held = {
        employee_id: (position_id, starts_on)
        for employee_id, position_id, starts_on in current_primaries(today, scoped=False)
        .filter(employee_id__in=ids)
        .order_by("starts_on")  # should two overlap, the later one wins, as in queries
        .values_list("employee_id", "position_id", "starts_on")
    }
    posts = {
        row[0]: row[1:]
        for row in Position.all_objects.filter(
            pk__in=sorted({position_id for position_id, _ in held.values()})
        ).values_list("pk", "title", "jabatan_type", "unit_id", "unit__name")
    }
    current = {
        employee_id: (position_id, *posts[position_id], starts_on)
        for employee_id, (position_id, starts_on) in held.items()
    }
    cutoff = rotation_cutoff(policy, today)
    soon = add_months(today, 12)
    for e in employees:
        (
            e.current_position_id,
            e.current_position_title,
            e.current_jabatan_type,
            e.current_unit_id,
            e.current_unit_name,
            e.current_since,
        ) = current.get(e.pk, (None,) * 6)
        # The stored latest rank (decision 0012; "" without one), or the caller's reading.
        e.current_golongan = (golongan or {}).get(e.pk) or e.latest_golongan or None
        e.retires_on = retirement_date(e, policy, e.current_jabatan_type)
        e.retiring_soon = e.retires_on <= soon
        e.rotation_due = e.current_since is not None and e.current_since <= cutoff
    return employees


def page(
    qs: QuerySet[Employee],
    *,
    policy: WorkforcePolicy,
    today: dt.date,
    cursor: str | None = None,
    size: int = PAGE_SIZE,
) -> Page:
    employees, next_cursor = page_rows(qs, cursor=cursor, size=size)
    return Page(with_state(employees, policy=policy, today=today), next_cursor, size)


def iterate(
    qs: QuerySet[Employee], *, policy: WorkforcePolicy, today: dt.date, batch: int = 2000
) -> Iterator[Employee]:
    """Every matching employee with its current state, in list order, batch by batch
    (for exports: memory stays flat however long the list)."""
    cursor: str | None = None
    while True:
        ids, cursor = page_ids(qs, cursor=cursor, size=batch, max_size=batch)
        yield from rows_for(ids, policy=policy, today=today)
        if cursor is None:
            return


# -------------------------------------------------------------------- visibility


def visible_unit_paths(user: Any, agency: Any) -> list[str] | None:
    """Unit paths a viewer is confined to: ``None`` for agency-wide viewers, else the
    subtrees of the units where they are unit head (empty: nothing)."""
    scope = row_scope(user, agency, "workforce.asn")
    return None if scope.sees_all else list(scope.unit_paths)


def units_visible_to(user: Any, agency: Any) -> QuerySet[OrgUnit]:
    paths = visible_unit_paths(user, agency)
    units = OrgUnit.objects.all()
    if paths is None:
        return units
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return units.filter(condition)


def get_unit_for(user: Any, agency: Any, unit_id: int | None) -> OrgUnit | None:
    """The unit a page or an operation was asked about: None when none was, the unit when
    the viewer may see it, ``Http404`` otherwise (absent and out of scope look the same)."""
    if unit_id is None:
        return None
    unit = units_visible_to(user, agency).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


def ancestor_paths(path: str) -> list[str]:
    """The materialised paths of a unit and its ancestors: "/1/5/9/" → "/1/", "/1/5/",
    "/1/5/9/" (for rolling a unit's figures up its tree)."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def fetch_rows(qs: QuerySet) -> list[tuple]:
    """All rows of a ``values_list`` query of plain columns (integers, text) through one
    cursor, without Django's per-row conversion: several times faster for the hundreds
    of thousands of history rows the province-wide reports read. Dates come back raw
    (text on SQLite), so use it only for integers and text."""
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
