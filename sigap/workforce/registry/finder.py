"""Finding people: the filtered, searchable ASN list and its keyset pages.

The list must stay fast at province scale (about 60,000 ASN per agency), with or without
planner statistics (SQLite gathers none until someone runs ANALYZE). It runs in steps:

1. ``filter_employees`` narrows ``Employee`` with one condition per filter, checked per
   person through an index that starts with the employee: ``(employee, -starts_on)``
   for the position in force today (``queries.current_primary_filter``), ``(employee,
   competency, -assessed_on)`` on assessments, the education foreign key; the golongan
   (the latest rank's, kept on the row: decision 0012) is a column of the row itself,
   retirement a ``birth_date`` range and the current post's type. Walking the ``(agency,
   full_name)`` index with these checks stops after one page when matches are common.
2. When they are rare, that walk would visit all 60,000 people. So each filter's
   matching set is first read up to ``DRIVE_LIMIT`` ids (a bounded read through the best
   index it has: NIP prefix ranges, open assignments by position, assessments by
   competency, employees by golongan and by birth date; education by scan); the first
   set that small drives the query instead, and only its rows are sorted. A set that is
   exactly the matches (a unit's holders, a study field, retirement) drives with its own
   per-row check dropped. Under a registry stamp the sets are kept in Django's cache
   (``_probe_ids``): paging through a result reads them once.
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
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.http import Http404
from django.utils.translation import gettext

from sigap.accounts.scope import row_scope
from sigap.platform import stamps
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
from sigap.workforce.registry.queries import LATEST_FIRST, current_primaries

PAGE_SIZE = 50
# A filter matching at most this many employees drives the list query (see filter_employees).
DRIVE_LIMIT = 2000
# Under a registry stamp a driven result's order is read once and kept (``_ordered_ids``),
# so a larger set is worth driving: its pages are then read by key, where the walk
# checked a "latest level" or "holds a post of the type" subquery per row on every page.
KEPT_DRIVE_LIMIT = 10_000
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


def _position_ids(f: AsnFilter, within_paths: list[str] | None, stamp: int) -> list[int]:
    """Ids of the positions an employee's current post must be among (the filter's unit
    subtree and type, inside the viewer's units).

    A list, read once: a few hundred ids at most, and a literal list lets the database
    use the open-assignments-by-position index whatever its statistics say. Kept under
    the registry stamp, which every write of a position or a unit renews."""
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
    unit_path = f.unit.path if f.unit is not None else ""
    within = "*" if within_paths is None else ",".join(sorted(within_paths))
    key = f"workforce.asn_positions:{stamp}:{stamps.digest([unit_path, f.jabatan_type, within])}"
    return stamps.cached(key, lambda: list(positions.values_list("pk", flat=True)), stamp=stamp)


@dataclass(frozen=True)
class _Narrowing:
    """One filter on derived state, two ways (see ``_narrowing``), each built only when
    asked for: a request whose probes and total are kept under the registry stamp never
    builds most of them (building them cost more than the statements that use them)."""

    key: str  # the filter's values, today included: names its probe in the cache
    condition: Callable[[], Any]  # checked per employee, through an index on the employee
    # Employee ids, uncorrelated: exactly the matches (``exact``), or, for a filter on a
    # column of the employee row (which ``_base`` applies to list and count), a superset
    # read through that column's index. Bounded-read, they drive the list when few.
    ids: Callable[[], QuerySet]
    # Whether ``ids`` are exactly the matches: then the count reads them once, and when
    # they drive, ``condition`` would only check again what the ids already say.
    exact: bool


def _is_latest(rows: QuerySet, newest_first: Iterable[str], **same: Any) -> QuerySet:
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
    f: AsnFilter,
    *,
    policy: WorkforcePolicy,
    today: dt.date,
    within_paths: list[str] | None,
    stamp: int = 0,
) -> list[_Narrowing]:
    """Each filter on derived state twice: as a condition checked per employee
    (correlated, served by an index that starts with the employee: the list walks the
    name index and stops after one page), and as a set of employee ids (uncorrelated),
    which drives the list when it is small and, being exactly the matches, is what the
    count reads. A count by the per-row conditions evaluated the "latest level" subquery
    for every one of 60,000 people (PostgreSQL cannot flatten a correlated ``LIMIT 1``);
    the sets are read once each instead (a semi-join on PostgreSQL, one materialised list
    on SQLite)."""
    found: list[_Narrowing] = []
    text = f.text.strip().replace(" ", "")
    by_post = f.unit is not None or bool(f.jabatan_type) or within_paths is not None
    if by_post or f.rotation_due:
        positions = functools.cache(lambda: _position_ids(f, within_paths, stamp))
        cutoff = rotation_cutoff(policy, today) if f.rotation_due else None

        def holders(*, scoped: bool) -> QuerySet[Assignment]:
            held = current_primaries(today, scoped=scoped)
            if by_post:
                held = held.filter(IdIn("position_id", positions()))
            if cutoff is not None:
                held = held.filter(starts_on__lte=cutoff)
            return held

        def holding_ids() -> QuerySet:
            # Unscoped with position ids: they came through the tenant-scoped manager,
            # and "agency_id = ?" would tempt SQLite without statistics into reading the
            # agency's every assignment instead of these positions'.
            return holders(scoped=not by_post).values_list("employee_id", flat=True)

        unit_path = f.unit.path if f.unit is not None else ""
        within = "*" if within_paths is None else ",".join(sorted(within_paths))
        found.append(
            _Narrowing(
                f"holding:{unit_path}:{f.jabatan_type}:{within}:{cutoff}:{today}",
                lambda: _holding(holders(scoped=False)),
                holding_ids,
                exact=True,
            )
        )
    if f.competency_id:
        competency_id, level = f.competency_id, f.min_level or 1

        def latest_at_level() -> GreaterThanOrEqual:
            # The latest assessment: newest date, then newest row (as queries.current_levels).
            latest = CompetencyAssessment.all_objects.filter(
                employee=OuterRef("pk"), competency_id=competency_id
            ).order_by(*LATEST_FIRST)
            return GreaterThanOrEqual(Subquery(latest.values("level")[:1]), level)

        def assessed_at_level() -> QuerySet:
            # Those whose latest assessment (newest date, then newest row) is at the
            # level: through the competency's index, one probe per candidate row. Exact,
            # so when few it drives with no per-row "latest level" subquery (7 ms a page
            # on PostgreSQL when the walk checked it row by row). Unscoped: the
            # competency id was looked up through the tenant-scoped manager, and the
            # employees these ids meet are the active agency's.
            assessed = CompetencyAssessment.all_objects.filter(
                competency_id=competency_id, level__gte=level
            )
            return _is_latest(assessed, LATEST_FIRST, competency_id=competency_id).values_list(
                "employee_id", flat=True
            )

        found.append(
            _Narrowing(
                f"competency:{competency_id}:{level}:{today}",
                latest_at_level,
                assessed_at_level,
                exact=True,
            )
        )
    if f.field_group:
        group = f.field_group

        def studied() -> QuerySet:
            return Education.objects.filter(field_group=group).values_list("employee_id", flat=True)

        found.append(
            _Narrowing(
                f"field:{group}",
                lambda: Exists(
                    Education.all_objects.filter(employee=OuterRef("pk"), field_group=group)
                ),
                studied,
                exact=True,
            )
        )
    if f.golongan:
        # The latest rank's golongan is kept on the employee row (decision 0012), so the
        # condition is in ``_base``; its index drives the list when the golongan is rare.
        golongan = f.golongan
        found.append(
            _Narrowing(
                f"golongan:{golongan}",
                Q,
                lambda: Employee.objects.filter(latest_golongan=golongan).values_list(
                    "pk", flat=True
                ),
                exact=False,
            )
        )
    if text.isdigit():
        # Prefix ranges on the unique (agency, nip) and (agency, pppk_number) indexes;
        # the base filter already checks them per row (the probe may drive).
        def by_number() -> QuerySet:
            return (
                Employee.objects.filter(_prefix_range("nip", text))
                .order_by()
                .values_list("pk", flat=True)
                .union(
                    Employee.objects.filter(_prefix_range("pppk_number", text))
                    .order_by()
                    .values_list("pk", flat=True)
                )
            )

        found.insert(0, _Narrowing(f"number:{text}", Q, by_number, exact=False))
    if f.retiring_within_months is not None:
        # Last: its set is the dearest to read (the current post's type for everyone born
        # early enough: 1,900 people, 20 ms on PostgreSQL at province scale), but it is
        # exact, so when it is small (a year ahead: a few hundred) it drives with no
        # per-row check left, and under a registry stamp it is read once (``_probe_ids``).
        by = add_months(today, f.retiring_within_months)
        retiring = functools.cache(lambda: retiring_by(by, policy, on=today))

        def retiring_ids() -> QuerySet:
            return Employee.objects.filter(retiring()).values_list("pk", flat=True)

        found.append(_Narrowing(f"retiring:{by}:{today}", retiring, retiring_ids, exact=True))
    return found


def _base(
    qs: QuerySet[Employee], f: AsnFilter, *, policy: WorkforcePolicy, today: dt.date
) -> QuerySet[Employee]:
    """``qs`` narrowed by the filters on the employee's own row (status, name or number,
    golongan), which the list and the count share."""
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
    return qs


def filter_employees(
    qs: QuerySet[Employee],
    f: AsnFilter,
    *,
    policy: WorkforcePolicy,
    today: dt.date,
    within_paths: list[str] | None = None,
    stamp: int = 0,
) -> QuerySet[Employee]:
    """Narrow ``qs`` (already scoped to what the viewer may see) by ``f``: see ``search``.
    The caller pages the queryset itself (the API, exports), so no driven order is kept
    and a set drives only up to ``DRIVE_LIMIT``."""
    found = search(qs, f, policy=policy, today=today, within_paths=within_paths, stamp=stamp)
    return found.matches


class Search:
    """What ``search`` found, built on demand: ``matches`` to page through (``page``,
    ``iterate``) and ``counted``, the same people shaped for ``count()``."""

    def __init__(
        self,
        base: Callable[[], QuerySet[Employee]],
        narrowing: list[_Narrowing],
        driver: _Narrowing | None,
        driving: list[int] | None,
        stamp: int,
        result_key: str | None,
    ) -> None:
        self._base_of = base
        self._narrowing = narrowing
        self._driver = driver
        self.driving = driving  # the small id set that drives the list, if one does
        self.stamp = stamp
        self.result_key = result_key

    @functools.cached_property
    def _base(self) -> QuerySet[Employee]:
        """The employee-row filters (``_base``), built when a statement needs them: a
        page read from a kept order makes none."""
        return self._base_of()

    @functools.cached_property
    def matches(self) -> QuerySet[Employee]:
        qs = self._base
        if self.driving is not None:
            # Sort these few rows by an expression equal to the name: a plain ORDER BY
            # full_name would tempt SQLite (without statistics) to walk the whole name
            # index checking each row against the list, instead of fetching the list.
            # The ids as one parameter (``IdIn``): 2,000 bound one by one cost PostgreSQL
            # more to plan than to run.
            qs = qs.filter(IdIn("pk", self.driving)).alias(
                **{DRIVEN_SORT: Coalesce("full_name", Value(""))}
            )
        for n in self._narrowing:
            # An exact probe that drives has said all its condition would (a unit's
            # 1,500 holders each checked again for holding: 1,500 index probes).
            if not (n is self._driver and n.exact):
                qs = qs.filter(n.condition())
        return qs

    @functools.cached_property
    def counted(self) -> QuerySet[Employee]:
        counted = self._base
        for n in self._narrowing:
            if n.exact:
                counted = counted.filter(pk__in=n.ids())
        if self.driving is not None:
            # The same few ids bound the count (a superset of its matches).
            counted = counted.filter(IdIn("pk", self.driving))
        return counted

    @property
    def keeps_order(self) -> bool:
        """A driven result named by ``result_key`` under a stamp has its whole order
        kept (``kept_order``)."""
        return bool(self.stamp and self.result_key and self.driving is not None)

    @functools.cached_property
    def kept_order(self) -> list[int]:
        """Every match in list order (``_ordered_ids``), for a search that ``keeps_order``."""
        return _ordered_ids(self)

    def count(self) -> int:
        """How many match. When a page has already read the kept order, that order is
        every match and its length is the count: the first request after a write then
        makes no count statement of its own (17 ms on PostgreSQL for 7,400 people of one
        golongan, checked against 25,000 holders of one type)."""
        if "kept_order" in self.__dict__:
            return len(self.kept_order)
        return self.counted.count()

    def page(
        self,
        *,
        policy: WorkforcePolicy,
        today: dt.date,
        cursor: str | None = None,
        size: int = PAGE_SIZE,
    ) -> Page:
        """One page of ``matches`` with its rows' current state. A driven result named
        by ``result_key`` has its order kept under the stamp (``_kept_page_rows``)."""
        kept = None
        if self.keeps_order:
            size = max(1, min(size, MAX_PAGE_SIZE))
            kept = _kept_page_rows(self, cursor=cursor, size=size)
        employees, next_cursor = kept or page_rows(self.matches, cursor=cursor, size=size)
        state = with_state(employees, policy=policy, today=today, stamp=self.stamp)
        return Page(state, next_cursor, size)


def search(
    qs: QuerySet[Employee] | Callable[[], QuerySet[Employee]],
    f: AsnFilter,
    *,
    policy: WorkforcePolicy,
    today: dt.date,
    within_paths: list[str] | None = None,
    stamp: int = 0,
    result_key: str | None = None,
) -> Search:
    """Narrow ``qs`` (already scoped to what the viewer may see) by ``f``, for paging and
    for counting. ``qs`` may be a function that makes it: a page whose result is kept
    under the stamp then builds no query at all.

    ``within_paths`` repeats the viewer's unit scope (``visible_unit_paths``) so that a
    unit head's small subtree can drive the query; it never widens ``qs``.

    Plan: the list walks employees in name order and checks each filter per row, which
    stops after one page when matches are common. When they are rare that walk would
    visit all 60,000 employees, so each filter's matching set is first read up to
    ``DRIVE_LIMIT`` ids (a bounded read); if one set is that small, its ids drive the
    query and only they are sorted. This runs up to one short query per filter now.
    The count reads each filter's exact set once instead (``_narrowing``): a test holds
    both to the same people.

    ``stamp``: the agency's registry stamp (``totals.version``), read before. The probes
    read under it are kept (``_probe_ids``), and so is a driven result's order when the
    caller names it with ``result_key`` (the viewer's scope and the filter, as
    ``totals.result_key`` makes it): paging through a result, or coming back to it, then
    reads none of them again until a write changes what they read. Then a set of up to
    ``KEPT_DRIVE_LIMIT`` drives; without a ``result_key`` (a caller that pages
    ``matches`` itself) ``DRIVE_LIMIT`` does, since sorting 10,000 rows on every page
    would cost more than walking.
    """
    narrowing = _narrowing(f, policy=policy, today=today, within_paths=within_paths, stamp=stamp)

    # Probes in the order ``_narrowing`` lists them (NIP ranges, open assignments by
    # position, assessments by competency, education by field group, employees by
    # golongan, retirement: each through its index); the first small one is enough, as
    # the per-row conditions still check everything else.
    def base() -> QuerySet[Employee]:
        return _base(qs() if callable(qs) else qs, f, policy=policy, today=today)

    for n in narrowing:
        ids = _probe_ids(n, stamp, KEPT_DRIVE_LIMIT if stamp and result_key else DRIVE_LIMIT)
        if ids is not None:
            return Search(base, narrowing, n, sorted(set(ids)), stamp, result_key)
    return Search(base, narrowing, None, None, stamp, result_key)


def _probe_ids(n: _Narrowing, stamp: int, limit: int) -> list[int] | None:
    """The probe's employee ids when there are at most ``limit``, else None.

    A probe reads up to 2,001 ids through its index (about 5 ms on PostgreSQL for a
    common one, which then drives nothing), and each page of the same result asks again.
    Under a registry stamp the answer is kept in Django's cache (``platform.stamps``),
    named by the filter's values and the day (``_Narrowing.key``; the agency's stamp is
    its own): every writer of what a probe reads (employees, positions, assignments,
    assessments, educations, the policy) renews the stamp in its transaction."""

    def read() -> list[int] | bool:
        ids = list(n.ids().order_by()[: limit + 1])
        return ids if len(ids) <= limit else False  # False: too many to drive

    key = f"workforce.asn_probe:{stamp}:{limit}:{stamps.digest([n.key])}"
    found = stamps.cached(key, read, stamp=stamp)
    return None if found is False else list(found)


# -------------------------------------------------------------------- keyset pages


@dataclass
class Page:
    items: list[Employee]
    next_cursor: str | None
    size: int = PAGE_SIZE
    extra: dict[str, Any] = field(default_factory=dict)


def _cursor_values(cursor: str) -> tuple[str, int]:
    values = decode_cursor(cursor)
    if len(values) != 2 or not isinstance(values[0], str) or not isinstance(values[1], int):
        raise BadCursor(gettext("Kursor halaman tidak valid."))
    return values[0], values[1]


def _after(cursor: str) -> Q:
    name, pk = _cursor_values(cursor)
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


def _ordered_ids(found: Search) -> list[int]:
    """Every match of a search driven by a small id set (``KEPT_DRIVE_LIMIT``), in list
    order, kept under the registry stamp and the search's ``result_key``.

    A driven page sorts all of its driving rows to show 50 of them: 1,900 people
    retiring within a year cost PostgreSQL 6–10 ms a page (index or heap reads of every
    row, then a top-N sort), and each page of the same result asked again."""

    def read() -> list[int]:
        return list(_ordered(found.matches, None).values_list("pk", flat=True))

    key = f"workforce.asn_rows:{found.stamp}:{stamps.digest([found.result_key or ''])}"
    return stamps.cached(key, read, stamp=found.stamp)


def _kept_page_rows(
    found: Search, *, cursor: str | None, size: int
) -> tuple[list[Employee], str | None] | None:
    """``page_rows`` of a driven search from its kept order (``_ordered_ids``): the
    page's rows read by key. None when the cursor's row is not in that order (a cursor
    from before a write): the caller reads the page from the database instead."""
    ids = found.kept_order
    start = 0
    if cursor:
        _, after_pk = _cursor_values(cursor)
        try:
            start = ids.index(after_pk) + 1
        except ValueError:
            return None
    chunk = ids[start : start + size + 1]
    if not chunk:  # an empty result, or the page after the last
        return [], None
    # Through the tenant-scoped manager; the ids came from the viewer's own scoped query.
    rows = {e.pk: e for e in Employee.objects.filter(pk__in=chunk).order_by()}
    employees = [rows[pk] for pk in chunk if pk in rows]
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
    posts: dict[int, Assignment | None] | None = None,
    stamp: int = 0,
) -> list[Employee]:
    """``employees`` (read through the tenant-scoped manager) with the current state of
    ``rows_for``; the golongan is the stored ``latest_golongan`` unless the caller has
    read the ranks (``golongan``: {employee id: latest golongan}), and the current post is
    read unless the caller has it (``posts``: {employee id: the assignment in force, with
    its position and unit, or None}; ``queries.current_of``). ``stamp``: the agency's
    registry stamp, under which the posts' positions are kept (``_position_rows``)."""
    if not employees:
        return employees
    if posts is not None:
        current = {
            employee_id: (
                a.position_id,
                a.position.title,
                a.position.jabatan_type,
                a.position.unit_id,
                a.position.unit.name,
                a.starts_on,
            )
            for employee_id, a in posts.items()
            if a is not None
        }
        return _with_state(employees, current, policy=policy, today=today, golongan=golongan)
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
    agency_id = employees[0].agency_id
    positions = _position_rows(agency_id, {position_id for position_id, _ in held.values()}, stamp)
    current = {
        employee_id: (position_id, *positions[position_id], starts_on)
        for employee_id, (position_id, starts_on) in held.items()
    }
    return _with_state(employees, current, policy=policy, today=today, golongan=golongan)


# The positions current posts point at, per agency under its registry stamp: {agency id:
# (stamp, {position id: (title, type, unit id, unit name)})}, filled as pages meet them.
# Every write of a position or a unit renews the stamp, and a new stamp starts a new dict
# (one per agency: at province scale at most ~4,500 small tuples). A writer's own request
# may fill a dict under its uncommitted stamp; should it roll back, nobody else ever
# reads that stamp, and the next page under the committed one replaces the dict.
_POSITIONS: dict[int, tuple[int, dict[int, tuple]]] = {}


def _position_rows(agency_id: int, position_ids: set[int], stamp: int) -> dict[int, tuple]:
    """{position id: (title, jabatan type, unit id, unit name)} for ``position_ids``:
    read from the database only for the ones not kept under ``stamp`` (all of them
    without a stamp). Saves a statement on every list page once the posts have been seen."""

    def read(ids: list[int]) -> dict[int, tuple]:
        rows = Position.all_objects.filter(pk__in=ids).values_list(
            "pk", "title", "jabatan_type", "unit_id", "unit__name"
        )
        return {row[0]: row[1:] for row in rows}

    if not stamp:
        return read(sorted(position_ids))
    kept_stamp, kept = _POSITIONS.get(agency_id, (0, {}))
    if kept_stamp != stamp:
        kept = {}
        _POSITIONS[agency_id] = (stamp, kept)
    missing = sorted(position_ids - kept.keys())
    if missing:
        kept.update(read(missing))
    return {position_id: kept[position_id] for position_id in position_ids if position_id in kept}


def _with_state(
    employees: list[Employee],
    current: dict[int, tuple],
    *,
    policy: WorkforcePolicy,
    today: dt.date,
    golongan: dict[int, str] | None,
) -> list[Employee]:
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
