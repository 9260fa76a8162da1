"""Dialogue forums: schedule, registration, attendance, minutes, and action items owned
by an ASN tracked to done (overdue ones remind their owner; handover moves them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sigap.accounts.models import Role
from sigap.accounts.staff import holders_over
from sigap.audit.events import acting, record, register_events
from sigap.consultations.models import (
    ActionItem,
    Forum,
    ForumRegistration,
)
from sigap.consultations.stakeholders import check_group
from sigap.notifications import notify
from sigap.platform.transitions import transition
from sigap.tenancy.context import acting_for
from sigap.workforce.models import Employee

register_events(
    {
        "forum dialog dijadwalkan": "Forum dialog dijadwalkan",
        "pendaftaran forum": "Peserta mendaftar forum dialog",
        "kehadiran forum dicatat": "Kehadiran forum dialog dicatat",
        "tindak lanjut forum dibuat": "Tindak lanjut forum dibuat",
        "pengingat tindak lanjut": "Pengingat tindak lanjut lewat tenggat",
    }
)

F = Forum.Status
A = ActionItem.Status


@transaction.atomic
def schedule_forum(
    unit: Any,
    *,
    topic: str,
    starts_at: dt.datetime,
    by: Any,
    place: str = "",
    online_url: str = "",
    capacity: int = 100,
    consultation: Any = None,
) -> Forum:
    topic = (topic or "").strip()
    errors = {}
    if not topic:
        errors["topic"] = _("Topik forum wajib diisi.")
    if not (place or "").strip() and not (online_url or "").strip():
        errors["place"] = _("Sebutkan tempat atau tautan daring forum.")
    if capacity < 1:
        errors["capacity"] = _("Kapasitas paling sedikit 1 orang.")
    if errors:
        raise ValidationError(errors)
    with acting_for(unit.agency), acting(by):
        forum = Forum.objects.create(
            agency=unit.agency,
            unit=unit,
            topic=topic[:200],
            place=place.strip()[:200],
            online_url=online_url.strip(),
            starts_at=starts_at,
            capacity=capacity,
            consultation=consultation,
        )
        record("forum dialog dijadwalkan", forum, details={"starts_at": starts_at.isoformat()})
        return forum


@transaction.atomic
def register(
    forum: Forum, participant: Any, *, group: str, organisation: str = "", raised: str = ""
) -> ForumRegistration:
    check_group(group, participant)
    with acting_for(forum.agency), acting(participant):
        locked = Forum.objects.select_for_update().get(pk=forum.pk)
        if locked.status != F.SCHEDULED:
            raise ValidationError(_("Pendaftaran forum ini sudah ditutup."))
        if locked.registrations.count() >= locked.capacity:
            raise ValidationError(_("Kuota peserta forum ini sudah penuh."))
        try:
            with transaction.atomic():
                registration = ForumRegistration.objects.create(
                    agency=forum.agency,
                    forum=forum,
                    participant=participant,
                    group=group,
                    organisation=(organisation or "").strip()[:150],
                    raised=(raised or "").strip()[:2000],
                )
        except IntegrityError:
            raise ValidationError(_("Anda sudah terdaftar di forum ini.")) from None
        record("pendaftaran forum", forum, details={"group": group})
        return registration


@transaction.atomic
def record_attendance(forum: Forum, attended_ids: Iterable[int], *, by: Any) -> int:
    attended = set(attended_ids)
    with acting_for(forum.agency), acting(by):
        changed = 0
        for r in ForumRegistration.objects.select_for_update().filter(forum=forum):
            present = r.pk in attended
            if r.attended != present:
                r.attended = present
                r.save(update_fields=["attended"])
                changed += 1
        record("kehadiran forum dicatat", forum, details={"present": len(attended)})
        return changed


@transaction.atomic
def record_minutes(forum: Forum, *, minutes: str, by: Any) -> Forum:
    """The forum took place: its minutes are published (scheduled → held)."""
    minutes = (minutes or "").strip()
    if not minutes:
        raise ValidationError({"minutes": _("Notulen wajib diisi.")})
    with acting_for(forum.agency), acting(by):
        if forum.status == F.HELD:
            forum.minutes = minutes
            forum.save(update_fields=["minutes"])
            return forum
        return transition(forum, F.HELD, minutes=minutes)


@transaction.atomic
def cancel_forum(forum: Forum, *, by: Any) -> Forum:
    with acting_for(forum.agency), acting(by):
        return transition(forum, F.CANCELLED)


@transaction.atomic
def add_action_item(
    forum: Forum,
    *,
    title: str,
    owner: Employee,
    due_on: dt.date,
    by: Any,
    raised_by: ForumRegistration | None = None,
) -> ActionItem:
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Tuliskan tindak lanjutnya.")
    if owner is None or owner.agency_id != forum.agency_id:
        errors["owner"] = _("Pilih ASN penanggung jawab di pemda ini.")
    elif owner.status != Employee.Status.ACTIVE:
        errors["owner"] = _("Penanggung jawab harus ASN yang masih aktif.")
    if raised_by is not None and raised_by.forum_id != forum.pk:
        errors["raised_by"] = _("Peserta ini tidak terdaftar di forum ini.")
    if errors:
        raise ValidationError(errors)
    with acting_for(forum.agency), acting(by):
        item = ActionItem.objects.create(
            agency=forum.agency,
            forum=forum,
            title=title[:200],
            owner=owner,
            due_on=due_on,
            raised_by=raised_by,
        )
        record("tindak lanjut forum dibuat", item, details={"owner": owner.pk})
        return item


@transaction.atomic
def complete_action_item(item: ActionItem, *, by: Any, outcome: str) -> ActionItem:
    outcome = (outcome or "").strip()
    if not outcome:
        raise ValidationError({"outcome": _("Tuliskan hasil tindak lanjut.")})
    with acting_for(item.agency), acting(by):
        done = transition(item, A.DONE, outcome=outcome)
        registration = item.raised_by
        if registration is not None:
            notify(
                registration.participant,
                "consultations/action_done",
                {"item": item, "forum": item.forum},
                agency=item.agency,
                url="/konsultasi/masukan-saya/",
            )
        return done


def overdue(agency: Any, today: dt.date) -> Any:
    return ActionItem.objects.filter(agency=agency, status=A.OPEN, due_on__lt=today)


@transaction.atomic
def remind_overdue(agency: Any) -> int:
    """Remind the owner of each overdue open action item, once a day."""
    today = agency.today()
    sent = 0
    with acting_for(agency):
        items = (
            overdue(agency, today)
            .exclude(reminded_on=today)
            .select_related("owner__user", "forum__unit")
            .select_for_update(of=("self",))
        )
        for item in items:
            user = item.owner.user
            item.reminded_on = today
            item.save(update_fields=["reminded_on"])
            record(
                "pengingat tindak lanjut", item, details={"days_late": (today - item.due_on).days}
            )
            # An owner without a login still has overdue work: their unit heads hear of
            # it instead (the nearest heads over the forum's unit), named as the owner's.
            recipients = (
                [user] if user is not None else holders_over(item.forum.unit, Role.UNIT_HEAD)
            )
            for recipient in recipients:
                notify(
                    recipient,
                    "consultations/action_overdue",
                    {
                        "item": item,
                        "forum": item.forum,
                        "days": (today - item.due_on).days,
                        "owner": "" if user is not None else item.owner.full_name,
                    },
                    agency=agency,
                    url=f"/kerja/konsultasi/forum/{item.forum_id}/",
                )
                sent += 1
    return sent
