"""Reference lists (golongan, education levels, study-field groups, competencies).

They load from the CSV files in ``data/`` so that changing a list is a data change.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import pgettext_lazy

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Golongan:
    code: str
    rank: int
    pangkat: str


@cache
def golongan_list() -> list[Golongan]:
    with (DATA / "golongan.csv").open(encoding="utf-8") as f:
        return [Golongan(r["code"], int(r["rank"]), r["pangkat"]) for r in csv.DictReader(f)]


@cache
def golongan_by_code() -> dict[str, Golongan]:
    return {g.code: g for g in golongan_list()}


def golongan_rank(code: str | None) -> int:
    """0 for unknown or empty (e.g. PPPK): below every PNS golongan."""
    g = golongan_by_code().get(code or "")
    return g.rank if g else 0


GOLONGAN_CHOICES = [(g.code, f"{g.code} — {g.pangkat}") for g in golongan_list()]

# Education levels in order; the rank lets "at least S1" be a comparison. The labels keep
# the Indonesian abbreviation first in English too: it is what documents and SKs say.
EDUCATION_LEVELS = [
    ("SD", pgettext_lazy("jenjang pendidikan", "SD")),
    ("SMP", pgettext_lazy("jenjang pendidikan", "SMP")),
    ("SMA", pgettext_lazy("jenjang pendidikan", "SMA/SMK")),
    ("D1", pgettext_lazy("jenjang pendidikan", "D-I")),
    ("D2", pgettext_lazy("jenjang pendidikan", "D-II")),
    ("D3", pgettext_lazy("jenjang pendidikan", "D-III")),
    ("D4", pgettext_lazy("jenjang pendidikan", "D-IV")),
    ("S1", pgettext_lazy("jenjang pendidikan", "S-1")),
    ("S2", pgettext_lazy("jenjang pendidikan", "S-2")),
    ("S3", pgettext_lazy("jenjang pendidikan", "S-3")),
]
EDUCATION_RANK = {code: i for i, (code, _) in enumerate(EDUCATION_LEVELS, start=1)}


@dataclass(frozen=True)
class StudyFieldGroup:
    group: str
    label: str  # Indonesian
    label_en: str
    keywords: tuple[str, ...]

    def shown(self) -> str:
        """The label in the active language (both are data: data/study_fields.csv)."""
        english = (translation.get_language() or "").startswith("en")
        return self.label_en if english else self.label


@cache
def study_field_groups() -> list[StudyFieldGroup]:
    with (DATA / "study_fields.csv").open(encoding="utf-8") as f:
        return [
            StudyFieldGroup(
                r["group"],
                r["label"],
                r["label_en"],
                tuple(k.strip() for k in r["keywords"].split(";")),
            )
            for r in csv.DictReader(f)
        ]


def study_field_label(group: str) -> str:
    """A group's label in the active language; an unknown code as it is."""
    for g in study_field_groups():
        if g.group == group:
            return g.shown()
    return group


# Written when shown, so forms, filters and choice labels follow the reader's language.
study_field_label_lazy = lazy(study_field_label, str)
STUDY_FIELD_CHOICES = [(g.group, study_field_label_lazy(g.group)) for g in study_field_groups()]


def classify_study_field(field_of_study: str) -> str:
    """Map a free-text field of study ("S1 Akuntansi") to its group ("ekonomi")."""
    text = field_of_study.lower()
    best, best_len = "umum", 0
    for g in study_field_groups():
        for kw in g.keywords:
            if kw in text and len(kw) > best_len:
                best, best_len = g.group, len(kw)
    return best


@cache
def competency_catalogue() -> list[dict[str, str]]:
    with (DATA / "competencies.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))
