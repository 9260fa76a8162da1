"""The printable standar pelayanan: one A4 sheet of the kind offices post on the wall.

It carries the six published components of PermenPAN-RB 15/2014 (requirements,
procedure, time limit, fee, product, complaint handling), the legal basis and the
office hours, and a QR code to the service's public page, where the citizen finds the
version in force and last month's measured figures.

fpdf2's core fonts (Helvetica) cover Windows-1252 only and no DejaVu TTF ships inside
an installed package, so text is transliterated: accents dropped, a few symbols
spelt out. Indonesian needs nothing beyond ASCII; names with accents lose them. The QR
code is drawn as vector squares (sharp at any print size, no image library involved).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import segno
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from sigap.identifiers.dates import format_date
from sigap.services.models import Service, ServiceStandard
from sigap.services.public_catalogue import office_hours
from sigap.tenancy.models import Agency

ENCODING = "windows-1252"
SPELT = {"≤": "<=", "≥": ">=", "→": "->", "←": "<-", "×": "x", "✓": "v", "≠": "!="}
QR_SIZE = 38  # mm: scannable from a step away when posted on a wall
GREY = (90, 90, 90)
RULE = (200, 200, 200)


def printable(text: str) -> str:
    """``text`` in what the core fonts can draw."""
    out = []
    for ch in str(text):
        try:
            ch.encode(ENCODING)
        except UnicodeEncodeError:
            if ch in SPELT:
                out.append(SPELT[ch])
                continue
            plain = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
            )
            try:
                plain.encode(ENCODING)
            except UnicodeEncodeError:
                plain = "?"
            out.append(plain)
        else:
            out.append(ch)
    return "".join(out)


def _numbered(items: Iterable[str]) -> str:
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, start=1))


def _rupiah(amount: object) -> str:
    return "Rp " + f"{int(amount):,}".replace(",", ".")  # type: ignore[call-overload]


def fee_text(standard: ServiceStandard) -> str:
    text = _("Gratis (tidak dipungut biaya)") if standard.is_free else _rupiah(standard.fee)
    return f"{text}\n{standard.fee_note}" if standard.fee_note else text


def _date(value: object) -> str:
    if value is None:
        return "-"
    return str(format_date(value))  # type: ignore[arg-type]


def _unit_line(service: Service) -> str:
    unit = service.unit
    parent = unit.parent if unit.parent_id else None
    return f"{unit.name} - {parent.name}" if parent else unit.name


def standard_pdf(
    agency: Agency, service: Service, standard: ServiceStandard, *, page_url: str
) -> bytes:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.core_fonts_encoding = ENCODING
    # Written in the language of whoever downloads it (issue 8, item 11); what the pemda
    # wrote (requirements, procedure, product...) is shown as written.
    pdf.set_title(printable(_("Standar pelayanan %(name)s") % {"name": service.name}))
    pdf.set_author(printable(agency.name))
    pdf.set_creator("Sigap")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    # Heading: whose service, what it is, which version.
    pdf.set_font("Helvetica", size=10)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(width, 5, printable(agency.name.upper()), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.multi_cell(width, 5, printable(_unit_line(service)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Helvetica", style="B", size=12)
    pdf.cell(width, 7, printable(_("STANDAR PELAYANAN")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", style="B", size=20)
    pdf.multi_cell(width, 9, printable(service.name), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", size=9)
    pdf.set_text_color(*GREY)
    pdf.cell(
        width,
        6,
        printable(
            _("Kode %(code)s - versi %(version)s, berlaku sejak %(date)s")
            % {
                "code": service.code,
                "version": standard.version,
                "date": _date(standard.published_at),
            }
        ),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)

    hours = office_hours(agency)
    open_days = "\n".join(
        f"{d.name}: {d.hours} {hours['zone']}" for d in hours["days"] if d.hours != "Tutup"
    )
    rows = [
        ("1", _("Persyaratan"), _numbered(standard.requirements)),
        ("2", _("Sistem, mekanisme dan prosedur"), _numbered(standard.procedure)),
        (
            "3",
            _("Jangka waktu penyelesaian"),
            f"{standard.time_limit} {standard.get_time_unit_display()}\n"
            + _("(akhir pekan, libur nasional, cuti bersama dan libur daerah tidak dihitung)"),
        ),
        ("4", _("Biaya/tarif"), fee_text(standard)),
        ("5", _("Produk pelayanan"), standard.product),
        ("6", _("Penanganan pengaduan, saran dan masukan"), standard.complaint_handling),
    ]
    if standard.legal_basis.strip():
        rows.append(("", _("Dasar hukum"), standard.legal_basis.strip()))
    rows.append(("", _("Jam pelayanan"), open_days or "-"))

    pdf.set_font("Helvetica", size=10)
    pdf.set_draw_color(*RULE)
    with pdf.table(
        col_widths=(8, 52, width - 60),
        width=width,
        text_align="LEFT",
        line_height=5,
        padding=2,
        first_row_as_headings=False,
        borders_layout="HORIZONTAL_LINES",
    ) as table:
        for number, label, text in rows:
            row = table.row()
            row.cell(number)
            pdf.set_font("Helvetica", style="B", size=10)
            row.cell(printable(label))
            pdf.set_font("Helvetica", size=10)
            row.cell(printable(text.strip() or "-"))

    # The QR code and where it leads, kept together at the foot.
    needed = QR_SIZE + 8
    if pdf.get_y() + needed > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(6)
    top = pdf.get_y()
    _draw_qr(pdf, page_url, x=pdf.w - pdf.r_margin - QR_SIZE, y=top, size=QR_SIZE)
    pdf.set_xy(pdf.l_margin, top + 4)
    text_width = width - QR_SIZE - 6
    pdf.set_font("Helvetica", style="B", size=11)
    pdf.multi_cell(
        text_width,
        6,
        printable(
            _(
                "Pindai kode QR untuk standar yang berlaku, formulir daring dan waktu "
                "penyelesaian nyata bulan lalu."
            )
        ),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_font("Helvetica", size=9)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(text_width, 5, printable(page_url), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def _draw_qr(pdf: FPDF, data: str, *, x: float, y: float, size: float) -> None:
    qr = segno.make(data, error="m")
    matrix = qr.matrix
    module = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for row, line in enumerate(matrix):
        col = 0
        while col < len(line):
            if not line[col]:
                col += 1
                continue
            run = col
            while run < len(line) and line[run]:
                run += 1
            # One rectangle per horizontal run of dark modules: fewer PDF operators.
            pdf.rect(x + col * module, y + row * module, (run - col) * module, module, style="F")
            col = run
