"""Agency admins manage their own staff and roles; every change is one audited function."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import Role, RoleGrant, StaffInvitation, User
from sigap.platform.declarations import UNIT_SCOPED_ROLES
from sigap.tenancy.models import Agency, OrgUnit

GRANTABLE_BY_AGENCY_ADMIN = [
    Role.AGENCY_ADMIN,
    Role.HR,
    Role.UNIT_HEAD,
    Role.OFFICER,
    Role.LEADERSHIP,
    Role.INSPECTOR,
]
UNIT_ROLES = UNIT_SCOPED_ROLES
NOT_OWN_STAFF = _(
    "Tidak ada pegawai pemda ini dengan nama pengguna atau email tersebut. "
    "Untuk orang baru, isi emailnya: undangan akan dikirim."
)


def own_staff(agency: Agency) -> QuerySet[User]:
    """Staff accounts that belong to ``agency``: they hold a role in it, or their login
    is linked to one of its ASN records. Only these may be named on its pages."""
    return User.objects.staff_of(agency)


def find_own_staff(agency: Agency, login: str) -> User | None:
    """The agency's own staff account a typed username or email names, else None (also
    when it names an account of another pemda or a citizen: the caller cannot tell)."""
    text = login.strip().lower()
    if not text:
        return None
    return own_staff(agency).filter(Q(username=text) | Q(email__iexact=text)).first()


def _foreign(user: User, agency: Agency) -> bool:
    """A login another pemda (or nobody) vouches for: a citizen, or staff holding roles
    elsewhere and none here."""
    if user.is_citizen:
        return True
    if own_staff(agency).filter(pk=user.pk).exists():
        return False
    return user.role_grants.exists() or hasattr(user, "employee")


def grants_in(agency: Agency) -> QuerySet[RoleGrant]:
    return (
        RoleGrant.objects.filter(agency=agency)
        .select_related("user", "unit")
        .order_by("user__full_name", "role")
    )


def holders_over(unit: OrgUnit, role: str) -> list[User]:
    """Active users holding a unit role on ``unit`` or any unit above it (e.g. the unit
    heads an overdue application of a seksi escalates to)."""
    paths = [unit.path[: i + 1] for i, ch in enumerate(unit.path) if ch == "/" and i > 0]
    grants = RoleGrant.objects.filter(
        agency_id=unit.agency_id, role=role, unit__path__in=paths, user__is_active=True
    ).select_related("user")
    return sorted({g.user for g in grants}, key=lambda u: u.pk)


def open_invitations(agency: Agency) -> QuerySet[StaffInvitation]:
    return StaffInvitation.objects.filter(
        agency=agency,
        accepted_at__isnull=True,
        cancelled_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).order_by("-created_at")


def grant_for(agency: Agency, grant_id: int) -> RoleGrant | None:
    return grants_in(agency).filter(pk=grant_id).first()


@transaction.atomic
def grant_role(
    agency: Agency, *, username: str, full_name: str, role: str, unit: OrgUnit | None
) -> tuple[RoleGrant, str | None]:
    """Give ``role`` in ``agency`` to a staff user, creating the account if it is new.

    Returns the grant and, for a new account, its one-time initial password, which its
    holder must change at first login. Accounts of another pemda and citizens' accounts
    are refused with the same words as unknown ones (the demo seeder and system work
    call this; the staff page offers roles through ``sigap.accounts.invitations``).
    """
    if role not in GRANTABLE_BY_AGENCY_ADMIN:
        raise ValidationError({"role": "Peran ini tidak dapat diberikan oleh admin pemda."})
    if role in UNIT_ROLES and unit is None:
        raise ValidationError({"unit": "Peran ini berlaku per unit: pilih unitnya."})
    if role not in UNIT_ROLES:
        unit = None
    if unit is not None and unit.agency_id != agency.pk:
        raise ValidationError({"unit": "Unit milik pemda lain."})
    username = username.strip().lower()
    user = User.objects.filter(username=username).first()
    initial_password = None
    if user is None:
        if not full_name.strip():
            raise ValidationError({"full_name": "Isi nama lengkap untuk akun baru."})
        initial_password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            username, initial_password, full_name=full_name.strip(), must_change_password=True
        )
    elif _foreign(user, agency):
        raise ValidationError({"username": NOT_OWN_STAFF})
    try:
        with transaction.atomic():
            grant = RoleGrant.objects.create(user=user, agency=agency, role=role, unit=unit)
    except IntegrityError:
        raise ValidationError({"role": "Pengguna ini sudah memiliki peran tersebut."}) from None
    if role == Role.AGENCY_ADMIN and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return grant, initial_password


@transaction.atomic
def revoke_grant(grant: RoleGrant, *, by: User) -> None:
    if grant.user_id == by.pk and grant.role == Role.AGENCY_ADMIN:
        raise ValidationError("Anda tidak dapat mencabut peran admin Anda sendiri.")
    grant.delete()


@transaction.atomic
def move_unit_grant(grant: RoleGrant, *, to_user_id: int | None) -> bool:
    """Hand a unit-scoped grant (officer, unit head) that came with a post to the post's
    next holder (serah terima jabatan). Without a login to move it to, or when that login
    already holds the same grant, the grant is revoked instead. Returns True when moved,
    False when revoked."""
    if grant.role not in UNIT_ROLES:
        raise ValidationError({"role": "Hanya peran per unit yang berpindah bersama jabatan."})
    grant = RoleGrant.objects.select_for_update().get(pk=grant.pk)
    already = (
        to_user_id is not None
        and RoleGrant.objects.filter(
            user_id=to_user_id, agency_id=grant.agency_id, unit_id=grant.unit_id, role=grant.role
        ).exists()
    )
    if to_user_id is None or already:
        grant.delete()
        return False
    grant.user_id = to_user_id
    grant.save(update_fields=["user"])
    return True
