"""The recruitment needs as an .xlsx file, written by the registry's streaming writer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from django.utils.translation import gettext as _

from sigap.workforce.analysis.recruitment import PositionNeed
from sigap.workforce.registry import XlsxColumn, write_xlsx


def recruitment_workbook(items: Sequence[PositionNeed], years: list[int]) -> tuple[IO[bytes], int]:
    columns = [
        # Headers in the reader's language (issue 8, item 11).
        XlsxColumn(_("Kode jabatan"), lambda p: p.position.code, 16),
        XlsxColumn(_("Jabatan"), lambda p: p.position.title, 36),
        XlsxColumn(_("Jenis jabatan"), lambda p: p.position.get_jabatan_type_display(), 14),
        XlsxColumn(_("Unit"), lambda p: p.position.unit.name, 36),
        XlsxColumn(_("Formasi"), lambda p: p.formasi, 9),
        XlsxColumn(_("Pemangku saat ini"), lambda p: p.holders, 9),
        XlsxColumn(_("Kelebihan"), lambda p: p.surplus, 9),
    ]
    for i, year in enumerate(years):
        columns.append(
            XlsxColumn(_("Pensiun %(year)s") % {"year": year}, lambda p, i=i: p.retiring[i], 10)
        )
    for i, year in enumerate(years):
        columns.append(
            XlsxColumn(
                _("Kebutuhan s.d. akhir %(year)s") % {"year": year}, lambda p, i=i: p.need[i], 12
            )
        )
    return write_xlsx(_("Kebutuhan pegawai"), columns, items)
