"""Who may do what, where. Permission names say their scope (data-hub style).

A user's grants are read once per request and cached on the user object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sigap.accounts.models import Role, RoleGrant

if TYPE_CHECKING:
    from sigap.accounts.models import User
    from sigap.tenancy.models import Agency

ALL_STAFF = frozenset(
    {Role.AGENCY_ADMIN, Role.HR, Role.UNIT_HEAD, Role.OFFICER, Role.LEADERSHIP, Role.INSPECTOR}
)

# permission -> roles that hold it within their agency. System admins hold all.
PERMISSIONS: dict[str, frozenset[str]] = {
    "core.view_staff_shell": ALL_STAFF,
    "tenancy.view_agency_units": ALL_STAFF,
    "tenancy.manage_agency_units": frozenset({Role.AGENCY_ADMIN}),
    "accounts.manage_agency_roles": frozenset({Role.AGENCY_ADMIN}),
    "workcal.view_agency_calendar": ALL_STAFF,
    "workcal.manage_agency_calendar": frozenset({Role.AGENCY_ADMIN}),
    "audit.view_agency_trail": frozenset({Role.INSPECTOR, Role.AGENCY_ADMIN}),
    "identifiers.view_full_nik": frozenset({Role.AGENCY_ADMIN, Role.OFFICER, Role.INSPECTOR}),
    "core.view_dashboards": ALL_STAFF,
    "admin.use_back_office": frozenset({Role.AGENCY_ADMIN}),
    # Workforce (ASN registry). Unit heads see only their unit's subtree (workforce.queries).
    "workforce.view_asn": frozenset(
        {Role.HR, Role.AGENCY_ADMIN, Role.LEADERSHIP, Role.INSPECTOR, Role.UNIT_HEAD}
    ),
    "workforce.manage_asn": frozenset({Role.HR, Role.AGENCY_ADMIN}),
    "workforce.run_placement": frozenset({Role.HR}),
    "workforce.manage_handover": frozenset({Role.HR, Role.AGENCY_ADMIN}),
    "workforce.view_continuity": frozenset(
        {Role.HR, Role.AGENCY_ADMIN, Role.LEADERSHIP, Role.INSPECTOR, Role.UNIT_HEAD}
    ),
}

# Roles whose grant is scoped to one unit (and its subtree) rather than the whole agency.
UNIT_SCOPED_ROLES = frozenset({Role.UNIT_HEAD, Role.OFFICER})


def _grants(user: User) -> list[RoleGrant]:
    cached = getattr(user, "_sigap_grants", None)
    if cached is None:
        cached = list(RoleGrant.objects.filter(user=user).select_related("agency", "unit"))
        user._sigap_grants = cached  # type: ignore[attr-defined]
    return cached


def is_system_admin(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(g.role == Role.SYSTEM_ADMIN for g in _grants(user))


def agencies_of(user: User) -> list[Agency]:
    """Agencies the user may work in, in a stable order."""
    from sigap.tenancy.models import Agency

    if not user.is_authenticated or not user.is_active or user.is_citizen:
        return []
    if is_system_admin(user):
        return list(Agency.objects.filter(is_active=True).order_by("name"))
    seen: dict[int, Agency] = {}
    for grant in _grants(user):
        if grant.agency is not None and grant.agency.is_active:
            seen.setdefault(grant.agency_id, grant.agency)
    return sorted(seen.values(), key=lambda a: a.name)


def roles_in(user: User, agency: Agency | None) -> set[str]:
    if agency is None or not user.is_authenticated or not user.is_active:
        return set()
    roles = {g.role for g in _grants(user) if g.agency_id == agency.pk}
    if is_system_admin(user):
        roles.add(Role.SYSTEM_ADMIN)
    return roles


def has_perm(user: User, agency: Agency | None, permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise KeyError(f"Unknown permission {permission!r}")
    roles = roles_in(user, agency)
    if Role.SYSTEM_ADMIN in roles:
        return True
    return bool(roles & PERMISSIONS[permission])


def units_of(user: User, agency: Agency, role: str) -> list[int]:
    """Unit ids where the user holds a unit-scoped role (empty: agency-wide or none)."""
    return [
        g.unit_id
        for g in _grants(user)
        if g.agency_id == agency.pk and g.role == role and g.unit_id
    ]
