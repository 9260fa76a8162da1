"""Tracking numbers: unguessable, and a typo is caught before the database is asked."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sigap.services.tracking import ALPHABET, new_tracking_number, normalize


def test_a_new_number_has_the_published_shape():
    number = new_tracking_number()
    assert len(number) == len("LYN-XXXX-XXXX-XXX") and number.startswith("LYN-")
    assert normalize(number) == number


def test_typed_variants_are_read_the_same():
    number = new_tracking_number()
    assert normalize(number.lower()) == number
    assert normalize(number.replace("-", " ")) == number
    assert normalize(number[4:]) == number  # without the prefix


def test_garbage_is_not_a_number():
    for value in ("", "LYN", "LYN-0000", "hello world", "LYN-0000-0000-00"):
        assert normalize(value) is None


@given(st.data())
def test_any_single_substitution_is_caught(data):
    number = new_tracking_number()
    symbols = number.replace("-", "")[3:]
    i = data.draw(st.integers(0, len(symbols) - 2))
    wrong = data.draw(st.sampled_from([c for c in ALPHABET if c != symbols[i]]))
    typo = symbols[:i] + wrong + symbols[i + 1 :]
    assert normalize(typo) is None


@given(st.data())
def test_any_swap_of_neighbours_is_caught(data):
    number = new_tracking_number()
    symbols = number.replace("-", "")[3:]
    i = data.draw(st.integers(0, len(symbols) - 3))
    if symbols[i] == symbols[i + 1]:
        return
    swapped = symbols[:i] + symbols[i + 1] + symbols[i] + symbols[i + 2 :]
    assert normalize(swapped) is None


def test_numbers_do_not_repeat():
    assert len({new_tracking_number() for _ in range(2000)}) == 2000
