"""Excel of a unit's training plan and realisation, and of the ASN below their yearly JP
target (openpyxl)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from sigap.learning.models import Enrolment
from sigap.learning.needs import Standing
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


def below_target_workbook(
    rows: Sequence[Standing], *, year: int, below: int, total: int, unit: OrgUnit | None
) -> bytes:
    """The "below 20 JP" list, fewest JP first: one row per ASN with their target and
    the JP still owed. Written row by row (write-only), so a province's list fits."""
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet(_("Di bawah target %(year)s") % {"year": year})
    sheet.append(
        (
            _("NIP/nomor PPPK"),
            _("Nama"),
            _("Unit"),
            _("JP %(year)s") % {"year": year},
            _("Target JP"),
            _("Kurang"),
        )
    )
    for s in rows:
        sheet.append(
            (
                s.identifier,
                s.name,
                s.unit_name,
                float(s.jp),
                float(s.target) if s.target is not None else None,
                float(s.owed),
            )
        )
    summary = wb.create_sheet(_("Ringkasan"))
    summary.append((_("Cakupan"), unit.name if unit else _("Seluruh pemda")))
    summary.append((_("Tahun"), year))
    summary.append((_("ASN di bawah target"), below))
    summary.append((_("ASN dengan target"), total))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
