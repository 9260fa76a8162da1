"""NIK (Nomor Induk Kependudukan): validation, parsing, birth-date warning, masking.

Layout (16 digits)::

    PP KK CC DDMMYY SSSS
    |  |  |  |      +-- 13-16 nomor urut, from 0001
    |  |  |  +--------- 7-12 birth date; women have 40 added to the day
    |  |  +------------ 5-6  kecamatan (district), not 00
    |  +--------------- 3-4  kabupaten/kota (regency/city), not 00
    +------------------ 1-2  provinsi, a Kemendagri province code

A NIK is for life and Dukcapil does not reissue it when its embedded date turns out to be
wrong, so a malformed NIK is rejected but a NIK whose date disagrees with a stated birth
date only earns a warning (:func:`nik_birth_date_warning`).

Messages are Indonesian, name the digit group at fault and carry a stable ``code`` so
forms, the API and tests can tell the rules apart.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType

from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from sigap.identifiers._common import first_non_digit, remove_whitespace
from sigap.identifiers._common import today as local_today

NIK_LENGTH = 16
FEMALE_DAY_OFFSET = 40
MASK_VISIBLE_DIGITS = 4

# Stable error codes (ValidationError.code); the API and tests depend on them.
NIK_NOT_DIGITS = "nik_not_digits"
NIK_LENGTH_CODE = "nik_length"
NIK_PROVINCE = "nik_province"
NIK_REGENCY = "nik_regency"
NIK_DISTRICT = "nik_district"
NIK_DATE = "nik_date"
NIK_SEQUENCE = "nik_sequence"


@cache
def _load_provinces() -> Mapping[str, str]:
    source = resources.files("sigap.identifiers").joinpath("data/provinsi_kemendagri.csv")
    with source.open(encoding="utf-8", newline="") as handle:
        rows = {row["kode"]: row["nama"] for row in csv.DictReader(handle)}
    return MappingProxyType(rows)


#: Kemendagri province code -> name, including the pre- and post-2022 Papua codes (91-96).
PROVINCES: Mapping[str, str] = _load_provinces()


def province_name(code: str) -> str | None:
    return PROVINCES.get(code)


@dataclass(frozen=True, slots=True)
class ParsedNIK:
    """The parts of a valid NIK.

    Only the parts that :func:`mask_nik` already shows appear in ``repr``: the whole set
    of parts *is* the NIK, and dataclass reprs end up in logs and tracebacks.
    """

    province_code: str
    regency_code: str
    district_code: str = field(repr=False)
    birth_date: dt.date = field(repr=False)
    is_female: bool = field(repr=False)
    sequence: str = field(repr=False)

    @property
    def province_name(self) -> str:
        return PROVINCES[self.province_code]

    @property
    def region_code(self) -> str:
        """Kemendagri district code as written in region lists, e.g. ``15.71.01``."""
        return f"{self.province_code}.{self.regency_code}.{self.district_code}"


def normalize_nik(value: str) -> str:
    """Drop the spaces people type between digit groups; nothing else is changed."""
    return remove_whitespace(value)


StrOrPromise = str | Promise


def _error(message: StrOrPromise, code: str, **params: object) -> ValidationError:
    # Lazy messages: written in the language of whoever reads them (issue 8, item 11).
    return ValidationError(message, code=code, params=params or None)


def _birth_date(raw_day: str, raw_month: str, yy: str, *, on: dt.date) -> tuple[dt.date, bool]:
    """Digits 7-12 -> (birth date, is_female), or a ValidationError naming the group."""
    day_code, month, year2 = int(raw_day), int(raw_month), int(yy)
    if 1 <= day_code <= 31:
        day, is_female = day_code, False
    elif 1 + FEMALE_DAY_OFFSET <= day_code <= 31 + FEMALE_DAY_OFFSET:
        day, is_female = day_code - FEMALE_DAY_OFFSET, True
    else:
        raise _error(
            gettext_lazy(
                "Digit 7–8 NIK (tanggal lahir) bernilai %(value)s: harus 01–31 untuk laki-laki "
                "atau 41–71 untuk perempuan (tanggal lahir ditambah 40)."
            ),
            NIK_DATE,
            value=raw_day,
        )
    if not 1 <= month <= 12:
        raise _error(
            gettext_lazy("Digit 9–10 NIK (bulan lahir) bernilai %(value)s: harus 01–12."),
            NIK_DATE,
            value=raw_month,
        )

    # Only two digits of the year are stored. Take the most recent century that does not
    # put the birth in the future: "05" is 2005, "90" is 1990, and "30" is 1930 until 2030.
    for century in (2000, 1900):
        try:
            candidate = dt.date(century + year2, month, day)
        except ValueError:
            continue
        if candidate <= on:
            return candidate, is_female

    # Django's month names: Indonesian as MONTHS_ID, English when the reader reads English.
    params: dict[str, object] = {"day": day, "month_name": MONTHS[month], "value": raw_day}
    leap = month == 2 and day == 29
    if leap:
        # Reaching here means neither century is a leap year (for 00, 2000 is, and was
        # accepted above), so name the year the century rule would have picked.
        params["year"] = 2000 + year2 if dt.date(2000 + year2, 1, 1) <= on else 1900 + year2
    # Whole sentences, one per case, so that each can be translated as a sentence.
    if leap and is_female:
        message = gettext_lazy(
            "Digit 7–12 NIK (tanggal lahir) tidak sah: tanggal 29 Februari tidak ada pada "
            "tahun %(year)s (bukan tahun kabisat); untuk perempuan digit 7–8 adalah tanggal "
            "ditambah 40 (%(value)s − 40 = %(day)s)."
        )
    elif leap:
        message = gettext_lazy(
            "Digit 7–12 NIK (tanggal lahir) tidak sah: tanggal 29 Februari tidak ada pada "
            "tahun %(year)s (bukan tahun kabisat)."
        )
    elif is_female:
        message = gettext_lazy(
            "Digit 7–12 NIK (tanggal lahir) tidak sah: tanggal %(day)s %(month_name)s tidak "
            "ada; untuk perempuan digit 7–8 adalah tanggal ditambah 40 (%(value)s − 40 = "
            "%(day)s)."
        )
    else:
        message = gettext_lazy(
            "Digit 7–12 NIK (tanggal lahir) tidak sah: tanggal %(day)s %(month_name)s tidak ada."
        )
    raise _error(message, NIK_DATE, **params)


def parse_nik(value: str, *, today: dt.date | None = None) -> ParsedNIK:
    """Split a NIK into its parts, or raise ValidationError for the first broken rule.

    ``today`` fixes "today" for the century choice (tests); it defaults to today in WIB.
    """
    if not isinstance(value, str):
        raise _error(gettext_lazy("NIK harus berupa teks berisi 16 angka."), NIK_NOT_DIGITS)
    position = first_non_digit(value)
    if position is not None:
        raise _error(
            gettext_lazy("NIK hanya boleh berisi angka 0–9; karakter ke-%(position)s bukan angka."),
            NIK_NOT_DIGITS,
            position=position,
        )
    if len(value) != NIK_LENGTH:
        raise _error(
            gettext_lazy("NIK harus 16 digit; yang diisi %(length)s digit."),
            NIK_LENGTH_CODE,
            length=len(value),
        )

    province, regency, district = value[0:2], value[2:4], value[4:6]
    if province not in PROVINCES:
        raise _error(
            gettext_lazy(
                "Digit 1–2 NIK (kode provinsi) bernilai %(value)s, bukan kode provinsi Kemendagri."
            ),
            NIK_PROVINCE,
            value=province,
        )
    if regency == "00":
        raise _error(
            gettext_lazy("Digit 3–4 NIK (kode kabupaten/kota) tidak boleh 00."), NIK_REGENCY
        )
    if district == "00":
        raise _error(gettext_lazy("Digit 5–6 NIK (kode kecamatan) tidak boleh 00."), NIK_DISTRICT)

    birth_date, is_female = _birth_date(
        value[6:8], value[8:10], value[10:12], on=today or local_today()
    )

    sequence = value[12:16]
    if sequence == "0000":
        raise _error(
            gettext_lazy(
                "Digit 13–16 NIK (nomor urut) tidak boleh 0000; nomor urut dimulai dari 0001."
            ),
            NIK_SEQUENCE,
        )
    return ParsedNIK(
        province_code=province,
        regency_code=regency,
        district_code=district,
        birth_date=birth_date,
        is_female=is_female,
        sequence=sequence,
    )


def validate_nik(value: str) -> None:
    """Django validator: raise ValidationError (Indonesian message, stable code) if malformed."""
    parse_nik(value)


def nik_birth_date_warning(nik: str, birth_date: dt.date | None) -> str | None:
    """A warning (never an error) when the NIK's embedded date disagrees with ``birth_date``.

    Day, month and the two-digit year are compared, so the century guess plays no part.
    Returns None when they agree, when no birth date is given, or when the NIK cannot be
    parsed (the validator reports that case).
    """
    if birth_date is None or not isinstance(nik, str):
        return None
    try:
        parsed = parse_nik(normalize_nik(nik))
    except ValidationError:
        return None
    embedded = parsed.birth_date
    if (embedded.day, embedded.month, embedded.year % 100) == (
        birth_date.day,
        birth_date.month,
        birth_date.year % 100,
    ):
        return None
    return (
        f"Tanggal lahir di NIK (digit 7–12) adalah {embedded:%d-%m-%y}, berbeda dengan tanggal "
        f"lahir yang diisi ({birth_date:%d-%m-%Y}). NIK tetap dicatat apa adanya; pastikan "
        "tanggal lahir sesuai akta kelahiran atau Kartu Keluarga."
    )


def mask_nik(value: str | None) -> str:
    """First 4 digits (province and regency) then 12 asterisks: ``1505************``.

    Non-digits are dropped before masking and the output length is fixed, so the mask
    reveals at most 4 digits and nothing about the input's length, even for bad input.
    """
    if not value:
        return ""
    digits = "".join(ch for ch in str(value) if "0" <= ch <= "9")
    return digits[:MASK_VISIBLE_DIGITS] + "*" * (NIK_LENGTH - MASK_VISIBLE_DIGITS)
