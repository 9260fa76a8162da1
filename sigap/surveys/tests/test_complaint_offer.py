"""Which survey answers offer the citizen a complaint (issue 11, item 5)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from sigap.surveys.complaint_offer import reads_as_complaint, wants_offer


@pytest.mark.parametrize(
    "text",
    [
        "Petugasnya jutek dan membentak",
        "Ada PUNGLI di loket dua",
        "antri berjam-jam, gk dilayani",
        "Saya sangat kecewa.",
        "lama bgt prosesnya",
        "Kursi ruang tunggu rusak",
    ],
)
def test_suggestions_that_read_as_complaints(text):
    assert reads_as_complaint(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Pelayanan cepat dan ramah, terima kasih",
        "Tidak ada pungli, mantap",
        "tanpa keluhan",
        "gak lama kok",
        "Pertahankan",
        "kerusakan",  # a word containing "rusak" is not the word
    ],
)
def test_praise_and_negated_words_do_not(text):
    assert not reads_as_complaint(text)


@pytest.mark.parametrize(
    ("u8", "suggestion", "offered"),
    [
        (1, "", True),
        (2, "", True),
        (3, "", False),
        (4, "", False),
        (None, "", False),
        (4, "calo di parkiran", True),
    ],
)
def test_u8_at_or_below_two_or_a_complaint_like_suggestion(u8, suggestion, offered):
    assert wants_offer(SimpleNamespace(u8=u8, suggestion=suggestion)) is offered
