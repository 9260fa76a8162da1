"""The ASN list exported with the import's columns, so that export → edit → re-import
works (issue 8, item 13): the first columns are the roster template's, by the same
headers and in the same formats; after them come read-only columns for people (rank
name, position title, unit name, retirement), which the import ignores by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sigap.workforce.models import Assignment, Education, Employee, JabatanType, RankHistory
from sigap.workforce.reference import golongan_by_code
from sigap.workforce.registry import XlsxColumn, current_primary_filter, write_xlsx
from sigap.workforce.roster.rules import COLUMNS, DATA_SHEET

_TYPE = dict(JabatanType.choices)
BATCH = 2000


def _date(value: Any) -> Any:
    return value or ""


# What each import column reads from an employee carrying ``roster`` (see _with_roster).
_VALUES: dict[str, Any] = {
    "nip": lambda e: e.nip or "",
    "nama": lambda e: e.full_name,
    "jenis_kelamin": lambda e: e.gender,
    "tanggal_lahir": lambda e: e.birth_date,
    "jenis_asn": lambda e: e.kind.upper(),
    "nomor_pppk": lambda e: e.pppk_number or "" if e.kind == Employee.Kind.PPPK else "",
    "tmt_cpns": lambda e: e.service_start,
    "golongan": lambda e: e.roster.get("golongan", ""),
    "tmt_golongan": lambda e: _date(e.roster.get("tmt_golongan")),
    "kode_unit": lambda e: e.roster.get("kode_unit", ""),
    "kode_jabatan": lambda e: e.roster.get("kode_jabatan", ""),
    "tmt_jabatan": lambda e: _date(e.roster.get("tmt_jabatan")),
    "nomor_sk_jabatan": lambda e: e.roster.get("nomor_sk_jabatan", ""),
    "tanggal_sk_jabatan": lambda e: _date(e.roster.get("tanggal_sk_jabatan")),
    "pendidikan": lambda e: e.roster.get("pendidikan", ""),
    "jurusan": lambda e: e.roster.get("jurusan", ""),
    "institusi": lambda e: e.roster.get("institusi", ""),
    "tahun_lulus": lambda e: e.roster.get("tahun_lulus", ""),
}


def _pangkat(code: str | None) -> str:
    g = golongan_by_code().get(code or "")
    return g.pangkat if g else ""


def export_columns() -> list[XlsxColumn]:
    """The import's columns (same headers, same order), then the read-only ones."""
    # Headers in the reader's language; the import reads either (rules.header_lookup).
    columns = [XlsxColumn(gettext(c.header), _VALUES[c.key], 18) for c in COLUMNS]
    columns += [
        XlsxColumn(str(_("Pangkat")), lambda e: _pangkat(e.current_golongan), 24),
        XlsxColumn(str(_("Jabatan")), lambda e: e.current_position_title or "", 36),
        XlsxColumn(str(_("Jenis jabatan")), lambda e: _TYPE.get(e.current_jabatan_type, ""), 14),
        XlsxColumn(str(_("Unit")), lambda e: e.current_unit_name or "", 36),
        XlsxColumn(
            str(_("Rotasi jatuh tempo")), lambda e: str(_("ya")) if e.rotation_due else "", 10
        ),
        XlsxColumn(str(_("Tanggal pensiun")), lambda e: e.retires_on, 14),
        XlsxColumn(str(_("Status")), lambda e: e.get_status_display(), 12),
    ]
    return columns


def _with_roster(employees: list[Employee]) -> list[Employee]:
    """Add what the import columns need that the list rows lack: the current
    assignment's codes and SK, the latest rank's TMT, the latest education."""
    ids = [e.pk for e in employees]
    state: dict[int, dict[str, Any]] = {pk: {} for pk in ids}
    for row in (
        Assignment.all_objects.filter(current_primary_filter(), employee_id__in=ids)
        .order_by("starts_on")
        .values(
            "employee_id",
            "position__code",
            "position__unit__code",
            "starts_on",
            "sk_number",
            "sk_date",
        )
    ):
        state[row["employee_id"]].update(
            kode_unit=row["position__unit__code"],
            kode_jabatan=row["position__code"],
            tmt_jabatan=row["starts_on"],
            nomor_sk_jabatan=row["sk_number"],
            tanggal_sk_jabatan=row["sk_date"],
        )
    for employee_id, golongan, tmt in (
        RankHistory.all_objects.filter(employee_id__in=ids)
        .order_by("employee_id", "tmt")
        .values_list("employee_id", "golongan", "tmt")
    ):
        state[employee_id].update(golongan=golongan, tmt_golongan=tmt)
    for employee_id, level, field, institution, year in (
        Education.all_objects.filter(employee_id__in=ids)
        .order_by("employee_id", "graduation_year", "pk")
        .values_list("employee_id", "level", "field_of_study", "institution", "graduation_year")
    ):
        state[employee_id].update(
            pendidikan=level, jurusan=field, institusi=institution, tahun_lulus=year
        )
    for e in employees:
        e.roster = state[e.pk]
    return employees


def _batched(employees: Iterable[Employee]) -> Iterator[Employee]:
    batch: list[Employee] = []
    for e in employees:
        batch.append(e)
        if len(batch) >= BATCH:
            yield from _with_roster(batch)
            batch = []
    if batch:
        yield from _with_roster(batch)


def roster_workbook(employees: Iterable[Employee]) -> tuple[IO[bytes], int]:
    """The ASN list (rows from ``finder.iterate``) as an .xlsx the import reads back."""
    return write_xlsx(gettext(DATA_SHEET), export_columns(), _batched(employees))
