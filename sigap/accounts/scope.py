"""Row scope: which rows of a resource a user may see in an agency.

Permission names say their scope (data-hub style): for a resource ``workforce.asn`` an
app declares any of ``workforce.view_all_asn`` (the whole agency),
``workforce.view_unit_asn`` (the subtrees of the units where the user holds a
unit-scoped role carrying it) and ``workforce.view_own_asn`` (rows that are the user's
own). ``row_scope`` answers with the widest that applies, once per request (cached on
the user object like the grants themselves), and every ``get_<thing>_for`` and list
query filters through it instead of doing role arithmetic of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from sigap.accounts.roles import grants_of, has_perm, is_system_admin, permission_roles
from sigap.tenancy.models import Agency

if TYPE_CHECKING:
    from sigap.accounts.models import User


@dataclass(frozen=True)
class RowScope:
    ALL = "all"
    UNITS = "units"
    OWN = "own"
    NONE = "none"

    kind: str
    unit_paths: tuple[str, ...] = ()
    user_id: int | None = None

    @property
    def sees_all(self) -> bool:
        return self.kind == self.ALL

    @property
    def sees_nothing(self) -> bool:
        return self.kind == self.NONE

    def q(self, *, unit_path: str | None = None, owner: str | None = None) -> Q:
        """The condition on a row: ``unit_path`` names the lookup of the row's unit path
        (``"unit__path"``), ``owner`` the lookup of its owning user id."""
        if self.kind == self.ALL:
            return Q()
        if self.kind == self.UNITS and unit_path is not None:
            condition = Q(pk__in=[])
            for path in self.unit_paths:
                condition |= Q(**{f"{unit_path}__startswith": path})
            return condition
        if self.kind == self.OWN and owner is not None:
            return Q(**{owner: self.user_id})
        return Q(pk__in=[])

    def rows(
        self, qs: QuerySet, *, unit_path: str | None = None, owner: str | None = None
    ) -> QuerySet:
        if self.kind == self.ALL:
            return qs
        if self.kind == self.NONE:
            return qs.none()
        return qs.filter(self.q(unit_path=unit_path, owner=owner))


NO_ROWS = RowScope(RowScope.NONE)


def _names(resource: str) -> tuple[str, str, str]:
    app, _, thing = resource.partition(".")
    return (f"{app}.view_all_{thing}", f"{app}.view_unit_{thing}", f"{app}.view_own_{thing}")


def scope_permissions(resource: str) -> tuple[str, ...]:
    """The declared permissions of ``resource``, widest first (for access decorators)."""
    declared = permission_roles()
    names = tuple(n for n in _names(resource) if n in declared)
    if not names:
        raise KeyError(f"No scoped view permission declared for {resource!r}")
    return names


def row_scope(user: User | Any, agency: Agency | None, resource: str) -> RowScope:
    if agency is None or not getattr(user, "is_authenticated", False):
        return NO_ROWS
    cache: dict = user.__dict__.setdefault("_sigap_row_scopes", {})
    key = (agency.pk, resource)
    if key not in cache:
        cache[key] = _compute(user, agency, resource)
    return cache[key]


def units_scope(user: User | Any, agency: Agency, roles: Iterable[str]) -> RowScope:
    """The subtrees of the units of ``agency`` where ``user`` holds one of ``roles``
    (no such grant: no rows). The paths come from the grants the request has already
    read with their units: no statement of its own, on every scoped staff page."""
    wanted = frozenset(roles)
    paths = {
        g.unit.path
        for g in grants_of(user)
        if g.agency_id == agency.pk
        and g.role in wanted
        and g.unit_id
        # Explicitly this agency's units: the answer must not depend on which agency
        # happens to be active.
        and g.unit.agency_id == agency.pk
    }
    return RowScope(RowScope.UNITS, unit_paths=tuple(sorted(paths))) if paths else NO_ROWS


def _compute(user: User, agency: Agency, resource: str) -> RowScope:
    declared = permission_roles()
    view_all, view_unit, view_own = _names(resource)
    if is_system_admin(user) or (view_all in declared and has_perm(user, agency, view_all)):
        return RowScope(RowScope.ALL)
    if view_unit in declared:
        units = units_scope(user, agency, declared[view_unit])
        if not units.sees_nothing:
            return units
    if view_own in declared and has_perm(user, agency, view_own):
        return RowScope(RowScope.OWN, user_id=user.pk)
    return NO_ROWS
