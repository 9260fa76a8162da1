"""Any audit search as an Excel file (issue 8, item 12), with the values as the list
shows them. The export itself is an access event: the trail holds personal data."""

from __future__ import annotations

import io
from collections.abc import Iterable

from auditlog.models import LogEntry
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.audit.events import record_access, register_events
from sigap.tenancy.models import Agency
from sigap.trail import display

EXPORT_EVENT = "ekspor jejak audit"
register_events({EXPORT_EVENT: gettext_lazy("Ekspor jejak audit")})
# An inspector narrows a search before exporting; the cap keeps one request bounded.
MAX_ROWS = 50_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def trail_workbook(entries: Iterable[LogEntry]) -> tuple[bytes, int]:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Jejak audit"))
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = [
        _("Waktu"),
        _("Peristiwa"),
        _("Jenis data"),
        _("Data"),
        _("Kolom"),
        _("Sebelum"),
        _("Sesudah"),
        _("Pelaku"),
        _("Saluran"),
        _("Alamat"),
    ]
    cells = []
    for name in header:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = bold
        cells.append(cell)
    ws.append(cells)
    memo: dict = {}
    n = 0
    for e in entries:
        n += 1
        moment = timezone.localtime(e.timestamp).strftime("%Y-%m-%d %H:%M:%S %Z")
        base = [
            moment,
            display.event_label(e),
            display.model_label(e),
            display.object_label(e),
        ]
        tail = [display.actor_label(e), display.channel_label(e), e.remote_addr or ""]
        changes = display.changes(e, memo) or [display.Change("", "", "")]
        for change in changes:
            row = [*base, change.label, change.before, change.after, *tail]
            # Data, never formulas: a value typed into a form must not run in Excel.
            out_row = []
            for value in row:
                cell = WriteOnlyCell(ws, value=value)
                if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
                    cell.data_type = "s"
                out_row.append(cell)
            ws.append(out_row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), n


def record_trail_export(agency: Agency, *, filters: dict, rows: int) -> None:
    record_access(
        EXPORT_EVENT, agency, details={"export": "jejak audit", "filters": filters, "rows": rows}
    )
