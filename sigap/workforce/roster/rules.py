"""The ASN roster file: its columns, reading it, and checking every row before anything
is written (the dry run). ``importer.py`` runs the real import from the same check.

The columns follow what a SIASN/SIMPEG export carries about a person, their current
pangkat, their current position and their last education. One row is one ASN:

========================  ==========================================================
column                    rule
========================  ==========================================================
NIP                       PNS: 18 digits, checked with ``parse_nip`` and against the
                          birth date (digits 1–8), TMT CPNS (9–14) and gender (15).
                          PPPK: leave empty.
Nama                      required, at most 150 characters
Jenis Kelamin             L / P (also "Laki-laki", "Perempuan", "Pria", "Wanita")
Tanggal Lahir             a date; the person is at least 18 today
Jenis ASN                 PNS (also CPNS) or PPPK; empty means PNS
Nomor PPPK                PPPK: required (the PPPK layout is unconfirmed, so only the
                          characters are checked); PNS: leave empty
TMT CPNS/PPPK             not before the 18th birthday, not in the future
Golongan                  PNS: required, e.g. III/a; PPPK: optional
TMT Golongan              with a golongan: not before TMT CPNS, not in the future
Kode Unit                 the unit's code in Sigap
Kode Jabatan              the position's code in Sigap; the position must be in the unit
TMT Jabatan               not before TMT CPNS, not in the future; when the person holds
                          another position now, after that position's start
Nomor SK Jabatan          required, at most 80 characters
Tanggal SK Jabatan        optional (TMT Jabatan when empty); at most a year after TMT
Pendidikan Terakhir       jenjang: SD, SMP, SMA/SMK, D1–D4, S1–S3 (optional)
Jurusan, Institusi        optional, at most 150 characters
Tahun Lulus               with a jenjang: between birth year + 10 and this year
========================  ==========================================================

Dates may be Excel dates or text as ``DD-MM-YYYY``, ``DD/MM/YYYY``, ``YYYY-MM-DD`` or
``15 Maret 1985``: day first, as Indonesian documents write them. Headers are matched
without regard to case, spaces or punctuation, with a few SIASN/SIMPEG spellings as
aliases; other columns are ignored, so a raw export can be loaded as it is.

A NIP that disagrees with the stated birth date, TMT CPNS or gender is a *problem*
here, not a warning: ``records.create_employee`` refuses such a record, and the import
must not write what the registry's own write functions would refuse.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sigap.identifiers.dates import month_number
from sigap.identifiers.logging import scrub
from sigap.identifiers.nip import nip_mismatches, parse_nip
from sigap.platform.stored_text import from_validation_error, message, number, render, text
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workforce.models import Assignment, Education, Employee, Position, RankHistory
from sigap.workforce.moves import kind_of_move
from sigap.workforce.reference import EDUCATION_LEVELS, golongan_by_code
from sigap.workforce.registry import open_primary_filter
from sigap.workforce.roster.messages import NTH_COLUMN, OTHER_POSITION, PROBLEMS
from sigap.workforce.roster.xlsx import WorkbookError, iter_xlsx_rows

DATA_SHEET = gettext_noop("Data ASN")  # the template names it in the reader's language
HEADER_ROW = 1
ADULT_AGE = 18
# The upload limits; a 60,000-row CSV is about 12 MB, the same roster as .xlsx about 5 MB.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    description: str
    example: str
    required: bool = False
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column(
        "nip",
        gettext_noop("NIP"),
        gettext_noop("18 digit, wajib untuk PNS; kosongkan untuk PPPK"),
        "198503152010011001",
        True,
        ("nip baru", "nip pns", "nomor induk pegawai"),
    ),
    Column(
        "nama",
        gettext_noop("Nama"),
        gettext_noop("nama lengkap"),
        "Budi Santoso",
        True,
        ("nama lengkap", "nama pegawai"),
    ),
    Column(
        "jenis_kelamin",
        gettext_noop("Jenis Kelamin"),
        gettext_noop("L atau P"),
        "L",
        True,
        ("jk", "kelamin", "gender"),
    ),
    Column(
        "tanggal_lahir",
        gettext_noop("Tanggal Lahir"),
        gettext_noop("DD-MM-YYYY"),
        "15-03-1985",
        True,
        ("tgl lahir", "tanggal lahir pegawai"),
    ),
    Column(
        "jenis_asn",
        gettext_noop("Jenis ASN"),
        gettext_noop("PNS atau PPPK (kosong = PNS)"),
        "PNS",
        False,
        ("jenis pegawai", "status pegawai", "kedudukan hukum"),
    ),
    Column(
        "nomor_pppk",
        gettext_noop("Nomor PPPK"),
        gettext_noop("wajib untuk PPPK; kosongkan untuk PNS"),
        "",
        False,
        ("ni pppk", "nip pppk", "no pppk"),
    ),
    Column(
        "tmt_cpns",
        gettext_noop("TMT CPNS/PPPK"),
        gettext_noop("DD-MM-YYYY"),
        "01-01-2010",
        True,
        ("tmt cpns", "tmt pppk", "tmt pengangkatan"),
    ),
    Column(
        "golongan",
        gettext_noop("Golongan"),
        gettext_noop("contoh III/a; wajib untuk PNS"),
        "III/c",
        True,
        ("gol", "golongan ruang", "gol ruang", "gol akhir", "golongan akhir", "pangkat golongan"),
    ),
    Column(
        "tmt_golongan",
        gettext_noop("TMT Golongan"),
        gettext_noop("DD-MM-YYYY"),
        "01-04-2018",
        True,
        ("tmt gol", "tmt pangkat", "tmt gol akhir", "tmt golongan akhir"),
    ),
    Column(
        "kode_unit",
        gettext_noop("Kode Unit"),
        gettext_noop("kode unit organisasi di Sigap (lembar Unit)"),
        "",
        True,
        ("unit kerja id", "unor id", "kode unor", "id unor"),
    ),
    Column(
        "kode_jabatan",
        gettext_noop("Kode Jabatan"),
        gettext_noop("kode jabatan di Sigap (lembar Jabatan)"),
        "",
        True,
        ("jabatan id", "id jabatan"),
    ),
    Column(
        "tmt_jabatan",
        gettext_noop("TMT Jabatan"),
        gettext_noop("DD-MM-YYYY"),
        "02-01-2022",
        True,
        ("tmt jab",),
    ),
    Column(
        "nomor_sk_jabatan",
        gettext_noop("Nomor SK Jabatan"),
        gettext_noop("nomor keputusan pengangkatan dalam jabatan"),
        "821.2/015/BKPSDM/2022",
        True,
        ("no sk jabatan", "nomor sk jab", "sk jabatan"),
    ),
    Column(
        "tanggal_sk_jabatan",
        gettext_noop("Tanggal SK Jabatan"),
        gettext_noop("DD-MM-YYYY (kosong = TMT Jabatan)"),
        "28-12-2021",
        False,
        ("tgl sk jabatan", "tanggal sk jab"),
    ),
    Column(
        "pendidikan",
        gettext_noop("Pendidikan Terakhir"),
        gettext_noop("jenjang: SD, SMP, SMA, D1, D2, D3, D4, S1, S2, S3"),
        "S1",
        False,
        ("jenjang pendidikan", "tingkat pendidikan", "pendidikan", "jenjang"),
    ),
    Column(
        "jurusan",
        gettext_noop("Jurusan"),
        gettext_noop("program studi"),
        "Akuntansi",
        False,
        ("program studi", "prodi"),
    ),
    Column(
        "institusi",
        gettext_noop("Institusi Pendidikan"),
        gettext_noop("nama sekolah/perguruan tinggi"),
        "Universitas Jambi",
        False,
        ("institusi", "nama sekolah", "perguruan tinggi", "universitas"),
    ),
    Column(
        "tahun_lulus",
        gettext_noop("Tahun Lulus"),
        gettext_noop("YYYY"),
        "2008",
        False,
        ("thn lulus",),
    ),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
_HEADERS = frozenset(c.header for c in COLUMNS)


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@cache
def header_lookup() -> dict[str, str]:
    """Header (squashed) → column key: each column's key, its header in every language
    of the interface (a template downloaded in English is read back; issue 8, item 11)
    and the spellings other systems export."""
    lookup: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for column in COLUMNS:
                for name in (column.key, _(column.header), column.header, *column.aliases):
                    lookup.setdefault(_squash(name), column.key)
    return lookup


# -- reading the file -----------------------------------------------------------------


class RosterFileError(ValueError):
    """The upload cannot be read as a roster at all: a problem code with its parameters
    (``messages.PROBLEMS``); ``str()`` writes it in the active language."""

    def __init__(self, code: str, /, **params: Any) -> None:
        self.text = text(code, **params)
        super().__init__(code)

    def __str__(self) -> str:
        return render(self.text, PROBLEMS)


class RosterRecordError(RosterFileError):
    """One CSV record cannot be read (a cell over the csv module's limit, a NUL byte);
    reading stops there. ``check_roster`` reports it on that row, and on the column when
    it is known, instead of letting ``_csv.Error`` become a server error (issue 8, item 5).
    """

    def __init__(
        self, row: int, code: str, column_index: int | None = None, /, **params: Any
    ) -> None:
        super().__init__(code, **params)
        self.row = row
        self.column_index = column_index


def file_kind(file_name: str) -> str:
    """ "xlsx" or "csv" from the name; anything else is refused with a reason."""
    lower = file_name.lower()
    if lower.endswith(".xlsx"):
        return "xlsx"
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith(".xls"):
        raise RosterFileError("file_xls")
    raise RosterFileError("file_type")


def check_upload(file_name: str, size: int, head: bytes) -> str:
    """Refuse oversize or mistyped uploads before reading them; returns the kind."""
    kind = file_kind(file_name)
    if size == 0:
        raise RosterFileError("file_empty")
    if size > MAX_FILE_BYTES:
        raise RosterFileError(
            "file_too_large",
            size=number(round(size / 1024 / 1024, 1), 1),
            limit=MAX_FILE_BYTES // 1024 // 1024,
        )
    is_zip = head.startswith(b"PK\x03\x04")
    if kind == "xlsx" and not is_zip:
        raise RosterFileError("file_not_xlsx")
    if kind == "csv" and (is_zip or b"\x00" in head):
        raise RosterFileError("file_not_csv")
    return kind


def _csv_rows(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RosterFileError("csv_encoding") from exc
    first_line = text.split("\n", 1)[0]
    # Excel with Indonesian regional settings writes ";"; everything else writes ",".
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    # Keep the physical lines of the record being read, to find the offending cell when
    # the reader gives up on one.
    record: list[str] = []

    def lines() -> Iterator[str]:
        for line in io.StringIO(text, newline=""):
            record.append(line)
            yield line

    reader = csv.reader(lines(), delimiter=delimiter)
    # Number by records, not physical lines (a quoted cell may span several): that is the
    # row number a spreadsheet shows when the CSV is opened.
    row = 0
    while True:
        record.clear()
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _record_error(row + 1, "".join(record), delimiter, exc) from exc
        row += 1
        yield row, values


def _record_error(row: int, record: str, delimiter: str, exc: csv.Error) -> RosterRecordError:
    limit = csv.field_size_limit()
    if "field larger than field limit" not in str(exc):
        return RosterRecordError(row, "csv_record", row=row)
    return RosterRecordError(
        row, "cell_too_long", _longest_field(record, delimiter), limit=number(limit)
    )


def _longest_field(record: str, delimiter: str) -> int | None:
    """Index of the longest cell of a raw CSV record (quote-aware; only for reporting)."""
    field_re = re.compile(rf'(?:"(?:[^"]|"")*"?)?[^{re.escape(delimiter)}\r\n]*')
    longest: tuple[int, int] | None = None
    pos = index = 0
    while pos <= len(record):
        match = field_re.match(record, pos)
        assert match is not None  # the pattern matches the empty string
        if longest is None or len(match.group()) > longest[0]:
            longest = (len(match.group()), index)
        pos = match.end()
        if pos < len(record) and record[pos] == delimiter:
            pos += 1
            index += 1
            continue
        break
    return longest[1] if longest else None


def _xlsx_rows(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    try:
        yield from iter_xlsx_rows(content, sheet=DATA_SHEET)
    except WorkbookError as exc:
        raise RosterFileError("workbook", reason=message(exc.msgid, exc.params)) from exc


def iter_rows(content: bytes, file_name: str) -> Iterator[tuple[int, list[Any]]]:
    """``(row number, cell values)`` of the data sheet, header row first."""
    if file_kind(file_name) == "csv":
        return _csv_rows(content)
    return _xlsx_rows(content)


# -- problems -------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One problem, stored as its code and parameters (``messages.PROBLEMS``) and written
    in the reader's language when shown (``render_problem``; issue 8, item 11)."""

    row: int | None  # spreadsheet row number; None for the file as a whole
    column: str  # the template's header (a msgid) or the file's own; "" for the whole row
    text: dict[str, Any]  # stored_text.text(code, **params)
    column_number: int | None = None  # an unnamed column, counted from 1

    def __post_init__(self) -> None:
        # Problems quote cells back to HR, who have no right to a full NIK (a NIK typed in
        # the NIP or year column, say): ``stored_text.text`` masks every text parameter,
        # and the column is masked here, where every problem is made, so no problem can
        # forget to (UU 27/2022; issue 8, item 3).
        object.__setattr__(self, "column", scrub(self.column))

    @property
    def message(self) -> str:
        return render(self.text, PROBLEMS)

    def as_dict(self) -> dict[str, Any]:
        out = {"row": self.row, "column": self.column, **self.text}
        if self.column_number is not None:
            out["column_number"] = self.column_number
        return out


def render_column(entry: dict[str, Any]) -> str:
    """A stored problem's column in the active language: the template's headers are
    translated, a header of the file's own is shown as it is."""
    if entry.get("column_number"):
        return NTH_COLUMN % {"n": entry["column_number"]}
    column = entry.get("column") or ""
    return _(column) if column in _HEADERS else column


def render_problem(entry: dict[str, Any]) -> dict[str, Any]:
    """A stored problem for a reader: row, column and message in the active language,
    with its code and parameters (none for a report stored before problems had codes,
    whose Indonesian sentence is shown as it is)."""
    return {
        "row": entry.get("row"),
        "column": render_column(entry),
        "message": scrub(render(entry, PROBLEMS)),
        "code": entry.get("code", ""),
        "params": entry.get("params") or {},
        "info": bool(entry.get("info")),
    }


# -- values ---------------------------------------------------------------------------


def _text(value: Any) -> str:
    if type(value) is str:  # the common case first: this runs ~20 times per row
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


def _no_spaces(text: str) -> str:
    """ "19850315 201001 1 001" → "198503152010011001" (printed NIPs are grouped)."""
    return "".join(text.split()) if text else text


_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")


@lru_cache(maxsize=65536)
def _parse_date_text(text: str) -> dt.date | None:
    """Dates repeat a lot in a roster (TMT of a whole intake), hence the cache."""
    if not text:
        return None
    for pattern, order in ((_DMY, "dmy"), (_YMD, "ymd")):
        match = pattern.match(text)
        if match:
            a, b, c = (int(g) for g in match.groups())
            day, month, year = (a, b, c) if order == "dmy" else (c, b, a)
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
    match = _D_MONTH_Y.match(text)
    if match:
        month = month_number(match.group(2))
        if month:
            try:
                return dt.date(int(match.group(3)), month, int(match.group(1)))
            except ValueError:
                return None
    return None


def impossible_date(text: str) -> tuple[int, int, int] | None:
    """``(day, month, year)`` when ``text`` has a date's shape but names a day the calendar
    lacks (31-02-1992): the typist needs "that date does not exist", not "wrong format"."""
    text = text.strip()
    for pattern, order in ((_DMY, "dmy"), (_YMD, "ymd")):
        match = pattern.match(text)
        if match:
            a, b, c = (int(g) for g in match.groups())
            day, month, year = (a, b, c) if order == "dmy" else (c, b, a)
            break
    else:
        match = _D_MONTH_Y.match(text)
        month = month_number(match.group(2)) if match else None
        if not match or not month:
            return None
        day, year = int(match.group(1)), int(match.group(3))
    try:
        dt.date(year, month, day)
    except ValueError:
        return (day, month, year)
    return None


def parse_date(value: Any) -> dt.date | None:
    """A date from an Excel date cell or Indonesian-style text; None when unreadable."""
    if type(value) is str:
        return _parse_date_text(value.strip())
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    return _parse_date_text(text) if text else None


GENDERS = {
    "l": "L",
    "p": "P",
    "laki laki": "L",
    "lakilaki": "L",
    "pria": "L",
    "perempuan": "P",
    "wanita": "P",
}
KINDS = {"pns": Employee.Kind.PNS, "cpns": Employee.Kind.PNS, "pppk": Employee.Kind.PPPK}
KINDS["p3k"] = Employee.Kind.PPPK
EDUCATION_ALIASES = {_squash(code).replace(" ", ""): code for code, _ in EDUCATION_LEVELS}
EDUCATION_ALIASES.update(
    {
        "sma": "SMA",
        "smk": "SMA",
        "slta": "SMA",
        "smasmk": "SMA",
        "ma": "SMA",
        "sltp": "SMP",
        "mts": "SMP",
        "di": "D1",
        "dii": "D2",
        "diii": "D3",
        "div": "D4",
        "si": "S1",
        "sii": "S2",
        "siii": "S3",
    }
)
_PPPK_NUMBER = re.compile(r"^[0-9A-Za-z./-]{1,30}$")
# The NIP rule (identifiers.nip.nip_mismatches) reports by field; the file by column.
NIP_COLUMN_OF = {
    "birth_date": "tanggal_lahir",
    "gender": "jenis_kelamin",
    "service_start": "tmt_cpns",
}
NIP_STATED_AS = {
    "birth_date": gettext_noop("kolom Tanggal Lahir"),
    "gender": gettext_noop("kolom Jenis Kelamin"),
    "service_start": gettext_noop("kolom TMT CPNS/PPPK"),
}


def normalize_golongan(text: str) -> str:
    """ "iii/a", "III-A", "III a" → "III/a"; unknown shapes come back unchanged."""
    match = re.match(r"^\s*(IV|III|II|I)\s*[/\-. ]?\s*([A-Ea-e])\s*$", text, re.IGNORECASE)
    if not match:
        return text.strip()
    return f"{match.group(1).upper()}/{match.group(2).lower()}"


def eighteenth_birthday(birth: dt.date) -> dt.date:
    try:
        return birth.replace(year=birth.year + ADULT_AGE)
    except ValueError:  # 29 February
        return dt.date(birth.year + ADULT_AGE, 3, 1)


# -- what is in the database ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EmployeeRef:
    id: int
    kind: str
    nip: str | None
    pppk_number: str | None
    full_name: str
    gender: str
    birth_date: dt.date
    service_start: dt.date


@dataclass(frozen=True, slots=True)
class CurrentAssignment:
    id: int
    position_id: int
    starts_on: dt.date
    kind: str
    sk_number: str


@dataclass
class Lookups:
    """Everything the check needs from the database, read once into dicts: at 60,000
    rows, one query per row would cost minutes."""

    units: dict[str, OrgUnit]
    positions: dict[str, Position]
    positions_by_id: dict[int, Position]
    by_nip: dict[str, EmployeeRef]
    by_pppk: dict[str, EmployeeRef]
    current: dict[int, CurrentAssignment]
    ranks: dict[tuple[int, dt.date], str]
    educations: set[tuple[int, str, str, int]]

    @classmethod
    def load(cls, agency: Agency) -> Lookups:
        with acting_for(agency):
            units = {
                u.code: u
                for u in OrgUnit.objects.only("id", "code", "name", "is_active", "agency_id")
            }
            # With the unit's path: the kind of a move depends on the OPD (moves.py).
            positions = list(
                Position.objects.select_related("unit").only(
                    "id",
                    "code",
                    "title",
                    "unit_id",
                    "unit__path",
                    "jabatan_type",
                    "is_active",
                    "agency_id",
                )
            )
            by_nip: dict[str, EmployeeRef] = {}
            by_pppk: dict[str, EmployeeRef] = {}
            for values in Employee.objects.values_list(
                "id",
                "kind",
                "nip",
                "pppk_number",
                "full_name",
                "gender",
                "birth_date",
                "service_start",
            ):
                ref = EmployeeRef(*values)
                if ref.nip:
                    by_nip[ref.nip] = ref
                if ref.pppk_number:
                    by_pppk[ref.pppk_number] = ref
            current = {
                employee_id: CurrentAssignment(pk, position_id, starts_on, kind, sk)
                # The open-ended primary assignment: the one a move closes, as in
                # records.record_assignment.
                for pk, employee_id, position_id, starts_on, kind, sk in Assignment.objects.filter(
                    open_primary_filter()
                ).values_list("pk", "employee_id", "position_id", "starts_on", "kind", "sk_number")
            }
            ranks = {
                (employee_id, tmt): golongan
                for employee_id, tmt, golongan in RankHistory.objects.values_list(
                    "employee_id", "tmt", "golongan"
                )
            }
            educations = {
                (employee_id, level, field.lower(), year)
                for employee_id, level, field, year in Education.objects.values_list(
                    "employee_id", "level", "field_of_study", "graduation_year"
                )
            }
        return cls(
            units=units,
            positions={p.code: p for p in positions},
            positions_by_id={p.pk: p for p in positions},
            by_nip=by_nip,
            by_pppk=by_pppk,
            current=current,
            ranks=ranks,
            educations=educations,
        )


# -- one row --------------------------------------------------------------------------


@dataclass
class RosterRow:
    """One valid row, typed, with what importing it would change (its plan)."""

    row: int
    kind: str
    nip: str | None
    pppk_number: str | None
    full_name: str
    gender: str
    birth_date: dt.date
    service_start: dt.date
    golongan: str
    tmt_golongan: dt.date | None
    unit: OrgUnit
    position: Position
    tmt_jabatan: dt.date
    sk_number: str
    sk_date: dt.date
    education_level: str
    field_of_study: str
    institution: str
    graduation_year: int | None
    # the plan, filled by ``plan_row``
    existing: EmployeeRef | None = None
    employee_changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    add_rank: bool = False
    assignment_kind: str | None = None
    closes: CurrentAssignment | None = None
    add_education: bool = False

    @property
    def identifier(self) -> str:
        return self.nip or self.pppk_number or ""

    @property
    def changes_anything(self) -> bool:
        return bool(
            self.existing is None
            or self.employee_changes
            or self.add_rank
            or self.assignment_kind
            or self.add_education
        )


class _RowChecker:
    """Reads one row's cells into a RosterRow, collecting every problem of the row."""

    def __init__(self, row: int, cells: dict[str, Any], today: dt.date) -> None:
        self.row = row
        self.cells = cells
        self.today = today
        self.problems: list[Problem] = []

    def problem(self, key: str, code: str, /, **params: Any) -> None:
        self.problems.append(Problem(self.row, COLUMN_BY_KEY[key].header, text(code, **params)))

    def text(self, key: str, *, required: bool = False, max_length: int = 0) -> str:
        value = _text(self.cells.get(key))
        if required and not value:
            self.problem(key, "required", column=message(COLUMN_BY_KEY[key].header))
        elif max_length and len(value) > max_length:
            self.problem(key, "too_long", limit=max_length, length=len(value))
        return value

    def date(self, key: str, *, required: bool = True) -> dt.date | None:
        raw = self.cells.get(key)
        if raw is None or _text(raw) == "":
            if required:
                self.problem(key, "required", column=message(COLUMN_BY_KEY[key].header))
            return None
        value = parse_date(raw)
        if value is None and (bad := impossible_date(_text(raw))) is not None:
            day, month, year = bad
            if 1 <= month <= 12 and year >= 1:
                last = calendar.monthrange(year, month)[1]
                self.problem(
                    key,
                    "date_no_such_day",
                    text=_text(raw),
                    month=MONTHS[month],
                    year=year,
                    last=last,
                )
            else:
                self.problem(key, "date_no_such_month", text=_text(raw), month=month)
            return None
        if value is None:
            self.problem(key, "date_unreadable", text=_text(raw))
            return None
        if value > self.today:
            self.problem(key, "date_future", date=value)
            return None
        return value


def is_template_example(cells: dict[str, Any]) -> bool:
    """The template's sample row (its NIP and name), however its cells were typed."""
    return _no_spaces(_text(cells.get("nip"))) == COLUMN_BY_KEY["nip"].example and _squash(
        _text(cells.get("nama"))
    ) == _squash(COLUMN_BY_KEY["nama"].example)


def check_row(
    row: int, cells: dict[str, Any], lookups: Lookups, today: dt.date
) -> tuple[RosterRow | None, list[Problem]]:
    """Check one row on its own (not against other rows); return it typed when valid."""
    c = _RowChecker(row, cells, today)

    full_name = c.text("nama", required=True, max_length=150)

    kind_text = _text(cells.get("jenis_asn")).lower()
    kind = KINDS.get(kind_text.replace(" ", ""), None) if kind_text else Employee.Kind.PNS
    if kind is None:
        c.problem("jenis_asn", "kind_unknown", value=kind_text.upper())

    gender_text = _text(cells.get("jenis_kelamin"))
    gender = gender_text.upper() if gender_text in ("L", "P") else GENDERS.get(_squash(gender_text))
    if not gender_text:
        c.problem(
            "jenis_kelamin", "required", column=message(COLUMN_BY_KEY["jenis_kelamin"].header)
        )
    elif gender is None:
        c.problem("jenis_kelamin", "gender_unknown", value=gender_text)

    birth = c.date("tanggal_lahir")
    if birth is not None:
        if birth.year < 1900:
            c.problem("tanggal_lahir", "birth_before_1900")
            birth = None
        elif eighteenth_birthday(birth) > today:
            c.problem("tanggal_lahir", "under_18")
            birth = None
    adult = eighteenth_birthday(birth) if birth else None

    service_start = c.date("tmt_cpns")
    if service_start and adult and service_start < adult:
        c.problem("tmt_cpns", "service_before_18", date=service_start, adult=adult)

    # Identifier: NIP for PNS (its digits must agree with the row), number for PPPK.
    nip_raw = cells.get("nip")
    nip_text = _no_spaces(_text(nip_raw))
    pppk_number = _no_spaces(_text(cells.get("nomor_pppk")))
    nip: str | None = None
    if kind == Employee.Kind.PNS:
        if pppk_number:
            c.problem("nomor_pppk", "pppk_number_for_pns")
        if not nip_text:
            c.problem("nip", "nip_required")
        elif isinstance(nip_raw, float):
            c.problem("nip", "nip_as_number")
        else:
            try:
                parsed = parse_nip(nip_text, today=today)
            except ValidationError as exc:
                c.problem("nip", "nip_invalid", reason=from_validation_error(exc))
            else:
                nip = nip_text
                mismatches = nip_mismatches(
                    parsed,
                    birth_date=birth,
                    gender=gender or None,
                    service_start=service_start,
                    stated_as=NIP_STATED_AS,
                )
                for field_name, mismatch in mismatches.items():
                    c.problem(NIP_COLUMN_OF[field_name], "nip_mismatch", reason=mismatch)
    elif kind == Employee.Kind.PPPK:
        if nip_text:
            c.problem("nip", "nip_for_pppk")
        if not pppk_number:
            c.problem("nomor_pppk", "pppk_number_required")
        elif not _PPPK_NUMBER.match(pppk_number):
            c.problem("nomor_pppk", "pppk_number_format")

    # Pangkat/golongan and its TMT.
    golongan_text = _text(cells.get("golongan"))
    golongan = normalize_golongan(golongan_text) if golongan_text else ""
    tmt_golongan = c.date("tmt_golongan", required=bool(golongan))
    if golongan and golongan not in golongan_by_code():
        c.problem("golongan", "golongan_unknown", value=golongan_text)
        golongan = ""
    elif not golongan and kind == Employee.Kind.PNS:
        c.problem("golongan", "golongan_required")
    elif not golongan and tmt_golongan:
        c.problem("golongan", "tmt_golongan_without_golongan")
    if tmt_golongan and service_start and tmt_golongan < service_start:
        c.problem(
            "tmt_golongan",
            "tmt_golongan_before_service",
            date=tmt_golongan,
            service_start=service_start,
        )

    # Position and unit.
    unit_code = c.text("kode_unit", required=True)
    position_code = c.text("kode_jabatan", required=True)
    unit = lookups.units.get(unit_code) if unit_code else None
    position = lookups.positions.get(position_code) if position_code else None
    if unit_code and unit is None:
        c.problem("kode_unit", "unit_unknown", code=unit_code)
    elif unit is not None and not unit.is_active:
        c.problem("kode_unit", "unit_inactive", name=unit.name, code=unit_code)
    if position_code and position is None:
        c.problem("kode_jabatan", "position_unknown", code=position_code)
    elif position is not None and not position.is_active:
        c.problem("kode_jabatan", "position_inactive", title=position.title, code=position_code)
    elif position is not None and unit is not None and position.unit_id != unit.pk:
        c.problem(
            "kode_jabatan",
            "position_not_in_unit",
            title=position.title,
            code=position_code,
            unit=unit.name,
            unit_code=unit_code,
        )
    tmt_jabatan = c.date("tmt_jabatan")
    if tmt_jabatan and service_start and tmt_jabatan < service_start:
        c.problem(
            "tmt_jabatan",
            "tmt_jabatan_before_service",
            date=tmt_jabatan,
            service_start=service_start,
        )
    sk_number = c.text("nomor_sk_jabatan", required=True, max_length=80)
    sk_date = c.date("tanggal_sk_jabatan", required=False) or tmt_jabatan
    if sk_date and tmt_jabatan and sk_date > tmt_jabatan + dt.timedelta(days=365):
        c.problem("tanggal_sk_jabatan", "sk_date_late")

    # Last education (optional as a group).
    level_text = _text(cells.get("pendidikan"))
    field_of_study = c.text("jurusan", max_length=150)
    institution = c.text("institusi", max_length=150)
    year_text = _text(cells.get("tahun_lulus"))
    level = ""
    graduation_year: int | None = None
    if level_text:
        level = EDUCATION_ALIASES.get(_squash(level_text).replace(" ", ""), "")
        if not level:
            c.problem("pendidikan", "education_level_unknown", value=level_text)
        if not year_text:
            c.problem("tahun_lulus", "graduation_year_required")
    elif field_of_study or institution or year_text:
        c.problem("pendidikan", "education_level_missing")
    if year_text:
        if not re.fullmatch(r"\d{4}", year_text):
            c.problem("tahun_lulus", "graduation_year_format", value=year_text)
        else:
            graduation_year = int(year_text)
            if graduation_year > today.year:
                c.problem("tahun_lulus", "graduation_year_future", year=graduation_year)
                graduation_year = None
            elif birth and not birth.year + 10 <= graduation_year <= birth.year + 80:
                c.problem(
                    "tahun_lulus",
                    "graduation_year_implausible",
                    year=graduation_year,
                    birth_year=birth.year,
                )
                graduation_year = None

    if c.problems:
        return None, c.problems
    assert kind and gender and birth and service_start and unit and position and tmt_jabatan
    assert sk_date is not None
    return (
        RosterRow(
            row=row,
            kind=kind,
            nip=nip,
            pppk_number=pppk_number or None,
            full_name=full_name,
            gender=gender,
            birth_date=birth,
            service_start=service_start,
            golongan=golongan,
            tmt_golongan=tmt_golongan,
            unit=unit,
            position=position,
            tmt_jabatan=tmt_jabatan,
            sk_number=sk_number,
            sk_date=sk_date,
            education_level=level,
            field_of_study=field_of_study,
            institution=institution,
            graduation_year=graduation_year,
        ),
        [],
    )


def plan_row(r: RosterRow, lookups: Lookups) -> list[Problem]:
    """Work out what importing ``r`` changes, the same way the registry's write functions
    would (``records.record_rank``/``record_assignment``); return the conflicts."""
    problems: list[Problem] = []
    existing = lookups.by_nip.get(r.nip) if r.nip else lookups.by_pppk.get(r.pppk_number or "")
    r.existing = existing
    if existing is None:
        r.add_rank = bool(r.golongan)
        r.assignment_kind = Assignment.Kind.APPOINTMENT
        r.add_education = bool(r.education_level)
        return problems

    if existing.kind != r.kind:
        problems.append(
            Problem(
                r.row,
                COLUMN_BY_KEY["jenis_asn"].header,
                text(
                    "kind_conflict",
                    identifier=r.identifier,
                    recorded=existing.kind.upper(),
                    stated=r.kind.upper(),
                ),
            )
        )
        return problems
    for name in ("full_name", "gender", "birth_date", "service_start"):
        old, new = getattr(existing, name), getattr(r, name)
        if old != new:
            r.employee_changes[name] = (old, new)

    if r.golongan and r.tmt_golongan:
        recorded = lookups.ranks.get((existing.id, r.tmt_golongan))
        if recorded is None:
            r.add_rank = True
        elif recorded != r.golongan:
            problems.append(
                Problem(
                    r.row,
                    COLUMN_BY_KEY["golongan"].header,
                    text(
                        "rank_conflict", date=r.tmt_golongan, recorded=recorded, stated=r.golongan
                    ),
                )
            )

    current = lookups.current.get(existing.id)
    if current is None:
        r.assignment_kind = Assignment.Kind.APPOINTMENT
    elif current.position_id != r.position.pk:
        if r.tmt_jabatan <= current.starts_on:
            held = lookups.positions_by_id.get(current.position_id)
            problems.append(
                Problem(
                    r.row,
                    COLUMN_BY_KEY["tmt_jabatan"].header,
                    text(
                        "tmt_jabatan_not_after_current",
                        date=r.tmt_jabatan,
                        position=held.title if held else OTHER_POSITION,
                        since=current.starts_on,
                    ),
                )
            )
        else:
            r.assignment_kind = kind_of_move(
                lookups.positions_by_id[current.position_id], r.position
            )
            r.closes = current

    if r.education_level and r.graduation_year:
        key = (existing.id, r.education_level, r.field_of_study.lower(), r.graduation_year)
        r.add_education = key not in lookups.educations
    return problems


# -- the whole file -------------------------------------------------------------------


@dataclass
class RosterCheck:
    """The dry run: every problem of every row, and what an import would do."""

    problems: list[Problem]
    rows: list[RosterRow]
    total_rows: int
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    @property
    def to_create(self) -> int:
        return sum(1 for r in self.rows if r.existing is None)

    @property
    def to_update(self) -> int:
        return sum(1 for r in self.rows if r.existing is not None and r.changes_anything)

    @property
    def unchanged(self) -> int:
        return sum(1 for r in self.rows if not r.changes_anything)


def map_header(values: Iterable[Any]) -> tuple[dict[int, str], list[str], list[Problem]]:
    """Column index → key; the headers ignored; problems (missing or repeated columns)."""
    mapping: dict[int, str] = {}
    ignored: list[str] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for index, raw in enumerate(values):
        header = _text(raw)
        if not header:
            continue
        key = header_lookup().get(_squash(header))
        if key is None:
            ignored.append(scrub(header))
            continue
        if key in seen:
            problems.append(
                Problem(
                    HEADER_ROW,
                    header,
                    text("header_repeated", column=header, other=seen[key]),
                )
            )
            continue
        seen[key] = header
        mapping[index] = key
    for column in COLUMNS:
        if column.required and column.key not in seen:
            problems.append(
                Problem(
                    HEADER_ROW,
                    column.header,
                    text("header_missing", column=message(column.header)),
                )
            )
    return mapping, ignored, problems


def check_roster(
    agency: Agency,
    content: bytes,
    file_name: str,
    *,
    lookups: Lookups | None = None,
    today: dt.date | None = None,
) -> RosterCheck:
    """The dry run. Reads nothing but ``content`` and the agency's registry; writes nothing."""
    today = today or agency.today()
    try:
        rows_iter = iter_rows(content, file_name)
        first = next(rows_iter, None)
    except RosterFileError as exc:
        return RosterCheck([_file_problem(exc, [], {})], [], 0)
    if first is None:
        return RosterCheck([Problem(None, "", text("no_header"))], [], 0)
    _, header = first
    mapping, ignored, header_problems = map_header(header)
    if header_problems:
        # Without the right columns every row would repeat the same complaint.
        return RosterCheck(header_problems, [], 0, ignored)
    lookups = lookups or Lookups.load(agency)

    problems: list[Problem] = []
    rows: list[RosterRow] = []
    first_row_of: dict[str, int] = {}
    total = 0
    try:
        for row_number, values in rows_iter:
            cells = {key: values[i] for i, key in mapping.items() if i < len(values)}
            if all(_text(v) == "" for v in cells.values()):
                continue  # a blank line in the sheet is not a row
            if is_template_example(cells):
                continue  # the template's sample row, left in: never an ASN (issue 8)
            total += 1
            if total > MAX_ROWS:
                problems.append(Problem(None, "", text("too_many_rows", limit=number(MAX_ROWS))))
                break
            row, row_problems = check_row(row_number, cells, lookups, today)
            if row is not None:
                key = row.identifier
                if key in first_row_of:
                    column = "nip" if row.nip else "nomor_pppk"
                    row_problems.append(
                        Problem(
                            row_number,
                            COLUMN_BY_KEY[column].header,
                            text(
                                "identifier_repeated",
                                column=message(COLUMN_BY_KEY[column].header),
                                value=key,
                                first=first_row_of[key],
                            ),
                        )
                    )
                else:
                    first_row_of[key] = row_number
                    row_problems.extend(plan_row(row, lookups))
            else:
                # Report duplicates even when the row has other problems.
                key = _no_spaces(_text(cells.get("nip"))) or _no_spaces(
                    _text(cells.get("nomor_pppk"))
                )
                if key and key in first_row_of:
                    row_problems.append(
                        Problem(
                            row_number,
                            COLUMN_BY_KEY["nip"].header,
                            text("number_repeated", value=key, first=first_row_of[key]),
                        )
                    )
                elif key:
                    first_row_of[key] = row_number
            if row_problems:
                problems.extend(row_problems)
            elif row is not None:
                rows.append(row)
    except RosterFileError as exc:
        problems.append(_file_problem(exc, header, mapping))
    if total == 0 and not problems:
        problems.append(Problem(None, "", text("no_data")))
    return RosterCheck(problems, rows, total, ignored)


def _file_problem(exc: RosterFileError, header: list[Any], mapping: dict[int, str]) -> Problem:
    """The problem for a read error: on its row and column when the error knows them."""
    if not isinstance(exc, RosterRecordError):
        return Problem(None, "", exc.text)
    column, number_of = "", None
    index = exc.column_index
    if index is not None:
        if index in mapping:
            column = COLUMN_BY_KEY[mapping[index]].header
        elif index < len(header) and _text(header[index]):
            column = _text(header[index])
        else:
            number_of = index + 1
    return Problem(exc.row, column, exc.text, number_of)


# -- template ---------------------------------------------------------------------------


def template_workbook(agency: Agency) -> bytes:
    """The downloadable template: the data sheet (header and one sample row, which the
    import skips), one sheet per code list, and drop-down validation on the coded columns
    pointing at those sheets (issue 8, item 13)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    with acting_for(agency):
        units = list(OrgUnit.objects.filter(is_active=True).order_by("path"))
        positions = list(
            Position.objects.filter(is_active=True)
            .select_related("unit")
            .order_by("unit__path", "title")
        )
    example = {c.key: c.example for c in COLUMNS}
    if positions:
        example["kode_unit"] = positions[0].unit.code
        example["kode_jabatan"] = positions[0].code
    code_sheets: list[tuple[str, list[str], list[list[Any]], str | None]] = [
        (
            _("Unit"),
            [str(_("Kode Unit")), str(_("Nama Unit"))],
            [[u.code, u.name] for u in units],
            "kode_unit",
        ),
        (
            _("Jabatan"),
            [
                str(_("Kode Jabatan")),
                str(_("Nama Jabatan")),
                str(_("Kode Unit")),
                str(_("Jenis Jabatan")),
            ],
            [[p.code, p.title, p.unit.code, p.get_jabatan_type_display()] for p in positions],
            "kode_jabatan",
        ),
        (
            _("Golongan"),
            [str(_("Golongan")), str(_("Pangkat"))],
            [[g.code, g.pangkat] for g in golongan_by_code().values()],
            "golongan",
        ),
        (
            _("Jenjang"),
            [str(_("Jenjang")), str(_("Keterangan Jenjang"))],
            [[code, str(label)] for code, label in EDUCATION_LEVELS],
            "pendidikan",
        ),
    ]
    wb = Workbook()
    data = wb.active
    # In the reader's language: the import reads the headers of either (header_lookup).
    data.title = _(DATA_SHEET)
    bold = Font(bold=True)
    data.append([_(c.header) for c in COLUMNS])
    data.append([example[c.key] or None for c in COLUMNS])
    widths = [22, 28, 8, 14, 10, 18, 14, 10, 14, 16, 16, 14, 24, 16, 12, 22, 26, 10]
    text_keys = {"nip", "nomor_pppk", "kode_unit", "kode_jabatan", "nomor_sk_jabatan"}
    last_row = MAX_ROWS + 1
    for i, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        data[f"{letter}1"].font = bold
        if i <= len(widths):
            data.column_dimensions[letter].width = widths[i - 1]
        if column.key in text_keys:
            # As text: an 18-digit NIP typed into a number cell loses its last digits.
            data.column_dimensions[letter].number_format = "@"
            data[f"{letter}2"].number_format = "@"
    data.freeze_panes = "A2"
    letter_of = {c.key: get_column_letter(i) for i, c in enumerate(COLUMNS, start=1)}
    error_title = str(_("Kode tidak dikenal"))

    def drop_down(key: str, formula: str) -> None:
        rule = DataValidation(type="list", formula1=formula, allow_blank=True)
        rule.errorTitle = error_title
        rule.error = str(_("Pilih salah satu isian dari daftar."))
        rule.add(f"{letter_of[key]}2:{letter_of[key]}{last_row}")
        data.add_data_validation(rule)

    drop_down("jenis_kelamin", '"L,P"')
    drop_down("jenis_asn", '"PNS,PPPK"')
    for title, header, rows, key in code_sheets:
        ws = wb.create_sheet(title)
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append(row)
        ws.freeze_panes = "A2"
        ws.column_dimensions["A"].width = 22
        ws.column_dimensions["B"].width = 48
        if key and rows:
            # A translated sheet name with a space needs quotes in the formula.
            sheet_ref = title if title.isalnum() else quote_sheetname(title)
            drop_down(key, f"{sheet_ref}!$A$2:$A${len(rows) + 1}")
    guide_sheet = wb.create_sheet(str(_("Petunjuk")))
    guide_sheet.append([str(_("Kolom")), str(_("Sifat")), str(_("Keterangan"))])
    for c in COLUMNS:
        guide_sheet.append(
            [_(c.header), _("wajib") if c.required else _("pilihan"), _(c.description)]
        )
    for note in (
        _("Jenis ASN PPPK: NIP dikosongkan, Nomor PPPK diisi, Golongan boleh kosong."),
        _("Impor ulang memperbarui data menurut NIP/Nomor PPPK; tidak menggandakan."),
        _("Baris contoh (NIP %(nip)s, %(name)s) tidak pernah diimpor; boleh dibiarkan.")
        % {"nip": example["nip"], "name": example["nama"]},
        _(
            "Kode unit, jabatan, golongan dan jenjang dipilih dari daftar; daftarnya ada di "
            "lembar Unit, Jabatan, Golongan dan Jenjang."
        ),
    ):
        guide_sheet.append(["", "", str(note)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
