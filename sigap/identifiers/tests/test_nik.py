from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from sigap.identifiers.demo import fake_nik
from sigap.identifiers.nik import (
    PROVINCES,
    ParsedNIK,
    mask_nik,
    nik_birth_date_warning,
    normalize_nik,
    parse_nik,
    validate_nik,
)

# A fixed "today" for everything that depends on the century choice.
TODAY = dt.date(2026, 11, 23)

MALE_NIK = "3273011203850001"  # Kota Bandung, 12 March 1985, man
FEMALE_NIK = "1571015705900002"  # Kota Jambi, 17 (57 - 40) May 1990, woman


def error_of(value: object, *, today: dt.date = TODAY) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_nik(value, today=today)  # type: ignore[arg-type]
    return caught.value


# --- valid NIKs ---------------------------------------------------------------------------


def test_a_valid_male_nik_parses_into_its_parts() -> None:
    parsed = parse_nik(MALE_NIK)
    assert parsed == ParsedNIK(
        province_code="32",
        regency_code="73",
        district_code="01",
        birth_date=dt.date(1985, 3, 12),
        is_female=False,
        sequence="0001",
    )
    assert parsed.province_name == "Jawa Barat"
    assert parsed.region_code == "32.73.01"


def test_a_valid_female_nik_has_40_added_to_the_day() -> None:
    parsed = parse_nik(FEMALE_NIK)
    assert parsed.birth_date == dt.date(1990, 5, 17)
    assert parsed.is_female


@pytest.mark.parametrize(
    ("day_digits", "expected_day"), [("41", 1), ("57", 17), ("71", 31)], ids=["41", "57", "71"]
)
def test_women_days_41_to_71_are_days_1_to_31(day_digits: str, expected_day: int) -> None:
    parsed = parse_nik(f"157101{day_digits}0195" + "0003", today=TODAY)
    assert parsed.is_female
    assert parsed.birth_date == dt.date(1995, 1, expected_day)


def test_validate_nik_accepts_a_valid_nik_silently() -> None:
    assert validate_nik(FEMALE_NIK) is None


def test_29_february_2000_is_a_valid_birth_date_because_2000_is_a_leap_year() -> None:
    assert parse_nik("1571012902000001", today=TODAY).birth_date == dt.date(2000, 2, 29)


# --- century choice -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date_digits", "expected"),
    [
        ("010105", dt.date(2005, 1, 1)),
        ("170590", dt.date(1990, 5, 17)),
        ("010130", dt.date(1930, 1, 1)),  # 2030 has not happened yet
        ("231126", dt.date(2026, 11, 23)),  # born today: not in the future
        ("241126", dt.date(1926, 11, 24)),  # tomorrow in 2026 is impossible, so 1926
        ("010126", dt.date(2026, 1, 1)),
    ],
)
def test_the_century_is_the_latest_that_keeps_the_birth_date_out_of_the_future(
    date_digits: str, expected: dt.date
) -> None:
    assert parse_nik(f"157101{date_digits}0001", today=TODAY).birth_date == expected


# --- format errors ------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["", "157101570590000", "15710157059000021"])
def test_a_nik_must_have_16_digits(value: str) -> None:
    error = error_of(value)
    assert error.code == "nik_length"
    assert error.messages == [f"NIK harus 16 digit; yang diisi {len(value)} digit."]


@pytest.mark.parametrize(
    ("value", "position"),
    [
        ("15710157059000AB", 15),
        ("1571 0157 0590 0002", 5),
        ("1571015705900O02", 14),  # letter O for zero
        ("157101570590000٢", 16),  # Arabic-Indic two: a Unicode digit, not 0-9
        ("157101570590000２", 16),  # full-width two
    ],
)
def test_a_nik_may_only_contain_ascii_digits(value: str, position: int) -> None:
    error = error_of(value)
    assert error.code == "nik_not_digits"
    assert error.messages == [
        f"NIK hanya boleh berisi angka 0–9; karakter ke-{position} bukan angka."
    ]


@pytest.mark.parametrize("value", [None, 1571015705900002])
def test_a_nik_that_is_not_text_is_rejected_with_a_message(value: object) -> None:
    assert error_of(value).code == "nik_not_digits"


@pytest.mark.parametrize("province", ["99", "00", "10", "20", "54", "97"])
def test_an_unknown_province_code_is_rejected_naming_digits_1_2(province: str) -> None:
    error = error_of(f"{province}71015705900002")
    assert error.code == "nik_province"
    assert error.messages == [
        f"Digit 1–2 NIK (kode provinsi) bernilai {province}, bukan kode provinsi Kemendagri."
    ]


@pytest.mark.parametrize("province", ["91", "92", "93", "94", "95", "96"])
def test_old_and_new_papua_province_codes_are_all_valid(province: str) -> None:
    # NIKs issued before the 2022 split keep 91/92 for life; new ones use 93-96.
    assert parse_nik(f"{province}01015705900002").province_code == province


def test_regency_code_00_is_rejected_naming_digits_3_4() -> None:
    error = error_of("1500015705900002")
    assert error.code == "nik_regency"
    assert error.messages == ["Digit 3–4 NIK (kode kabupaten/kota) tidak boleh 00."]


def test_district_code_00_is_rejected_naming_digits_5_6() -> None:
    error = error_of("1571005705900002")
    assert error.code == "nik_district"
    assert error.messages == ["Digit 5–6 NIK (kode kecamatan) tidak boleh 00."]


@pytest.mark.parametrize("day", ["00", "32", "40", "72", "99"])
def test_a_day_outside_01_31_and_41_71_is_rejected_naming_digits_7_8(day: str) -> None:
    error = error_of(f"157101{day}05900002")
    assert error.code == "nik_date"
    assert error.messages == [
        f"Digit 7–8 NIK (tanggal lahir) bernilai {day}: harus 01–31 untuk laki-laki atau "
        "41–71 untuk perempuan (tanggal lahir ditambah 40)."
    ]


@pytest.mark.parametrize("month", ["00", "13", "99"])
def test_a_month_outside_01_12_is_rejected_naming_digits_9_10(month: str) -> None:
    error = error_of(f"15710117{month}900002")
    assert error.code == "nik_date"
    assert error.messages == [f"Digit 9–10 NIK (bulan lahir) bernilai {month}: harus 01–12."]


def test_31_february_is_rejected_as_a_date_that_does_not_exist() -> None:
    error = error_of("1571013102900001")
    assert error.code == "nik_date"
    assert error.messages == [
        "Digit 7–12 NIK (tanggal lahir) tidak sah: tanggal 31 Februari tidak ada."
    ]


def test_31_april_for_a_woman_explains_the_plus_40_rule() -> None:
    error = error_of("1571017104900001")
    assert error.messages == [
        "Digit 7–12 NIK (tanggal lahir) tidak sah: tanggal 31 April tidak ada; untuk "
        "perempuan digit 7–8 adalah tanggal ditambah 40 (71 − 40 = 31)."
    ]


def test_29_february_of_a_common_year_names_the_year() -> None:
    error = error_of("1571012902900001")
    assert error.code == "nik_date"
    assert error.messages == [
        "Digit 7–12 NIK (tanggal lahir) tidak sah: tanggal 29 Februari tidak ada pada tahun "
        "1990 (bukan tahun kabisat)."
    ]


def test_29_february_in_a_common_year_of_this_century_names_this_century() -> None:
    assert "pada tahun 2023" in error_of("1571016902230001").messages[0]


def test_sequence_0000_is_rejected_naming_digits_13_16() -> None:
    error = error_of("1571015705900000")
    assert error.code == "nik_sequence"
    assert error.messages == [
        "Digit 13–16 NIK (nomor urut) tidak boleh 0000; nomor urut dimulai dari 0001."
    ]


def test_the_first_broken_rule_in_digit_order_is_reported() -> None:
    # Unknown province, regency 00, impossible date and sequence 0000 all at once.
    assert error_of("9900003102900000").code == "nik_province"
    assert error_of("1500003102900000").code == "nik_regency"
    assert error_of("1571013102900000").code == "nik_date"


def test_validate_nik_raises_the_same_error_as_parse_nik() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_nik("1571015705900000")
    assert caught.value.code == "nik_sequence"


# --- province list ------------------------------------------------------------------------


def test_the_province_list_has_the_38_kemendagri_provinces() -> None:
    assert len(PROVINCES) == 38
    assert PROVINCES["15"] == "Jambi"
    assert PROVINCES["91"] == "Papua" and PROVINCES["96"] == "Papua Barat Daya"
    assert all(len(code) == 2 and code.isdigit() for code in PROVINCES)


# --- birth date warning -------------------------------------------------------------------


def test_no_warning_when_the_stated_birth_date_matches_the_nik() -> None:
    assert nik_birth_date_warning(FEMALE_NIK, dt.date(1990, 5, 17)) is None


def test_the_warning_ignores_the_century_and_compares_the_two_digit_year() -> None:
    # The NIK reads as 1990; someone born in 1890 would carry the same digits.
    assert nik_birth_date_warning(FEMALE_NIK, dt.date(1890, 5, 17)) is None


def test_a_different_stated_birth_date_gives_an_indonesian_warning() -> None:
    assert nik_birth_date_warning(FEMALE_NIK, dt.date(1991, 5, 17)) == (
        "Tanggal lahir di NIK (digit 7–12) adalah 17-05-90, berbeda dengan tanggal lahir yang "
        "diisi (17-05-1991). NIK tetap dicatat apa adanya; pastikan tanggal lahir sesuai akta "
        "kelahiran atau Kartu Keluarga."
    )


def test_a_woman_is_compared_on_her_real_day_not_the_day_plus_40() -> None:
    assert nik_birth_date_warning(FEMALE_NIK, dt.date(1990, 5, 17)) is None
    assert nik_birth_date_warning(FEMALE_NIK, dt.date(1990, 5, 18)) is not None


@pytest.mark.parametrize("nik", ["1571013102900001", "123", "", None])
def test_no_warning_when_the_nik_cannot_be_parsed(nik: str | None) -> None:
    assert nik_birth_date_warning(nik, dt.date(1990, 5, 17)) is None  # type: ignore[arg-type]


def test_no_warning_without_a_stated_birth_date() -> None:
    assert nik_birth_date_warning(FEMALE_NIK, None) is None


def test_the_warning_accepts_a_nik_typed_in_groups() -> None:
    assert nik_birth_date_warning("1571 0157 0590 0002", dt.date(1991, 5, 17)) is not None


# --- masking ------------------------------------------------------------------------------


def test_mask_shows_the_first_4_digits_then_12_asterisks() -> None:
    assert mask_nik("1505015705900002") == "1505************"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", ""),
        (None, ""),
        ("1571 0157 0590 0002", "1571************"),
        ("15", "15************"),
        ("15710157059000021234", "1571************"),
    ],
)
def test_mask_hides_the_length_and_copes_with_odd_input(value: str | None, expected: str) -> None:
    assert mask_nik(value) == expected


def test_parsed_nik_repr_does_not_reveal_the_masked_parts() -> None:
    text = repr(parse_nik(FEMALE_NIK))
    assert "0002" not in text and "1990" not in text and "'01'" not in text
    assert "province_code='15'" in text


def test_normalize_nik_drops_whitespace_only() -> None:
    assert normalize_nik(" 1571 0157\t0590 0002 ") == "1571015705900002"
    assert normalize_nik("1571-0157") == "1571-0157"


# --- properties ---------------------------------------------------------------------------

# Birth dates within the last 100 years: exactly the range the century rule recovers.
birth_dates = st.dates(min_value=dt.date(1926, 11, 24), max_value=TODAY)
two_digit_codes = st.integers(min_value=1, max_value=99).map(lambda n: f"{n:02d}")
sequences = st.integers(min_value=1, max_value=9999).map(lambda n: f"{n:04d}")


def build_nik(
    province: str, regency: str, district: str, birth: dt.date, female: bool, sequence: str
) -> str:
    day = birth.day + (40 if female else 0)
    return f"{province}{regency}{district}{day:02d}{birth:%m%y}{sequence}"


@given(
    province=st.sampled_from(sorted(PROVINCES)),
    regency=two_digit_codes,
    district=two_digit_codes,
    birth=birth_dates,
    female=st.booleans(),
    sequence=sequences,
)
def test_any_nik_built_from_valid_parts_parses_back_to_the_same_parts(
    province: str, regency: str, district: str, birth: dt.date, female: bool, sequence: str
) -> None:
    nik = build_nik(province, regency, district, birth, female, sequence)
    assert parse_nik(nik, today=TODAY) == ParsedNIK(
        province_code=province,
        regency_code=regency,
        district_code=district,
        birth_date=birth,
        is_female=female,
        sequence=sequence,
    )
    assert nik_birth_date_warning(nik, birth) is None


@given(st.text(alphabet=st.sampled_from("0123456789 aO-٢"), max_size=20))
def test_any_input_either_parses_or_raises_a_coded_validation_error(value: str) -> None:
    try:
        parsed = parse_nik(value, today=TODAY)
    except ValidationError as error:
        assert error.code in {
            "nik_length",
            "nik_not_digits",
            "nik_province",
            "nik_regency",
            "nik_district",
            "nik_date",
            "nik_sequence",
        }
        assert error.messages[0].startswith(("NIK", "Digit"))
    else:
        assert parsed.birth_date <= TODAY


@given(st.from_regex(r"[0-9]{16}", fullmatch=True))
def test_a_parsed_nik_birth_date_is_never_in_the_future_nor_over_100_years_ago(
    value: str,
) -> None:
    try:
        parsed = parse_nik(value, today=TODAY)
    except ValidationError:
        return
    assert dt.date(1926, 11, 23) < parsed.birth_date <= TODAY


@given(st.text(max_size=40))
def test_masking_never_reveals_more_than_4_digits(value: str) -> None:
    masked = mask_nik(value)
    shown = [ch for ch in masked if ch != "*"]
    assert len(shown) <= 4
    assert masked == "" or masked.endswith("*" * 12)
    digits = "".join(ch for ch in value if "0" <= ch <= "9")
    assert "".join(shown) == digits[:4]


@given(
    province=st.sampled_from(sorted(PROVINCES)),
    birth=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2008, 12, 31)),
    female=st.booleans(),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_demo_niks_are_valid_and_agree_with_their_birth_date(
    province: str, birth: dt.date, female: bool, seed: int
) -> None:
    nik = fake_nik(random.Random(seed), province, birth, female=female)
    parsed = parse_nik(nik)
    assert parsed.is_female is female
    assert nik_birth_date_warning(nik, birth) is None
