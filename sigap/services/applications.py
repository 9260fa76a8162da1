"""Writes to online applications: every change of an application goes through here.

Each function validates, runs in one transaction inside ``acting_for(agency)`` with the
actor named, moves the state only through ``APPLICATION_FLOW`` (``platform.transitions``),
adds one line to the citizen's timeline, and queues the citizen's notification after
commit. A finished application writes its ``ServiceEvent`` in the same transaction.

Idempotency: ``apply`` with the same ``idempotency_key`` returns the application the
first call created; ``submit`` on an application already submitted returns it as it
is (a double click or a retried request files one application).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import Role
from sigap.accounts.staff import holders_over
from sigap.audit.events import acting, record, register_events
from sigap.notifications import notify
from sigap.platform.stored_text import text
from sigap.platform.transitions import transition
from sigap.services import lapse, sla
from sigap.services.catalogue import standard_in_force
from sigap.services.events import record_service_event
from sigap.services.forms_in_data import clean_answers
from sigap.services.models import (
    Application,
    ApplicationDocument,
    ApplicationStep,
    Service,
    ServiceEvent,
    ServiceStandard,
)
from sigap.services.tracking import new_tracking_number
from sigap.services.uploads import check_upload, store
from sigap.tenancy.context import acting_for
from sigap.workcal.calendar import WorkingCalendar

S = Application.Status
register_events(
    {
        "permohonan diklaim": "Permohonan diklaim petugas",
        "permohonan dialihkan": "Permohonan dialihkan ke petugas lain",
        "batas waktu diperpanjang": "Batas waktu permohonan diperpanjang",
        "permohonan dieskalasi": "Permohonan lewat batas waktu dieskalasi",
    }
)


def _now() -> dt.datetime:
    return timezone.now()


def _calendar(app: Application) -> WorkingCalendar:
    return WorkingCalendar.for_agency(app.agency)


def _step(
    app: Application,
    status: str,
    *,
    by: Any,
    note: str = "",
    note_text: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> None:
    """One timeline line: ``note`` as a person typed it, ``note_text`` as code wrote it
    (a text of ``step_notes.STEP_NOTES``, shown in the reader's language)."""
    ApplicationStep.objects.create(
        agency=app.agency,
        application=app,
        status=status,
        at=at or _now(),
        by=by if getattr(by, "is_authenticated", False) else None,
        note=note,
        note_text=note_text,
    )


def _tell_citizen(app: Application, template: str, **context: Any) -> None:
    notify(
        app.citizen,
        f"services/{template}",
        {"application": app, "service": app.service, **context},
        agency=app.agency,
        url=f"/layanan/permohonan/{app.tracking_number}/",
    )


# -------------------------------------------------------------------------- citizen


def _check_service(service: Service, citizen: Any) -> ServiceStandard:
    if not getattr(citizen, "is_citizen", False):
        raise PermissionDenied(_("Permohonan daring hanya untuk akun warga."))
    if not service.is_active or not service.accepts_online:
        raise ValidationError(_("Layanan ini tidak menerima permohonan daring."))
    standard = standard_in_force(service)
    if standard is None:
        raise ValidationError(_("Layanan ini belum memiliki standar pelayanan yang berlaku."))
    return standard


@transaction.atomic
def start_application(
    citizen: Any,
    service: Service,
    *,
    answers: Mapping[str, Any] | None = None,
    idempotency_key: str = "",
) -> Application:
    """A draft the citizen can come back to. Answers are checked as far as given."""
    with acting_for(service.agency), acting(citizen):
        standard = _check_service(service, citizen)
        key = (idempotency_key or "").strip()[:80]
        if key:
            existing = Application.objects.filter(citizen=citizen, idempotency_key=key).first()
            if existing is not None:
                return existing
        cleaned = clean_answers(standard.form_fields, answers or {}, partial=True)
        app = Application(
            agency=service.agency,
            service=service,
            standard=standard,
            unit=service.unit,
            citizen=citizen,
            answers=cleaned,
            idempotency_key=key,
        )
        for _attempt in range(5):
            app.tracking_number = new_tracking_number()
            try:
                # A savepoint: a colliding number (50 random bits: practically never)
                # or a racing twin request must not spoil the surrounding transaction.
                with transaction.atomic():
                    app.save()
                break
            except IntegrityError:
                if key:
                    twin = Application.objects.filter(citizen=citizen, idempotency_key=key).first()
                    if twin is not None:
                        return twin
                app.pk = None
        else:  # pragma: no cover - 5 collisions of 50-bit random numbers
            raise RuntimeError("could not allocate a tracking number")
        _step(app, S.DRAFT, by=citizen)
        return app


def _own_draft(app: Application, citizen: Any) -> Application:
    if app.citizen_id != getattr(citizen, "pk", None):
        raise PermissionDenied(_("Ini bukan permohonan Anda."))
    locked = Application.objects.select_for_update().get(pk=app.pk)
    if locked.status not in (S.DRAFT, S.RETURNED):
        raise ValidationError(_("Permohonan yang sudah diajukan tidak dapat diubah."))
    return locked


@transaction.atomic
def save_answers(app: Application, citizen: Any, answers: Mapping[str, Any]) -> Application:
    with acting_for(app.agency), acting(citizen):
        locked = _own_draft(app, citizen)
        merged = {**locked.answers, **dict(answers)}
        locked.answers = clean_answers(locked.standard.form_fields, merged, partial=True)
        locked.save(update_fields=["answers"])
        return locked


@transaction.atomic
def attach_document(
    app: Application, citizen: Any, field_key: str, upload: UploadedFile
) -> ApplicationDocument:
    """Keep one document for a file field of the form (a new upload replaces it)."""
    with acting_for(app.agency), acting(citizen):
        locked = _own_draft(app, citizen)
        file_keys = {f["key"] for f in locked.standard.form_fields if f.get("type") == "file"}
        if field_key not in file_keys:
            raise ValidationError({field_key: _("Formulir ini tidak meminta dokumen tersebut.")})
        try:
            checked = check_upload(upload)
        except ValidationError as exc:
            raise ValidationError({field_key: exc.messages}) from None
        name = store(checked, prefix=f"agency-{app.agency_id}")
        for old in ApplicationDocument.objects.filter(application=locked, field_key=field_key):
            old.delete()
        return ApplicationDocument.objects.create(
            agency=app.agency,
            application=locked,
            field_key=field_key,
            file=name,
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
        )


def _uploaded_keys(app: Application) -> set[str]:
    return set(app.documents.values_list("field_key", flat=True))


@transaction.atomic
def submit(app: Application, citizen: Any) -> Application:
    """File the application (or refile it after revision) and start its SLA clock.
    Submitting twice files once."""
    with acting_for(app.agency), acting(citizen):
        if app.citizen_id != getattr(citizen, "pk", None):
            raise PermissionDenied(_("Ini bukan permohonan Anda."))
        locked = Application.objects.select_for_update().get(pk=app.pk)
        if locked.status in (*Application.OPEN, *Application.FINAL):
            return locked  # already filed: a double submit files nothing more
        locked.answers = clean_answers(
            locked.standard.form_fields, locked.answers, uploaded=_uploaded_keys(locked)
        )
        now = _now()
        calendar = _calendar(locked)
        fields: dict[str, Any] = {"answers": locked.answers, "note_to_citizen": ""}
        if locked.status == S.RETURNED and locked.suspended_since is not None:
            left = locked.remaining_when_suspended or dt.timedelta(0)
            fields.update(
                due_at=sla.resumed_due(calendar, now, left),
                suspended_total=locked.suspended_total
                + calendar.working_time_between(locked.suspended_since, now),
                suspended_since=None,
                remaining_when_suspended=None,
            )
            template = "resubmitted"
        else:
            fields["due_at"] = sla.deadline(
                calendar, now, locked.standard.time_limit, locked.standard.time_unit
            )
            template = "submitted"
        # The clock's budget counts from this submission (stamped with the same moment).
        fields["submitted_at"] = now
        fields["near_due_at"] = sla.near_due_from(
            calendar, now, fields["due_at"], locked.standard.time_limit, locked.standard.time_unit
        )
        transition(
            locked, S.SUBMITTED, details={"tracking_number": locked.tracking_number}, **fields
        )
        _step(locked, S.SUBMITTED, by=citizen, at=now)
        _tell_citizen(locked, template)
        return locked


def apply(
    citizen: Any,
    service: Service,
    *,
    answers: Mapping[str, Any],
    files: Mapping[str, UploadedFile] | None = None,
    idempotency_key: str = "",
) -> Application:
    """Start, attach and submit in one transaction (the API and Open311 POST): either a
    filed application or nothing at all. Idempotent by ``idempotency_key``."""
    with transaction.atomic():
        app = start_application(citizen, service, answers=answers, idempotency_key=idempotency_key)
        if app.status != S.DRAFT:
            return app
        for key, upload in (files or {}).items():
            attach_document(app, citizen, key, upload)
        app.refresh_from_db()
        return submit(app, citizen)


@transaction.atomic
def withdraw(app: Application, citizen: Any, *, reason: str = "") -> Application:
    """The citizen withdraws their application before the office starts working on it
    (submitted, verified, or back with them for revision). Final; no service event."""
    reason = (reason or "").strip()[:500]
    with acting_for(app.agency), acting(citizen):
        if app.citizen_id != getattr(citizen, "pk", None):
            raise PermissionDenied(_("Ini bukan permohonan Anda."))
        locked = Application.objects.select_for_update().get(pk=app.pk)
        if locked.status == S.WITHDRAWN:
            return locked  # a double click withdraws once
        if locked.status not in Application.WITHDRAWABLE:
            raise ValidationError(
                _("Permohonan yang sudah diproses atau selesai tidak dapat dibatalkan.")
            )
        transition(
            locked,
            S.WITHDRAWN,
            details={"reason": reason} if reason else None,
            suspended_since=None,
            remaining_when_suspended=None,
        )
        _step(locked, S.WITHDRAWN, by=citizen, note=reason)
        return locked


# -------------------------------------------------------------------------- officers


def _officer_move(
    app: Application,
    target: str,
    *,
    by: Any,
    note: str = "",
    template: str | None = None,
    **fields: Any,
) -> Application:
    locked = Application.objects.select_for_update().get(pk=app.pk)
    transition(locked, target, details={"note": note} if note else None, **fields)
    _step(locked, target, by=by, note=note)
    if template:
        _tell_citizen(locked, template, note=note)
    return locked


@transaction.atomic
def verify(app: Application, *, by: Any) -> Application:
    with acting_for(app.agency), acting(by):
        fields = {} if app.assigned_to_id else {"assigned_to": by}
        return _officer_move(app, S.VERIFIED, by=by, template="verified", **fields)


@transaction.atomic
def start_processing(app: Application, *, by: Any) -> Application:
    with acting_for(app.agency), acting(by):
        fields = {} if app.assigned_to_id else {"assigned_to": by}
        return _officer_move(app, S.IN_PROCESS, by=by, template="in_process", **fields)


@transaction.atomic
def return_for_revision(app: Application, *, by: Any, note: str) -> Application:
    """Back to the citizen with what to fix; the SLA clock stops until they resubmit."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Tuliskan apa yang harus diperbaiki pemohon.")})
    with acting_for(app.agency), acting(by):
        now = _now()
        calendar = _calendar(app)
        left = sla.remaining(calendar, now, app.due_at) if app.due_at else dt.timedelta(0)
        returned = _officer_move(
            app,
            S.RETURNED,
            by=by,
            note=note,
            note_to_citizen=note,
            suspended_since=now,
            remaining_when_suspended=left,
            near_due_at=None,  # no running clock; set again on resubmission
        )
        deadline = lapse.fix_by(calendar, now)
        _tell_citizen(returned, "returned", note=note, **lapse.fix_by_context(calendar, deadline))
        return returned


@transaction.atomic
def reject(app: Application, *, by: Any, reason: str) -> Application:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan penolakan wajib diisi.")})
    with acting_for(app.agency), acting(by):
        done = _officer_move(
            app, S.REJECTED, by=by, note=reason, template="rejected", note_to_citizen=reason
        )
        _event_for(done, by=by, outcome=ServiceEvent.Outcome.REJECTED)
        return done


@transaction.atomic
def complete(app: Application, *, by: Any, note: str = "") -> Application:
    with acting_for(app.agency), acting(by):
        done = _officer_move(app, S.DONE, by=by, note=note.strip(), template="done")
        _event_for(done, by=by, outcome=ServiceEvent.Outcome.DONE)
        return done


def _event_for(app: Application, *, by: Any, outcome: str) -> ServiceEvent:
    """The service event of a finished application: requested at its last (re)submission,
    started at its last verification (or the decision, for one rejected unverified),
    finished now. Time the application spent back with the citizen lies before the last
    resubmission, so it is outside both durations by construction: nothing to subtract."""
    started = app.verified_at or app.processing_at or app.finished_at
    officer_user = app.assigned_to or by
    on_time = None
    if app.due_at is not None and app.finished_at is not None:
        on_time = app.finished_at <= app.due_at
    return record_service_event(
        agency=app.agency,
        service=app.service,
        unit=app.unit,
        officer_user=officer_user,
        citizen=app.citizen,
        channel=ServiceEvent.Channel.ONLINE,
        outcome=outcome,
        requested_at=app.submitted_at or app.created_at,
        started_at=started,
        finished_at=app.finished_at,
        application=app,
        within_sla=on_time,
        recorded_by=by,
    )


@transaction.atomic
def claim(app: Application, *, by: Any) -> Application:
    """An officer takes an unassigned application of their unit."""
    with acting_for(app.agency), acting(by):
        locked = Application.objects.select_for_update().get(pk=app.pk)
        if locked.assigned_to_id not in (None, by.pk):
            raise ValidationError(_("Permohonan ini sudah ditangani petugas lain."))
        if not locked.is_open:
            raise ValidationError(_("Permohonan ini tidak sedang menunggu penanganan."))
        locked.assigned_to = by
        locked.save(update_fields=["assigned_to"])
        record("permohonan diklaim", locked, details={"officer": by.username})
        return locked


@transaction.atomic
def assign(app: Application, officer: Any, *, by: Any) -> Application:
    """A unit head gives (or moves) an application to an officer."""
    with acting_for(app.agency), acting(by):
        locked = Application.objects.select_for_update().get(pk=app.pk)
        if not locked.is_open:
            raise ValidationError(_("Hanya permohonan yang masih berjalan yang dapat dialihkan."))
        eligible = {
            u.pk for role in (Role.OFFICER, Role.UNIT_HEAD) for u in holders_over(locked.unit, role)
        }
        if officer.pk not in eligible:
            raise ValidationError(
                {"officer": _("Petugas ini tidak bertugas di unit permohonan ini.")}
            )
        previous = locked.assigned_to.username if locked.assigned_to_id else ""
        locked.assigned_to = officer
        locked.save(update_fields=["assigned_to"])
        record(
            "permohonan dialihkan",
            locked,
            details={"from": previous, "to": officer.username},
        )
        notify(
            officer,
            "services/assigned",
            {"application": locked, "service": locked.service},
            agency=locked.agency,
            url=f"/kerja/layanan/permohonan/{locked.pk}/",
        )
        return locked


def assign_many(apps: Iterable[Application], officer: Any, *, by: Any) -> int:
    """Bulk assignment: each application on its own, so one closed in the meantime does
    not undo the others."""
    done = 0
    for app in apps:
        try:
            assign(app, officer, by=by)
            done += 1
        except ValidationError:
            continue
    return done


@transaction.atomic
def extend(app: Application, *, by: Any, reason: str, amount: int | None = None) -> Application:
    """Once per application: more time, by at most the standard's own time limit, with a
    reason the citizen sees."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan perpanjangan wajib diisi.")})
    with acting_for(app.agency), acting(by):
        locked = Application.objects.select_for_update().select_related("standard").get(pk=app.pk)
        if locked.extended_at is not None:
            raise ValidationError(_("Batas waktu permohonan ini sudah pernah diperpanjang."))
        if not locked.is_open or locked.due_at is None:
            raise ValidationError(
                _("Hanya permohonan yang sedang berjalan yang dapat diperpanjang.")
            )
        limit = locked.standard.time_limit
        amount = limit if amount is None else amount
        if not 1 <= amount <= limit:
            raise ValidationError(
                {
                    "amount": _("Perpanjangan 1 sampai %(n)s %(unit)s.")
                    % {"n": limit, "unit": locked.standard.get_time_unit_display()}
                }
            )
        old_due = locked.due_at
        calendar = _calendar(locked)
        standard = locked.standard
        locked.due_at = sla.deadline(calendar, old_due, amount, standard.time_unit)
        # Near due against the same budget (from the submission), before the new due time.
        locked.near_due_at = sla.near_due_from(
            calendar, locked.submitted_at, locked.due_at, standard.time_limit, standard.time_unit
        )
        locked.extended_at = _now()
        locked.extension_reason = reason
        locked.escalated_at = None
        locked.save(
            update_fields=[
                "due_at",
                "near_due_at",
                "extended_at",
                "extension_reason",
                "escalated_at",
            ]
        )
        record(
            "batas waktu diperpanjang",
            locked,
            details={"reason": reason, "amount": amount},
            changes={"due_at": (old_due.isoformat(), locked.due_at.isoformat())},
        )
        _step(locked, locked.status, by=by, note_text=text("extended", r=reason))
        _tell_citizen(locked, "extended", note=reason)
        return locked


# -------------------------------------------------------------------------- Open311

register_events(
    {
        "klien open311 dibuat": "Klien Open311 dibuat",
        "klien open311 dinonaktifkan": "Klien Open311 dinonaktifkan",
        "permohonan open311": "Permohonan diajukan melalui klien Open311",
    }
)


def _open311_models() -> tuple[type, type]:
    from sigap.services.models import Open311Client, Open311Request

    return Open311Client, Open311Request


def hash_open311_key(key: str) -> str:
    import hashlib

    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def issue_open311_client(agency: Any, *, name: str, by: Any) -> tuple[Any, str]:
    """A new Open311 client of ``agency`` and its key, which is shown once: only its
    hash is kept, so a lost key is replaced by issuing a new client."""
    import secrets

    Open311Client, _request = _open311_models()
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Beri nama klien ini.")})
    with acting_for(agency), acting(by):
        key = "o311_" + secrets.token_urlsafe(32)
        client = Open311Client(
            agency=agency,
            name=name[:120],
            key_prefix=key[5:13],
            key_hash=hash_open311_key(key),
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        client.save()
        record("klien open311 dibuat", client, details={"name": client.name})
        return client, key


@transaction.atomic
def deactivate_open311_client(client: Any, *, by: Any) -> Any:
    """The key stops working at once; requests it filed stay as they are."""
    Open311Client, _request = _open311_models()
    with acting_for(client.agency), acting(by):
        locked = Open311Client.objects.select_for_update().get(pk=client.pk)
        if locked.is_active:
            locked.is_active = False
            locked.save(update_fields=["is_active"])
            record("klien open311 dinonaktifkan", locked, details={"name": locked.name})
        return locked


def open311_client_for_key(key: str) -> Any | None:
    """The active client holding ``key`` (any pemda: the key names its pemda)."""
    Open311Client, _request = _open311_models()
    if not key:
        return None
    return (
        Open311Client.all_objects.select_related("agency")
        .filter(key_hash=hash_open311_key(key), is_active=True, agency__is_active=True)
        .first()
    )


def file_open311_request(
    client: Any,
    *,
    citizen: Any,
    service: Service,
    answers: Mapping[str, Any],
    token: str = "",
) -> tuple[Application, bool]:
    """An application filed by an Open311 client on behalf of ``citizen`` (an existing
    citizen account the client named; accounts are never created here). Idempotent per
    client and ``token``: a retried POST answers with the application the first one
    filed. Returns (application, created)."""
    _client, Open311Request = _open311_models()
    token = (token or "").strip()[:80]
    if service.agency_id != client.agency_id:
        raise ValidationError({"service_code": _("Layanan tidak ditemukan.")})
    with acting_for(client.agency):
        if token:
            earlier = (
                Open311Request.objects.select_related("application")
                .filter(client=client, token=token)
                .first()
            )
            if earlier is not None:
                return earlier.application, False
        try:
            with transaction.atomic():
                app = apply(
                    citizen,
                    service,
                    answers=answers,
                    idempotency_key=f"open311:{client.pk}:{token}" if token else "",
                )
                if Open311Request.objects.filter(application=app).exists():
                    return app, False
                Open311Request.objects.create(
                    agency=client.agency, client=client, application=app, token=token
                )
                with acting(citizen):
                    record(
                        "permohonan open311",
                        app,
                        details={"client": client.name, "client_id": client.pk},
                    )
        except IntegrityError:
            if not token:
                raise
            # A twin request with the same token won the race: answer with its result.
            earlier = Open311Request.objects.select_related("application").get(
                client=client, token=token
            )
            return earlier.application, False
        return app, True


# -------------------------------------------------------------------------- citizen reads
# What the citizen side reads (pages and API). A citizen's applications are theirs in
# every pemda, so these filter by owner across agencies (``all_objects``) instead of by
# the active agency; everything else about one application is read inside its agency.

register_events({"dokumen permohonan dibuka": "Dokumen permohonan dibuka"})


def applications_of(citizen: Any) -> Any:
    """The citizen's own applications in every pemda, newest first."""
    return (
        Application.all_objects.filter(citizen_id=getattr(citizen, "pk", None))
        .select_related("service", "agency", "unit")
        .order_by("-created_at", "-pk")
    )


def get_application_for_citizen(citizen: Any, tracking_number: str) -> Application:
    """One of the citizen's applications; ``Application.DoesNotExist`` for a malformed
    number, an unknown one and another citizen's alike (no access looks like not found)."""
    from sigap.services.tracking import normalize

    number = normalize(tracking_number)
    if number is None:
        raise Application.DoesNotExist
    return applications_of(citizen).get(tracking_number=number)


def get_document_for(user: Any, tracking_number: str, document_id: int) -> ApplicationDocument:
    """A document of an application, for its applicant or for staff whose row scope
    (``services.view_all_application`` / ``view_unit_application``) covers the
    application's unit. ``ApplicationDocument.DoesNotExist`` for everyone else."""
    from sigap.accounts.scope import row_scope
    from sigap.services.tracking import normalize

    number = normalize(tracking_number)
    app = (
        Application.all_objects.select_related("agency", "unit")
        .filter(tracking_number=number)
        .first()
        if number and getattr(user, "is_authenticated", False)
        else None
    )
    if app is None:
        raise ApplicationDocument.DoesNotExist
    if app.citizen_id != user.pk:
        scope = row_scope(user, app.agency, "services.application")
        covered = (
            not scope.sees_nothing
            and Application.all_objects.filter(pk=app.pk)
            .filter(scope.q(unit_path="unit__path"))
            .exists()
        )
        if not covered:
            raise ApplicationDocument.DoesNotExist
    return ApplicationDocument.all_objects.select_related("application", "agency").get(
        pk=document_id, application=app
    )


def record_document_opened(document: ApplicationDocument, *, by: Any) -> None:
    """Opening a citizen's document is processing personal data (UU 27/2022): logged.
    The applicant opening their own document is not recorded."""
    if document.application.citizen_id == getattr(by, "pk", None):
        return
    with acting_for(document.agency), acting(by):
        from sigap.audit.events import record_access

        record_access(
            "dokumen permohonan dibuka",
            document.application,
            details={"document_id": document.pk, "field_key": document.field_key},
        )
