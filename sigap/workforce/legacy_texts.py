"""Reading back the Indonesian sentences stored before texts were stored as codes (issue
8, item 11): a roster import's problems, a placement recommendation's explanations and
the notes code wrote on assignments.

``Recogniser`` (``sigap.platform.legacy_texts``) matches a sentence against a catalogue's Indonesian templates (each
``%(name)s`` a group) and returns the code with its parameters, turning the parts a
reader's language changes back into tagged parameters: "15 Maret 1985" into a date,
"2,5" into a number, a roster header or a known phrase into its msgid. A sentence it
does not recognise stays as it was; ``stored_text.render`` shows it as it is. Used by
the data migrations ``0007_stored_texts_as_codes`` and ``0009_assignment_notes_as_codes``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from sigap.platform.legacy_texts import Recogniser, source_text

# -- the roster's problems and the advisor's explanations -------------------------------------------------------------

_NTH_COLUMN = re.compile(r"^kolom ke-(\d+)$")
# The .xlsx reader's messages, which the report stored as they were.
_WORKBOOK_MESSAGES = (
    "Server tidak dapat membaca .xlsx dengan aman; unggah sebagai .csv.",
    "Berkas .xlsx rusak atau bukan berkas Excel.",
    "Isi berkas .xlsx terlalu besar setelah dibuka.",
    "Berkas .xlsx tidak berisi lembar kerja.",
    "Berkas .xlsx tidak lengkap: lembar kerja tidak ditemukan.",
    "Isi berkas .xlsx tidak dapat dibaca.",
    "Isi lembar kerja .xlsx tidak dapat dibaca.",
)


@cache
def _problem_recogniser() -> Recogniser:
    from sigap.workforce.roster import COLUMNS, OTHER_POSITION, PROBLEMS

    headers = [c.header for c in COLUMNS]
    phrases: dict[str, Any] = {h: {"msgid": h} for h in headers}
    phrases["jabatan lain"] = OTHER_POSITION
    return Recogniser(
        PROBLEMS,
        phrases=phrases,
        restrict={
            "required": {"column": headers},
            "header_missing": {"column": headers},
            "identifier_repeated": {"column": ["NIP", "Nomor PPPK"]},
        },
    )


@cache
def _term_recogniser() -> Recogniser:
    from sigap.workforce.placement import EXPLANATIONS, FIELD_VERDICTS, NO_GOLONGAN, study_field
    from sigap.workforce.reference import study_field_groups

    phrases: dict[str, Any] = {source_text(v): v for v in FIELD_VERDICTS.values()}
    phrases[source_text(NO_GOLONGAN)] = NO_GOLONGAN
    phrases.update({g.label: study_field(g.group) for g in study_field_groups()})
    return Recogniser(EXPLANATIONS, phrases=phrases)


def convert_problem(entry: dict[str, Any]) -> dict[str, Any]:
    """A roster problem stored as a sentence, as a code with parameters where the
    sentence is recognised; otherwise as it was."""
    if "code" in entry or not isinstance(entry.get("message"), str):
        return entry
    out = dict(entry)
    column = _NTH_COLUMN.match(out.get("column") or "")
    if column:
        out["column"], out["column_number"] = "", int(column.group(1))
    sentence = out["message"]
    if sentence in _WORKBOOK_MESSAGES:
        found: dict[str, Any] | None = {
            "code": "workbook",
            "params": {"reason": {"msgid": sentence}},
        }
    else:
        found = _problem_recogniser()(sentence)
    if found is not None:
        del out["message"]
        out.update(found)
    return out


def convert_terms(terms: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A recommendation's terms with each detail sentence as a code with parameters where
    it is recognised; the stored Indonesian label goes (the term names its label)."""
    out = []
    for term in terms or []:
        term = dict(term)
        detail = term.get("detail")
        if isinstance(detail, str):
            found = _term_recogniser()(detail)
            if found is not None:
                term["detail"] = found
                term.pop("label", None)
        out.append(term)
    return out
