"""The recruitment needs as an .xlsx file, written by the registry's streaming writer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from sigap.workforce.analysis.recruitment import PositionNeed
from sigap.workforce.registry import XlsxColumn, write_xlsx


def recruitment_workbook(items: Sequence[PositionNeed], years: list[int]) -> tuple[IO[bytes], int]:
    columns = [
        XlsxColumn("Kode jabatan", lambda p: p.position.code, 16),
        XlsxColumn("Jabatan", lambda p: p.position.title, 36),
        XlsxColumn("Jenis jabatan", lambda p: p.position.get_jabatan_type_display(), 14),
        XlsxColumn("Unit", lambda p: p.position.unit.name, 36),
        XlsxColumn("Formasi", lambda p: p.formasi, 9),
        XlsxColumn("Pemangku saat ini", lambda p: p.holders, 9),
        XlsxColumn("Kelebihan", lambda p: p.surplus, 9),
    ]
    for i, year in enumerate(years):
        columns.append(XlsxColumn(f"Pensiun {year}", lambda p, i=i: p.retiring[i], 10))
    for i, year in enumerate(years):
        columns.append(XlsxColumn(f"Kebutuhan s.d. akhir {year}", lambda p, i=i: p.need[i], 12))
    return write_xlsx("Kebutuhan pegawai", columns, items)
