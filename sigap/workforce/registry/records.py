"""Writes to the ASN registry. Every change goes through one of these functions —
pages, the API, the admin, the roster import (which shares their rules: ``moves``,
``identifiers.nip.nip_mismatches``), the placement advisor, handovers and the demo:
validated, atomic, inside ``acting_for(agency)`` so that it is scoped and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sigap.accounts.models import User
from sigap.audit.events import acting, record
from sigap.identifiers.nip import nip_mismatches, parse_nip
from sigap.platform import stamps
from sigap.platform.transitions import transition
from sigap.tenancy.context import acting_for
from sigap.tenancy.models import Agency, OrgUnit
from sigap.workforce.models import (
    ActionItem,
    Assignment,
    Competency,
    CompetencyAssessment,
    Education,
    Employee,
    Position,
    PositionRequirement,
    RankHistory,
    WorkforcePolicy,
)
from sigap.workforce.moves import kind_of_move
from sigap.workforce.reference import classify_study_field, golongan_by_code
from sigap.workforce.registry import totals
from sigap.workforce.registry.queries import open_primary_filter


def policy_for(agency: Agency, *, stamp: int | None = None) -> WorkforcePolicy:
    """The agency's policy, or an unsaved default one. Reads never write: the policy row
    is created by ``ensure_policy`` (seeding) or ``update_policy`` (the back office).

    ``stamp``: the agency's registry stamp, when the caller has read it (the ASN list and
    profile): the policy read under the same stamp is reused without a statement (every
    policy write renews the stamp). Callers treat a policy as read-only."""

    def read() -> WorkforcePolicy:
        with acting_for(agency):
            stored = WorkforcePolicy.objects.filter(agency=agency).first()
        return stored if stored is not None else WorkforcePolicy(agency=agency)

    key = f"workforce.policy:{agency.pk}:{stamp or 0}"
    return stamps.cached(key, read, stamp=stamp or 0)


@transaction.atomic
def ensure_policy(agency: Agency) -> WorkforcePolicy:
    with acting_for(agency):
        policy, _ = WorkforcePolicy.objects.get_or_create(agency=agency)
        return policy


POLICY_FIELDS = (
    "bup_by_type",
    "rotation_due_years",
    "fit_weights",
    "internal_candidate_threshold",
)


@transaction.atomic
def update_policy(agency: Agency, **changes: Any) -> WorkforcePolicy:
    """Change the agency's policy (the figures the regulations leave open)."""
    with acting_for(agency):
        policy = ensure_policy(agency)
        _change(policy, changes, POLICY_FIELDS)
        return policy


@transaction.atomic
def create_competency(agency: Agency, *, code: str, name: str, kind: str) -> Competency:
    with acting_for(agency):
        competency = Competency(agency=agency, code=code.strip(), name=name.strip(), kind=kind)
        competency.full_clean()
        competency.save()
        return competency


@transaction.atomic
def create_position(
    agency: Agency,
    *,
    unit: OrgUnit,
    code: str,
    title: str,
    jabatan_type: str,
    formasi: int = 1,
    min_golongan: str = "",
    relevant_fields: list[str] | None = None,
    requirements: dict[Competency, int] | None = None,
) -> Position:
    with acting_for(agency):
        if unit.agency_id != agency.pk:
            raise ValidationError({"unit": "Unit milik pemda lain."})
        position = Position(
            agency=agency,
            unit=unit,
            code=code,
            title=title,
            jabatan_type=jabatan_type,
            formasi=formasi,
            min_golongan=min_golongan,
            relevant_fields=relevant_fields or [],
        )
        position.full_clean()
        position.save()
        for competency, level in (requirements or {}).items():
            PositionRequirement.objects.create(
                agency=agency, position=position, competency=competency, level=level
            )
        return position


POSITION_FIELDS = (
    "title",
    "jabatan_type",
    "min_golongan",
    "relevant_fields",
    "formasi",
    "is_active",
)


def _change(obj: Any, changes: dict[str, Any], allowed: Iterable[str]) -> None:
    """Set ``changes`` on ``obj``, validate and save; only ``allowed`` fields may change
    (a caller asking for another is a programming error)."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"{type(obj).__name__}: cannot change {sorted(unknown)} here")
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()


@transaction.atomic
def update_competency(competency: Competency, **changes: Any) -> Competency:
    with acting_for(competency.agency):
        _change(competency, changes, ("name", "kind"))
        return competency


@transaction.atomic
def update_position(position: Position, **changes: Any) -> Position:
    """Change a position's title, type, minimum golongan, fields, formasi or activity; its
    unit and code are fixed once created (history rows point at it)."""
    with acting_for(position.agency):
        _change(position, changes, POSITION_FIELDS)
        return position


@transaction.atomic
def set_requirements(position: Position, requirements: dict[Competency, int]) -> None:
    """Replace the position's competency standard (standar kompetensi jabatan)."""
    with acting_for(position.agency):
        for competency, level in requirements.items():
            if competency.agency_id != position.agency_id:
                raise ValidationError({"requirements": "Kompetensi milik pemda lain."})
            if not 1 <= level <= 5:
                raise ValidationError({"requirements": "Level kompetensi harus 1 sampai 5."})
        keep = {c.pk for c in requirements}
        for stale in PositionRequirement.objects.filter(position=position).exclude(
            competency_id__in=keep
        ):
            stale.delete()
        for competency, level in requirements.items():
            PositionRequirement.objects.update_or_create(
                agency=position.agency,
                position=position,
                competency=competency,
                defaults={"level": level},
            )


@transaction.atomic
def create_action_item(
    owner: Employee, *, title: str, unit: OrgUnit, due_on: dt.date | None = None
) -> ActionItem:
    with acting_for(owner.agency):
        item = ActionItem(agency=owner.agency, owner=owner, unit=unit, title=title, due_on=due_on)
        item.full_clean()
        item.save()
        return item


@transaction.atomic
def update_action_item(item: ActionItem, **changes: Any) -> ActionItem:
    """Edit an open item's title, due date or status. Its owner changes by handover only."""
    with acting_for(item.agency):
        _change(item, changes, ("title", "due_on", "status", "unit"))
        return item


@transaction.atomic
def create_employee(
    agency: Agency,
    *,
    full_name: str,
    gender: str,
    birth_date: dt.date,
    service_start: dt.date,
    kind: str = Employee.Kind.PNS,
    nip: str | None = None,
    pppk_number: str | None = None,
) -> Employee:
    with acting_for(agency):
        check_identity(
            agency,
            kind=kind,
            nip=nip,
            birth_date=birth_date,
            gender=gender,
            service_start=service_start,
        )
        employee = Employee(
            agency=agency,
            kind=kind,
            nip=nip or None,
            pppk_number=pppk_number or None,
            full_name=full_name,
            gender=gender,
            birth_date=birth_date,
            service_start=service_start,
        )
        employee.full_clean()
        employee.save()
        return employee


def check_identity(
    agency: Agency,
    *,
    kind: str,
    nip: str | None,
    birth_date: dt.date,
    gender: str,
    service_start: dt.date,
) -> None:
    """A PNS's NIP must agree with their birth date, gender and TMT CPNS month (the one
    rule in ``identifiers.nip``, shared with the roster import)."""
    if kind != Employee.Kind.PNS:
        return
    if not nip:
        raise ValidationError({"nip": "NIP wajib untuk PNS."})
    mismatches = nip_mismatches(
        parse_nip(nip, today=agency.today()),
        birth_date=birth_date,
        gender=gender,
        service_start=service_start,
    )
    if mismatches:
        raise ValidationError(mismatches)


IDENTITY_FIELDS = ("full_name", "gender", "birth_date", "service_start")


@transaction.atomic
def update_employee(employee: Employee, **changes: Any) -> Employee:
    """Correct an ASN's own data (name, gender, birth date, TMT CPNS, identifiers)."""
    unknown = set(changes) - {*IDENTITY_FIELDS, "nip", "pppk_number", "user"}
    if unknown:
        raise ValueError(f"update_employee cannot change {sorted(unknown)}")
    with acting_for(employee.agency):
        login = changes.get("user")
        own = User.objects.staff_of(employee.agency)
        if login is not None and not own.filter(pk=getattr(login, "pk", login)).exists():
            # Only the agency's own staff logins (issue 8, item 2); the same words
            # whether the account exists elsewhere or not at all.
            raise ValidationError({"user": _("Pilih akun pegawai pemda ini.")})
        for name, value in changes.items():
            setattr(employee, name, value)
        check_identity(
            employee.agency,
            kind=employee.kind,
            nip=employee.nip,
            birth_date=employee.birth_date,
            gender=employee.gender,
            service_start=employee.service_start,
        )
        employee.full_clean()
        employee.save()
        return employee


@transaction.atomic
def record_rank(
    employee: Employee, *, golongan: str, tmt: dt.date, sk_number: str = ""
) -> RankHistory:
    with acting_for(employee.agency):
        if golongan not in golongan_by_code():
            raise ValidationError({"golongan": f"Golongan {golongan!r} tidak dikenal."})
        if tmt < employee.service_start:
            raise ValidationError({"tmt": "TMT pangkat tidak boleh sebelum TMT CPNS."})
        rank = RankHistory.objects.create(
            agency=employee.agency,
            employee=employee,
            golongan=golongan,
            tmt=tmt,
            sk_number=sk_number,
        )
        refresh_latest_golongan([employee.pk], agency_id=employee.agency_id)
        return rank


# Ids per UPDATE: under SQLite's oldest limit of 999 bound parameters.
REFRESH_BATCH = 900


def refresh_latest_golongan(
    employee_ids: Iterable[int] | None = None, *, agency_id: int | None = None
) -> None:
    """Set ``Employee.latest_golongan`` to the golongan of each one's latest rank (by TMT),
    or "" without one: for ``employee_ids``, or every employee when None. Every writer of
    ranks calls it in its transaction (``record_rank``, the roster import, the demo
    seeder, the benchmarks' generators); a backdated rank changes nothing, as it should.
    Not audited: derived from the rank rows, which are. ``agency_id``: the agency of all
    of ``employee_ids``, when the caller knows it (saves reading their agencies)."""
    latest = (
        RankHistory.all_objects.filter(employee_id=OuterRef("pk"))
        .order_by("-tmt")
        .values("golongan")[:1]
    )
    value = Coalesce(Subquery(latest), Value(""))
    if employee_ids is None:
        Employee.all_objects.update(latest_golongan=value)
        touched = Employee.all_objects.all()
    else:
        ids = sorted(set(employee_ids))
        for start in range(0, len(ids), REFRESH_BATCH):
            Employee.all_objects.filter(pk__in=ids[start : start + REFRESH_BATCH]).update(
                latest_golongan=value
            )
        # Beyond one batch, every agency with employees: a needless bump costs nothing.
        few = len(ids) <= REFRESH_BATCH
        touched = Employee.all_objects.filter(pk__in=ids) if few else Employee.all_objects.all()
    # An UPDATE sends no model signal: the ASN list's cached totals learn it here.
    if agency_id is not None and employee_ids is not None:
        agencies = [agency_id]
    else:
        agencies = touched.order_by().values_list("agency_id", flat=True).distinct()
    for touched_agency in agencies:
        totals.mark_totals_stale(touched_agency)


@transaction.atomic
def add_education(
    employee: Employee,
    *,
    level: str,
    field_of_study: str,
    graduation_year: int,
    institution: str = "",
) -> Education:
    with acting_for(employee.agency):
        if (
            graduation_year > employee.birth_date.year + 80
            or graduation_year < employee.birth_date.year + 10
        ):
            raise ValidationError(
                {"graduation_year": "Tahun lulus tidak masuk akal untuk tanggal lahir ini."}
            )
        return Education.objects.create(
            agency=employee.agency,
            employee=employee,
            level=level,
            field_of_study=field_of_study,
            field_group=classify_study_field(field_of_study),
            institution=institution,
            graduation_year=graduation_year,
        )


@transaction.atomic
def record_assessment(
    employee: Employee,
    *,
    competency: Competency,
    level: int,
    assessed_on: dt.date,
    method: str = "",
    assessor: str = "",
    by: Any = None,
    strict: bool = False,
) -> CompetencyAssessment:
    """One assessed level. ``strict`` (pages and the API) also requires a method from
    ``CompetencyAssessment.Method`` and a date no later than the pemda's today, and
    records the named event; imports and the demo pass history as it was recorded."""
    with acting_for(employee.agency), acting(by):
        errors: dict[str, str] = {}
        if not isinstance(level, int) or not 1 <= level <= 5:
            errors["level"] = _("Level kompetensi harus 1 sampai 5.")
        if competency.agency_id != employee.agency_id:
            errors["competency"] = _("Kompetensi milik pemda lain.")
        if strict:
            if method not in CompetencyAssessment.Method.values:
                errors["method"] = _("Pilih metode asesmen dari daftar.")
            if assessed_on > employee.agency.today():
                errors["assessed_on"] = _("Tanggal asesmen belum terjadi.")
            if assessed_on < employee.birth_date:
                errors["assessed_on"] = _("Tanggal asesmen sebelum tanggal lahir ASN ini.")
            if not assessor.strip():
                errors["assessor"] = _("Isi nama asesor atau lembaga asesmen.")
        if errors:
            raise ValidationError(errors)
        assessment = CompetencyAssessment(
            agency=employee.agency,
            employee=employee,
            competency=competency,
            level=level,
            assessed_on=assessed_on,
            method=method,
            assessor=assessor.strip(),
        )
        assessment.full_clean()
        assessment.save()
        if strict:
            record(
                "asesmen kompetensi",
                employee,
                details={
                    "assessment_id": assessment.pk,
                    "competency": competency.code,
                    "level": level,
                    "method": method,
                },
            )
        return assessment


@transaction.atomic
def correct_employee(employee: Employee, *, by: Any = None, **changes: Any) -> Employee:
    """HR corrects one ASN's own data from a page or the API (issue 8, item 13): the
    identity rules of ``update_employee`` plus a named event an inspector can find."""
    allowed = {*IDENTITY_FIELDS, "nip", "pppk_number"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({f: _("Kolom ini tidak dapat diubah di sini.") for f in unknown})
    with acting_for(employee.agency), acting(by):
        before = {name: getattr(employee, name) for name in changes}
        changed = {k: v for k, v in changes.items() if before[k] != v}
        if not changed:
            return employee
        if "nip" in changed:
            changed["nip"] = changed["nip"] or None
        if "pppk_number" in changed:
            changed["pppk_number"] = changed["pppk_number"] or None
        update_employee(employee, **changed)
        record(
            "koreksi data ASN",
            employee,
            details={"fields": sorted(changed)},
        )
        return employee


# The only moves whose TMT may precede the SK date: a CPNS/PPPK appointment counts from
# the first of the month of the technical approval even when its SK is signed later.
RETROACTIVE_KINDS = frozenset({Assignment.Kind.APPOINTMENT})


@transaction.atomic
def record_assignment(
    employee: Employee,
    *,
    position: Position,
    kind: str,
    sk_number: str,
    sk_date: dt.date,
    starts_on: dt.date,
    note: str = "",
    note_text: dict[str, Any] | None = None,
) -> Assignment:
    """Record a move. A primary move closes the person's open primary assignment the day
    before; a secondary one (special assignment, secondment, Plt) runs alongside it.
    ``note`` is what a person typed; ``note_text`` what code writes, a stored text of
    ``notes.ASSIGNMENT_NOTES`` shown in the reader's language."""
    with acting_for(employee.agency):
        if position.agency_id != employee.agency_id:
            raise ValidationError({"position": "Jabatan milik pemda lain."})
        if not sk_number.strip():
            raise ValidationError({"sk_number": "Nomor SK wajib diisi."})
        if sk_date > starts_on + dt.timedelta(days=365):
            raise ValidationError({"sk_date": "Tanggal SK terlalu jauh setelah tanggal mulai."})
        if starts_on < sk_date and kind not in RETROACTIVE_KINDS:
            # A move takes effect from the SK that orders it (the officer is installed
            # after the decree is signed): a TMT before the SK date is a typing slip.
            # Appointments may be retroactive (docs/domain/workforce.md, "TMT and SK").
            raise ValidationError(
                {
                    "starts_on": _(
                        "TMT %(tmt)s sebelum tanggal SK %(sk)s: perpindahan jabatan berlaku "
                        "paling cepat sejak tanggal SK."
                    )
                    % {"tmt": date_format(starts_on, "j F Y"), "sk": date_format(sk_date, "j F Y")}
                }
            )
        is_primary = kind not in Assignment.SECONDARY_KINDS
        if is_primary:
            current = (
                Assignment.objects.select_for_update()
                .filter(open_primary_filter(), employee=employee)
                .first()
            )
            if current is not None:
                if starts_on <= current.starts_on:
                    raise ValidationError(
                        {"starts_on": "Tanggal mulai harus setelah jabatan saat ini dimulai."}
                    )
                current.ends_on = starts_on - dt.timedelta(days=1)
                current.save(update_fields=["ends_on"])
        assignment = Assignment(
            agency=employee.agency,
            employee=employee,
            position=position,
            kind=kind,
            is_primary=is_primary,
            sk_number=sk_number.strip(),
            sk_date=sk_date,
            starts_on=starts_on,
            note=note,
            note_text=note_text,
        )
        assignment.full_clean()
        assignment.save()
        if is_primary:
            # The move by name ("promosi", "mutasi", ...) beside the row's field diff.
            record(
                kind,
                employee,
                details={
                    "assignment_id": assignment.pk,
                    "position_id": position.pk,
                    "sk_number": assignment.sk_number,
                    "starts_on": starts_on.isoformat(),
                },
            )
        return assignment


@transaction.atomic
def end_assignment(assignment: Assignment, *, ends_on: dt.date) -> Assignment:
    with acting_for(assignment.agency):
        if ends_on < assignment.starts_on:
            raise ValidationError({"ends_on": "Tanggal selesai sebelum tanggal mulai."})
        assignment.ends_on = ends_on
        assignment.save(update_fields=["ends_on"])
        return assignment


@transaction.atomic
def move_employee(
    employee: Employee,
    *,
    position: Position,
    sk_number: str,
    sk_date: dt.date,
    starts_on: dt.date,
    note: str = "",
    note_text: dict[str, Any] | None = None,
) -> Assignment:
    """Record a primary move whose kind follows the one rule (``moves.kind_of_move``):
    pengangkatan, promosi, rotasi or mutasi. Pages, the API and the placement advisor
    call this; the roster import applies the same rule in bulk."""
    with acting_for(employee.agency):
        if employee.status != Employee.Status.ACTIVE:
            raise ValidationError({"employee": "ASN ini tidak lagi aktif."})
        current = (
            Assignment.objects.filter(open_primary_filter(), employee=employee)
            .select_related("position__unit")
            .first()
        )
        position = Position.objects.select_related("unit").get(pk=position.pk)
        return record_assignment(
            employee,
            position=position,
            kind=kind_of_move(current.position if current else None, position),
            sk_number=sk_number,
            sk_date=sk_date,
            starts_on=starts_on,
            note=note,
            note_text=note_text,
        )


# Departures (PP 11/2017, Bab XV pemberhentian): the statuses an ASN leaves "active" for.
DEPARTURES = frozenset(
    {
        Employee.Status.RETIRED,
        Employee.Status.RESIGNED,
        Employee.Status.DIED,
        Employee.Status.DISMISSED,
        Employee.Status.LEFT,
    }
)


@transaction.atomic
def end_employment(employee: Employee, *, status: str, on: dt.date, by: Any = None) -> Employee:
    """An ASN leaves service (pensiun, berhenti, meninggal, diberhentikan, pindah instansi)
    on ``on``, their last day: every assignment still running after it ends that day, so
    the post is free from the next day for vacancies, placement and recruitment needs.
    The status moves through the Employee workflow (``models.EMPLOYEE_FLOW``)."""
    if status not in DEPARTURES:
        raise ValidationError({"status": "Status berhenti tidak dikenal."})
    with acting_for(employee.agency), acting(by):
        running = Assignment.objects.select_for_update().filter(
            Q(ends_on__isnull=True) | Q(ends_on__gt=on), employee=employee
        )
        if running.filter(starts_on__gt=on).exists():
            raise ValidationError(
                {"on": "Ada riwayat jabatan yang dimulai setelah tanggal berhenti ini."}
            )
        closed = []
        for assignment in running:
            assignment.ends_on = on
            assignment.save(update_fields=["ends_on"])
            closed.append(assignment.pk)
        transition(
            employee,
            status,
            left_on=on,
            details={"tanggal": on.isoformat(), "riwayat_jabatan_ditutup": closed},
        )
        return employee
