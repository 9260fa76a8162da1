"""The English-mode check finds Indonesian where it is left (issue 8, item 11)."""

from __future__ import annotations

import io
import zlib

import openpyxl
import pytest
from fpdf import FPDF

from sigap.platform.tests.english import (
    assert_english,
    html_texts,
    indonesian,
    pdf_texts,
    xlsx_texts,
)


def test_an_indonesian_header_is_found_and_english_passes():
    assert indonesian(["Name", "Tanggal lahir", "Birth date", "NIP", "Golongan"]) == [
        "Tanggal lahir"
    ]
    assert_english(["Unit code", "TMT CPNS/PPPK", "Status", "Programme", "JP"])


def test_data_values_are_left_out():
    assert_english(
        ["Dinas Kependudukan dan Pencatatan Sipil"],
        data=["Dinas Kependudukan dan Pencatatan Sipil"],
    )
    assert indonesian(["Sertifikat Budi"], data=["Budi"]) == ["Sertifikat Budi"]
    with pytest.raises(AssertionError, match="Jumlah"):
        assert_english(["Jumlah: 3"])


def test_workbook_texts_include_sheet_titles_and_cells():
    wb = openpyxl.Workbook()
    wb.active.title = "Ringkasan"
    wb.active.append(["Status", 3])
    out = io.BytesIO()
    wb.save(out)
    assert xlsx_texts(out.getvalue()) == ["Ringkasan", "Status"]


def test_pdf_texts_are_read_from_the_drawn_strings():
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 5, "Jumlah: 3 sertifikat (tahun 2026)")
    assert "Jumlah: 3 sertifikat (tahun 2026)" in pdf_texts(bytes(pdf.output()))


def test_html_texts_skip_what_people_wrote():
    page = (
        '<main><h1>Complaint</h1><p translate="no">Jalan rusak di depan sekolah</p>'
        '<button aria-label="Hapus">x</button><script>var nama = 1;</script></main>'
    )
    assert html_texts(page) == ["Complaint", "Hapus", "x"]


def test_pdf_texts_read_a_stream_whose_last_byte_looks_like_a_line_end():
    """The pattern takes a final "\r" of the compressed data for the line end before
    "endstream": the stream must still be read (it once made a certificate test fail)."""
    deflated = zlib.compress(b"BT (CERTIFICATE) Tj ET")
    # What the pattern hands over when the data's last byte is "\r": all but that byte.
    seen = b"stream\n" + deflated[:-1] + b"\r\nendstream"
    assert pdf_texts(seen) == ["CERTIFICATE"]
