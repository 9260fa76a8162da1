"""Experiential learning judged by what citizens experienced: for each rotation, mutation
and special assignment, the service figures before and after the move in the unit the
official left, in the unit they joined, and of the official's own services
(``services.outcomes.before_after_each``: processing and waiting time in working time,
satisfaction where enough citizens answered, complaints per 100 services; equal windows,
the number of events behind each side, no direction stated with too few).

The unit left is the unit of the primary post the official held the day before (for a
special assignment, which runs beside that post, the home unit they partly left). A unit
head sees the moves **into** their subtree; BKPSDM the whole pemda. A page reads in a
fixed number of queries, whatever the number of moves on it.

These are descriptions of the data around a date, not causes: a unit's figures move
with its workload, its other staff and the season too; the pages say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from sigap.services.outcomes import Change, Window, before_after_each
from sigap.tenancy import org
from sigap.workforce.models import Assignment, Position

KINDS = (Assignment.Kind.ROTATION, Assignment.Kind.MUTATION, Assignment.Kind.SPECIAL)
PAGE = 25  # moves per page of the list (the page and the API)


@dataclass
class MoveImpact:
    move: Assignment  # with employee and position__unit
    left: Position | None  # the primary post held the day before, with its unit
    at_left: Window | None  # the unit left
    at_joined: Window | None  # the unit joined
    own: Window | None  # the official's own services, wherever they served

    @property
    def day(self) -> dt.date:
        return self.move.starts_on

    @property
    def joined(self) -> Position:
        return self.move.position


def moves_into(
    unit_paths: tuple[str, ...] | None, *, since: dt.date, until: dt.date
) -> QuerySet[Assignment]:
    """Rotations, mutations and special assignments starting in [since, until] into
    ``unit_paths``' subtrees (None: the whole pemda), latest first."""
    qs = Assignment.objects.filter(kind__in=KINDS, starts_on__gte=since, starts_on__lte=until)
    if unit_paths is not None:
        # The subtrees as unit ids first (a few hundred at most): the database then
        # starts from the units' positions, not from every assignment's unit path.
        units = list(org.subtrees(unit_paths).values_list("pk", flat=True))
        qs = qs.filter(position__unit_id__in=units)
    return qs.select_related("employee", "position__unit").order_by("-starts_on", "-pk")


def _posts_before(moves: list[Assignment]) -> dict[int, Position]:
    """{move id: the primary post its official held the day before} in one query."""
    if not moves:
        return {}
    held = (
        Assignment.objects.filter(
            employee_id__in={m.employee_id for m in moves},
            is_primary=True,
            starts_on__lt=max(m.starts_on for m in moves),
        )
        .exclude(pk__in=[m.pk for m in moves])
        .select_related("position__unit")
        .order_by("starts_on", "pk")
    )
    by_employee: dict[int, list[Assignment]] = {}
    for a in held:
        by_employee.setdefault(a.employee_id, []).append(a)
    out = {}
    for m in moves:
        eve = m.starts_on - dt.timedelta(days=1)
        covering = [
            a
            for a in by_employee.get(m.employee_id, ())
            if a.starts_on <= eve and (a.ends_on is None or a.ends_on >= eve)
        ]
        if covering:
            out[m.pk] = covering[-1].position
    return out


def impacts(moves: list[Assignment], *, today: dt.date, **options: Any) -> list[MoveImpact]:
    """Each move with its three windows (``options`` go to ``before_after_each``)."""
    before = _posts_before(moves)
    changes = []
    for m in moves:
        changes.append(Change(("own", m.pk), m.starts_on, officer=m.employee_id))
        changes.append(Change(("joined", m.pk), m.starts_on, unit=m.position.unit_id))
        if m.pk in before:
            changes.append(Change(("left", m.pk), m.starts_on, unit=before[m.pk].unit_id))
    windows = before_after_each(changes, today=today, **options)
    return [
        MoveImpact(
            m,
            before.get(m.pk),
            windows.get(("left", m.pk)),
            windows.get(("joined", m.pk)),
            windows.get(("own", m.pk)),
        )
        for m in moves
    ]
