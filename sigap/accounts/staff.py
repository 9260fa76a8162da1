"""Agency admins manage their own staff and roles; every change is one audited function."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from sigap.accounts.models import Role, RoleGrant, User
from sigap.tenancy.models import Agency, OrgUnit

GRANTABLE_BY_AGENCY_ADMIN = [
    Role.AGENCY_ADMIN,
    Role.HR,
    Role.UNIT_HEAD,
    Role.OFFICER,
    Role.LEADERSHIP,
    Role.INSPECTOR,
]
UNIT_ROLES = {Role.UNIT_HEAD, Role.OFFICER}


def grants_in(agency: Agency) -> QuerySet[RoleGrant]:
    return (
        RoleGrant.objects.filter(agency=agency)
        .select_related("user", "unit")
        .order_by("user__full_name", "role")
    )


def grant_for(agency: Agency, grant_id: int) -> RoleGrant | None:
    return grants_in(agency).filter(pk=grant_id).first()


@transaction.atomic
def grant_role(
    agency: Agency, *, username: str, full_name: str, role: str, unit: OrgUnit | None
) -> tuple[RoleGrant, str | None]:
    """Give ``role`` in ``agency`` to a staff user, creating the account if it is new.

    Returns the grant and, for a new account, its one-time initial password.
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
        user = User.objects.create_user(username, initial_password, full_name=full_name.strip())
    elif user.is_citizen:
        raise ValidationError({"username": "Akun ini milik warga, bukan pegawai."})
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
