"""Forum action items move in a handover like other open work (``workforce.handover``)."""

from __future__ import annotations

from typing import Any

from sigap.consultations.models import ActionItem


class ForumActionItemProvider:
    kind = "forum_action_item"
    label = "Tindak lanjut forum dialog"

    def open_items(self, employee: Any, position: Any) -> list[Any]:
        from sigap.workforce.handover import OpenItem

        rows = ActionItem.objects.filter(owner=employee, status=ActionItem.Status.OPEN)
        return [OpenItem(self.kind, a.pk, a.title) for a in rows.order_by("due_on", "pk")]

    def transfer(
        self, items: list[Any], *, from_employee: Any, to_employee: Any, position: Any
    ) -> list[dict]:
        from sigap.workforce.handover import moved_record

        by_id = {i.id: i for i in items}
        moved = []
        rows = ActionItem.objects.select_for_update().filter(
            pk__in=by_id, owner=from_employee, status=ActionItem.Status.OPEN
        )
        for item in rows.order_by("pk"):
            item.owner = to_employee
            item.save(update_fields=["owner"])  # one audited change per item
            moved.append(moved_record(by_id[item.pk], to=to_employee))
        return moved


def register_provider() -> None:
    from sigap.workforce import handover

    handover.register(ForumActionItemProvider())
