"""Complaints in Open311 GeoReport v2, beside the services' applications.

The services app keeps the endpoints, the client keys and the formats
(``services.open311``); this module registers a ``RequestKind`` for complaints:

* **Service codes** ``ADUAN-<category code>`` (e.g. ``ADUAN-JALAN``), one per active
  category, listed by ``services.{format}`` with the group "Pengaduan", and ``ADUAN``
  alone: the client does not know the category, Sigap suggests it (or abstains).
* **POST requests**: ``description`` is the complaint, ``lat``/``long``/``address_string``
  the place, ``media_url`` is ignored (attachments come through the portal only).
  Identity: ``attribute[identitas]`` = ``terbuka`` (identified: ``first_name``,
  ``last_name``, ``email``/``phone`` required), ``rahasia`` (confidential) or ``anonim``.
  Without it: confidential when a name or contact is sent, anonymous otherwise, the
  protective reading. Idempotent per client by ``idempotency_key``.
* **GET**: only the complaints the client filed; ``status`` is ``open`` until the
  complaint is answered, ``closed`` once answered, closed, rejected or merged (the Sigap
  state in ``status_notes``; a reopened complaint is open again). No identity is ever
  part of a request.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from sigap.complaints import handling
from sigap.complaints.models import Category, Complaint

PREFIX = "ADUAN"
S = Complaint.Status
CLOSED = (S.ANSWERED, S.CLOSED, S.REJECTED, S.MERGED)
IDENTITY = {
    "terbuka": Complaint.Mode.IDENTIFIED,
    "rahasia": Complaint.Mode.CONFIDENTIAL,
    "anonim": Complaint.Mode.ANONYMOUS,
}


def owns(service_code: str) -> bool:
    code = service_code.upper()
    return code == PREFIX or code.startswith(PREFIX + "-")


def _code(category: Category | None) -> str:
    return f"{PREFIX}-{category.code.upper()}" if category else PREFIX


def _when(agency: Any, moment: Any) -> str | None:
    return moment.astimezone(agency.zone).isoformat(timespec="seconds") if moment else None


def as_request(complaint: Complaint) -> dict[str, Any]:
    agency = complaint.agency
    stamps = [
        complaint.verified_at,
        complaint.follow_up_at,
        complaint.answered_at,
        complaint.closed_at,
        complaint.reopened_at,
    ]
    updated = max((s for s in stamps if s is not None), default=complaint.created_at)
    notes = str(complaint.get_status_display())
    if complaint.status == S.REJECTED and complaint.reason:
        notes = f"{notes}: {complaint.reason}"
    elif complaint.answer and complaint.status in (S.ANSWERED, S.CLOSED):
        notes = f"{notes}: {complaint.answer}"
    category = complaint.category or complaint.suggested_category
    return {
        "service_request_id": complaint.tracking_number,
        "status": "closed" if complaint.status in CLOSED else "open",
        "status_notes": notes,
        "service_name": category.name if category else _("Pengaduan"),
        "service_code": _code(complaint.category),
        "description": complaint.text,
        "agency_responsible": complaint.unit.name if complaint.unit else "",
        "service_notice": _(
            "Diverifikasi dalam 3 hari kerja, ditindaklanjuti dalam 5 hari kerja (SP4N-LAPOR!)."
        ),
        "requested_datetime": _when(agency, complaint.created_at),
        "updated_datetime": _when(agency, updated),
        "expected_datetime": _when(agency, complaint.due_at) if complaint.is_open else None,
        "address": complaint.address,
        "address_id": "",
        "zipcode": "",
        "lat": float(complaint.lat) if complaint.lat is not None else None,
        "long": float(complaint.long) if complaint.long is not None else None,
        "media_url": "",
    }


def _mine(client: Any):  # noqa: ANN202 - a queryset
    return Complaint.objects.filter(open311_client=client).select_related(
        "agency", "category", "suggested_category", "unit"
    )


def file(client: Any, request: Any, payload: Any) -> tuple[dict[str, Any], bool]:
    agency = client.agency
    code = payload.service_code.strip().upper()
    category = None
    if not Category.objects.filter(is_active=True).exists():
        raise ValidationError({"service_code": _("Layanan tidak ditemukan.")})
    if code != PREFIX:
        category = Category.objects.filter(
            code=code[len(PREFIX) + 1 :].lower(), is_active=True
        ).first()
        if category is None:
            raise ValidationError({"service_code": _("Layanan tidak ditemukan.")})
    name = f"{payload.first_name} {payload.last_name}".strip()
    contact = payload.email.strip() or payload.phone.strip()
    chosen = request.POST.get("attribute[identitas]", "").strip().lower()
    if chosen and chosen not in IDENTITY:
        raise ValidationError({"identitas": _("identitas: terbuka, rahasia, atau anonim.")})
    mode = IDENTITY.get(chosen) or (
        Complaint.Mode.CONFIDENTIAL if (name or contact) else Complaint.Mode.ANONYMOUS
    )
    token = payload.idempotency_key or request.headers.get("Idempotency-Key", "")
    key = f"o311-{client.pk}-{token}"[:80] if token else ""
    existed = bool(key) and Complaint.objects.filter(idempotency_key=key).exists()
    complaint = handling.file_complaint(
        agency,
        text=payload.description,
        mode=mode,
        channel=Complaint.Channel.OPEN311,
        name=name if mode != Complaint.Mode.ANONYMOUS else "",
        phone=payload.phone if mode != Complaint.Mode.ANONYMOUS else "",
        email=payload.email if mode != Complaint.Mode.ANONYMOUS else "",
        category=category,
        address=payload.address_string,
        lat=payload.lat or None,
        long=payload.long or None,
        idempotency_key=key,
        open311_client=client,
    )
    row = {
        "service_request_id": complaint.tracking_number,
        "service_notice": as_request(complaint)["service_notice"],
        "account_id": None,
    }
    return row, not existed


def find(client: Any, service_request_id: str) -> dict[str, Any] | None:
    complaint = _mine(client).filter(tracking_number=service_request_id).first()
    return as_request(complaint) if complaint is not None else None


def rows(client: Any, filters: dict[str, Any]) -> list[dict[str, Any]]:
    qs = _mine(client)
    if filters.get("ids"):
        qs = qs.filter(tracking_number__in=filters["ids"])
    else:
        codes = [c.upper() for c in filters.get("codes", [])]
        if codes:
            mine = [c for c in codes if owns(c)]
            if not mine:
                return []
            wanted = Q(pk__in=[])
            for c in mine:
                wanted |= (
                    Q(category__isnull=True)
                    if c == PREFIX
                    else Q(category__code=c[len(PREFIX) + 1 :].lower())
                )
            qs = qs.filter(wanted)
        states = filters.get("states") or []
        if states == ["open"]:
            qs = qs.exclude(status__in=CLOSED)
        elif states == ["closed"]:
            qs = qs.filter(status__in=CLOSED)
        if filters.get("start"):
            qs = qs.filter(created_at__gte=filters["start"])
        if filters.get("end"):
            qs = qs.filter(created_at__lte=filters["end"])
    return [as_request(c) for c in qs.order_by("-created_at", "-pk")[:1000]]


def services(agency: Any) -> list[dict[str, Any]]:
    """``ADUAN`` and one ``ADUAN-<category>`` per active category; nothing while the
    agency has no complaint category (complaints are not set up there: nothing filed
    could be routed), so its service list stays the applications' alone."""
    categories = list(
        Category.all_objects.filter(agency_id=agency.pk, is_active=True).order_by("name")
    )
    if not categories:
        return []
    group = _("Pengaduan")
    entries = [
        {
            "service_code": PREFIX,
            "service_name": _("Pengaduan (kategori ditentukan Sigap)"),
            "description": _("Pengaduan tentang layanan publik; Sigap menyarankan kategorinya."),
            "metadata": True,
            "type": "realtime",
            "keywords": group,
            "group": group,
        }
    ]
    for category in categories:
        entries.append(
            {
                "service_code": _code(category),
                "service_name": f"{group}: {category.name}",
                "description": ", ".join(category.keywords[:8]),
                "metadata": True,
                "type": "realtime",
                "keywords": ", ".join([group, category.name]),
                "group": group,
            }
        )
    return entries


def definition(agency: Any, service_code: str) -> dict[str, Any] | None:
    code = service_code.strip().upper()
    active = Category.all_objects.filter(agency_id=agency.pk, is_active=True)
    if code != PREFIX:
        active = active.filter(code=code[len(PREFIX) + 1 :].lower())
    if not active.exists():
        return None
    return {
        "service_code": code,
        "attributes": [
            {
                "variable": True,
                "code": "identitas",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": _(
                    "Bawaan: rahasia bila nama/kontak dikirim, anonim bila tidak."
                ),
                "order": 1,
                "description": _("Identitas pelapor"),
                "values": [{"key": k, "name": k} for k in IDENTITY],
            }
        ],
    }


def register() -> None:
    from sigap.services.open311 import RequestKind, register_request_kind

    register_request_kind(
        RequestKind(
            owns=owns, file=file, find=find, rows=rows, services=services, definition=definition
        )
    )
