"""The SKM questionnaire (PermenPAN-RB 14/2017): the nine elements U1–U9, each with its
standard question and four answer labels, in Indonesian and English, from
``data/elements.csv``; and the respondent profile asked alongside.

The labels live in a data file rather than in the code so that the regulation's wording
can be corrected without touching logic; the profile choices are ordinary model
choices (translated through the app's catalogue).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

DATA = Path(__file__).resolve().parent / "data" / "elements.csv"
CODES: tuple[str, ...] = tuple(f"U{i}" for i in range(1, 10))
FIELDS: tuple[str, ...] = tuple(code.lower() for code in CODES)  # model columns u1..u9


@dataclass(frozen=True)
class Element:
    code: str
    name_id: str
    name_en: str
    question_id: str
    question_en: str
    answers_id: tuple[str, str, str, str]
    answers_en: tuple[str, str, str, str]

    @property
    def field(self) -> str:
        return self.code.lower()

    @property
    def _english(self) -> bool:
        return (get_language() or "id").startswith("en")

    @property
    def name(self) -> str:
        return self.name_en if self._english else self.name_id

    @property
    def question(self) -> str:
        return self.question_en if self._english else self.question_id

    @property
    def answers(self) -> tuple[str, str, str, str]:
        return self.answers_en if self._english else self.answers_id

    def choices(self) -> list[tuple[int, str]]:
        return [(i + 1, label) for i, label in enumerate(self.answers)]


@cache
def elements() -> tuple[Element, ...]:
    with DATA.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    result = tuple(
        Element(
            code=r["code"],
            name_id=r["name_id"],
            name_en=r["name_en"],
            question_id=r["question_id"],
            question_en=r["question_en"],
            answers_id=(r["a1_id"], r["a2_id"], r["a3_id"], r["a4_id"]),
            answers_en=(r["a1_en"], r["a2_en"], r["a3_en"], r["a4_en"]),
        )
        for r in rows
    )
    if tuple(e.code for e in result) != CODES:
        raise ValueError(f"{DATA} must list U1..U9 in order")
    return result


def element(code: str) -> Element:
    return elements()[CODES.index(code)]
