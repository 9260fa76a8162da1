"""Shared builders for the consultations tests, through the domain functions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sigap.consultations import drafts
from sigap.consultations.models import Consultation, Section
from sigap.tenancy.context import activate

TEXT_V1 = """## [pasal-1] Pasal 1 Ketentuan umum
Dalam peraturan ini yang dimaksud dengan ASN adalah aparatur sipil negara.
Pemerintah daerah wajib membuka konsultasi publik.

## [pasal-2] Pasal 2 Hak peserta
Setiap warga berhak didengar pendapatnya.
Setiap warga berhak mendapatkan penjelasan atas masukannya.

## [pasal-3] Pasal 3 Pembiayaan
Biaya pelatihan dibebankan pada anggaran daerah."""

# Version 2: pasal 1 gains a sentence before the quoted one (the passage moves), pasal 2
# rewords "didengar pendapatnya" (edited), pasal 3 is deleted, "hak peserta" keeps its
# second sentence, and a new pasal 4 is added.
TEXT_V2 = """## [pasal-1] Pasal 1 Ketentuan umum
Peraturan ini berlaku sejak diundangkan.
Dalam peraturan ini yang dimaksud dengan ASN adalah aparatur sipil negara.
Pemerintah daerah wajib membuka konsultasi publik.

## [pasal-2] Pasal 2 Hak peserta
Setiap warga berhak didengar pendapatnya secara langsung.
Setiap warga berhak mendapatkan penjelasan atas masukannya.

## [pasal-4] Pasal 4 Pelaporan
Unit menyusun laporan tanggapan."""


def consultation(
    unit: Any,
    by: Any = None,
    *,
    open_it: bool = True,
    text: str = TEXT_V1,
    title: str = "Rancangan Perbup Pengembangan ASN",
) -> Consultation:
    today = unit.agency.today()
    c = drafts.create_consultation(
        unit,
        title=title,
        summary="Aturan tentang pelatihan dan pengembangan ASN, dalam bahasa sederhana.",
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=30),
        text=text,
        by=by,
        questions=[{"key": "setuju", "label": "Apakah Anda setuju?", "choices": ["Ya", "Tidak"]}],
    )
    if open_it:
        drafts.open_consultation(c, by=by)
    return c


def section(c: Consultation, key: str) -> Section:
    with activate(c.agency):
        return Section.objects.get(version=drafts.latest_version(c), key=key)
