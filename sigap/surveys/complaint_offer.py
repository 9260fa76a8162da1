"""When a survey answer offers the citizen to file a complaint about the service.

PermenPAN-RB 14/2017's U8 asks how complaints are handled; an answer of 1 ("Tidak ada")
or 2 ("Ada tetapi tidak berfungsi") means the citizen found no working way to complain,
so the thank-you page gives them one, tied to the service event they rated. A suggestion
that reads as a complaint (a word or phrase of ``data/complaint_words.txt``, matched on
word boundaries after lower-casing) gets the same offer: a survey suggestion is
anonymous and answered by nobody, a complaint is tracked and must be answered.

The link comes from ``services.event_links`` (the complaints app is a sibling this app
does not import) and carries the event, never the response: survey answers stay
pseudonymous whatever the citizen does next.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from sigap.services import event_links
from sigap.services.models import ServiceEvent

LOW_U8 = 2
WORDS_FILE = Path(__file__).parent / "data" / "complaint_words.txt"


@cache
def _pattern() -> re.Pattern[str]:
    lines = WORDS_FILE.read_text(encoding="utf-8").splitlines()
    words = sorted(
        (w.strip().lower() for w in lines if w.strip() and not w.startswith("#")),
        key=len,
        reverse=True,
    )
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


# "tidak ada pungli", "tanpa keluhan", "gak lama": a negated word praises the service.
NEGATIONS = frozenset({"tidak", "tak", "tdk", "gak", "gk", "nggak", "ga", "bukan", "tanpa"})


def reads_as_complaint(text: str) -> bool:
    flat = " ".join((text or "").lower().split())
    for match in _pattern().finditer(flat):
        before = re.findall(r"\w+", flat[: match.start()])[-2:]
        if not NEGATIONS.intersection(before):
            return True
    return False


def wants_offer(response: Any) -> bool:
    """Whether ``response`` (a ``Response``) should be followed by a complaint offer."""
    low_u8 = response.u8 is not None and response.u8 <= LOW_U8
    return low_u8 or reads_as_complaint(response.suggestion)


def offer_link(event: ServiceEvent, response: Any) -> str | None:
    """The complaint form's URL about ``event`` when the answer calls for it."""
    if not wants_offer(response):
        return None
    return event_links.complaint_link(event, kind=event_links.AboutKind.SURVEY)
