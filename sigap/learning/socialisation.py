"""Socialisation of policies (seed 003: "sosialisasi kebijakan kepada seluruh ASN"):
an announcement to every ASN, or to chosen units (with their subtrees) and position
kinds; each recipient acknowledges reading it; the unread get reminders.

Recipients are fixed when the announcement is published (who held a post then), so the
"not read yet" list does not shift as people move.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.audit.events import BulkTrail, acting, record, register_events
from sigap.learning.models import Announcement, AnnouncementRecipient
from sigap.notifications import notify
from sigap.platform.bulk import BulkWriter
from sigap.platform.effects import after_commit
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workforce.models import Employee, JabatanType
from sigap.workforce.registry import current_primaries

register_events(
    {
        "sosialisasi diterbitkan": "Sosialisasi kebijakan diterbitkan",
        "sosialisasi dibaca": "Sosialisasi kebijakan dibaca",
        "pengingat sosialisasi": "Pengingat sosialisasi dikirim",
    }
)


def audience(agency: Agency, unit_ids: Iterable[int], jabatan_types: Iterable[str]) -> QuerySet:
    """Active ASN holding a post in the chosen units' subtrees and position kinds."""
    holdings = current_primaries(agency.today()).filter(employee__status=Employee.Status.ACTIVE)
    unit_ids = list(unit_ids)
    if unit_ids:
        condition = Q(pk__in=[])
        for path in OrgUnit.objects.filter(pk__in=unit_ids).values_list("path", flat=True):
            condition |= Q(position__unit__path__startswith=path)
        holdings = holdings.filter(condition)
    types = list(jabatan_types)
    if types:
        holdings = holdings.filter(position__jabatan_type__in=types)
    return holdings.values_list("employee_id", flat=True).distinct()


@transaction.atomic
def publish(
    agency: Agency,
    *,
    title: str,
    body: str,
    policy_reference: str = "",
    unit_ids: Iterable[int] = (),
    jabatan_types: Iterable[str] = (),
    read_by: dt.date | None = None,
    by: Any = None,
) -> Announcement:
    errors: dict[str, str] = {}
    unit_ids, jabatan_types = sorted({int(u) for u in unit_ids}), sorted(set(jabatan_types))
    if not (title or "").strip():
        errors["title"] = _("Judul wajib diisi.")
    if not (body or "").strip():
        errors["body"] = _("Isi wajib diisi.")
    if set(jabatan_types) - set(JabatanType.values):
        errors["jabatan_types"] = _("Jenis jabatan tidak dikenal.")
    if read_by is not None and read_by < agency.today():
        errors["read_by"] = _("Batas baca tidak boleh di masa lalu.")
    with acting_for(agency), acting(by):
        if unit_ids and OrgUnit.objects.filter(pk__in=unit_ids).count() != len(unit_ids):
            errors["unit_ids"] = _("Unit tidak dikenal.")
        if errors:
            raise ValidationError(errors)
        announcement = Announcement.objects.create(
            agency=agency,
            title=title.strip(),
            body=body.strip(),
            policy_reference=policy_reference.strip(),
            unit_ids=unit_ids,
            jabatan_types=jabatan_types,
            read_by=read_by,
            created_by=by if getattr(by, "is_authenticated", False) else None,
            published_at=timezone.now(),
        )
        people = list(audience(agency, unit_ids, jabatan_types))
        if not people:
            raise ValidationError(_("Tidak ada ASN pada sasaran yang dipilih."))
        writer = BulkWriter(
            BulkTrail(
                agency_id=agency.pk,
                event="sosialisasi diterbitkan",
                cid=uuid.uuid4().hex,
                models=[AnnouncementRecipient],
            )
        )
        writer.insert(
            AnnouncementRecipient,
            ("agency_id", "announcement_id", "employee_id"),
            [(agency.pk, announcement.pk, e) for e in people],
        )
        writer.flush()
        record("sosialisasi diterbitkan", announcement, details={"recipients": len(people)})
        return announcement


@transaction.atomic
def acknowledge(announcement: Announcement, employee: Employee, *, by: Any = None) -> bool:
    """Mark read; True the first time, False when already read or not a recipient."""
    with acting_for(announcement.agency), acting(by):
        updated = AnnouncementRecipient.objects.filter(
            announcement=announcement, employee=employee, read_at__isnull=True
        ).update(read_at=timezone.now())
        if updated:
            record("sosialisasi dibaca", announcement, details={"employee": employee.pk})
        return bool(updated)


def unread(announcement: Announcement) -> QuerySet[AnnouncementRecipient]:
    return (
        AnnouncementRecipient.objects.filter(announcement=announcement, read_at__isnull=True)
        .select_related("employee")
        .order_by("employee__full_name")
    )


def read_share(announcement: Announcement) -> tuple[int, int]:
    qs = AnnouncementRecipient.objects.filter(announcement=announcement)
    return qs.filter(read_at__isnull=False).count(), qs.count()


@transaction.atomic
def remind_unread(announcement: Announcement, *, by: Any = None) -> int:
    """Notify every recipient with a login who has not read it yet."""
    with acting_for(announcement.agency), acting(by):
        pending = list(unread(announcement).filter(employee__user__isnull=False))
        now = timezone.now()
        AnnouncementRecipient.objects.filter(pk__in=[r.pk for r in pending]).update(reminded_at=now)
        record("pengingat sosialisasi", announcement, details={"count": len(pending)})
        users = [r.employee.user for r in pending]

        def send() -> None:
            with acting_for(announcement.agency):
                for user in users:
                    notify(
                        user,
                        "learning/announcement",
                        {"announcement": announcement},
                        agency=announcement.agency,
                        url="/kerja/pembelajaran/saya/",
                    )

        after_commit(send)
        return len(pending)


def for_employee(employee: Employee) -> QuerySet[AnnouncementRecipient]:
    return (
        AnnouncementRecipient.objects.filter(employee=employee)
        .select_related("announcement")
        .order_by("read_at", "-announcement__published_at")
    )
