"""Writes to complaints: every change of a complaint goes through here.

Each function validates (Indonesian messages, field names), runs in one transaction
inside ``acting_for(agency)``, moves the state only through ``COMPLAINT_FLOW``, adds a
line to the timeline, records its named audit event and queues notifications after
commit (``notify`` writes the inbox entry in the transaction; the other channels go
out after commit).

Confidentiality by construction (issue 12, item 4): for confidential and anonymous
complaints the complainant's writes run with **no audit actor** (``_unnamed``) and
their timeline lines carry no ``by``; identity lives in ``ComplaintIdentity`` only
(none at all when anonymous); notifications to the unit never carry it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from auditlog.context import auditlog_value
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import Role
from sigap.accounts.staff import holders_over
from sigap.audit.events import acting, record, record_access, register_events
from sigap.complaints import classifier, deadlines
from sigap.complaints.models import (
    Category,
    Complaint,
    ComplaintAttachment,
    ComplaintIdentity,
    ComplaintStep,
    MonthlyCount,
    RoutingDecision,
)
from sigap.notifications import notify
from sigap.platform.stored_text import text as stored
from sigap.platform.transitions import transition
from sigap.services.event_links import AboutKind
from sigap.services.models import Application, Service, ServiceEvent
from sigap.services.tracking import ALPHABET, check_symbol
from sigap.services.uploads import check_upload, store
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workcal.calendar import WorkingCalendar

S = Complaint.Status
M = Complaint.Mode
MIN_TEXT = 15
MAX_ATTACHMENTS = 3
register_events(
    {
        "pengaduan diajukan": "Pengaduan diajukan",
        "pengaduan dialihkan": "Pengaduan dialihkan ke unit/kategori lain",
        "pengaduan ditanggapi pelapor": "Pelapor menanggapi pengaduan",
        "pengaduan dinilai": "Pelapor menilai penyelesaian pengaduan",
        "pengaduan dieskalasi": "Pengaduan lewat batas waktu dieskalasi",
        "identitas pelapor dibuka": "Identitas pelapor rahasia dibuka",
        "kategori pengaduan diubah": "Kategori pengaduan diubah",
        "templat jawaban diubah": "Templat jawaban pengaduan diubah",
    }
)


def _now() -> dt.datetime:
    return timezone.now()


def new_tracking_number() -> str:
    """``ADU-XXXX-XXXX-XXX``: 50 random bits and a check symbol, like applications'."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(10))
    symbols = body + check_symbol(body)
    return f"ADU-{symbols[:4]}-{symbols[4:8]}-{symbols[8:]}"


@contextlib.contextmanager
def _unnamed() -> Iterator[None]:
    """No actor and no address on the audit entries written inside: the complainant of
    a confidential or anonymous complaint must not be named by the trail either.

    auditlog's receiver reads ``signal_duid`` from this context variable, so that key
    (and anything else) stays; only who and from where goes."""
    previous = auditlog_value.get({})
    hidden = {"actor", "remote_addr", "remote_port", "actor_email"}
    token = auditlog_value.set({k: v for k, v in previous.items() if k not in hidden})
    try:
        yield
    finally:
        auditlog_value.reset(token)


def _as_complainant(
    complaint_or_mode: Complaint | str, user: Any
) -> contextlib.AbstractContextManager:
    mode = getattr(complaint_or_mode, "mode", complaint_or_mode)
    if mode == M.IDENTIFIED:
        return acting(user)
    return _unnamed()


def _calendar(agency: Agency) -> WorkingCalendar:
    return WorkingCalendar.for_agency(agency)


def _step(
    complaint: Complaint,
    status: str,
    *,
    by: Any = None,
    note: str = "",
    note_text: dict[str, Any] | None = None,
    kind: str = ComplaintStep.Kind.STATUS,
    public: bool = True,
) -> None:
    """One timeline line: ``note`` as a person typed it, ``note_text`` as code wrote it
    (a text of ``step_notes.STEP_NOTES``, shown in the reader's language)."""
    ComplaintStep.objects.create(
        agency=complaint.agency,
        complaint=complaint,
        kind=kind,
        status=status,
        at=_now(),
        by=by if getattr(by, "is_authenticated", False) else None,
        note=note,
        note_text=note_text,
        public=public,
    )


def _tell_complainant(complaint: Complaint, template: str, **context: Any) -> None:
    identity = ComplaintIdentity.objects.filter(complaint=complaint).select_related("user").first()
    if identity is None or identity.user is None:
        return
    notify(
        identity.user,
        f"complaints/{template}",
        {"complaint": complaint, **context},
        agency=complaint.agency,
        url=f"/pengaduan/saya/{complaint.tracking_number}/",
    )


def _tell_unit(
    complaint: Complaint, template: str, role: str = Role.OFFICER, **context: Any
) -> None:
    """The unit hears of the complaint with its number, category and deadline only: no
    identity ever goes into a unit's notification."""
    if complaint.unit is None:
        return
    for user in holders_over(complaint.unit, role):
        notify(
            user,
            f"complaints/{template}",
            {
                "number": complaint.tracking_number,
                "category": complaint.category.name if complaint.category else "",
                "due_at": complaint.due_at,
                **context,
            },
            agency=complaint.agency,
            url=f"/kerja/pengaduan/{complaint.pk}/",
        )


def _locked(complaint: Complaint) -> Complaint:
    return (
        # of=("self",): category and unit are nullable, joined outer, and PostgreSQL
        # refuses to lock the nullable side of an outer join.
        Complaint.objects.select_for_update(of=("self",))
        .select_related("category", "unit")
        .get(pk=complaint.pk)
    )


def _month(agency: Agency, moment: dt.datetime) -> dt.date:
    return moment.astimezone(agency.zone).date().replace(day=1)


def _count(complaint: Complaint, unit: OrgUnit, category: Category, **deltas: Any) -> None:
    """Keep ``MonthlyCount`` in step (month of filing, in the pemda's zone)."""
    month = _month(complaint.agency, complaint.created_at)
    row, _created = MonthlyCount.objects.get_or_create(
        agency=complaint.agency, month=month, unit=unit, category=category
    )
    MonthlyCount.objects.filter(pk=row.pk).update(**{k: F(k) + v for k, v in deltas.items()})


def _first_answer_counts(complaint: Complaint) -> dict[str, int]:
    """What the complaint's first answer added to its unit's ``MonthlyCount`` row
    (nothing before it is answered)."""
    if complaint.answered_at is None:
        return {}
    seconds = complaint.answer_working_seconds
    if seconds is None:  # answered before the working time was kept on the complaint
        started = complaint.verified_at or complaint.created_at
        worked = _calendar(complaint.agency).working_time_between(started, complaint.answered_at)
        seconds = max(0, int(worked.total_seconds()))
    return {
        "answered": 1,
        "answered_on_time": 1 if complaint.answered_on_time else 0,
        "answer_working_seconds": seconds,
    }


# ---------------------------------------------------------------------- filing


def _coordinate(value: Any, name: str, limit: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except InvalidOperation:
        raise ValidationError({name: _("Koordinat tidak valid.")}) from None
    if not -limit <= number <= limit:
        raise ValidationError({name: _("Koordinat di luar jangkauan.")})
    return number


def _category(
    agency: Agency, value: Category | str | None, field: str = "category"
) -> Category | None:
    if value in (None, ""):
        return None
    if isinstance(value, Category):
        if value.agency_id != agency.pk:
            raise ValidationError({field: _("Kategori tidak ditemukan.")})
        return value
    found = Category.all_objects.filter(
        agency_id=agency.pk, code=str(value), is_active=True
    ).first()
    if found is None:
        raise ValidationError({field: _("Kategori tidak ditemukan.")})
    return found


@dataclass(frozen=True)
class _About:
    application: Application | None = None
    event: ServiceEvent | None = None
    service: Service | None = None
    officer: Any = None
    served_on: dt.date | None = None
    kind: str = ""
    reference: str = ""


def _about(
    agency: Agency,
    *,
    mode: str,
    citizen: Any,
    application: Application | None,
    event: ServiceEvent | None,
    kind: str,
    reference: str,
) -> _About:
    """What the complaint is about: the application or service event, checked to be
    this agency's and (for a signed-in citizen) their own.

    An anonymous complaint keeps no link to either (the event's citizen would name the
    complainant): only the service, the officer and the day, so that it still counts
    where it belongs. Shown to the unit, the reference (an application or ticket
    number) appears only on identified complaints (``views_staff.detail``).
    """
    if application is not None:
        if application.agency_id != agency.pk:
            raise ValidationError({"application": _("Permohonan tidak ditemukan.")})
        if citizen is not None and application.citizen_id != citizen.pk:
            raise ValidationError({"application": _("Ini bukan permohonan Anda.")})
        event = ServiceEvent.objects.filter(application=application).first()
        kind, reference = AboutKind.APPLICATION, application.tracking_number
    if event is not None:
        if event.agency_id != agency.pk:
            raise ValidationError({"service_event": _("Layanan yang diadukan tidak ditemukan.")})
        if citizen is not None and event.citizen_id not in (None, citizen.pk):
            raise ValidationError({"service_event": _("Ini bukan layanan yang Anda terima.")})
        if kind not in AboutKind.values:
            kind = AboutKind.SERVICE
    elif application is None:
        return _About()
    found = _About(
        application=application or (event.application if event else None),
        event=event,
        service=application.service if application is not None else event.service,
        officer=event.officer if event else None,
        served_on=event.day if event else None,
        kind=kind,
        reference=(reference or "").strip()[:40],
    )
    if mode == M.ANONYMOUS:
        return _About(
            service=found.service,
            officer=found.officer,
            served_on=found.served_on,
            kind=found.kind,
        )
    return found


@transaction.atomic
def file_complaint(
    agency: Agency,
    *,
    text: str,
    mode: str,
    channel: str,
    citizen: Any = None,
    name: str = "",
    phone: str = "",
    email: str = "",
    category: Category | str | None = None,
    address: str = "",
    lat: Any = None,
    long: Any = None,
    application: Application | None = None,
    service: Service | None = None,
    service_event: ServiceEvent | None = None,
    about_kind: str = "",
    about_reference: str = "",
    attachments: Iterable[UploadedFile] = (),
    filed_by: Any = None,
    idempotency_key: str = "",
    lapor_id: str = "",
    filed_at: dt.datetime | None = None,
    open311_client: Any = None,
) -> Complaint:
    """File a complaint; Sigap suggests its category (or abstains) and sets the deadline
    to verify and route it. Idempotent by ``idempotency_key`` and by ``lapor_id``."""
    text = (text or "").strip()
    errors: dict[str, str] = {}
    if len(text) < MIN_TEXT:
        errors["text"] = _("Uraikan pengaduan Anda paling sedikit %(n)s karakter.") % {
            "n": MIN_TEXT
        }
    if mode not in M.values:
        errors["mode"] = _("Pilih identitas terbuka, dirahasiakan, atau anonim.")
    if channel not in Complaint.Channel.values:
        errors["channel"] = _("Kanal tidak dikenal.")
    has_identity = citizen is not None or (name.strip() and (phone.strip() or email.strip()))
    if mode in (M.IDENTIFIED, M.CONFIDENTIAL) and not has_identity:
        errors["name"] = _("Isi nama dan nomor telepon atau email pelapor, atau pilih anonim.")
    if errors:
        raise ValidationError(errors)
    files = list(attachments)
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            {"attachments": _("Paling banyak %(n)s lampiran.") % {"n": MAX_ATTACHMENTS}}
        )
    key = (idempotency_key or "").strip()[:80]
    lapor_id = (lapor_id or "").strip()[:40]
    with acting_for(agency), _as_complainant(mode, citizen or filed_by):
        if filed_by is not None and channel == Complaint.Channel.OFFICER:
            # An officer's own entry is named as theirs; the caller is not.
            stack = acting(filed_by)
        else:
            stack = contextlib.nullcontext()
        with stack:
            for field_name, value in (("idempotency_key", key), ("lapor_id", lapor_id)):
                if value:
                    existing = Complaint.objects.filter(**{field_name: value}).first()
                    if existing is not None:
                        return existing
            chosen = _category(agency, category)
            about = _about(
                agency,
                mode=mode,
                citizen=citizen,
                application=application,
                event=service_event,
                kind=about_kind,
                reference=about_reference,
            )
            service = about.service or service
            if service is not None and service.agency_id != agency.pk:
                raise ValidationError({"service": _("Layanan tidak ditemukan.")})
            suggestion = classifier.suggest(agency, text)
            suggested = (
                Category.objects.filter(code=suggestion.category).first()
                if suggestion.category
                else None
            )
            now = filed_at or _now()
            category_for_deadline = chosen or suggested
            complaint = Complaint(
                agency=agency,
                mode=mode,
                channel=channel,
                text=text,
                address=address.strip()[:300],
                lat=_coordinate(lat, "lat", 90),
                long=_coordinate(long, "long", 180),
                category=chosen,
                application=about.application,
                service_event=about.event,
                service=service,
                about_kind=about.kind,
                about_reference=about.reference,
                officer=about.officer,
                served_on=about.served_on,
                suggested_category=suggested,
                suggestion_confidence=round(suggestion.confidence, 4),
                suggestion_source=suggestion.source,
                needs_triage=suggestion.abstained,
                due_at=deadlines.verify_by(_calendar(agency), now, category_for_deadline),
                idempotency_key=key,
                lapor_id=lapor_id,
                open311_client=open311_client,
            )
            for _attempt in range(5):
                complaint.tracking_number = new_tracking_number()
                try:
                    with transaction.atomic():
                        complaint.save()
                    break
                except IntegrityError:
                    for field_name, value in (("idempotency_key", key), ("lapor_id", lapor_id)):
                        twin = (
                            Complaint.objects.filter(**{field_name: value}).first()
                            if value
                            else None
                        )
                        if twin is not None:
                            return twin
                    complaint.pk = None
            else:  # pragma: no cover - five collisions of 50-bit numbers
                raise RuntimeError("could not allocate a tracking number")
            if filed_at is not None:
                Complaint.objects.filter(pk=complaint.pk).update(created_at=filed_at)
                complaint.created_at = filed_at
            if mode != M.ANONYMOUS:
                ComplaintIdentity.objects.create(
                    agency=agency,
                    complaint=complaint,
                    user=citizen,
                    name=(name or getattr(citizen, "full_name", "")).strip()[:200],
                    phone=phone.strip()[:40],
                    email=(email or getattr(citizen, "email", "") or "").strip(),
                )
            for upload in files:
                _attach(complaint, upload)
            _step(complaint, S.RECEIVED, by=filed_by if channel == "officer" else None)
            record(
                "pengaduan diajukan",
                complaint,
                details={"channel": channel, "mode": mode, "suggestion": suggestion.source},
            )
            _tell_complainant(complaint, "received")
            return complaint


def _attach(complaint: Complaint, upload: UploadedFile) -> ComplaintAttachment:
    try:
        checked = check_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"attachments": exc.messages}) from None
    name = store(checked, prefix=f"agency-{complaint.agency_id}/pengaduan")
    return ComplaintAttachment.objects.create(
        agency=complaint.agency,
        complaint=complaint,
        file=name,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )


# ---------------------------------------------------------------------- routing


@transaction.atomic
def route(
    complaint: Complaint, *, category: Category | str, unit: OrgUnit | None = None, by: Any
) -> Complaint:
    """Confirm or change Sigap's suggestion: verify and route a received complaint, or
    reassign a routed one (counted: the reassignment rate is a quality measure)."""
    with acting_for(complaint.agency), acting(by):
        locked = _locked(complaint)
        chosen = _category(complaint.agency, category)
        if chosen is None:
            raise ValidationError({"category": _("Pilih kategori.")})
        unit = unit or chosen.unit
        if unit is None:
            raise ValidationError(
                {"unit": _("Kategori ini belum dipetakan ke unit: pilih unitnya.")}
            )
        if unit.agency_id != complaint.agency_id:
            raise ValidationError({"unit": _("Unit tidak ditemukan.")})
        now = _now()
        reassign = locked.status != S.RECEIVED
        if reassign and locked.status not in (S.VERIFIED, S.IN_FOLLOW_UP, S.REOPENED):
            raise ValidationError(_("Pengaduan ini tidak dapat dialihkan lagi."))
        if reassign and locked.unit_id == unit.pk and locked.category_id == chosen.pk:
            return locked
        RoutingDecision.objects.create(
            agency=complaint.agency,
            complaint=locked,
            suggested_category=locked.suggested_category,
            confidence=locked.suggestion_confidence,
            source=locked.suggestion_source,
            abstained=locked.needs_triage,
            category=chosen,
            unit=unit,
            is_reassignment=reassign,
            at=now,
            by=by,
        )
        due = deadlines.answer_by(_calendar(complaint.agency), now, chosen)
        # A reopened complaint was answered once, and that first answer is counted for
        # its unit (answered, on time, working time): it moves with the complaint, so
        # each unit's response-time figures hold the complaints it now answers for.
        moved = _first_answer_counts(locked) if reassign else {}
        if reassign:
            _count(
                locked,
                locked.unit,
                locked.category,
                filed=-1,
                **{name: -value for name, value in moved.items()},
            )
            old_unit = locked.unit.name if locked.unit else ""
            Complaint.objects.filter(pk=locked.pk).update(
                category=chosen, unit=unit, reassigned_count=F("reassigned_count") + 1, due_at=due
            )
            record(
                "pengaduan dialihkan",
                locked,
                details={"from": old_unit, "to": unit.name, "category": chosen.code},
                changes={"unit": (old_unit, unit.name)},
            )
            locked.refresh_from_db()
            _step(locked, locked.status, by=by, note_text=stored("rerouted", unit=unit.name))
        else:
            transition(
                locked,
                S.VERIFIED,
                details={"category": chosen.code, "unit": unit.name},
                category=chosen,
                unit=unit,
                due_at=due,
                needs_triage=False,
                escalation_level=0,
                escalated_at=None,
            )
            _step(locked, S.VERIFIED, by=by, note_text=stored("routed", unit=unit.name))
            _tell_complainant(locked, "verified", unit=unit.name)
        _count(locked, unit, chosen, filed=1, **moved)
        # The unit's heads hear of it and share the work out; officers see it in the
        # unit's inbox (and hear of replies and reopenings).
        _tell_unit(locked, "routed", role=Role.UNIT_HEAD)
        return locked


@transaction.atomic
def start_follow_up(complaint: Complaint, *, by: Any, note: str = "") -> Complaint:
    with acting_for(complaint.agency), acting(by):
        locked = _locked(complaint)
        transition(locked, S.IN_FOLLOW_UP)
        _step(locked, S.IN_FOLLOW_UP, by=by, note=note.strip())
        _tell_complainant(locked, "in_follow_up")
        return locked


@transaction.atomic
def answer(complaint: Complaint, *, text: str, by: Any) -> Complaint:
    """Post the answer. On time: by the follow-up deadline. The close clock starts."""
    text = (text or "").strip()
    if len(text) < 10:
        raise ValidationError({"text": _("Tulis jawaban paling sedikit 10 karakter.")})
    with acting_for(complaint.agency), acting(by):
        locked = _locked(complaint)
        now = _now()
        calendar = _calendar(complaint.agency)
        on_time = locked.due_at is None or now <= locked.due_at
        first_answer = locked.answered_at is None
        worked = locked.answer_working_seconds
        if first_answer:
            started = locked.verified_at or locked.created_at
            worked = max(0, int(calendar.working_time_between(started, now).total_seconds()))
        transition(
            locked,
            S.ANSWERED,
            answer=text,
            answered_on_time=on_time if first_answer else locked.answered_on_time,
            answer_working_seconds=worked,
            due_at=deadlines.close_at(calendar, now, locked.category),
            escalation_level=0,
            escalated_at=None,
        )
        if first_answer and locked.unit_id and locked.category_id:
            _count(locked, locked.unit, locked.category, **_first_answer_counts(locked))
        _step(locked, S.ANSWERED, by=by, note=text)
        _tell_complainant(locked, "answered")
        return locked


@transaction.atomic
def reject(complaint: Complaint, *, reason: str, by: Any) -> Complaint:
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError(
            {"reason": _("Tuliskan alasan penolakan yang dapat dipahami pelapor.")}
        )
    with acting_for(complaint.agency), acting(by):
        locked = _locked(complaint)
        transition(locked, S.REJECTED, details={"reason": reason}, reason=reason, due_at=None)
        _step(locked, S.REJECTED, by=by, note=reason)
        _tell_complainant(locked, "rejected")
        return locked


@transaction.atomic
def merge(duplicate: Complaint, *, into: Complaint, by: Any) -> Complaint:
    """Fold ``duplicate`` into ``into``: it closes as merged and points at the other,
    whose handling its complainant then follows."""
    if duplicate.pk == into.pk:
        raise ValidationError({"into": _("Pengaduan tidak dapat digabung dengan dirinya sendiri.")})
    if into.agency_id != duplicate.agency_id:
        raise ValidationError({"into": _("Pengaduan tujuan tidak ditemukan.")})
    with acting_for(duplicate.agency), acting(by):
        target = _locked(into)
        if target.status in Complaint.FINAL:
            raise ValidationError({"into": _("Pengaduan tujuan sudah selesai atau digabung.")})
        locked = _locked(duplicate)
        transition(
            locked,
            S.MERGED,
            details={"into": target.tracking_number},
            merged_into=target,
            due_at=None,
        )
        _step(
            locked,
            S.MERGED,
            by=by,
            note_text=stored("merged", n=target.tracking_number),
        )
        _tell_complainant(locked, "merged", into=target.tracking_number)
        return locked


# ---------------------------------------------------------------------- complainant


def is_complainant(complaint: Complaint, user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return ComplaintIdentity.all_objects.filter(
        agency_id=complaint.agency_id, complaint_id=complaint.pk, user_id=user.pk
    ).exists()


def _check_complainant(complaint: Complaint, user: Any, *, by_tracking_number: bool) -> None:
    """Anonymous complainants act through the tracking number (a bearer secret, like an
    application's); the others from their account."""
    if by_tracking_number and complaint.mode == M.ANONYMOUS:
        return
    if not is_complainant(complaint, user):
        raise PermissionDenied(_("Ini bukan pengaduan Anda."))


@transaction.atomic
def reply(
    complaint: Complaint, *, text: str, user: Any = None, by_tracking_number: bool = False
) -> Complaint:
    text = (text or "").strip()
    if len(text) < 3:
        raise ValidationError({"text": _("Tulis tanggapan Anda.")})
    _check_complainant(complaint, user, by_tracking_number=by_tracking_number)
    with acting_for(complaint.agency), _as_complainant(complaint, user):
        locked = _locked(complaint)
        if locked.status in (S.REJECTED, S.MERGED):
            raise ValidationError(_("Pengaduan ini sudah ditutup."))
        by = user if locked.mode == M.IDENTIFIED else None
        _step(locked, locked.status, by=by, note=text, kind=ComplaintStep.Kind.REPLY)
        record("pengaduan ditanggapi pelapor", locked)
        _tell_unit(locked, "replied")
        return locked


@transaction.atomic
def rate(
    complaint: Complaint,
    *,
    rating: int,
    note: str = "",
    user: Any = None,
    by_tracking_number: bool = False,
) -> Complaint:
    _check_complainant(complaint, user, by_tracking_number=by_tracking_number)
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Beri nilai 1 sampai 5.")})
    with acting_for(complaint.agency), _as_complainant(complaint, user):
        locked = _locked(complaint)
        if locked.status not in (S.ANSWERED, S.CLOSED):
            raise ValidationError({"rating": _("Penilaian diberikan setelah pengaduan dijawab.")})
        if locked.rating is not None:
            raise ValidationError({"rating": _("Anda sudah memberi penilaian.")})
        Complaint.objects.filter(pk=locked.pk).update(rating=rating, rating_note=note.strip())
        locked.rating, locked.rating_note = rating, note.strip()
        record(
            "pengaduan dinilai",
            locked,
            details={"rating": rating},
            changes={"rating": (None, rating)},
        )
        return locked


@transaction.atomic
def reopen(
    complaint: Complaint, *, reason: str, user: Any = None, by_tracking_number: bool = False
) -> Complaint:
    """Once per complaint, after the answer: the unit gets a new follow-up period."""
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError(
            {"reason": _("Jelaskan mengapa jawaban belum menyelesaikan masalah.")}
        )
    _check_complainant(complaint, user, by_tracking_number=by_tracking_number)
    with acting_for(complaint.agency), _as_complainant(complaint, user):
        locked = _locked(complaint)
        if locked.reopened_at is not None:
            raise ValidationError({"reason": _("Pengaduan hanya dapat dibuka kembali satu kali.")})
        due = deadlines.answer_by(_calendar(complaint.agency), _now(), locked.category)
        transition(locked, S.REOPENED, due_at=due, escalation_level=0, escalated_at=None)
        _step(locked, S.REOPENED, note=reason)
        _tell_unit(locked, "reopened")
        return locked


# ---------------------------------------------------------------------- identity


def reveal_identity(complaint: Complaint, *, by: Any, reason: str) -> ComplaintIdentity | None:
    """The identity of a confidential complainant, for a role holding
    ``complaints.view_identity``, with the reason recorded in the trail."""
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": _("Tuliskan alasan membuka identitas pelapor.")})
    with transaction.atomic(), acting_for(complaint.agency), acting(by):
        identity = ComplaintIdentity.objects.filter(complaint=complaint).first()
        record_access("identitas pelapor dibuka", complaint, details={"reason": reason})
        return identity


# ---------------------------------------------------------------------- sweep


def close_silent(complaint: Complaint, *, now: dt.datetime | None = None) -> bool:
    """Answered and the complainant silent until the close time: closed."""
    with transaction.atomic(), acting_for(complaint.agency):
        locked = _locked(complaint)
        if locked.status != S.ANSWERED or locked.due_at is None or locked.due_at > (now or _now()):
            return False
        transition(locked, S.CLOSED, details={"automatic": True}, due_at=None)
        _step(locked, S.CLOSED, note_text=stored("closed_silent"))
        return True


def escalate(complaint: Complaint, *, level: int, now: dt.datetime | None = None) -> bool:
    """Raise the escalation level of an overdue complaint (1: unit heads; 2: the
    inspectorate). No identity in either message."""
    with transaction.atomic(), acting_for(complaint.agency):
        locked = _locked(complaint)
        if locked.status not in Complaint.OPEN or locked.escalation_level >= level:
            return False
        now = now or _now()
        Complaint.objects.filter(pk=locked.pk).update(escalation_level=level, escalated_at=now)
        locked.escalation_level, locked.escalated_at = level, now
        record(
            "pengaduan dieskalasi",
            locked,
            details={"level": level},
            changes={"escalation_level": (level - 1, level)},
        )
        _step(locked, locked.status, note_text=stored("escalated"), public=False)
        if level == 1 and locked.unit is not None:
            _tell_unit(locked, "escalated", role=Role.UNIT_HEAD)
        elif level >= 2:
            from sigap.accounts.models import RoleGrant

            grants = RoleGrant.objects.filter(
                agency_id=locked.agency_id, role=Role.INSPECTOR, user__is_active=True
            ).select_related("user")
            for grant in grants:
                notify(
                    grant.user,
                    "complaints/escalated",
                    {
                        "number": locked.tracking_number,
                        "category": locked.category.name if locked.category else "",
                        "due_at": locked.due_at,
                    },
                    agency=locked.agency,
                    url=f"/kerja/pengaduan/{locked.pk}/",
                )
        return True
