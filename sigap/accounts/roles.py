"""Who may do what, where. Permission names say their scope (data-hub style).

A user's grants are read once per request and cached on the user object.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from sigap.accounts.models import RoleGrant
from sigap.platform.declarations import (  # noqa: F401 - re-exported vocabulary
    ALL_STAFF,
    SYSTEM_ADMIN_PERMISSION,
    UNIT_SCOPED_ROLES,
    Role,
    permission_roles,
)
from sigap.platform.prepared import PreparedRead
from sigap.tenancy.models import Agency

if TYPE_CHECKING:
    from sigap.accounts.models import User


class LazyPermissions(Mapping[str, frozenset[str]]):
    """The declared permission table, read from the app registry on first use."""

    def __getitem__(self, name: str) -> frozenset[str]:
        return permission_roles()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(permission_roles())

    def __len__(self) -> int:
        return len(permission_roles())


# permission -> roles that hold it within their agency, as each app declares them
# (``SigapAppConfig.permissions``). System admins hold all.
PERMISSIONS = LazyPermissions()


# Every signed-in request reads its grants: compiled once (``platform.prepared``).
_GRANTS_OF = PreparedRead(
    RoleGrant,
    lambda grants, user_id: grants.filter(user_id=user_id).select_related("agency", "unit"),
)


def grants_of(user: User) -> list[RoleGrant]:
    cached = getattr(user, "_sigap_grants", None)
    if cached is None:
        cached = _GRANTS_OF.rows(user.pk) if user.pk is not None else []
        user._sigap_grants = cached  # type: ignore[attr-defined]
    return cached


def is_system_admin(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(g.role == Role.SYSTEM_ADMIN for g in grants_of(user))


def agencies_of(user: User) -> list[Agency]:
    """Agencies the user may work in, in a stable order.

    Kept beside the grants read in this request, as ``permissions_in`` is: the agency
    middleware and the staff menu both ask, and a system admin's answer is a query."""
    if not user.is_authenticated or not user.is_active or user.is_citizen:
        return []
    grants = grants_of(user)
    cached = getattr(user, "_sigap_agencies", None)
    if cached is not None and cached[0] is grants:
        return list(cached[1])
    if is_system_admin(user):
        agencies = list(Agency.objects.filter(is_active=True).order_by("name"))
    else:
        seen: dict[int, Agency] = {}
        for grant in grants:
            if grant.agency is not None and grant.agency.is_active:
                seen.setdefault(grant.agency_id, grant.agency)
        agencies = sorted(seen.values(), key=lambda a: a.name)
    user._sigap_agencies = (grants, agencies)  # type: ignore[attr-defined]
    return list(agencies)


def roles_in(user: User, agency: Agency | None) -> set[str]:
    if agency is None or not user.is_authenticated or not user.is_active:
        return set()
    roles = {g.role for g in grants_of(user) if g.agency_id == agency.pk}
    if is_system_admin(user):
        roles.add(Role.SYSTEM_ADMIN)
    return roles


def permissions_in(user: User, agency: Agency | None) -> frozenset[str]:
    """Every declared permission ``user`` holds in ``agency``.

    Worked out once per agency for the grants read in this request and kept beside
    them on the user object: a staff page asks dozens of times (the view's check, one
    per menu entry, the page's own buttons), and each answer is then a set lookup.
    """
    if agency is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    grants = grants_of(user)
    cache = getattr(user, "_sigap_permissions", None)
    if cache is None or cache[0] is not grants:  # new grants read: start again
        cache = (grants, {})
        user._sigap_permissions = cache  # type: ignore[attr-defined]
    held = cache[1].get(agency.pk)
    if held is None:
        roles = roles_in(user, agency)
        table = permission_roles()
        if Role.SYSTEM_ADMIN in roles:
            held = frozenset(table)
        else:
            held = frozenset(name for name, holders in table.items() if roles & holders)
        cache[1][agency.pk] = held
    return held


def has_perm(user: User, agency: Agency | None, permission: str) -> bool:
    if permission not in permission_roles():
        raise KeyError(f"Unknown permission {permission!r}")
    return permission in permissions_in(user, agency)


def units_of(user: User, agency: Agency, role: str) -> list[int]:
    """Unit ids where the user holds a unit-scoped role (empty: agency-wide or none)."""
    return [
        g.unit_id
        for g in grants_of(user)
        if g.agency_id == agency.pk and g.role == role and g.unit_id
    ]


# Django's own permission check, ``user.has_perm(name, obj)``, answers through this
# backend: the platform layer (view decorators, API auth, admin) asks it without
# importing accounts. ``obj`` is the agency the request works in; with no object only
# the installation-wide ``SYSTEM_ADMIN_PERMISSION`` is answered.


class AgencyRoleBackend:
    def authenticate(self, request: object, **credentials: object) -> None:
        return None

    def get_user(self, user_id: int) -> None:
        return None

    def has_perm(self, user_obj: User, perm: str, obj: object = None) -> bool:
        if not getattr(user_obj, "is_authenticated", False):
            return False
        if obj is None:
            return perm == SYSTEM_ADMIN_PERMISSION and is_system_admin(user_obj)
        if isinstance(obj, Agency):
            return has_perm(user_obj, obj, perm)
        return False
