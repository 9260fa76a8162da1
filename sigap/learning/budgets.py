"""Development budgets: a unit's yearly ceiling per funding source, and the three moves
on it — commit at approval, realise at completion, release at cancellation.

Each move is a single ``UPDATE … SET committed = committed + %s`` on a row locked with
``SELECT … FOR UPDATE``; the ``learning_budget_never_overspent`` CHECK constraint
(``committed ≤ planned + overrun − realised``) is the database's own guarantee, so even
a code path that forgot the lock could not overspend: the update fails and the
approval with it. ``overrun`` grows only through ``approve(..., override_reason=...)``
by a holder of ``learning.override_budget``, audited with the figures.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from sigap.audit.events import acting, record, register_events
from sigap.learning.models import Budget, Enrolment
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency, OrgUnit

register_events(
    {
        "anggaran pengembangan ditetapkan": "Anggaran pengembangan ditetapkan",
        "anggaran pengembangan dilampaui": "Anggaran pengembangan dilampaui (persetujuan khusus)",
    }
)


def rupiah(amount: Decimal | int) -> str:
    return "Rp" + f"{int(amount):,}".replace(",", ".")


class Overspend(ValidationError):
    """An approval would take the budget past its ceiling (the message has the figures)."""


@transaction.atomic
def set_budget(
    agency: Agency,
    *,
    unit: OrgUnit,
    year: int,
    source: str,
    planned: Decimal | int,
    by: Any = None,
) -> Budget:
    """Create the budget or change its ceiling; never below what is already spent or
    committed."""
    errors: dict[str, str] = {}
    planned = Decimal(planned if planned is not None else -1)
    if planned < 0:
        errors["planned"] = _("Pagu tidak boleh negatif.")
    if source not in Budget.Source.values:
        errors["source"] = _("Pilih sumber dana.")
    if unit.agency_id != agency.pk:
        errors["unit"] = _("Unit milik pemda lain.")
    if not 2000 <= int(year or 0) <= 2100:
        errors["year"] = _("Tahun tidak masuk akal.")
    if errors:
        raise ValidationError(errors)
    with acting_for(agency), acting(by):
        budget = (
            Budget.objects.select_for_update().filter(unit=unit, year=year, source=source).first()
        )
        if budget is None:
            budget = Budget(agency=agency, unit=unit, year=year, source=source, planned=planned)
        elif planned + budget.overrun < budget.committed + budget.realised:
            raise ValidationError(
                {
                    "planned": _(
                        "Pagu tidak boleh di bawah yang sudah terikat dan terealisasi (%(used)s)."
                    )
                    % {"used": rupiah(budget.committed + budget.realised)}
                }
            )
        budget.planned = planned
        budget.save()
        record(
            "anggaran pengembangan ditetapkan",
            budget,
            details={"unit": unit.pk, "year": year, "source": source, "planned": planned},
        )
        return budget


def budget_for(unit: OrgUnit, year: int, *, lock: bool = False) -> Budget | None:
    """The budget that pays for a participant of ``unit``: the nearest unit up the tree
    that has one for ``year``, the one with most room first when it has several sources."""
    ancestors = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
    qs = Budget.objects.filter(unit_id__in=ancestors, year=year)
    if lock:
        qs = qs.select_for_update()
    budgets = list(qs)
    if not budgets:
        return None
    depth = {pk: i for i, pk in enumerate(ancestors)}
    return max(budgets, key=lambda b: (depth[b.unit_id], b.remaining))


def commit(budget: Budget, amount: Decimal, *, overrun: Decimal = Decimal(0)) -> None:
    _apply(budget, committed=amount, overrun=overrun)


def realise(budget: Budget, amount: Decimal) -> None:
    _apply(budget, committed=-amount, realised=amount)


def release(budget: Budget, amount: Decimal) -> None:
    _apply(budget, committed=-amount)


def _apply(
    budget: Budget,
    *,
    committed: Decimal = Decimal(0),
    realised: Decimal = Decimal(0),
    overrun: Decimal = Decimal(0),
) -> None:
    try:
        with transaction.atomic():
            Budget.objects.filter(pk=budget.pk).update(
                committed=F("committed") + committed,
                realised=F("realised") + realised,
                overrun=F("overrun") + overrun,
            )
    except IntegrityError:
        # The CHECK constraint refused: the figures moved under us.
        budget.refresh_from_db()
        raise Overspend(overspend_message(budget, committed), code="overspend") from None
    budget.refresh_from_db()


def overspend_message(budget: Budget, cost: Decimal) -> str:
    return _(
        "Anggaran %(budget)s tidak cukup: pagu %(planned)s, terikat %(committed)s, "
        "terealisasi %(realised)s, sisa %(remaining)s; biaya peserta %(cost)s "
        "(kurang %(short)s)."
    ) % {
        "budget": str(budget),
        "planned": rupiah(budget.planned + budget.overrun),
        "committed": rupiah(budget.committed),
        "realised": rupiah(budget.realised),
        "remaining": rupiah(budget.remaining),
        "cost": rupiah(cost),
        "short": rupiah(max(Decimal(0), cost - budget.remaining)),
    }


def budgets_visible(scope: Any) -> QuerySet[Budget]:
    return scope.rows(Budget.objects.select_related("unit"), unit_path="unit__path")


def report(budgets: QuerySet[Budget]) -> list[dict[str, Any]]:
    """Per budget: plan, committed, realised, realisation share, participants, JP
    delivered, cost per participant and per JP (completions only)."""
    done = Enrolment.Status.COMPLETED
    stats = {
        row["budget_id"]: row
        for row in Enrolment.objects.filter(budget__in=budgets)
        .values("budget_id")
        .annotate(
            participants=Count("pk", filter=Q(status=done)),
            jp=Sum("programme__jp", filter=Q(status=done)),
            spent=Sum("cost", filter=Q(status=done)),
        )
        .order_by()
    }
    rows = []
    for b in budgets:
        s = stats.get(b.pk, {})
        n, jp_total, spent = s.get("participants") or 0, s.get("jp") or 0, s.get("spent") or 0
        ceiling = b.planned + b.overrun
        rows.append(
            {
                "budget": b,
                "ceiling": ceiling,
                "realisation": (b.realised * 100 / ceiling) if ceiling else Decimal(0),
                "participants": n,
                "jp": jp_total,
                "per_participant": (Decimal(spent) / n) if n else None,
                "per_jp": (Decimal(spent) / Decimal(jp_total)) if jp_total else None,
            }
        )
    return rows
