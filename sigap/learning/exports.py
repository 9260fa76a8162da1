"""Excel of a unit's training plan and realisation (openpyxl)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from sigap.learning.models import Enrolment
from sigap.tenancy.models import OrgUnit

# Written in the reader's language when the file is made (issue 8, item 11).
HEAD = (
    gettext_lazy("Nama program"),
    gettext_lazy("Bentuk"),
    gettext_lazy("JP"),
    gettext_lazy("NIP"),
    gettext_lazy("Nama"),
    gettext_lazy("Unit"),
    gettext_lazy("Status"),
    gettext_lazy("Biaya (Rp)"),
    gettext_lazy("Tanggal disetujui"),
    gettext_lazy("Tanggal selesai"),
    gettext_lazy("Pra-tes"),
    gettext_lazy("Pasca-tes"),
)


def plan_workbook(unit: OrgUnit, year: int) -> bytes:
    """Every nomination of ``unit``'s subtree for ``year``: the plan (approved and waiting)
    and the realisation (completed), with the budget line per status."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = _("Rencana %(year)s") % {"year": year}
    sheet.append([str(h) for h in HEAD])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    rows = (
        Enrolment.objects.filter(unit__path__startswith=unit.path, programme__year=year)
        .select_related("programme", "employee", "unit")
        .order_by("programme__title", "employee__full_name")
    )
    totals: dict[str, tuple[int, int]] = {}
    for e in rows:
        sheet.append(
            (
                e.programme.title,
                e.programme.get_form_display(),
                float(e.programme.jp),
                e.employee.identifier,
                e.employee.full_name,
                e.unit.name,
                e.get_status_display(),
                int(e.cost),
                e.approved_at.date().isoformat() if e.approved_at else "",
                e.completed_at.date().isoformat() if e.completed_at else "",
                float(e.pre_test) if e.pre_test is not None else None,
                float(e.post_test) if e.post_test is not None else None,
            )
        )
        n, cost = totals.get(e.get_status_display(), (0, 0))
        totals[e.get_status_display()] = (n + 1, cost + int(e.cost))
    summary = wb.create_sheet(_("Ringkasan"))
    summary.append((_("Status"), _("Peserta"), _("Biaya (Rp)")))
    for cell in summary[1]:
        cell.font = Font(bold=True)
    for status, (n, cost) in sorted(totals.items()):
        summary.append((status, n, cost))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
