"""Excel exports of filtered lists (openpyxl, write-only).

A write-only workbook streams rows to a temporary file as they come, so exporting the
whole ASN list of a province (60,000 rows) keeps memory flat; the rows themselves come
from ``finder.iterate`` in keyset batches. Downloading personal data is processing it
(UU 27/2022): every export writes one audit entry saying what was exported, with which
filters, and how many rows.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from auditlog.models import LogEntry
from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from sigap.tenancy.models import Agency
from sigap.workforce.models import Employee, JabatanType
from sigap.workforce.recruitment import PositionNeed
from sigap.workforce.reference import golongan_by_code

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD-MM-YYYY"


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    width: int = 16


def _header(ws: WriteOnlyWorksheet, columns: Sequence[Column]) -> None:
    bold = Font(bold=True)
    cells = []
    for c in columns:
        cell = WriteOnlyCell(ws, value=c.header)
        cell.font = bold
        cells.append(cell)
    ws.append(cells)


def _cell(ws: WriteOnlyWorksheet, value: Any) -> Any:
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value


def write_sheet(wb: Workbook, title: str, columns: Sequence[Column], rows: Iterable[Any]) -> int:
    """Append a sheet of ``rows`` to a write-only workbook; returns the row count."""
    ws = wb.create_sheet(title=title[:31])
    for i, c in enumerate(columns):
        ws.column_dimensions[get_column_letter(i + 1)].width = c.width
    ws.freeze_panes = "A2"
    _header(ws, columns)
    n = 0
    for row in rows:
        ws.append([_cell(ws, c.value(row)) for c in columns])
        n += 1
    return n


def save(wb: Workbook) -> IO[bytes]:
    """The workbook in a temporary file (on disk past a few MB), rewound for reading."""
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    wb.save(out)
    out.seek(0)
    return out


def response(out: IO[bytes], filename: str) -> HttpResponse:
    """The finished file as a download. Not a streaming response: the workbook is built
    row by row on disk, and the compressed result (a few MB for a province) is small."""
    with out:
        data = out.read()
    reply = HttpResponse(data, content_type=XLSX)
    reply["Content-Disposition"] = f'attachment; filename="{filename}"'
    return reply


def record_export(agency: Agency, what: str, *, filters: dict[str, Any], rows: int) -> None:
    """One audit entry per export (the actor comes from the request's audit context)."""
    LogEntry.objects.log_create(
        agency,
        action=LogEntry.Action.ACCESS,
        changes=json.dumps(
            {
                "export": ["", what],
                "filters": ["", json.dumps(filters, default=str)],
                "rows": ["", rows],
            }
        ),
        force_log=True,
    )


# -------------------------------------------------------------------- ASN list

_TYPE = dict(JabatanType.choices)


def _pangkat(code: str | None) -> str:
    g = golongan_by_code().get(code or "")
    return g.pangkat if g else ""


ASN_COLUMNS: list[Column] = [
    Column("NIP / Nomor PPPK", lambda e: e.identifier, 22),
    Column("Nama", lambda e: e.full_name, 32),
    Column("Jenis ASN", lambda e: e.get_kind_display(), 10),
    Column("Jenis kelamin", lambda e: e.get_gender_display(), 12),
    Column("Tanggal lahir", lambda e: e.birth_date, 14),
    Column("TMT CPNS/PPPK", lambda e: e.service_start, 14),
    Column("Golongan", lambda e: e.current_golongan or "", 10),
    Column("Pangkat", lambda e: _pangkat(e.current_golongan), 24),
    Column("Jabatan", lambda e: e.current_position_title or "", 36),
    Column("Jenis jabatan", lambda e: _TYPE.get(e.current_jabatan_type, ""), 14),
    Column("Unit", lambda e: e.current_unit_name or "", 36),
    Column("Dalam jabatan sejak", lambda e: e.current_since, 14),
    Column("Rotasi jatuh tempo", lambda e: "ya" if e.rotation_due else "", 10),
    Column("Tanggal pensiun", lambda e: e.retires_on, 14),
    Column("Status", lambda e: e.get_status_display(), 12),
]


def asn_workbook(employees: Iterable[Employee]) -> tuple[IO[bytes], int]:
    """The ASN list (rows from ``finder.iterate``) as an .xlsx file and its row count."""
    wb = Workbook(write_only=True)
    n = write_sheet(wb, "Data ASN", ASN_COLUMNS, employees)
    return save(wb), n


# -------------------------------------------------------------------- recruitment needs


def recruitment_workbook(items: Sequence[PositionNeed], years: list[int]) -> tuple[IO[bytes], int]:
    columns = [
        Column("Kode jabatan", lambda p: p.position.code, 16),
        Column("Jabatan", lambda p: p.position.title, 36),
        Column("Jenis jabatan", lambda p: p.position.get_jabatan_type_display(), 14),
        Column("Unit", lambda p: p.position.unit.name, 36),
        Column("Formasi", lambda p: p.formasi, 9),
        Column("Pemangku saat ini", lambda p: p.holders, 9),
        Column("Kelebihan", lambda p: p.surplus, 9),
    ]
    for i, year in enumerate(years):
        columns.append(Column(f"Pensiun {year}", lambda p, i=i: p.retiring[i], 10))
    for i, year in enumerate(years):
        columns.append(Column(f"Kebutuhan s.d. akhir {year}", lambda p, i=i: p.need[i], 12))
    wb = Workbook(write_only=True)
    n = write_sheet(wb, "Kebutuhan pegawai", columns, items)
    return save(wb), n
