"""Certificates: the public verification by number, the printable certificate with a QR
code to that page, and the certificate register (PDF) for BKPSDM.

Drawn with fpdf2 core fonts and segno vector QR codes, like the services app's printable
standard (``services.standard_pdf``: its ``printable`` keeps text within Windows-1252).
"""

from __future__ import annotations

from collections.abc import Iterable

import segno
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from sigap.learning.models import Certificate
from sigap.services.standard_pdf import ENCODING, printable
from sigap.tenancy.context import unscoped

QR_SIZE = 32


def verify(number: str) -> Certificate | None:
    """The certificate with this number, in any pemda (numbers are installation-wide)."""
    number = (number or "").strip()
    if not number or len(number) > 40:
        return None
    with unscoped():
        return (
            Certificate.all_objects.select_related(
                "agency", "enrolment__employee", "enrolment__programme"
            )
            .filter(number=number)
            .first()
        )


def masked_identifier(certificate: Certificate) -> str:
    """Enough to tell two namesakes apart on the public page, not the whole number."""
    value = certificate.enrolment.employee.identifier
    if len(value) <= 7:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 7) + value[-3:]


def _qr(pdf: FPDF, data: str, *, x: float, y: float, size: float) -> None:
    qr = segno.make(data, error="m")
    matrix = [list(row) for row in qr.matrix]
    cell = size / (len(matrix) + 8)
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                pdf.rect(x + (c + 4) * cell, y + (r + 4) * cell, cell, cell, style="F")


def certificate_pdf(certificate: Certificate, verify_url: str) -> bytes:
    enrolment = certificate.enrolment
    programme = enrolment.programme
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.core_fonts_encoding = ENCODING
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(60, 60, 60)
    pdf.rect(10, 10, 277, 190)
    pdf.set_font("Helvetica", size=12)
    pdf.set_xy(20, 22)
    pdf.cell(257, 8, printable(certificate.agency.name), align="C")
    pdf.set_font("Helvetica", style="B", size=26)
    pdf.set_xy(20, 40)
    # Written in the language of whoever downloads it (issue 8, item 11).
    pdf.cell(257, 14, printable(_("SERTIFIKAT")), align="C")
    pdf.set_font("Helvetica", size=11)
    pdf.set_xy(20, 56)
    pdf.cell(257, 6, printable(_("Nomor: %(n)s") % {"n": certificate.number}), align="C")
    pdf.set_xy(20, 72)
    pdf.cell(257, 7, printable(_("diberikan kepada")), align="C")
    pdf.set_font("Helvetica", style="B", size=20)
    pdf.set_xy(20, 82)
    pdf.cell(257, 12, printable(enrolment.employee.full_name), align="C")
    pdf.set_font("Helvetica", size=11)
    pdf.set_xy(20, 96)
    pdf.cell(257, 6, printable(f"NIP {masked_identifier(certificate)}"), align="C")
    pdf.set_xy(30, 110)
    pdf.multi_cell(
        237,
        7,
        printable(
            _(
                'telah menyelesaikan %(form)s "%(title)s" sebanyak %(jp)s JP, '
                "diselenggarakan oleh %(provider)s."
            )
            % {
                "form": programme.get_form_display(),
                "title": programme.title,
                "jp": f"{certificate.jp:g}",
                "provider": programme.provider_name or programme.get_provider_kind_display(),
            }
        ),
        align="C",
    )
    pdf.set_xy(180, 160)
    pdf.cell(90, 6, printable(_("Tanggal: %(d)s") % {"d": f"{certificate.issued_on:%d-%m-%Y}"}))
    _qr(pdf, verify_url, x=30, y=150, size=QR_SIZE)
    pdf.set_font("Helvetica", size=8)
    pdf.set_xy(20, 184)
    pdf.cell(100, 5, printable(_("Periksa keaslian: %(url)s") % {"url": verify_url}))
    return bytes(pdf.output())


def register_pdf(agency_name: str, year: int, certificates: Iterable[Certificate]) -> bytes:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.core_fonts_encoding = ENCODING
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=13)
    pdf.cell(
        0,
        8,
        printable(_("Register sertifikat pengembangan kompetensi %(year)s") % {"year": year}),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 6, printable(agency_name), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    widths = (38, 52, 66, 12, 22)
    heads = (_("Nomor"), _("Nama"), _("Program"), _("JP"), _("Tanggal"))
    pdf.set_font("Helvetica", style="B", size=9)
    for w, h in zip(widths, heads, strict=True):
        pdf.cell(w, 6, printable(h), border=1)
    pdf.ln()
    pdf.set_font("Helvetica", size=8)
    count = 0
    for c in certificates:
        values = (
            c.number,
            c.enrolment.employee.full_name,
            c.enrolment.programme.title,
            f"{c.jp:g}",
            f"{c.issued_on:%d-%m-%Y}",
        )
        for w, v in zip(widths, values, strict=True):
            text = printable(v)
            while pdf.get_string_width(text) > w - 2 and len(text) > 3:
                text = text[:-2] + "."
            pdf.cell(w, 5, text, border=1)
        pdf.ln()
        count += 1
    pdf.ln(2)
    pdf.cell(
        0,
        5,
        printable(
            ngettext("Jumlah: %(n)s sertifikat", "Jumlah: %(n)s sertifikat", count) % {"n": count}
        ),
    )
    return bytes(pdf.output())
