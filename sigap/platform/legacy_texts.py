"""Reading back sentences stored before texts were stored as codes (issue 8, item 11).

``Recogniser`` matches a stored sentence against a catalogue's templates (each
``%(name)s`` a group) and returns the code with its parameters. By default it reads the
Indonesian templates and turns the parts a reader's language changes back into tagged
parameters: "15 Maret 1985" into a date, "2,5" into a number, a known phrase into its
msgid. ``language="en"`` reads the English templates instead (a text once stored in the
language of whoever acted), and ``read_values=False`` keeps every parameter as it was
written (a reason a person typed is never reread as a date). A sentence it does not
recognise stays as it was; ``stored_text.render`` shows it as it is. ``notes_to_codes``
converts a note column in bulk (an assignment's, a timeline step's) and
``codes_to_notes`` goes back. Used by the data migrations that convert stored sentences
(workforce 0007 and 0009, services 0010, complaints 0006).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils import translation

from sigap.identifiers.dates import month_number
from sigap.platform.stored_text import param, render

_PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")
_DATE_ID = re.compile(r"^(\d{1,2}) ([A-Za-z]+) (\d{4})$")
_DECIMAL_ID = re.compile(r"^\d+,\d+$")


def source_text(template: Any, language: str | None = None) -> str:
    with translation.override(language):  # None: no catalogue, the Indonesian source
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
        language: str | None = None,
        read_values: bool = True,
    ) -> None:
        self.phrases = phrases or {}
        self.read_values = read_values
        self.patterns: list[tuple[tuple[int, int], str, re.Pattern, set[str]]] = []
        restrict = restrict or {}
        for code, template in catalogue.items():
            source = source_text(template, language)
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
                        name: _value(value, self.phrases, name in integers, self.read_values)
                        for name, value in match.groupdict().items()
                    },
                }
        return None


def _value(text: str, phrases: Mapping[str, Any], integer: bool, read: bool = True) -> Any:
    if integer:
        return int(text)
    if text in phrases:
        return param(phrases[text])
    if not read:
        return text
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


# -- notes stored as sentences, in a column beside their stored text ------------------------


def notes_to_codes(
    rows: QuerySet,
    catalogue: Mapping[str, Any],
    *,
    languages: Iterable[str | None] = (None,),
    typed: str = "note",
    coded: str = "note_text",
    batch: int = 1000,
) -> int:
    """Rows whose ``typed`` column holds a sentence a ``catalogue`` template wrote (in one
    of ``languages``; None: the Indonesian source) get it as a stored text in ``coded``
    and an empty ``typed``. Everything else stays as typed. Only the rows each template's
    fixed text could match are read (one scan per template, no index needed), and they
    are updated by primary key, ``batch`` at a time; the parameters are kept as written
    (``read_values=False``). Returns how many rows changed."""
    languages = tuple(languages)
    recognisers = [Recogniser(catalogue, language=lang, read_values=False) for lang in languages]
    todo = rows.filter(**{f"{coded}__isnull": True}).exclude(**{typed: ""})
    found: dict[Any, str] = {}  # pk → sentence, for the rows a template could have written
    for language in languages:
        for template in catalogue.values():
            parts = _PLACEHOLDER.split(source_text(template, language))
            head, tail = parts[0], parts[-1]
            if len(parts) == 1:
                candidates = todo.filter(**{typed: head})
            else:
                candidates = todo.filter(
                    **{f"{typed}__startswith": head, f"{typed}__endswith": tail}
                )
            found.update(candidates.values_list("pk", typed).iterator(chunk_size=batch))
    by_entry: dict[str, list[Any]] = {}  # the stored text (as JSON) → its rows
    entries: dict[str, dict[str, Any]] = {}
    seen: dict[str, dict[str, Any] | None] = {}
    for pk, sentence in found.items():
        if sentence not in seen:
            seen[sentence] = next((e for r in recognisers if (e := r(sentence)) is not None), None)
        entry = seen[sentence]
        if entry is not None:
            key = json.dumps(entry, sort_keys=True)
            entries[key] = entry
            by_entry.setdefault(key, []).append(pk)
    changed = 0
    for key, pks in by_entry.items():
        for start in range(0, len(pks), batch):
            chunk = pks[start : start + batch]
            changed += rows.filter(pk__in=chunk).update(**{typed: "", coded: entries[key]})
    return changed


def codes_to_notes(
    rows: QuerySet,
    catalogue: Mapping[str, Any],
    *,
    typed: str = "note",
    coded: str = "note_text",
    max_length: int | None = None,
    batch: int = 1000,
) -> int:
    """The way back: every stored text in ``coded`` written as its Indonesian sentence in
    ``typed`` (cut to ``max_length``), ``coded`` emptied; updated by primary key."""
    stored = rows.filter(**{f"{coded}__isnull": False})
    by_sentence: dict[str, list[Any]] = {}
    with translation.override("id"):
        for pk, entry in stored.values_list("pk", coded).iterator(chunk_size=batch):
            sentence = render(entry, catalogue)[:max_length]
            by_sentence.setdefault(sentence, []).append(pk)
    changed = 0
    for sentence, pks in by_sentence.items():
        for start in range(0, len(pks), batch):
            chunk = pks[start : start + batch]
            changed += rows.filter(pk__in=chunk).update(**{typed: sentence, coded: None})
    return changed
