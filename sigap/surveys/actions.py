"""Follow-up on the weakest elements: a unit records what it will improve, who owns it
(an ASN) and by when, and marks it done. The next period's report shows whether the
element's NRR rose (``results.follow_up``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sigap.audit.events import acting, record, register_events
from sigap.platform.transitions import transition
from sigap.surveys.models import ImprovementAction
from sigap.surveys.questionnaire import CODES
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency, OrgUnit

register_events(
    {
        "tindak lanjut survei dicatat": "Tindak lanjut survei dicatat",
        "tindak lanjut survei dialihkan": "Tindak lanjut survei dialihkan",
    }
)


@transaction.atomic
def record_action(
    agency: Agency,
    *,
    unit: OrgUnit,
    element: str,
    period_start: dt.date,
    description: str,
    owner: Any,
    due_date: dt.date,
    by: Any,
) -> ImprovementAction:
    errors: dict[str, str] = {}
    if element not in CODES:
        errors["element"] = _("Pilih unsur U1 sampai U9.")
    if not (description or "").strip():
        errors["description"] = _("Tuliskan rencana tindak lanjut.")
    if owner is None or getattr(owner, "agency_id", None) != agency.pk:
        errors["owner"] = _("Pilih ASN penanggung jawab di pemda ini.")
    if unit.agency_id != agency.pk:
        errors["unit"] = _("Unit milik pemda lain.")
    if due_date < agency.today():
        errors["due_date"] = _("Batas waktu tidak boleh sebelum hari ini.")
    if errors:
        raise ValidationError(errors)
    with acting_for(agency), acting(by):
        action = ImprovementAction(
            agency=agency,
            unit=unit,
            element=element,
            period_start=period_start,
            description=description.strip(),
            owner=owner,
            due_date=due_date,
        )
        action.full_clean()
        action.save()
        record("tindak lanjut survei dicatat", action, details={"element": element})
        return action


@transaction.atomic
def complete_action(action: ImprovementAction, *, note: str = "", by: Any) -> ImprovementAction:
    with acting_for(action.agency), acting(by):
        return transition(action, ImprovementAction.Status.DONE, result_note=(note or "").strip())


@transaction.atomic
def reassign_action(action: ImprovementAction, *, to: Any) -> ImprovementAction:
    """Give an open action to another ASN of the same pemda (the serah terima jabatan,
    ``surveys.handover``: it runs inside ``hand_over``'s transaction and actor)."""
    if action.status != ImprovementAction.Status.OPEN:
        raise ValidationError(_("Tindak lanjut yang sudah selesai tidak dialihkan."))
    if getattr(to, "agency_id", None) != action.agency_id:
        raise ValidationError({"owner": _("Pilih ASN penanggung jawab di pemda ini.")})
    with acting_for(action.agency):
        before = action.owner_id
        action.owner = to
        action.save(update_fields=["owner"])
        record(
            "tindak lanjut survei dialihkan",
            action,
            changes={"owner_id": (before, to.pk)},
        )
        return action


def open_actions_of(employee: Any) -> list[ImprovementAction]:
    """An ASN's open follow-ups (what their handover should list)."""
    with acting_for(employee.agency):
        return list(
            ImprovementAction.objects.filter(owner=employee, status=ImprovementAction.Status.OPEN)
            .select_related("unit")
            .order_by("due_date")
        )
