"""Is a file or a page in English? A shared check for the English mode (issue 8, item 11).

A test downloads an export or renders a page with English chosen, gathers its texts
(``xlsx_texts``, ``pdf_texts``, ``html_texts``) and calls ``assert_english``, naming the
values that are data (a unit's name, a programme's title: what people typed stays as
they typed it). A text is Indonesian when it holds a word of ``INDONESIAN``: Indonesian
function words and the words of Sigap's interface, chosen so that none is also an English
word. The glossary's terms (ASN, PNS, PPPK, NIP, NIK, JP, TMT, golongan, pemda, SK) are
used in English too and are not in it.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterable
from html.parser import HTMLParser
from typing import Any

INDONESIAN = frozenset(
    """
    yang untuk dengan tidak belum sudah atau pada akan dapat harus ini itu di ke dari oleh
    bila dan telah sebanyak kepada sejak sampai tanpa bukan juga saja masih antara setiap
    nama tanggal nomor jumlah biaya rencana ringkasan peserta kebutuhan pensiun jabatan
    sertifikat persyaratan tutup gratis bentuk disetujui selesai kode kelebihan formasi
    pemangku berlaku versi pelayanan layanan standar waktu jangka produk pengaduan dasar
    hukum jam senin selasa rabu kamis jumat sabtu minggu januari februari maret mei juni
    juli agustus oktober desember lahir kelamin jurusan pendidikan lulus tahun wajib pilihan
    keterangan kolom sifat petunjuk lembar jenis terakhir institusi pangkat rotasi jatuh
    tempo periksa keaslian diberikan menyelesaikan diselenggarakan pindai daring nyata
    bulan lalu hari kerja akhir pra pasca ya jenjang pegawai permohonan pesanan batal
    hapus cabut simpan tambah ubah baru lama sertifikasi prosedur mekanisme sistem tarif
    penyelesaian penanganan saran masukan dipungut kalender libur nasional bersama daerah
    dihitung pekan unduh saat ini kecocokan relevansi kelayakan jarak lowong
    """.split()
)
_WORD = re.compile(r"[^\W\d_]+")


def indonesian(texts: Iterable[object], *, data: Iterable[object] = ()) -> list[str]:
    """The texts that read as Indonesian, leaving out the ``data`` values."""
    skip = {str(d).strip() for d in data if d is not None}
    found = []
    for text in texts:
        if text is None or not isinstance(text, str):
            continue
        text = text.strip()
        if not text or text in skip:
            continue
        rest = text
        for value in sorted(skip, key=len, reverse=True):  # data inside a sentence
            if len(value) > 2:
                rest = rest.replace(value, " ")
        if {w.lower() for w in _WORD.findall(rest)} & INDONESIAN:
            found.append(text)
    return found


def assert_english(texts: Iterable[object], *, data: Iterable[object] = ()) -> None:
    left = indonesian(texts, data=data)
    assert left == [], "untranslated Indonesian in the English version:\n" + "\n".join(
        f"  {t!r}" for t in left
    )


def in_english(client: Any) -> Any:
    """The test client reading in English (the language switch's cookie)."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def xlsx_texts(content: bytes, *, header_rows: int | None = None) -> list[str]:
    """Sheet titles and the text cells of every sheet (or only its first rows)."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    out: list[str] = []
    for ws in wb.worksheets:
        out.append(ws.title)
        for row in ws.iter_rows(max_row=header_rows, values_only=True):
            out += [v for v in row if isinstance(v, str)]
    return out


_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_SHOWN = re.compile(rb"\(((?:[^()\\]|\\.)*)\)\s*Tj")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"(": b"(", b")": b")", b"\\": b"\\"}


def pdf_texts(content: bytes) -> list[str]:
    """The strings a PDF drawn with fpdf2's core fonts shows (``(text) Tj`` operators)."""
    out = []
    for match in _STREAM.finditer(content):
        raw = match.group(1)
        try:
            # Not zlib.decompress: when a compressed stream's last byte is "\r", the
            # pattern takes it for the line end before "endstream", and the checksum it
            # belongs to comes up one byte short (a certificate's random number made
            # that happen once in 256 runs). The deflated data itself is whole.
            raw = zlib.decompressobj().decompress(raw)
        except zlib.error:
            pass
        for shown in _SHOWN.finditer(raw):
            text = re.sub(rb"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), shown[1])
            out.append(text.decode("windows-1252"))
    return out


class _Texts(HTMLParser):
    SKIPPED = {"script", "style", "code", "option"}
    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []  # per open element: is its content skipped?
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("aria-label", "placeholder", "title", "data-confirm"):
            if values.get(name) and not (self.stack and self.stack[-1]):
                self.texts.append(values[name] or "")
        if tag in self.VOID:
            return
        skipped = (
            (bool(self.stack) and self.stack[-1])
            or tag in self.SKIPPED
            or values.get("translate") == "no"
            or values.get("lang") == "id"
        )
        self.stack.append(skipped)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if data.strip() and not (self.stack and self.stack[-1]):
            self.texts.append(data.strip())


def html_texts(html: str) -> list[str]:
    """Text nodes and labelling attributes of a page, leaving out scripts, code, the
    choices of a select, and what is marked ``translate="no"`` or ``lang="id"``."""
    parser = _Texts()
    parser.feed(html)
    return parser.texts
