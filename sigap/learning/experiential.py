"""Experiential learning: rotations, special assignments and secondments recorded in the
workforce history (``workforce.Assignment``) count as development with their JP
equivalent (the agency's fixed rule for the form; defaults in ``jp_rules.csv``).

Credits are written once per assignment (a one-to-one link on ``JpCredit``), in the year
the assignment started, by ``credit_experience`` — run for a year from the ledger page,
by the periodic reminder task and by the demo.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef

from sigap.audit.events import BulkTrail, acting, register_events
from sigap.learning import jp
from sigap.learning.models import Form, JpCredit
from sigap.platform.bulk import BulkWriter
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency
from sigap.workforce.models import Assignment

KIND_TO_FORM = {
    Assignment.Kind.ROTATION: Form.ROTATION,
    Assignment.Kind.SPECIAL: Form.SPECIAL_ASSIGNMENT,
    Assignment.Kind.SECONDMENT: Form.DETASERING,
}

COLUMNS = (
    "agency_id",
    "employee_id",
    "year",
    "day",
    "jp",
    "source",
    "form",
    "title",
    "assignment_id",
)

register_events({"pembelajaran pengalaman dikreditkan": "JP pembelajaran dari pengalaman dicatat"})


@transaction.atomic
def credit_experience(agency: Agency, year: int, *, by: Any = None) -> int:
    """Credit every rotation, special assignment and secondment starting in ``year`` not
    yet in the ledger. Returns how many were credited."""
    with acting_for(agency), acting(by):
        rules = jp.rules_for(agency)
        pending = (
            Assignment.objects.filter(kind__in=list(KIND_TO_FORM), starts_on__year=year)
            .exclude(Exists(JpCredit.objects.filter(assignment_id=OuterRef("pk"))))
            .select_related("position")
            .order_by("pk")
        )
        rows = []
        for a in pending:
            form = KIND_TO_FORM[a.kind]
            value = jp.convert(rules[form], [])
            rows.append(
                (
                    agency.pk,
                    a.employee_id,
                    a.starts_on.year,
                    a.starts_on,
                    value,
                    JpCredit.Source.EXPERIENTIAL.value,
                    form.value,
                    f"{a.get_kind_display()}: {a.position.title}"[:200],
                    a.pk,
                )
            )
        if not rows:
            return 0
        writer = BulkWriter(
            BulkTrail(
                agency_id=agency.pk,
                event="pembelajaran pengalaman dikreditkan",
                cid=uuid.uuid4().hex,
                models=[JpCredit],
            )
        )
        writer.insert(JpCredit, COLUMNS, rows)
        jp.add_to_totals(agency.pk, [(r[1], r[2], r[4]) for r in rows])
        writer.flush()
        return len(rows)
