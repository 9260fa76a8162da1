"""NIP (Nomor Induk Pegawai) of a PNS: validation, parsing and consistency warnings.

Layout (18 digits)::

    YYYYMMDD YYYYMM G SSS
    |        |      | +-- 16-18 nomor urut, from 001
    |        |      +---- 15    gender: 1 laki-laki, 2 perempuan
    |        +----------- 9-14  TMT CPNS (year and month the person became a CPNS)
    +-------------------- 1-8   birth date

Only PNS numbers follow this layout. PPPK numbers use another one (unconfirmed), so
callers store the employee kind and validate NIP for PNS only.

Like a NIK, a NIP is not reissued when its embedded data is wrong: a disagreement with the
stated birth date or gender is a warning (:func:`nip_consistency_warnings`), not an error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from sigap.identifiers._common import first_non_digit, remove_whitespace
from sigap.identifiers._common import today as local_today
from sigap.identifiers.dates import format_date, format_month

NIP_LENGTH = 18
ADULT_AGE = 18
# No serving or retired PNS was born before 1900; an earlier year is a typo, even though
# Python would accept e.g. 0985-03-15 as a date.
EARLIEST_BIRTH_YEAR = 1900

Gender = Literal["L", "P"]
GENDER_BY_DIGIT: dict[str, Gender] = {"1": "L", "2": "P"}
# Marked, not translated: messages translate them when shown.
GENDER_LABEL: dict[Gender, str] = {"L": gettext_noop("laki-laki"), "P": gettext_noop("perempuan")}

# Stable error codes (ValidationError.code); the API and tests depend on them.
NIP_NOT_DIGITS = "nip_not_digits"
NIP_LENGTH_CODE = "nip_length"
NIP_BIRTH_DATE = "nip_birth_date"
NIP_TMT = "nip_tmt"
NIP_GENDER = "nip_gender"
NIP_SEQUENCE = "nip_sequence"


@dataclass(frozen=True, slots=True)
class ParsedNIP:
    birth_date: dt.date
    tmt_cpns: dt.date  # always the 1st: a TMT CPNS is a month
    gender: Gender
    sequence: str

    @property
    def is_female(self) -> bool:
        return self.gender == "P"


def normalize_nip(value: str) -> str:
    """Drop the spaces of the printed form ("19850315 201001 2 001")."""
    return remove_whitespace(value)


StrOrPromise = str | Promise


def _error(message: StrOrPromise, code: str, **params: object) -> ValidationError:
    # Lazy messages: written in the language of whoever reads them (issue 8, item 11).
    return ValidationError(message, code=code, params=params or None)


def _eighteenth_birthday(birth: dt.date) -> dt.date:
    try:
        return birth.replace(year=birth.year + ADULT_AGE)
    except ValueError:  # born 29 February; the birthday falls on 1 March in other years
        return dt.date(birth.year + ADULT_AGE, 3, 1)


def _birth_date(raw: str, *, on: dt.date) -> dt.date:
    year, month, day = int(raw[0:4]), int(raw[4:6]), int(raw[6:8])
    if year < EARLIEST_BIRTH_YEAR:
        raise _error(
            gettext_lazy(
                "Digit 1–4 NIP (tahun lahir) bernilai %(value)s: tahun lahir pegawai tidak mungkin "
                "sebelum 1900."
            ),
            NIP_BIRTH_DATE,
            value=raw[0:4],
        )
    if not 1 <= month <= 12:
        raise _error(
            gettext_lazy("Digit 5–6 NIP (bulan lahir) bernilai %(value)s: harus 01–12."),
            NIP_BIRTH_DATE,
            value=raw[4:6],
        )
    try:
        birth = dt.date(year, month, day)
    except ValueError:
        raise _error(
            gettext_lazy(
                "Digit 1–8 NIP (tanggal lahir) bernilai %(value)s: tanggal %(day)s %(month_name)s "
                "%(year)s tidak ada."
            ),
            NIP_BIRTH_DATE,
            value=raw,
            day=day,
            month_name=MONTHS[month],
            year=year,
        ) from None
    if birth > on:
        raise _error(
            gettext_lazy(
                "Digit 1–8 NIP (tanggal lahir) bernilai %(value)s: tanggal %(date)s belum terjadi."
            ),
            NIP_BIRTH_DATE,
            value=raw,
            date=format_date(birth),
        )
    return birth


def _tmt_cpns(raw: str, birth: dt.date, *, on: dt.date) -> dt.date:
    year, month = int(raw[0:4]), int(raw[4:6])
    if not 1 <= month <= 12:
        raise _error(
            gettext_lazy("Digit 13–14 NIP (bulan TMT CPNS) bernilai %(value)s: harus 01–12."),
            NIP_TMT,
            value=raw[4:6],
        )
    adult = _eighteenth_birthday(birth)
    # Compare the year first: a typo such as 0010 is not a valid date() at all.
    if year < adult.year or dt.date(year, month, 1) < adult:
        raise _error(
            gettext_lazy(
                "Digit 9–14 NIP (TMT CPNS) bernilai %(value)s: TMT CPNS tidak boleh sebelum "
                "pegawai berusia 18 tahun (%(adult)s)."
            ),
            NIP_TMT,
            value=raw,
            adult=format_date(adult),
        )
    tmt = dt.date(year, month, 1)
    if tmt > on:
        raise _error(
            gettext_lazy(
                "Digit 9–14 NIP (TMT CPNS) bernilai %(value)s: TMT CPNS %(tmt)s belum terjadi."
            ),
            NIP_TMT,
            value=raw,
            tmt=format_month(tmt),
        )
    return tmt


def parse_nip(value: str, *, today: dt.date | None = None) -> ParsedNIP:
    """Split a PNS NIP into its parts, or raise ValidationError for the first broken rule.

    ``today`` fixes "today" for the not-in-the-future rules (tests); defaults to today in WIB.
    """
    if not isinstance(value, str):
        raise _error(gettext_lazy("NIP harus berupa teks berisi 18 angka."), NIP_NOT_DIGITS)
    position = first_non_digit(value)
    if position is not None:
        raise _error(
            gettext_lazy("NIP hanya boleh berisi angka 0–9; karakter ke-%(position)s bukan angka."),
            NIP_NOT_DIGITS,
            position=position,
        )
    if len(value) != NIP_LENGTH:
        raise _error(
            gettext_lazy("NIP harus 18 digit; yang diisi %(length)s digit."),
            NIP_LENGTH_CODE,
            length=len(value),
        )

    on = today or local_today()
    birth = _birth_date(value[0:8], on=on)
    tmt = _tmt_cpns(value[8:14], birth, on=on)

    gender = GENDER_BY_DIGIT.get(value[14])
    if gender is None:
        raise _error(
            gettext_lazy(
                "Digit 15 NIP (jenis kelamin) bernilai %(value)s: harus 1 (laki-laki) atau "
                "2 (perempuan)."
            ),
            NIP_GENDER,
            value=value[14],
        )

    sequence = value[15:18]
    if sequence == "000":
        raise _error(
            gettext_lazy(
                "Digit 16–18 NIP (nomor urut) tidak boleh 000; nomor urut dimulai dari 001."
            ),
            NIP_SEQUENCE,
        )
    return ParsedNIP(birth_date=birth, tmt_cpns=tmt, gender=gender, sequence=sequence)


def validate_nip(value: str) -> None:
    """Django validator: raise ValidationError (Indonesian message, stable code) if malformed."""
    parse_nip(value)


# How each mismatch names the stated value; callers reading a file name its column.
# Marked, not translated here: the message translates them when it is shown.
STATED_AS: dict[str, str] = {
    "birth_date": gettext_noop("tanggal lahir yang tercatat"),
    "gender": gettext_noop("jenis kelamin yang tercatat"),
    "service_start": gettext_noop("TMT CPNS yang tercatat"),
}


def _mismatch_text(message: str, params: dict[str, object]) -> str:
    return gettext(message) % params  # lazy params are written now, in the same language


# Written when shown, in the reader's language, like the validation errors above.
_mismatch = lazy(_mismatch_text, str)


def nip_mismatches(
    parsed: ParsedNIP,
    *,
    birth_date: dt.date | None = None,
    gender: str | None = None,
    service_start: dt.date | None = None,
    stated_as: dict[str, str] | None = None,
) -> dict[str, str]:
    """THE consistency rule between a NIP and the person's data: {field: message} for
    each stated value the NIP's digits disagree with — ``birth_date`` (digits 1–8),
    ``gender`` (digit 15, ``"L"``/``"P"``) and ``service_start`` (digits 9–14, the TMT
    CPNS *month*: the NIP carries no day). Whether a mismatch is an error (the registry,
    the roster import) or a warning (:func:`nip_consistency_warnings`) is the caller's
    choice; the comparison is made here only. Messages are lazy (the reader's language);
    ``stated_as`` names are msgids, translated when shown."""
    label = {**STATED_AS, **(stated_as or {})}
    if isinstance(birth_date, dt.datetime):  # a datetime never equals a date
        birth_date = birth_date.date()
    found: dict[str, str] = {}
    if birth_date is not None and parsed.birth_date != birth_date:
        found["birth_date"] = _mismatch(
            gettext_noop(
                "Tanggal lahir di NIP (digit 1–8) adalah %(nip_date)s, berbeda dengan "
                "%(stated_as)s (%(date)s)."
            ),
            {
                "nip_date": format_date(parsed.birth_date),
                "stated_as": gettext_lazy(label["birth_date"]),
                "date": format_date(birth_date),
            },
        )
    if gender is not None and parsed.gender != gender:
        found["gender"] = _mismatch(
            gettext_noop(
                "Jenis kelamin di NIP (digit 15) adalah %(nip_gender)s, berbeda dengan "
                "%(stated_as)s (%(gender)s)."
            ),
            {
                "nip_gender": gettext_lazy(GENDER_LABEL[parsed.gender]),
                "stated_as": gettext_lazy(label["gender"]),
                "gender": gettext_lazy(GENDER_LABEL.get(gender, gender)),  # type: ignore[call-overload],
            },
        )
    if service_start is not None and (service_start.year, service_start.month) != (
        parsed.tmt_cpns.year,
        parsed.tmt_cpns.month,
    ):
        found["service_start"] = _mismatch(
            gettext_noop(
                "TMT CPNS di NIP (digit 9–14) adalah %(nip_month)s, berbeda dengan "
                "%(stated_as)s (%(date)s)."
            ),
            {
                "nip_month": format_month(parsed.tmt_cpns),
                "stated_as": gettext_lazy(label["service_start"]),
                "date": format_date(service_start),
            },
        )
    return found


def nip_consistency_warnings(
    nip: str, *, birth_date: dt.date | None = None, gender: str | None = None
) -> list[str]:
    """Warnings (never errors) where the NIP disagrees with the stated birth date or gender.

    ``gender`` is ``"L"`` or ``"P"`` (case-insensitive); anything else is a programming
    error and raises ValueError. An unparseable NIP gives no warnings: the validator
    reports it.
    """
    stated_gender: Gender | None = None
    if gender:
        normalized = gender.strip().upper()
        if normalized not in GENDER_LABEL:
            raise ValueError(f"gender must be 'L' or 'P', not {gender!r}")
        stated_gender = normalized  # type: ignore[assignment]  # narrowed by the check above
    if not isinstance(nip, str):
        return []
    try:
        parsed = parse_nip(normalize_nip(nip))
    except ValidationError:
        return []
    mismatches = nip_mismatches(parsed, birth_date=birth_date, gender=stated_gender)
    return [str(m) for m in mismatches.values()]
