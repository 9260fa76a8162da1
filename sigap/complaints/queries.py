"""Reads: the unit's inbox, one complaint for a user, the triage list, the classifier's
report and the public statistics. Each owns its ``select_related`` and index.

Row scope (``accounts.scope``): ``complaints.view_all_complaint`` sees the agency,
``complaints.view_unit_complaint`` the complaints routed to the subtrees of the
user's units. Unrouted complaints (no unit yet) belong to the triage desk only.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from sigap.accounts.scope import row_scope
from sigap.complaints.models import Complaint, MonthlyCount, RoutingDecision
from sigap.platform.access import may
from sigap.tenancy.models import Agency, OrgUnit

RESOURCE = "complaints.complaint"
PAGE = 50


def visible(user: Any, agency: Agency) -> QuerySet[Complaint]:
    scope = row_scope(user, agency, RESOURCE)
    if scope.kind == scope.UNITS:
        # The subtree's unit ids first, then ``unit_id IN (…)``: the inbox index
        # (agency, unit, status, due_at) serves it, where a join on the unit's path
        # made the planner scan the complaints (bench.complaint_inbox).
        units = OrgUnit.all_objects.filter(agency_id=agency.pk).filter(scope.q(unit_path="path"))
        return Complaint.objects.filter(unit_id__in=list(units.values_list("pk", flat=True)))
    return scope.rows(Complaint.objects.all(), unit_path="unit__path")


def get_complaint_for(user: Any, agency: Agency, pk: int) -> Complaint | None:
    """No access looks the same as not found."""
    qs = visible(user, agency)
    if may(user, agency, "complaints.triage_all_complaint"):
        qs = Complaint.objects.all()
    return (
        qs.select_related("category", "unit", "service", "officer", "merged_into")
        .filter(pk=pk)
        .first()
    )


def inbox(
    user: Any, agency: Agency, *, state: str = "open", after: tuple[Any, int] | None = None
) -> list[Complaint]:
    """A unit's complaints, most urgent first (index ``complaint_unit_inbox``); keyset
    pages on (due_at, pk)."""
    qs = visible(user, agency).filter(unit__isnull=False)
    if state == "open":
        qs = qs.filter(status__in=Complaint.OPEN)
    elif state == "answered":
        qs = qs.filter(status=Complaint.Status.ANSWERED)
    elif state == "closed":
        qs = qs.filter(status__in=Complaint.FINAL)
    if after is not None:
        due, pk = after
        qs = qs.filter(Q(due_at__gt=due) | Q(due_at=due, pk__gt=pk))
    return list(
        qs.select_related("category", "unit")
        .only(
            "pk",
            "tracking_number",
            "status",
            "mode",
            "text",
            "due_at",
            "created_at",
            "escalation_level",
            "category__name",
            "unit__name",
            "unit__path",
        )
        .order_by("due_at", "pk")[:PAGE]
    )


def triage(agency: Agency, number: str = "") -> list[Complaint]:
    """Received complaints waiting to be verified and routed; those Sigap abstained on
    first, then the oldest. ``number``: just that one (a caller reads it out)."""
    qs = Complaint.objects.filter(status=Complaint.Status.RECEIVED)
    if number:
        qs = qs.filter(tracking_number=number.strip().upper())
    return list(
        qs.select_related("suggested_category", "category").order_by(
            "-needs_triage", "created_at", "pk"
        )[:PAGE]
    )


# ---------------------------------------------------------------------- the classifier


@dataclass(frozen=True)
class RoutingReport:
    routed: int  # complaints routed for the first time in the period
    suggested: int  # of which Sigap suggested a category
    correct: int  # of which the handler kept the suggestion
    abstained: int
    reassigned: int  # routed complaints later moved to another unit or category

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.suggested if self.suggested else None

    @property
    def abstention_rate(self) -> float | None:
        return self.abstained / self.routed if self.routed else None

    @property
    def reassignment_rate(self) -> float | None:
        return self.reassigned / self.routed if self.routed else None


def routing_report(agency: Agency, since: dt.datetime | None = None) -> RoutingReport:
    first = RoutingDecision.objects.filter(is_reassignment=False)
    if since is not None:
        first = first.filter(at__gte=since)
    totals = first.aggregate(
        routed=Count("pk"),
        suggested=Count("pk", filter=Q(abstained=False, suggested_category__isnull=False)),
        correct=Count(
            "pk",
            filter=Q(abstained=False, suggested_category__isnull=False)
            & Q(suggested_category_id=F("category_id")),
        ),
        abstained=Count("pk", filter=Q(abstained=True)),
    )
    reassigned = (
        RoutingDecision.objects.filter(
            is_reassignment=True, complaint_id__in=first.values("complaint_id")
        )
        .values("complaint_id")
        .distinct()
        .count()
    )
    return RoutingReport(
        routed=totals["routed"],
        suggested=totals["suggested"],
        correct=totals["correct"],
        abstained=totals["abstained"],
        reassigned=reassigned,
    )


# ---------------------------------------------------------------------- public


@dataclass(frozen=True)
class StatRow:
    label: str
    filed: int
    answered: int
    on_time: int
    answer_seconds: int

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.answered if self.answered else None

    @property
    def mean_answer_days(self) -> float | None:
        """Mean time to answer in working days of 8 office hours (display only)."""
        if not self.answered:
            return None
        return self.answer_seconds / self.answered / (8 * 3600)


def public_stats(agency: Agency, year: int) -> dict[str, list[StatRow]]:
    """By unit, category and month for ``year``, from the count table only: no
    personal data exists at this grain."""
    rows = MonthlyCount.objects.filter(
        month__gte=dt.date(year, 1, 1), month__lt=dt.date(year + 1, 1, 1)
    )
    sums = {
        "filed": Sum("filed"),
        "answered": Sum("answered"),
        "on_time": Sum("answered_on_time"),
        "seconds": Sum("answer_working_seconds"),
    }

    def table(key: str, label: str) -> list[StatRow]:
        out = []
        for r in rows.values(key, label).annotate(**sums).order_by(label):
            out.append(
                StatRow(
                    str(r[label]),
                    r["filed"] or 0,
                    r["answered"] or 0,
                    r["on_time"] or 0,
                    r["seconds"] or 0,
                )
            )
        return out

    months: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for r in rows.values("month").annotate(**sums).order_by("month"):
        months[r["month"].strftime("%Y-%m")] = [
            r["filed"] or 0,
            r["answered"] or 0,
            r["on_time"] or 0,
            r["seconds"] or 0,
        ]
    return {
        "units": table("unit_id", "unit__name"),
        "categories": table("category_id", "category__name"),
        "months": [StatRow(k, *v) for k, v in sorted(months.items())],
    }
