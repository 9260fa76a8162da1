"""Exchange with SP4N-LAPOR! (the national complaint system), as files and behind an
adapter interface.

LAPOR! forwards complaints to the pemda that must handle them and expects the pemda's
follow-up back. Sigap speaks the fields LAPOR! uses (``FIELDS``: tracking ID, title,
content, category, date, location, privacy flags, status, follow-up). The exchange is:

* **Import** (``import_forwarded``): complaints forwarded from LAPOR!, idempotent by
  LAPOR!'s tracking ID (``Complaint.lapor_id``, unique per agency): importing the same
  file twice creates each complaint once.
* **Export** (``export_rows``): Sigap's complaints in LAPOR!'s fields, *without* any
  identity of confidential or anonymous complainants, and no identity at all for the
  others either: LAPOR! keeps its own reporter accounts.

``LaporAdapter`` is the seam: ``FileAdapter`` reads and writes JSON files (what an
operator downloads from and uploads to the LAPOR! dashboard today); a live HTTP client
of LAPOR!'s API would implement the same two methods once the pemda holds credentials.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sigap.audit.events import acting, record_access, register_events
from sigap.complaints import handling
from sigap.complaints.models import Category, Complaint
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency

FIELDS = (
    "tracking_id",  # LAPOR!'s own number
    "sigap_id",  # Sigap's tracking number
    "title",
    "content",
    "category",
    "created_at",
    "location",
    "lat",
    "long",
    "is_anonymous",
    "is_confidential",
    "status",
    "follow_up",
    "follow_up_at",
)
STATUS_TO_LAPOR = {
    "received": "Belum Diverifikasi",
    "verified": "Proses",
    "in_follow_up": "Proses",
    "reopened": "Proses",
    "answered": "Ditindaklanjuti",
    "closed": "Selesai",
    "rejected": "Ditolak",
    "merged": "Selesai",
}
register_events({"ekspor LAPOR!": "Ekspor pengaduan ke SP4N-LAPOR!"})


class LaporAdapter(Protocol):
    def forwarded(self) -> Iterable[dict[str, Any]]:
        """Complaints LAPOR! forwarded to this pemda, in ``FIELDS``."""

    def send(self, rows: list[dict[str, Any]]) -> None:
        """Hand Sigap's complaints and follow-ups to LAPOR!."""


@dataclass
class FileAdapter:
    inbox: Path | None = None
    outbox: Path | None = None

    def forwarded(self) -> Iterable[dict[str, Any]]:
        if self.inbox is None:
            return []
        data = json.loads(self.inbox.read_text(encoding="utf-8"))
        if not isinstance(data, list):
            raise ValidationError(
                {"file": _("Berkas LAPOR! harus berisi daftar pengaduan (JSON).")}
            )
        return data

    def send(self, rows: list[dict[str, Any]]) -> None:
        if self.outbox is not None:
            self.outbox.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


@dataclass(frozen=True)
class ImportResult:
    created: int
    existing: int
    refused: list[tuple[str, str]]  # (LAPOR! id, message)


def import_forwarded(agency: Agency, adapter: LaporAdapter, *, by: Any = None) -> ImportResult:
    """File every forwarded complaint once (by LAPOR!'s tracking ID)."""
    created = existing = 0
    refused: list[tuple[str, str]] = []
    codes = set(Category.all_objects.filter(agency_id=agency.pk).values_list("code", flat=True))
    for row in adapter.forwarded():
        lapor_id = str(row.get("tracking_id") or "").strip()
        if not lapor_id:
            refused.append(("", _("tracking_id kosong.")))
            continue
        with acting_for(agency):
            if Complaint.objects.filter(lapor_id=lapor_id).exists():
                existing += 1
                continue
        mode = Complaint.Mode.ANONYMOUS if row.get("is_anonymous") else Complaint.Mode.CONFIDENTIAL
        # LAPOR! keeps the reporter; Sigap gets no identity, so even a public LAPOR!
        # report arrives here as confidential (the reporter is LAPOR!'s to reveal).
        text = "\n\n".join(
            p for p in (str(row.get("title") or ""), str(row.get("content") or "")) if p
        )
        category = row.get("category") if row.get("category") in codes else None
        try:
            handling.file_complaint(
                agency,
                text=text,
                mode=Complaint.Mode.ANONYMOUS if mode == Complaint.Mode.ANONYMOUS else mode,
                channel=Complaint.Channel.LAPOR,
                name="Pelapor SP4N-LAPOR!" if mode != Complaint.Mode.ANONYMOUS else "",
                email="lapor@lapor.go.id" if mode != Complaint.Mode.ANONYMOUS else "",
                category=category,
                address=str(row.get("location") or ""),
                lat=row.get("lat") or None,
                long=row.get("long") or None,
                lapor_id=lapor_id,
                filed_by=by,
            )
            created += 1
        except ValidationError as exc:
            refused.append((lapor_id, "; ".join(exc.messages)))
    return ImportResult(created, existing, refused)


def as_lapor(complaint: Complaint) -> dict[str, Any]:
    first_line = complaint.text.strip().splitlines()[0] if complaint.text.strip() else ""
    return {
        "tracking_id": complaint.lapor_id or None,
        "sigap_id": complaint.tracking_number,
        "title": first_line[:120],
        "content": complaint.text,
        "category": complaint.category.code if complaint.category else None,
        "created_at": complaint.created_at.isoformat(timespec="seconds"),
        "location": complaint.address,
        "lat": float(complaint.lat) if complaint.lat is not None else None,
        "long": float(complaint.long) if complaint.long is not None else None,
        "is_anonymous": complaint.mode == Complaint.Mode.ANONYMOUS,
        "is_confidential": complaint.mode == Complaint.Mode.CONFIDENTIAL,
        "status": STATUS_TO_LAPOR[complaint.status],
        "follow_up": complaint.answer,
        "follow_up_at": complaint.answered_at.isoformat(timespec="seconds")
        if complaint.answered_at
        else None,
    }


def export_rows(
    agency: Agency, *, by: Any = None, adapter: LaporAdapter | None = None
) -> list[dict[str, Any]]:
    with acting_for(agency), acting(by):
        complaints = list(Complaint.objects.select_related("category").order_by("created_at", "pk"))
        rows = [as_lapor(c) for c in complaints]
        if complaints:
            record_access("ekspor LAPOR!", complaints[0], details={"rows": len(rows)})
    if adapter is not None:
        adapter.send(rows)
    return rows
