"""NIK and NIP messages are written in the reader's language (issue 8, item 11): the
same error reads in Indonesian by default and in English for an English page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.dates import MONTHS

from sigap.identifiers.dates import MONTHS_ID, format_date, format_date_id, format_month
from sigap.identifiers.nik import validate_nik
from sigap.identifiers.nip import nip_mismatches, parse_nip, validate_nip


def _message(validate, value: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate(value)
    return caught.value


def test_a_nik_error_reads_in_the_language_it_is_shown_in():
    error = _message(validate_nik, "12345")
    with translation.override("id"):
        assert error.messages == ["NIK harus 16 digit; yang diisi 5 digit."]
    with translation.override("en"):
        assert error.messages == ["The NIK must have 16 digits; 5 were entered."]


def test_a_date_that_does_not_exist_names_the_month_in_english():
    # 31 February 1990 for a woman: day 71 = 31 + 40.
    error = _message(validate_nik, "1571017102900001")
    with translation.override("en"):
        assert "31 February does not exist" in error.messages[0]
        assert "71 − 40 = 31" in error.messages[0]
    with translation.override("id"):
        assert "tanggal 31 Februari tidak ada" in error.messages[0]


def test_a_nip_error_reads_in_english():
    error = _message(validate_nip, "19850315201001200A")
    with translation.override("en"):
        assert error.messages == [
            "The NIP may hold only the digits 0–9; character 18 is not a digit."
        ]


# -- dates inside the messages (issue 8, item 10) ------------------------------------------


def test_a_future_birth_date_in_a_nip_is_written_in_the_readers_language():
    error = _message(validate_nip, "20850315201001200" + "1")
    with translation.override("en"):
        assert "15 March 2085 has not happened yet" in error.messages[0]
        assert "Maret" not in error.messages[0]
    with translation.override("id"):
        assert "tanggal 15 Maret 2085 belum terjadi" in error.messages[0]


def test_the_adult_date_and_the_tmt_month_are_written_in_the_readers_language():
    too_young = _message(validate_nip, "198503152000011001")  # CPNS at 14
    future_tmt = _message(validate_nip, "198503152090011001")
    with translation.override("en"):
        assert "(15 March 2003)" in too_young.messages[0]
        assert "January 2090" in future_tmt.messages[0]
    with translation.override("id"):
        assert "(15 Maret 2003)" in too_young.messages[0]
        assert "Januari 2090" in future_tmt.messages[0]


def test_a_nip_mismatch_is_written_in_the_readers_language():
    parsed = parse_nip("198503152010012001")
    found = nip_mismatches(
        parsed,
        birth_date=dt.date(1985, 3, 16),
        gender="L",
        service_start=dt.date(2011, 2, 1),
    )
    with translation.override("en"):
        assert str(found["birth_date"]) == (
            "The birth date in the NIP (digits 1–8) is 15 March 1985, which differs from "
            "the recorded birth date (16 March 1985)."
        )
        assert "female" in str(found["gender"]) and "male)" in str(found["gender"])
        assert "January 2010" in str(found["service_start"])
    with translation.override("id"):
        assert "15 Maret 1985" in str(found["birth_date"])
        assert "Januari 2010" in str(found["service_start"])


def test_the_shared_date_helper_names_months_like_a_ktp_in_indonesian():
    day = dt.date(1985, 8, 17)
    with translation.override("id"):
        assert str(format_date(day)) == format_date_id(day) == "17 Agustus 1985"
        assert str(format_month(day)) == "Agustus 1985"
        assert [str(MONTHS[i]) for i in range(1, 13)] == list(MONTHS_ID)
    with translation.override("en"):
        assert str(format_date(day)) == "17 August 1985"
