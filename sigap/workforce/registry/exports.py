"""Excel exports of filtered lists, streamed.

Rows come from ``finder.iterate`` in keyset batches and go straight into the sheet
inside a zip in a temporary file, so memory stays flat however long the list.

Why not openpyxl's write-only workbook: its per-cell machinery wrote about 20,000 cells
a second here (lxml or not), and the whole ASN list of a province is 60,000 rows × 15
columns — 40 seconds. The sheet XML is therefore written directly (SpreadsheetML, ECMA-376:
inline strings, numbers, dates as serial days with a ``dd-mm-yyyy`` style, a bold frozen
header row); openpyxl reads the files back in the tests. Downloading personal data is
processing it (UU 27/2022): every export writes one audit entry saying what was exported,
with which filters, and how many rows.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from django.http import HttpResponse

from sigap.audit.events import record_access, register_events
from sigap.tenancy.models import Agency
from sigap.workforce.models import Employee, JabatanType
from sigap.workforce.reference import golongan_by_code

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial day 0 of the 1900 date system
# Characters XML 1.0 does not allow at all (a stray control character in a name would
# otherwise make Excel refuse the whole file).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_STYLE_DATE, _STYLE_HEADER = 1, 2  # indexes into cellXfs of STYLES


@dataclass(frozen=True)
class XlsxColumn:
    header: str
    value: Callable[[Any], Any]
    width: int = 16


def _letters(n: int) -> list[str]:
    out = []
    for i in range(1, n + 1):
        name = ""
        while i:
            i, rem = divmod(i - 1, 26)
            name = chr(65 + rem) + name
        out.append(name)
    return out


def _text(value: str) -> str:
    return escape(_ILLEGAL.sub("", value))


def _cell(ref: str, value: Any, style: int = 0) -> str:
    s = f' s="{style}"' if style else ""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"{s}><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    if isinstance(value, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        return f'<c r="{ref}" s="{_STYLE_DATE}"><v>{(day - EXCEL_EPOCH).days}</v></c>'
    return f'<c r="{ref}" t="inlineStr"{s}><is><t xml:space="preserve">{_text(str(value))}</t></is></c>'


def _sheet_xml(columns: Sequence[XlsxColumn], rows: Iterable[Any], out: IO[bytes]) -> int:
    letters = _letters(len(columns))
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{c.width}" customWidth="1"/>'
        for i, c in enumerate(columns, start=1)
    )
    out.write(
        (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
            f"<cols>{cols}</cols><sheetData>"
        ).encode()
    )
    header = "".join(
        _cell(f"{letters[i]}1", c.header, _STYLE_HEADER) for i, c in enumerate(columns)
    )
    out.write(f'<row r="1">{header}</row>'.encode())
    n = 0
    buffer: list[str] = []
    for n, row in enumerate(rows, start=1):
        r = n + 1
        cells = "".join(_cell(f"{letters[i]}{r}", c.value(row)) for i, c in enumerate(columns))
        buffer.append(f'<row r="{r}">{cells}</row>')
        if len(buffer) >= 1000:
            out.write("".join(buffer).encode())
            buffer.clear()
    out.write(("".join(buffer) + "</sheetData></worksheet>").encode())
    return n


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name={name} sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"""
STYLES = r"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd\-mm\-yyyy"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""


def write_xlsx(
    title: str, columns: Sequence[XlsxColumn], rows: Iterable[Any]
) -> tuple[IO[bytes], int]:
    """One sheet of ``rows`` as an .xlsx in a temporary file (rewound), and the row count."""
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    # Sheet names: at most 31 characters, none of []:*?/\
    name = re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Data"
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", WORKBOOK.format(name=quoteattr(name)))
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        zf.writestr("xl/styles.xml", STYLES)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            n = _sheet_xml(columns, rows, sheet)
    out.seek(0)
    return out, n


def xlsx_response(out: IO[bytes], filename: str) -> HttpResponse:
    """The finished file as a download. Not a streaming response: the workbook is built
    row by row on disk, and the compressed result (a few MB for a province) is small."""
    with out:
        data = out.read()
    reply = HttpResponse(data, content_type=XLSX)
    reply["Content-Disposition"] = f'attachment; filename="{filename}"'
    return reply


# One access event per kind of export (UU 27/2022: taking personal data out is processing
# too); inspectors find them all by searching "ekspor".
EXPORT_EVENTS = {"daftar ASN": "ekspor daftar ASN", "kebutuhan pegawai": "ekspor kebutuhan pegawai"}
register_events(
    {
        "ekspor daftar ASN": "Ekspor daftar ASN",
        "ekspor kebutuhan pegawai": "Ekspor kebutuhan pegawai",
    }
)


def record_export(agency: Agency, what: str, *, filters: dict[str, Any], rows: int) -> None:
    """One audit entry per export (the actor comes from the request's audit context)."""
    record_access(
        EXPORT_EVENTS[what], agency, details={"export": what, "filters": filters, "rows": rows}
    )


# -------------------------------------------------------------------- ASN list

_TYPE = dict(JabatanType.choices)


def _pangkat(code: str | None) -> str:
    g = golongan_by_code().get(code or "")
    return g.pangkat if g else ""


ASN_COLUMNS: list[XlsxColumn] = [
    XlsxColumn("NIP / Nomor PPPK", lambda e: e.identifier, 22),
    XlsxColumn("Nama", lambda e: e.full_name, 32),
    XlsxColumn("Jenis ASN", lambda e: e.get_kind_display(), 10),
    XlsxColumn("Jenis kelamin", lambda e: e.get_gender_display(), 12),
    XlsxColumn("Tanggal lahir", lambda e: e.birth_date, 14),
    XlsxColumn("TMT CPNS/PPPK", lambda e: e.service_start, 14),
    XlsxColumn("Golongan", lambda e: e.current_golongan or "", 10),
    XlsxColumn("Pangkat", lambda e: _pangkat(e.current_golongan), 24),
    XlsxColumn("Jabatan", lambda e: e.current_position_title or "", 36),
    XlsxColumn("Jenis jabatan", lambda e: _TYPE.get(e.current_jabatan_type, ""), 14),
    XlsxColumn("Unit", lambda e: e.current_unit_name or "", 36),
    XlsxColumn("Dalam jabatan sejak", lambda e: e.current_since, 14),
    XlsxColumn("Rotasi jatuh tempo", lambda e: "ya" if e.rotation_due else "", 10),
    XlsxColumn("Tanggal pensiun", lambda e: e.retires_on, 14),
    XlsxColumn("Status", lambda e: e.get_status_display(), 12),
]


def asn_workbook(employees: Iterable[Employee]) -> tuple[IO[bytes], int]:
    """The ASN list (rows from ``finder.iterate``) as an .xlsx file and its row count."""
    return write_xlsx("Data ASN", ASN_COLUMNS, employees)
