"""Enrolment: nomination → approval by the unit head (committing the budget) →
attendance per session → completion with a certificate → JP credited to the ledger.
Rejection, cancellation (releasing the budget and promoting the waiting list) and
no-show. Every state change goes through ``ENROLMENT_FLOW``.

Concurrency: an approval locks, in this order, the programme (seats), the budget
(money) and the enrolment (state), so two approvals never deadlock and the second
sees the first one's seat and money; the budget's CHECK constraint backs the lock.
"""

from __future__ import annotations

import datetime as dt
import math
import secrets
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.scope import row_scope
from sigap.audit.events import acting, record, register_events
from sigap.learning import budgets, jp
from sigap.learning.models import (
    ENROLMENT_FLOW,
    Attendance,
    Certificate,
    Enrolment,
    Feedback,
    JpCredit,
    Programme,
    ProgrammeSession,
)
from sigap.notifications import notify
from sigap.platform.access import may
from sigap.platform.effects import after_commit
from sigap.platform.transitions import transition
from sigap.tenancy.context import acting_for
from sigap.workforce.models import Employee
from sigap.workforce.registry import current_assignment

S = Enrolment.Status
RESOURCE = "learning.learning"
# Share of sessions a participant must attend to complete (unconfirmed: providers set
# their own; 80% is common practice in LAN's classical training).
ATTENDANCE_SHARE = 0.8

register_events(
    {
        "pelatihan diusulkan": "ASN diusulkan mengikuti program pengembangan",
        "kehadiran dicatat": "Kehadiran sesi dicatat",
        "nilai tes dicatat": "Nilai pra/pasca-tes dicatat",
        "umpan balik pelatihan": "Umpan balik peserta pelatihan",
    }
)


# ------------------------------------------------------------------ who may act


def _unit_allowed(user: Any, agency: Any, unit_path: str, all_perm: str, unit_perm: str) -> bool:
    if user is None:  # system work (waiting-list promotion, demo seeding)
        return True
    if may(user, agency, all_perm):
        return True
    if not may(user, agency, unit_perm):
        return False
    scope = row_scope(user, agency, RESOURCE)
    return any(unit_path.startswith(p) for p in scope.unit_paths)


def may_nominate(user: Any, agency: Any, unit_path: str) -> bool:
    return _unit_allowed(
        user,
        agency,
        unit_path,
        "learning.nominate_all_enrolment",
        "learning.nominate_unit_enrolment",
    )


def may_approve(user: Any, agency: Any, unit_path: str) -> bool:
    return _unit_allowed(
        user, agency, unit_path, "learning.approve_all_enrolment", "learning.approve_unit_enrolment"
    )


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _tell(enrolment: Enrolment, template: str) -> None:
    user = enrolment.employee.user
    if user is None:
        return
    notify(
        user,
        f"learning/{template}",
        {"enrolment": enrolment, "programme": enrolment.programme},
        agency=enrolment.agency,
        url="/kerja/pembelajaran/saya/",
    )


# ------------------------------------------------------------------ nomination


@transaction.atomic
def nominate(
    programme: Programme, employee: Employee, *, by: Any = None, reason: str = ""
) -> Enrolment:
    agency = programme.agency
    with acting_for(agency), acting(by):
        if employee.agency_id != agency.pk or employee.status != Employee.Status.ACTIVE:
            raise ValidationError({"employee": _("ASN tidak aktif di pemda ini.")})
        assignment = current_assignment(employee, agency.today())
        if assignment is None:
            raise ValidationError({"employee": _("ASN belum memiliki jabatan definitif.")})
        unit = assignment.position.unit
        if not may_nominate(_user(by), agency, unit.path):
            raise PermissionDenied(_("Anda tidak berwenang mengusulkan ASN dari unit ini."))
        if Enrolment.objects.filter(
            programme=programme, employee=employee, status__in=Enrolment.LIVE
        ).exists():
            raise ValidationError(
                {
                    "employee": _("%(name)s sudah terdaftar pada program ini.")
                    % {"name": employee.full_name}
                }
            )
        try:
            with transaction.atomic():
                enrolment = Enrolment.objects.create(
                    agency=agency,
                    programme=programme,
                    employee=employee,
                    unit=unit,
                    reason=reason[:300],
                    nominated_by=_user(by),
                )
        except IntegrityError:
            raise ValidationError(
                {
                    "employee": _("%(name)s sudah terdaftar pada program ini.")
                    % {"name": employee.full_name}
                }
            ) from None
        record("pelatihan diusulkan", enrolment, details={"programme": programme.code})
        return enrolment


# ------------------------------------------------------------------ approval


def _seats_taken(programme: Programme) -> int:
    return Enrolment.objects.filter(programme=programme, status__in=Enrolment.SEATED).count()


@transaction.atomic
def approve(enrolment: Enrolment, *, by: Any = None, override_reason: str = "") -> Enrolment:
    """Approve within the unit's budget, or put on the waiting list when the programme
    is full. Past the budget: refused with the figures (``budgets.Overspend``), unless
    ``by`` holds ``learning.override_budget`` and gives a reason (audited)."""
    agency = enrolment.agency
    override_reason = (override_reason or "").strip()
    with acting_for(agency), acting(by):
        if not may_approve(_user(by), agency, enrolment.unit.path):
            raise PermissionDenied(_("Anda tidak berwenang menyetujui usulan dari unit ini."))
        programme = Programme.objects.select_for_update().get(pk=enrolment.programme_id)
        enrolment.refresh_from_db()
        if enrolment.status not in (S.NOMINATED, S.WAITLISTED):
            raise ENROLMENT_FLOW.refusal(enrolment.status, S.APPROVED)
        if _seats_taken(programme) >= programme.capacity:
            if enrolment.status == S.NOMINATED:
                transition(enrolment, S.WAITLISTED, decided_by=_user(by))
                return enrolment
            raise ValidationError(_("Kursi program sudah penuh."), code="full")
        cost = programme.cost_per_participant
        budget = None
        if cost > 0:
            budget = budgets.budget_for(enrolment.unit, programme.year, lock=True)
            if budget is None:
                raise ValidationError(
                    {
                        "budget": _("Unit %(unit)s belum memiliki anggaran pengembangan %(year)s.")
                        % {"unit": enrolment.unit.name, "year": programme.year}
                    },
                    code="no_budget",
                )
            overrun = Decimal(0)
            if budget.remaining < cost:
                message = budgets.overspend_message(budget, cost)
                if not override_reason:
                    raise budgets.Overspend({"budget": message}, code="overspend")
                if by is None or not may(by, agency, "learning.override_budget"):
                    raise budgets.Overspend(
                        {"budget": message + " " + _("Pelampauan hanya oleh pejabat berwenang.")},
                        code="overspend",
                    )
                overrun = cost - budget.remaining
                record(
                    "anggaran pengembangan dilampaui",
                    budget,
                    details={
                        "enrolment": enrolment.pk,
                        "reason": override_reason[:300],
                        "overrun": overrun,
                        "remaining": budget.remaining,
                        "cost": cost,
                    },
                )
            budgets.commit(budget, cost, overrun=overrun)
        transition(
            enrolment,
            S.APPROVED,
            details={"cost": cost, "budget": budget.pk if budget else None},
            budget=budget,
            cost=cost,
            decided_by=_user(by),
            override_reason=override_reason[:300] if budget and override_reason else "",
        )
        after_commit(lambda: _tell_safely(enrolment, "approved"))
        return enrolment


def _tell_safely(enrolment: Enrolment, template: str) -> None:
    with acting_for(enrolment.agency):
        _tell(enrolment, template)


@transaction.atomic
def reject(enrolment: Enrolment, *, by: Any = None, reason: str = "") -> Enrolment:
    with acting_for(enrolment.agency), acting(by):
        if not may_approve(_user(by), enrolment.agency, enrolment.unit.path):
            raise PermissionDenied(_("Anda tidak berwenang menolak usulan dari unit ini."))
        return transition(
            enrolment,
            S.REJECTED,
            details={"reason": reason[:300]},
            decided_by=_user(by),
            closed_at=timezone.now(),
        )


def _release(enrolment: Enrolment) -> None:
    if enrolment.budget_id and enrolment.cost:
        budgets.release(enrolment.budget, enrolment.cost)


def _promote_waiting(programme: Programme) -> Enrolment | None:
    """The earliest waiting enrolment the unit's budget can pay for takes the seat."""
    for waiting in Enrolment.objects.filter(programme=programme, status=S.WAITLISTED).order_by(
        "created_at", "pk"
    ):
        try:
            with transaction.atomic():
                return approve(waiting, by=None)
        except ValidationError:
            continue
    return None


@transaction.atomic
def cancel(enrolment: Enrolment, *, by: Any = None, reason: str = "") -> Enrolment | None:
    """Cancel; a seat given back goes to the waiting list. Returns the promoted one."""
    with acting_for(enrolment.agency), acting(by):
        if not may_nominate(_user(by), enrolment.agency, enrolment.unit.path) and not may_approve(
            _user(by), enrolment.agency, enrolment.unit.path
        ):
            raise PermissionDenied(_("Anda tidak berwenang membatalkan keikutsertaan ini."))
        Programme.objects.select_for_update().get(pk=enrolment.programme_id)
        enrolment.refresh_from_db()
        was_seated = enrolment.status == S.APPROVED
        transition(
            enrolment, S.CANCELLED, details={"reason": reason[:300]}, closed_at=timezone.now()
        )
        if was_seated:
            _release(enrolment)
            return _promote_waiting(enrolment.programme)
        return None


@transaction.atomic
def mark_no_show(enrolment: Enrolment, *, by: Any = None) -> Enrolment:
    with acting_for(enrolment.agency), acting(by):
        enrolment.refresh_from_db()
        if Attendance.objects.filter(enrolment=enrolment, present=True).exists():
            raise ValidationError(_("Peserta tercatat hadir; tidak dapat ditandai tidak hadir."))
        transition(enrolment, S.NO_SHOW, closed_at=timezone.now())
        _release(enrolment)
        return enrolment


# ------------------------------------------------------------------ attendance, tests


@transaction.atomic
def record_attendance(
    session: ProgrammeSession, present: dict[int, bool], *, by: Any = None
) -> int:
    """``present``: {enrolment id: attended?} for approved participants of the session's
    programme. Returns how many rows were written."""
    with acting_for(session.agency), acting(by):
        enrolments = {
            e.pk: e
            for e in Enrolment.objects.filter(
                programme_id=session.programme_id, pk__in=list(present), status=S.APPROVED
            )
        }
        unknown = set(present) - set(enrolments)
        if unknown:
            raise ValidationError(
                {"attendance": _("Hanya peserta yang disetujui dapat dicatat kehadirannya.")}
            )
        for pk, here in present.items():
            Attendance.objects.update_or_create(
                agency=session.agency,
                enrolment=enrolments[pk],
                session=session,
                defaults={"present": bool(here)},
            )
        record(
            "kehadiran dicatat",
            session,
            details={"present": sorted(k for k, v in present.items() if v)},
        )
        return len(present)


@transaction.atomic
def record_tests(
    enrolment: Enrolment, *, pre: Decimal | None, post: Decimal | None, by: Any = None
) -> Enrolment:
    for name, value in (("pre_test", pre), ("post_test", post)):
        if value is not None and not 0 <= Decimal(value) <= 100:
            raise ValidationError({name: _("Nilai antara 0 dan 100.")})
    with acting_for(enrolment.agency), acting(by):
        enrolment.pre_test, enrolment.post_test = pre, post
        enrolment.save(update_fields=["pre_test", "post_test"])
        record("nilai tes dicatat", enrolment, details={"pre": pre, "post": post})
        return enrolment


# ------------------------------------------------------------------ completion


def new_certificate_number(agency: Any, year: int) -> str:
    # Unguessable so that the public verification page cannot be walked.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    tail = "".join(secrets.choice(alphabet) for _ in range(8))
    return f"{agency.slug.upper()[:10]}-{year}-{tail}"


def attended_enough(enrolment: Enrolment) -> bool:
    sessions = ProgrammeSession.objects.filter(programme_id=enrolment.programme_id).count()
    if sessions == 0:
        return True
    present = Attendance.objects.filter(enrolment=enrolment, present=True).count()
    return present >= math.ceil(sessions * ATTENDANCE_SHARE)


def completion_day(enrolment: Enrolment) -> dt.date:
    last = (
        ProgrammeSession.objects.filter(programme_id=enrolment.programme_id)
        .order_by("-ends_at")
        .values_list("ends_at", flat=True)
        .first()
    )
    if last is None:
        return enrolment.agency.today()
    return last.astimezone(enrolment.agency.zone).date()


@transaction.atomic
def complete(
    enrolment: Enrolment,
    *,
    by: Any = None,
    certificate_number: str = "",
    issued_on: dt.date | None = None,
    file: UploadedFile | None = None,
    on: dt.date | None = None,
) -> Certificate:
    """Mark complete: certificate, JP credited for the year of the last session, the
    commitment realised."""
    agency = enrolment.agency
    with acting_for(agency), acting(by):
        enrolment.refresh_from_db()
        if enrolment.status != S.APPROVED:
            raise ENROLMENT_FLOW.refusal(enrolment.status, S.COMPLETED)
        if not attended_enough(enrolment):
            raise ValidationError(
                {
                    "attendance": _("Kehadiran belum mencukupi (paling sedikit %(share)s%% sesi).")
                    % {"share": int(ATTENDANCE_SHARE * 100)}
                }
            )
        day = on or completion_day(enrolment)
        programme = enrolment.programme
        number = (certificate_number or "").strip() or new_certificate_number(agency, day.year)
        if Certificate.all_objects.filter(number=number).exists():
            raise ValidationError({"certificate_number": _("Nomor sertifikat sudah dipakai.")})
        transition(enrolment, S.COMPLETED, details={"jp": programme.jp, "certificate": number})
        if enrolment.budget_id and enrolment.cost:
            budgets.realise(enrolment.budget, enrolment.cost)
        certificate = Certificate(
            agency=agency,
            enrolment=enrolment,
            number=number,
            issued_on=issued_on or day,
            jp=programme.jp,
        )
        if file is not None:
            certificate.file.save(f"{number}.pdf", file, save=False)
        certificate.save()
        JpCredit.objects.create(
            agency=agency,
            employee=enrolment.employee,
            year=day.year,
            day=day,
            jp=programme.jp,
            source=JpCredit.Source.PROGRAMME,
            form=programme.form,
            title=programme.title[:200],
            enrolment=enrolment,
        )
        jp.add_to_totals(agency.pk, [(enrolment.employee_id, day.year, programme.jp)])
        after_commit(lambda: _tell_safely(enrolment, "completed"))
        return certificate


# ------------------------------------------------------------------ feedback


def attended(enrolment: Enrolment) -> bool:
    return (
        enrolment.status == S.COMPLETED
        or Attendance.objects.filter(enrolment=enrolment, present=True).exists()
    )


@transaction.atomic
def give_feedback(
    enrolment: Enrolment,
    *,
    by: Any,
    relevance: int,
    delivery: int,
    overall: int,
    comment: str = "",
) -> Feedback:
    """The reaction survey, only from the participant, only once they attended."""
    with acting_for(enrolment.agency), acting(by):
        employee = getattr(by, "employee", None)
        if employee is None or employee.pk != enrolment.employee_id:
            raise PermissionDenied(_("Umpan balik hanya dari peserta sendiri."))
        if not attended(enrolment):
            raise ValidationError(_("Umpan balik hanya dari peserta yang hadir."), code="absent")
        if Feedback.objects.filter(enrolment=enrolment).exists():
            raise ValidationError(_("Umpan balik sudah dikirim."))
        errors = {
            name: _("Pilih nilai 1 sampai 5.")
            for name, value in (
                ("relevance", relevance),
                ("delivery", delivery),
                ("overall", overall),
            )
            if not isinstance(value, int) or not 1 <= value <= 5
        }
        if errors:
            raise ValidationError(errors)
        feedback = Feedback.objects.create(
            agency=enrolment.agency,
            enrolment=enrolment,
            relevance=relevance,
            delivery=delivery,
            overall=overall,
            comment=comment[:2000],
        )
        record("umpan balik pelatihan", enrolment, details={"overall": overall})
        return feedback


# ------------------------------------------------------------------ reads


def enrolments_visible(user: Any, agency: Any) -> QuerySet[Enrolment]:
    scope = row_scope(user, agency, RESOURCE)
    return scope.rows(
        Enrolment.objects.select_related("employee", "unit", "programme"),
        unit_path="unit__path",
        owner="employee__user_id",
    )


def get_enrolment_for(user: Any, agency: Any, enrolment_id: int) -> Enrolment | None:
    return enrolments_visible(user, agency).filter(pk=enrolment_id).first()
