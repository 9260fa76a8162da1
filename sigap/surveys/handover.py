"""Survey follow-ups in the serah terima jabatan (issue 11, item 5): an ASN's open
improvement actions are open work, listed on the handover page and moved to the
successor with the post, like the workforce's own action items (``workforce.handover``).

Like those, an action follows its owner whatever unit it was raised for: the follow-up
is the post's, and a person leaving the post leaves it behind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from sigap.surveys import actions
from sigap.surveys.models import ImprovementAction
from sigap.workforce.handover import OpenItem, moved_record

if TYPE_CHECKING:
    from sigap.workforce.models import Employee, Position


class ImprovementActionProvider:
    kind = "survey_action"
    label = _("Tindak lanjut survei kepuasan")

    def open_items(self, employee: Employee, position: Position | None) -> list[OpenItem]:
        rows = ImprovementAction.objects.filter(
            owner=employee, status=ImprovementAction.Status.OPEN
        ).order_by("due_date", "pk")
        return [OpenItem(self.kind, a.pk, f"{a.element} · {a.description[:80]}") for a in rows]

    def transfer(
        self,
        items: list[OpenItem],
        *,
        from_employee: Employee,
        to_employee: Employee,
        position: Position,
    ) -> list[dict]:
        by_id = {i.id: i for i in items}
        moved = []
        rows = ImprovementAction.objects.select_for_update().filter(
            pk__in=by_id, owner=from_employee, status=ImprovementAction.Status.OPEN
        )
        for action in rows.order_by("pk"):
            actions.reassign_action(action, to=to_employee)
            moved.append(moved_record(by_id[action.pk], to=to_employee))
        return moved
