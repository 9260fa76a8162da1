"""Reading back the Indonesian sentences stored before texts were stored as codes (issue
8, item 11): a roster import's problems and a placement recommendation's explanations.

``Recogniser`` matches a sentence against a catalogue's Indonesian templates (each
``%(name)s`` a group) and returns the code with its parameters, turning the parts a
reader's language changes back into tagged parameters: "15 Maret 1985" into a date,
"2,5" into a number, a roster header or a known phrase into its msgid. A sentence it
does not recognise stays as it was; ``stored_text.render`` shows it as it is. Used by
the data migration ``0007_stored_texts_as_codes``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from django.utils import translation

from sigap.identifiers.dates import month_number
from sigap.platform.stored_text import param

_PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")
_DATE_ID = re.compile(r"^(\d{1,2}) ([A-Za-z]+) (\d{4})$")
_DECIMAL_ID = re.compile(r"^\d+,\d+$")


def _source(template: Any) -> str:
    with translation.override(None):  # no catalogue: the Indonesian source text
        return str(template)


class Recogniser:
    """Matches stored sentences against one catalogue's Indonesian templates.

    ``phrases``: Indonesian text of a parameter → what to store for it (a lazy msgid);
    ``restrict``: code (or "*") → parameter → the only values it may take (keeps a
    lazy match from splitting "Nomor PPPK 123" wrongly)."""

    def __init__(
        self,
        catalogue: Mapping[str, Any],
        *,
        phrases: Mapping[str, Any] | None = None,
        restrict: Mapping[str, Mapping[str, Iterable[str]]] | None = None,
    ) -> None:
        self.phrases = phrases or {}
        self.patterns: list[tuple[tuple[int, int], str, re.Pattern, set[str]]] = []
        restrict = restrict or {}
        for code, template in catalogue.items():
            source = _source(template)
            if source == "%(reason)s":
                continue  # a pass-through would match anything
            allowed = {**restrict.get("*", {}), **restrict.get(code, {})}
            pattern, pos, seen, narrowed = "", 0, set(), 0
            for m in _PLACEHOLDER.finditer(source):
                pattern += re.escape(source[pos : m.start()])
                name, kind = m.groups()
                if name in seen:
                    pattern += f"(?P={name})"
                elif kind == "d":
                    pattern += rf"(?P<{name}>\d+)"
                elif name in allowed:
                    pattern += f"(?P<{name}>" + "|".join(map(re.escape, allowed[name])) + ")"
                    narrowed += 1
                else:
                    pattern += rf"(?P<{name}>.+?)"
                seen.add(name)
                pos = m.end()
            pattern += re.escape(source[pos:])
            integers = {n for n, kind in _PLACEHOLDER.findall(source) if kind == "d"}
            # Narrower first: restricted parameters, then more fixed text ("NIP %(value)s
            # sudah ada" is an identifier_repeated, not a number_repeated).
            rank = (-narrowed, -len(_PLACEHOLDER.sub("", source)))
            self.patterns.append((rank, code, re.compile(f"^{pattern}$", re.DOTALL), integers))
        self.patterns.sort(key=lambda item: item[0])

    def __call__(self, sentence: str) -> dict[str, Any] | None:
        """``{"code", "params"}`` for a stored Indonesian sentence, or None."""
        for _fixed, code, pattern, integers in self.patterns:
            match = pattern.match(sentence)
            if match is not None:
                return {
                    "code": code,
                    "params": {
                        name: _value(value, self.phrases, name in integers)
                        for name, value in match.groupdict().items()
                    },
                }
        return None


def _value(text: str, phrases: Mapping[str, Any], integer: bool) -> Any:
    if integer:
        return int(text)
    if text in phrases:
        return param(phrases[text])
    match = _DATE_ID.match(text)
    if match and (month := month_number(match.group(2))):
        try:
            return {"date": dt.date(int(match.group(3)), month, int(match.group(1))).isoformat()}
        except ValueError:
            return text
    if _DECIMAL_ID.match(text):
        whole, fraction = text.split(",")
        return {"number": float(f"{whole}.{fraction}"), "decimals": len(fraction)}
    return text


# -- the two stored texts -------------------------------------------------------------

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
    from sigap.workforce.placement import EXPLANATIONS, FIELD_VERDICTS, NO_GOLONGAN
    from sigap.workforce.reference import study_field_groups

    phrases: dict[str, Any] = {_source(v): v for v in FIELD_VERDICTS.values()}
    phrases[_source(NO_GOLONGAN)] = NO_GOLONGAN
    phrases.update({g.label: {"msgid": g.label} for g in study_field_groups()})
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
