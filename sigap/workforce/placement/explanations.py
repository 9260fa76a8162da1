"""What each term of a placement score was computed from, by code: the one catalogue a
stored recommendation's explanation is written from, in the reader's language, on the
page and in the API (``stored_text``; issue 8, item 11).

A stored term is ``{"term": "rotation", "value": 0.8, "weight": 0.2, "contribution":
0.16, "detail": {"code": "rotation", "params": {...}}}``; the term's label comes from
``engine.TERM_LABELS`` when shown. Recommendations stored before this format carry an
Indonesian ``label`` and ``detail`` sentence: the label is translated, the sentence
shown as it is.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from sigap.platform.stored_text import render, text
from sigap.workforce.reference import study_field_groups, study_field_label_lazy

STUDY_FIELD = "study_field."

EXPLANATIONS = {
    "competency_none": _("Jabatan ini belum memiliki standar kompetensi."),
    "competency_met": _("Memenuhi %(met)s dari %(total)s standar kompetensi."),
    "competency_below": _(
        "Memenuhi %(met)s dari %(total)s standar kompetensi; di bawah standar: %(below)s."
    ),
    "competency_below_more": _(
        "Memenuhi %(met)s dari %(total)s standar kompetensi; di bawah standar: %(below)s "
        "dan %(more)s lainnya."
    ),
    # Parts of the list above, one per competency below its standard.
    "competency_level": _("%(name)s %(level)s dari %(required)s"),
    "competency_unassessed": _("%(name)s belum diases (standar %(required)s)"),
    "education_none": _("Belum ada riwayat pendidikan."),
    "education_level_met": _(
        "%(name)s (%(group)s): %(verdict)s; jenjang memenuhi harapan %(expected)s."
    ),
    "education_level_below": _(
        "%(name)s (%(group)s): %(verdict)s; jenjang di bawah harapan %(expected)s."
    ),
    "pangkat_no_minimum": _("%(current)s; jabatan tanpa syarat golongan."),
    "pangkat_met": _("%(current)s; minimal %(minimum)s: memenuhi."),
    "pangkat_below": _("%(current)s; minimal %(minimum)s: satu tingkat di bawah."),
    "rotation_none": _("Belum menduduki jabatan definitif."),
    "rotation": _("%(years)s tahun di jabatan sekarang; rotasi jatuh tempo setelah %(due)s tahun."),
    "retirement": _("Pensiun %(date)s (BUP %(bup)s tahun), %(years)s tahun lagi."),
    # A field-of-study group (the education explanation's ``group``), by its code: its
    # label is data in both languages (data/study_fields.csv).
    **{f"{STUDY_FIELD}{g.group}": study_field_label_lazy(g.group) for g in study_field_groups()},
}

# Verdicts on the field of study (a parameter of the education explanation).
FIELD_VERDICTS = {
    "any": _("jabatan tidak mensyaratkan bidang studi tertentu"),
    # With a context: the same words are also the position's field label.
    "relevant": pgettext_lazy("penilaian penempatan", "bidang studi relevan"),
    "related": _("bidang studi berkaitan"),
    "general": _("pendidikan umum"),
    "unrelated": _("bidang studi tidak relevan"),
}
NO_GOLONGAN = _("tanpa golongan")


def study_field(group: str) -> dict[str, Any]:
    """A field-of-study group as a stored parameter, written in the reader's language."""
    return text(f"{STUDY_FIELD}{group}")


def _group_by_code(stored: dict[str, Any]) -> dict[str, Any]:
    # Explanations stored before groups were codes hold the Indonesian label as a msgid
    # that no catalogue translates: read it as the group it names.
    group = (stored.get("params") or {}).get("group")
    if isinstance(group, dict) and "msgid" in group:
        for g in study_field_groups():
            if g.label == group["msgid"]:
                return {**stored, "params": {**stored["params"], "group": study_field(g.group)}}
    return stored


def render_terms(terms: list[dict[str, Any]], labels: dict[str, str]) -> list[dict[str, Any]]:
    """A recommendation's stored terms for a reader: label and detail in the active
    language (``labels``: term → msgid), with the detail's code and parameters."""
    out = []
    for t in terms or []:
        detail = t.get("detail")
        stored = _group_by_code(detail) if isinstance(detail, dict) else {"message": detail or ""}
        out.append(
            {
                **t,
                "label": gettext(labels.get(t.get("term", ""), t.get("label", ""))),
                "detail": render(stored, EXPLANATIONS),
                "code": stored.get("code", ""),
                "params": stored.get("params") or {},
            }
        )
    return out
