"""Serah terima jabatan: when a position changes hands, the leaving officer's open work
moves to the successor or to an acting officer (Plt), so that nothing is orphaned
(seed 002: a head of office moves and programmes stall).

Open work comes from *providers*, one per kind of work. Each lists an employee's open
items and moves them to another employee. The providers that exist today are action
items and the leaving person's unit-scoped roles; later capabilities (applications,
complaints, programmes) plug in their own from their ``AppConfig.ready``::

    from sigap.workforce import handover

    class ComplaintProvider:
        kind = "complaint"
        label = "Pengaduan"
        def open_items(self, employee, position): ...
        def transfer(self, items, *, from_employee, to_employee, position): ...

    handover.register(ComplaintProvider())

``hand_over`` moves every open item in one transaction and refuses to commit if anything
is left with the old holder.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sigap.accounts.models import RoleGrant
from sigap.accounts.roles import UNIT_SCOPED_ROLES
from sigap.accounts.staff import move_unit_grant
from sigap.audit.events import acting, record
from sigap.platform.stored_text import text
from sigap.tenancy.context import acting_for
from sigap.workforce.models import (
    ActionItem,
    Assignment,
    Employee,
    Handover,
    JabatanType,
    Position,
)
from sigap.workforce.registry import (
    current_primaries,
    end_assignment,
    record_assignment,
    with_current_state,
)

if TYPE_CHECKING:
    from sigap.accounts.models import User
    from sigap.tenancy.models import Agency

# How long after leaving a post its former holder may still hand it over: the mutation
# decree is often recorded before the berita acara serah terima is signed.
HANDOVER_GRACE_DAYS = 90
# How far ahead a handover may be dated: the berita acara is signed on the day, so a date
# weeks ahead is a typing slip (2062 for 2026), not a plan (issue 8, item 10).
HANDOVER_MAX_DAYS_AHEAD = 31

MOVED = "dipindahkan"
REVOKED = "dicabut"


@dataclass(frozen=True)
class OpenItem:
    """One piece of open work: what it is, its id in its own table, and a label to show."""

    kind: str
    id: int
    label: str


class OpenWorkProvider(Protocol):
    kind: str  # stable key, stored in Handover.items_moved
    label: str  # what the pages call this kind of work (Indonesian)

    def open_items(self, employee: Employee, position: Position | None) -> list[OpenItem]:
        """The employee's open items; ``position`` narrows them to that post's work
        where the kind of work belongs to a post (None: everything the person holds)."""
        ...

    def transfer(
        self,
        items: list[OpenItem],
        *,
        from_employee: Employee,
        to_employee: Employee,
        position: Position,
    ) -> list[dict]:
        """Move ``items`` and return one record per item (see ``moved_record``). Runs
        inside ``hand_over``'s transaction; lock what you move."""
        ...


_providers: dict[str, OpenWorkProvider] = {}


def register(provider: OpenWorkProvider) -> OpenWorkProvider:
    """Add a provider of open work. Registering the same kind again replaces it."""
    _providers[provider.kind] = provider
    return provider


def unregister(kind: str) -> None:
    """Remove the provider of ``kind`` (a test's temporary provider); absent is fine."""
    _providers.pop(kind, None)


def providers() -> list[OpenWorkProvider]:
    return list(_providers.values())


def provider_label(kind: str) -> str:
    provider = _providers.get(kind)
    return provider.label if provider else kind


def moved_record(item: OpenItem, *, to: Employee | None, action: str = MOVED) -> dict:
    return {**asdict(item), "action": action, "to_employee_id": to.pk if to else None}


# --------------------------------------------------------------------------- providers


class ActionItemProvider:
    """Open action items owned by the person, whatever unit they were raised in: the
    follow-ups are the post's, and a person leaving the post leaves them behind."""

    kind = "action_item"
    label = "Tindak lanjut"

    def open_items(self, employee: Employee, position: Position | None) -> list[OpenItem]:
        rows = ActionItem.objects.filter(owner=employee, status=ActionItem.Status.OPEN).order_by(
            "due_on", "pk"
        )
        return [OpenItem(self.kind, a.pk, a.title) for a in rows]

    def transfer(
        self,
        items: list[OpenItem],
        *,
        from_employee: Employee,
        to_employee: Employee,
        position: Position,
    ) -> list[dict]:
        by_id = {i.id: i for i in items}
        moved = []
        rows = ActionItem.objects.select_for_update().filter(
            pk__in=by_id, owner=from_employee, status=ActionItem.Status.OPEN
        )
        for action_item in rows.order_by("pk"):
            action_item.owner = to_employee
            action_item.save(update_fields=["owner"])  # one audited change per item
            moved.append(moved_record(by_id[action_item.pk], to=to_employee))
        return moved


class UnitRoleProvider:
    """The leaving person's officer / unit-head grant for the post's unit.

    The grant is access that comes with the post, so it leaves with it: it moves to the
    successor's login if they have one, and is revoked otherwise (the agency admin grants
    it again once the successor has an account). A successor who already holds the same
    grant keeps theirs and the leaving person's is revoked.
    """

    kind = "role_grant"
    label = "Peran di unit"

    def _grants(self, employee: Employee, position: Position | None) -> QuerySet[RoleGrant]:
        qs = RoleGrant.objects.filter(
            user_id=employee.user_id, agency_id=employee.agency_id, role__in=UNIT_SCOPED_ROLES
        )
        if position is not None:
            qs = qs.filter(unit_id=position.unit_id)
        return qs

    def open_items(self, employee: Employee, position: Position | None) -> list[OpenItem]:
        if employee.user_id is None:
            return []
        rows = self._grants(employee, position).select_related("unit").order_by("pk")
        return [OpenItem(self.kind, g.pk, f"{g.get_role_display()} — {g.unit}") for g in rows]

    def transfer(
        self,
        items: list[OpenItem],
        *,
        from_employee: Employee,
        to_employee: Employee,
        position: Position,
    ) -> list[dict]:
        if from_employee.user_id is None:
            return []
        by_id = {i.id: i for i in items}
        to_user_id = to_employee.user_id
        moved = []
        rows = self._grants(from_employee, position).filter(pk__in=by_id)
        for grant in rows.order_by("pk"):
            item = by_id[grant.pk]
            if move_unit_grant(grant, to_user_id=to_user_id):
                moved.append(moved_record(item, to=to_employee))
            else:
                # Revoked: to nobody, or to a successor who already held the same grant.
                to = to_employee if to_user_id is not None else None
                moved.append(moved_record(item, to=to, action=REVOKED))
        return moved


register(ActionItemProvider())
register(UnitRoleProvider())


# --------------------------------------------------------------------------- reads


def open_work(
    employee: Employee, position: Position | None = None
) -> list[tuple[str, list[OpenItem]]]:
    """(provider label, items) for every provider with something open."""
    with acting_for(employee.agency):
        groups = []
        for provider in providers():
            items = provider.open_items(employee, position)
            if items:
                groups.append((provider.label, items))
        return groups


def leaving_candidates(position: Position) -> QuerySet[Employee]:
    """Who can hand this post over: its holders and its Plt, and anyone whose assignment
    to it ended recently."""
    since = position.agency.today() - dt.timedelta(days=HANDOVER_GRACE_DAYS)
    return (
        Employee.objects.filter(
            Q(assignments__ends_on__isnull=True) | Q(assignments__ends_on__gte=since),
            Q(assignments__is_primary=True) | Q(assignments__kind=Assignment.Kind.ACTING),
            assignments__position=position,
        )
        .distinct()
        .order_by("full_name")
    )


def successor_suggestions(position: Position, *, limit: int = 10) -> QuerySet[Employee]:
    """Likely recipients: other holders of the post and the managers of its unit and of
    the unit above (a Plt is usually the head one level up)."""
    units = [position.unit_id] + ([position.unit.parent_id] if position.unit.parent_id else [])
    managerial = [JabatanType.JPT_PRATAMA, JabatanType.ADMINISTRATOR, JabatanType.PENGAWAS]
    ids = (
        current_primaries()
        .filter(
            Q(position=position)
            | Q(position__unit_id__in=units, position__jabatan_type__in=managerial)
        )
        .values("employee_id")
    )
    qs = (
        Employee.objects.filter(pk__in=ids, status=Employee.Status.ACTIVE)
        .exclude(pk__in=leaving_candidates(position).values("pk"))
        .order_by("full_name")
    )
    return with_current_state(qs)[:limit]


def employee_by_identifier(identifier: str) -> Employee | None:
    """An ASN of the active agency by NIP or PPPK number (spaces of the printed form ignored)."""
    value = "".join(identifier.split())
    if not value:
        return None
    return Employee.objects.filter(Q(nip=value) | Q(pppk_number=value)).first()


def handovers_in(agency: Agency) -> QuerySet[Handover]:
    with acting_for(agency):
        return Handover.objects.select_related(
            "position", "position__unit", "from_employee", "to_employee", "created_by"
        )


def handover_for(agency: Agency, handover_id: int) -> Handover | None:
    """One handover of ``agency``; another agency's looks exactly like a missing one."""
    return handovers_in(agency).filter(pk=handover_id).first()


# --------------------------------------------------------------------------- the write


class HandoverIncomplete(RuntimeError):
    """Open work was still with the leaving officer after the move: rolled back."""


@transaction.atomic
def hand_over(
    position: Position,
    *,
    from_employee: Employee,
    to_employee: Employee,
    is_acting: bool,
    sk_number: str,
    handed_over_on: dt.date,
    by: User | None,
) -> Handover:
    """Move every open item of ``from_employee`` to ``to_employee`` and record it.

    With ``is_acting`` the recipient also gets a Plt assignment to the position (secondary:
    their own post stays); a leaving Plt's acting assignment ends the day before.

    Idempotent: the same request again (same position, people and SK number) changes
    nothing and returns the first record with ``replayed = True``; the same SK number with
    different details is refused.
    """
    agency = position.agency
    with acting_for(agency), acting(by):
        sk_number = sk_number.strip()
        _validate(position, from_employee, to_employee, sk_number)
        # Serialise handovers of one post: the second of two identical requests sees the first.
        Position.objects.select_for_update().filter(pk=position.pk).first()
        existing = Handover.objects.filter(
            position=position,
            from_employee=from_employee,
            to_employee=to_employee,
            sk_number=sk_number,
        ).first()
        if existing is not None:
            if existing.is_acting != is_acting or existing.handed_over_on != handed_over_on:
                taken = "Serah terima dengan nomor SK ini sudah tercatat dengan data lain."
                raise ValidationError({"sk_number": taken})
            existing.replayed = True  # type: ignore[attr-defined]
            return existing
        held = Assignment.objects.filter(
            Q(ends_on__isnull=True)
            | Q(ends_on__gte=handed_over_on - dt.timedelta(days=HANDOVER_GRACE_DAYS)),
            Q(is_primary=True) | Q(kind=Assignment.Kind.ACTING),
            employee=from_employee,
            position=position,
        )
        if not held.exists():
            raise ValidationError(
                {"from_employee": "ASN ini tidak sedang (atau baru saja) memegang jabatan ini."}
            )
        check_handover(position, from_employee, to_employee, handed_over_on)

        moved: list[dict] = []
        for provider in providers():
            items = provider.open_items(from_employee, position)
            if items:
                moved += provider.transfer(
                    items, from_employee=from_employee, to_employee=to_employee, position=position
                )

        for plt in held.filter(kind=Assignment.Kind.ACTING, ends_on__isnull=True):
            end_assignment(plt, ends_on=max(plt.starts_on, handed_over_on - dt.timedelta(days=1)))
        if (
            is_acting
            and not Assignment.objects.filter(
                employee=to_employee,
                position=position,
                kind=Assignment.Kind.ACTING,
                ends_on__isnull=True,
            ).exists()
        ):
            record_assignment(
                to_employee,
                position=position,
                kind=Assignment.Kind.ACTING,
                sk_number=sk_number,
                sk_date=handed_over_on,
                starts_on=handed_over_on,
                note_text=text("handover_acting", name=from_employee.full_name),
            )

        handover = Handover.objects.create(
            agency=agency,
            position=position,
            from_employee=from_employee,
            to_employee=to_employee,
            is_acting=is_acting,
            sk_number=sk_number,
            handed_over_on=handed_over_on,
            items_moved=moved,
            created_by=by,
        )
        # The guarantee this function exists for, checked rather than assumed: a provider
        # that skipped an item (or one created meanwhile) rolls the whole handover back.
        left = [item for _, items in open_work(from_employee, position) for item in items]
        if left:
            raise HandoverIncomplete(
                f"{len(left)} pekerjaan masih pada pejabat lama: "
                + ", ".join(f"{i.kind}#{i.id}" for i in left)
            )
        record(
            "serah terima jabatan",
            handover,
            details={
                "position_id": position.pk,
                "from_employee_id": from_employee.pk,
                "to_employee_id": to_employee.pk,
                "is_acting": is_acting,
                "sk_number": sk_number,
                "items": len(moved),
            },
        )
        handover.replayed = False  # type: ignore[attr-defined]
        return handover


def check_handover(
    position: Position,
    from_employee: Employee,
    to_employee: Employee,
    handed_over_on: dt.date,
) -> None:
    """What the preview refuses before anything is shown as "will move": the recipient
    already holding the post, and dates that cannot be right (before the leaving officer
    took the post, or more than a month ahead of the pemda's today)."""
    errors: dict[str, str] = {}
    holds = Assignment.all_objects.filter(
        Q(is_primary=True) | Q(kind=Assignment.Kind.ACTING),
        employee_id=to_employee.pk,
        position_id=position.pk,
        ends_on__isnull=True,
    )
    if to_employee.pk != from_employee.pk and holds.exists():
        errors["to_employee"] = _(
            "Penerima sudah memegang jabatan ini; pilih pejabat pengganti yang lain."
        )
    latest = position.agency.today() + dt.timedelta(days=HANDOVER_MAX_DAYS_AHEAD)
    if handed_over_on > latest:
        errors["handed_over_on"] = _(
            "Tanggal serah terima paling lambat %(date)s (sebulan dari hari ini)."
        ) % {"date": date_format(latest, "j F Y")}
    started = (
        Assignment.all_objects.filter(employee_id=from_employee.pk, position_id=position.pk)
        .order_by("-starts_on")
        .values_list("starts_on", flat=True)
        .first()
    )
    if started is not None and handed_over_on < started:
        errors["handed_over_on"] = _(
            "Tanggal serah terima sebelum pejabat ini mulai menjabat (%(date)s)."
        ) % {"date": date_format(started, "j F Y")}
    if errors:
        raise ValidationError(errors)


def _validate(
    position: Position, from_employee: Employee, to_employee: Employee, sk_number: str
) -> None:
    errors: dict[str, str] = {}
    if from_employee.agency_id != position.agency_id:
        errors["from_employee"] = "ASN milik pemda lain."
    if to_employee.agency_id != position.agency_id:
        errors["to_employee"] = "ASN milik pemda lain."
    if from_employee.pk == to_employee.pk:
        errors["to_employee"] = "Penerima harus orang lain, bukan pejabat yang menyerahkan."
    elif to_employee.status != Employee.Status.ACTIVE:
        errors["to_employee"] = "Penerima bukan ASN aktif."
    if not sk_number:
        errors["sk_number"] = "Nomor SK/berita acara wajib diisi."
    if errors:
        raise ValidationError(errors)
