"""NIK and NIP messages are written in the reader's language (issue 8, item 11): the
same error reads in Indonesian by default and in English for an English page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sigap.identifiers.nik import validate_nik
from sigap.identifiers.nip import validate_nip


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
