"""Possible duplicates: similar text about the same service, category or place within
recent days. Suggested to the handler, who may merge (``handling.merge``); never merged
automatically.

Similarity is the Jaccard index of the two texts' stemmed word sets (``text.tokens``):
0.3 and above reads as "the same problem told differently" on the demo complaints,
where two citizens describing one flooded road share about a third of their words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from sigap.complaints.models import Complaint
from sigap.complaints.text import tokens

WINDOW = dt.timedelta(days=14)
MIN_SIMILARITY = 0.3
LIMIT = 5


@dataclass(frozen=True)
class Candidate:
    complaint: Complaint
    similarity: float


def similarity(a: str, b: str) -> float:
    left, right = set(tokens(a)), set(tokens(b))
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def possible_duplicates(complaint: Complaint) -> list[Candidate]:
    about = Q(pk__in=[])
    if complaint.service_id:
        about |= Q(service_id=complaint.service_id)
    for category_id in {complaint.category_id, complaint.suggested_category_id} - {None}:
        about |= Q(category_id=category_id) | Q(suggested_category_id=category_id)
    if complaint.address:
        about |= Q(address__iexact=complaint.address)
    if complaint.unit_id:
        about |= Q(unit_id=complaint.unit_id)
    rows = (
        Complaint.all_objects.filter(about, agency_id=complaint.agency_id)
        .filter(
            created_at__gte=complaint.created_at - WINDOW,
            created_at__lte=complaint.created_at + WINDOW,
        )
        .exclude(pk=complaint.pk)
        .exclude(status__in=(Complaint.Status.MERGED, Complaint.Status.REJECTED))
        .order_by("-created_at")[:200]
    )
    found = [Candidate(c, similarity(complaint.text, c.text)) for c in rows]
    found = [c for c in found if c.similarity >= MIN_SIMILARITY]
    return sorted(found, key=lambda c: -c.similarity)[:LIMIT]
