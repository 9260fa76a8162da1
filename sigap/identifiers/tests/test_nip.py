from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from sigap.identifiers.nip import (
    ParsedNIP,
    nip_consistency_warnings,
    normalize_nip,
    parse_nip,
    validate_nip,
)

TODAY = dt.date(2026, 11, 23)

FEMALE_NIP = "198503152010012001"  # born 15 Mar 1985, CPNS Jan 2010, woman, no. 001
MALE_NIP = "197012311995031002"  # born 31 Dec 1970, CPNS Mar 1995, man, no. 002


def error_of(value: object, *, today: dt.date = TODAY) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_nip(value, today=today)  # type: ignore[arg-type]
    return caught.value


# --- valid NIPs ---------------------------------------------------------------------------


def test_a_valid_female_nip_parses_into_its_parts() -> None:
    assert parse_nip(FEMALE_NIP) == ParsedNIP(
        birth_date=dt.date(1985, 3, 15),
        tmt_cpns=dt.date(2010, 1, 1),
        gender="P",
        sequence="001",
    )
    assert parse_nip(FEMALE_NIP).is_female


def test_a_valid_male_nip_parses_into_its_parts() -> None:
    parsed = parse_nip(MALE_NIP)
    assert parsed == ParsedNIP(dt.date(1970, 12, 31), dt.date(1995, 3, 1), "L", "002")
    assert not parsed.is_female


def test_validate_nip_accepts_a_valid_nip_silently() -> None:
    assert validate_nip(FEMALE_NIP) is None


# --- format errors ------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["", "19850315201001200", "1985031520100120011"])
def test_a_nip_must_have_18_digits(value: str) -> None:
    error = error_of(value)
    assert error.code == "nip_length"
    assert error.messages == [f"NIP harus 18 digit; yang diisi {len(value)} digit."]


@pytest.mark.parametrize(
    ("value", "position"),
    [("19850315 201001 2 001", 9), ("19850315201001200l", 18), ("١٩٨٥٠٣١٥٢٠١٠٠١٢٠٠١", 1)],
)
def test_a_nip_may_only_contain_ascii_digits(value: str, position: int) -> None:
    error = error_of(value)
    assert error.code == "nip_not_digits"
    assert error.messages == [
        f"NIP hanya boleh berisi angka 0–9; karakter ke-{position} bukan angka."
    ]


def test_a_nip_that_is_not_text_is_rejected_with_a_message() -> None:
    assert error_of(198503152010012001).code == "nip_not_digits"


# --- digits 1-8: birth date ---------------------------------------------------------------


def test_31_february_is_rejected_naming_digits_1_8() -> None:
    error = error_of("198502312010012001")
    assert error.code == "nip_birth_date"
    assert error.messages == [
        "Digit 1–8 NIP (tanggal lahir) bernilai 19850231: tanggal 31 Februari 1985 tidak ada."
    ]


def test_29_february_of_a_leap_year_is_a_valid_birth_date() -> None:
    assert parse_nip("198402292010012001").birth_date == dt.date(1984, 2, 29)


def test_29_february_of_a_common_year_is_rejected() -> None:
    assert error_of("198502292010012001").messages == [
        "Digit 1–8 NIP (tanggal lahir) bernilai 19850229: tanggal 29 Februari 1985 tidak ada."
    ]


@pytest.mark.parametrize("month", ["00", "13"])
def test_a_birth_month_outside_01_12_is_rejected_naming_digits_5_6(month: str) -> None:
    error = error_of(f"1985{month}152010012001")
    assert error.code == "nip_birth_date"
    assert error.messages == [f"Digit 5–6 NIP (bulan lahir) bernilai {month}: harus 01–12."]


def test_a_birth_year_before_1900_is_rejected_naming_digits_1_4() -> None:
    error = error_of("098503152010012001")
    assert error.code == "nip_birth_date"
    assert error.messages == [
        "Digit 1–4 NIP (tahun lahir) bernilai 0985: tahun lahir pegawai tidak mungkin sebelum 1900."
    ]


def test_a_birth_date_in_the_future_is_rejected() -> None:
    error = error_of("202701012045012001")
    assert error.code == "nip_birth_date"
    assert error.messages == [
        "Digit 1–8 NIP (tanggal lahir) bernilai 20270101: tanggal 1 Januari 2027 belum terjadi."
    ]


# --- digits 9-14: TMT CPNS ----------------------------------------------------------------


@pytest.mark.parametrize("month", ["00", "13"])
def test_a_tmt_month_outside_01_12_is_rejected_naming_digits_13_14(month: str) -> None:
    error = error_of(f"198503152010{month}2001")
    assert error.code == "nip_tmt"
    assert error.messages == [f"Digit 13–14 NIP (bulan TMT CPNS) bernilai {month}: harus 01–12."]


def test_a_tmt_before_the_18th_birthday_is_rejected() -> None:
    # Born 17 May 2000: still 17 on 1 May 2018.
    error = error_of("200005172018052001")
    assert error.code == "nip_tmt"
    assert error.messages == [
        "Digit 9–14 NIP (TMT CPNS) bernilai 201805: TMT CPNS tidak boleh sebelum pegawai "
        "berusia 18 tahun (17 Mei 2018)."
    ]


def test_a_tmt_in_the_month_after_the_18th_birthday_is_accepted() -> None:
    assert parse_nip("200005172018062001", today=TODAY).tmt_cpns == dt.date(2018, 6, 1)


def test_a_tmt_on_the_18th_birthday_itself_is_accepted() -> None:
    assert parse_nip("200005012018052001", today=TODAY).tmt_cpns == dt.date(2018, 5, 1)


def test_someone_born_on_29_february_turns_18_on_1_march() -> None:
    assert parse_nip("200002292018032001", today=TODAY).tmt_cpns == dt.date(2018, 3, 1)
    assert error_of("200002292018022001").code == "nip_tmt"


def test_an_absurd_tmt_year_is_rejected_as_before_the_18th_birthday() -> None:
    assert error_of("198503150000012001").code == "nip_tmt"


def test_a_tmt_in_the_future_is_rejected() -> None:
    error = error_of("198503152026122001")
    assert error.code == "nip_tmt"
    assert error.messages == [
        "Digit 9–14 NIP (TMT CPNS) bernilai 202612: TMT CPNS Desember 2026 belum terjadi."
    ]


def test_a_tmt_in_the_current_month_is_accepted() -> None:
    assert parse_nip("198503152026112001", today=TODAY).tmt_cpns == dt.date(2026, 11, 1)


# --- digit 15 and 16-18 -------------------------------------------------------------------


@pytest.mark.parametrize("digit", ["0", "3", "9"])
def test_a_gender_digit_other_than_1_or_2_is_rejected_naming_digit_15(digit: str) -> None:
    error = error_of(f"19850315201001{digit}001")
    assert error.code == "nip_gender"
    assert error.messages == [
        f"Digit 15 NIP (jenis kelamin) bernilai {digit}: harus 1 (laki-laki) atau 2 (perempuan)."
    ]


def test_sequence_000_is_rejected_naming_digits_16_18() -> None:
    error = error_of("198503152010012000")
    assert error.code == "nip_sequence"
    assert error.messages == [
        "Digit 16–18 NIP (nomor urut) tidak boleh 000; nomor urut dimulai dari 001."
    ]


def test_validate_nip_raises_the_same_error_as_parse_nip() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_nip("198503152010013001")
    assert caught.value.code == "nip_gender"


def test_normalize_nip_drops_the_spaces_of_the_printed_form() -> None:
    assert normalize_nip("19850315 201001 2 001") == FEMALE_NIP


# --- consistency warnings -----------------------------------------------------------------


def test_no_warnings_when_birth_date_and_gender_agree() -> None:
    assert nip_consistency_warnings(FEMALE_NIP, birth_date=dt.date(1985, 3, 15), gender="P") == []


def test_no_warnings_when_nothing_is_stated() -> None:
    assert nip_consistency_warnings(FEMALE_NIP) == []


def test_a_different_birth_date_is_warned_in_indonesian() -> None:
    assert nip_consistency_warnings(FEMALE_NIP, birth_date=dt.date(1985, 3, 16)) == [
        "Tanggal lahir di NIP (digit 1–8) adalah 15 Maret 1985, berbeda dengan tanggal lahir "
        "yang tercatat (16 Maret 1985)."
    ]


def test_a_different_gender_is_warned_in_indonesian() -> None:
    assert nip_consistency_warnings(FEMALE_NIP, gender="L") == [
        "Jenis kelamin di NIP (digit 15) adalah perempuan, berbeda dengan jenis kelamin yang "
        "tercatat (laki-laki)."
    ]


def test_both_disagreements_are_reported_together() -> None:
    warnings = nip_consistency_warnings(MALE_NIP, birth_date=dt.date(1971, 1, 1), gender="p")
    assert len(warnings) == 2


def test_a_stated_datetime_is_compared_by_its_date() -> None:
    stated = dt.datetime(1985, 3, 15, 8, 0)
    assert nip_consistency_warnings(FEMALE_NIP, birth_date=stated) == []


def test_a_spaced_nip_is_checked_for_consistency_too() -> None:
    assert nip_consistency_warnings("19850315 201001 2 001", gender="L") != []


@pytest.mark.parametrize("nip", ["198502312010012001", "123", ""])
def test_an_unparseable_nip_gives_no_warnings(nip: str) -> None:
    assert nip_consistency_warnings(nip, birth_date=dt.date(1985, 3, 15), gender="L") == []


def test_an_unknown_gender_code_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="gender must be 'L' or 'P'"):
        nip_consistency_warnings(FEMALE_NIP, gender="F")


# --- properties ---------------------------------------------------------------------------


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


@st.composite
def nip_parts(draw: st.DrawFn) -> tuple[dt.date, dt.date, str, str]:
    # Born late enough in 2008 that a TMT month on or after the 18th birthday exists.
    birth = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2008, 10, 31)))
    adult = (
        birth.replace(year=birth.year + 18)
        if (birth.month, birth.day) != (2, 29)
        else (dt.date(birth.year + 18, 3, 1))
    )
    first = _month_index(adult) + (1 if adult.day > 1 else 0)
    index = draw(st.integers(min_value=first, max_value=_month_index(TODAY)))
    tmt = dt.date(index // 12, index % 12 + 1, 1)
    gender = draw(st.sampled_from(["L", "P"]))
    sequence = draw(st.integers(min_value=1, max_value=999).map(lambda n: f"{n:03d}"))
    return birth, tmt, gender, sequence


@given(nip_parts())
def test_any_nip_built_from_valid_parts_round_trips(
    parts: tuple[dt.date, dt.date, str, str],
) -> None:
    birth, tmt, gender, sequence = parts
    nip = f"{birth:%Y%m%d}{tmt:%Y%m}{'1' if gender == 'L' else '2'}{sequence}"
    assert parse_nip(nip, today=TODAY) == ParsedNIP(birth, tmt, gender, sequence)  # type: ignore[arg-type]
    assert nip_consistency_warnings(nip, birth_date=birth, gender=gender) == []


@given(st.from_regex(r"[0-9]{18}", fullmatch=True))
def test_any_18_digit_string_parses_or_raises_a_coded_error(value: str) -> None:
    try:
        parsed = parse_nip(value, today=TODAY)
    except ValidationError as error:
        assert error.code in {"nip_birth_date", "nip_tmt", "nip_gender", "nip_sequence"}
        assert error.messages[0].startswith("Digit ")
    else:
        assert parsed.birth_date.year >= 1900
        assert parsed.tmt_cpns <= TODAY
