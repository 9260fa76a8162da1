"""Builders the complaint tests share, all through the domain functions."""

from __future__ import annotations

from typing import Any

from sigap.complaints import categories, handling
from sigap.complaints.models import Category, Complaint
from sigap.tenancy.context import activate

ROAD = "Jalan di depan pasar berlubang besar dan banjir kalau hujan, motor sering jatuh."
RUDE = "Petugas di loket sangat judes dan membentak warga yang bertanya soal berkas."


def with_categories(agency: Any, unit: Any) -> dict[str, Category]:
    """The default categories, every one mapped to ``unit``."""
    with activate(agency):
        if not Category.objects.exists():
            codes = [row["code"] for row in categories.default_categories()]
            categories.load_default_categories(agency, units=dict.fromkeys(codes, unit))
        return {c.code: c for c in Category.objects.all()}


def filed(
    agency: Any, *, text: str = ROAD, mode: str = "identified", citizen: Any = None, **kw: Any
) -> Complaint:
    if mode != "anonymous" and citizen is None and "name" not in kw:
        kw.update(name="Budi Santoso", phone="081234567890")
    return handling.file_complaint(
        agency, text=text, mode=mode, channel=kw.pop("channel", "portal"), citizen=citizen, **kw
    )


def routed(agency: Any, unit: Any, by: Any, **kw: Any) -> Complaint:
    cats = with_categories(agency, unit)
    complaint = filed(agency, **kw)
    return handling.route(complaint, category=cats["jalan"], by=by)
