"""Re-anchoring comments onto a new version of a draft (pure functions, no database).

A comment on a passage stores the quoted text and its offsets in its section. When a
version is published, each anchored comment is placed on the new text:

1. the same section (by its stable key) still holds the quote: the occurrence nearest
   to where the old position maps to (``difflib`` opcodes between the two bodies) wins;
   same place → *anchored*, elsewhere → *moved*;
2. another section holds it (the passage moved between sections): *moved* there;
3. the mapped span in the same section still resembles the quote (the passage was
   edited, similarity ≥ ``EDITED_SIMILARITY``): *edited*, anchored on the new wording;
4. otherwise the passage is gone: *orphaned*, shown under its section (if the section
   still exists) as no longer anchored.

Comments on a whole section follow the section by key, and are orphaned with it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher

SECTION = "section"
ANCHORED = "anchored"
MOVED = "moved"
EDITED = "edited"
ORPHANED = "orphaned"

EDITED_SIMILARITY = 0.6


@dataclass(frozen=True)
class Placement:
    section_key: str | None
    start: int | None
    end: int | None
    quote: str
    state: str


class OffsetMap:
    """Maps offsets of one text onto an edited version of it (``difflib`` opcodes)."""

    def __init__(self, old: str, new: str) -> None:
        self.opcodes = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
        self.starts = [op[1] for op in self.opcodes]

    def __call__(self, position: int, *, end: bool = False) -> int:
        if not self.opcodes:
            return 0
        i = max(bisect_right(self.starts, position) - 1, 0)
        if end and i > 0 and self.opcodes[i][1] == position:
            i -= 1  # an end offset belongs to the block it closes
        tag, i1, i2, j1, j2 = self.opcodes[i]
        if tag == "equal":
            return j1 + min(position - i1, j2 - j1)
        return j2 if end else j1


def occurrences(text: str, quote: str) -> list[int]:
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


class Reanchorer:
    """Places comments of one version onto the next; caches one offset map per section."""

    def __init__(self, old: Mapping[str, str], new: Mapping[str, str]) -> None:
        self.old = old
        self.new = new
        self.order = list(new)
        self._maps: dict[str, OffsetMap] = {}

    def _map(self, key: str) -> OffsetMap:
        if key not in self._maps:
            self._maps[key] = OffsetMap(self.old.get(key, ""), self.new[key])
        return self._maps[key]

    def place(self, key: str, quote: str, start: int | None, end: int | None) -> Placement:
        if not quote or start is None:
            if key in self.new:
                return Placement(key, None, None, "", SECTION)
            return Placement(None, None, None, "", ORPHANED)
        length = len(quote)
        if key in self.new:
            body = self.new[key]
            expected = self._map(key)(start)
            hits = occurrences(body, quote)
            if hits:
                best = min(hits, key=lambda h: (abs(h - expected), h))
                same = best == start and self.old.get(key, "")[start : start + length] == quote
                return Placement(key, best, best + length, quote, ANCHORED if same else MOVED)
        for other in self.order:
            if other == key:
                continue
            hits = occurrences(self.new[other], quote)
            if hits:
                return Placement(other, hits[0], hits[0] + length, quote, MOVED)
        if key in self.new:
            offsets = self._map(key)
            new_start = offsets(start)
            new_end = offsets(end if end is not None else start + length, end=True)
            candidate = self.new[key][new_start:new_end].strip()
            if candidate:
                similarity = SequenceMatcher(None, quote, candidate, autojunk=False).ratio()
                if similarity >= EDITED_SIMILARITY:
                    new_start = self.new[key].find(candidate, new_start)
                    return Placement(key, new_start, new_start + len(candidate), candidate, EDITED)
            return Placement(key, None, None, "", ORPHANED)
        return Placement(None, None, None, "", ORPHANED)


def locate(body: str, quote: str, near: int | None = None) -> tuple[int, int] | None:
    """Where ``quote`` sits in ``body`` (nearest to ``near`` when it occurs twice)."""
    quote = quote.strip()
    if not quote:
        return None
    hits = occurrences(body, quote)
    if not hits:
        return None
    best = hits[0] if near is None else min(hits, key=lambda h: (abs(h - near), h))
    return best, best + len(quote)
