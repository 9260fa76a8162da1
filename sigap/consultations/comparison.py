"""The readable comparison of two versions, section by section (``difflib`` on words)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
UNCHANGED = "unchanged"

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass
class SectionChange:
    key: str
    heading: str
    old_heading: str
    status: str
    # ("equal" | "del" | "ins", text) fragments of the body, in reading order.
    fragments: list[tuple[str, str]] = field(default_factory=list)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("ins", "".join(b[j1:j2])))
    return out


def compare(old: Sequence[Any], new: Sequence[Any]) -> list[SectionChange]:
    """``old`` and ``new``: sections (``key``, ``heading``, ``body``) in order. The new
    version's order, each removed section placed after the one that preceded it."""
    old_by_key = {s.key: s for s in old}
    new_keys = {s.key for s in new}
    changes: list[SectionChange] = []
    for s in new:
        before = old_by_key.get(s.key)
        if before is None:
            changes.append(SectionChange(s.key, s.heading, "", ADDED, [("ins", s.body)]))
        elif before.body == s.body and before.heading == s.heading:
            changes.append(
                SectionChange(s.key, s.heading, before.heading, UNCHANGED, [("equal", s.body)])
            )
        else:
            changes.append(
                SectionChange(
                    s.key, s.heading, before.heading, CHANGED, word_diff(before.body, s.body)
                )
            )
    previous_key = None
    for s in old:
        if s.key not in new_keys:
            removed = SectionChange(s.key, s.heading, s.heading, REMOVED, [("del", s.body)])
            index = (
                next((i + 1 for i, c in enumerate(changes) if c.key == previous_key), 0)
                if previous_key
                else 0
            )
            changes.insert(index, removed)
        previous_key = s.key
    return changes


def status_by_key(old: Sequence[Any], new: Sequence[Any]) -> dict[str, str]:
    return {c.key: c.status for c in compare(old, new)}
