"""The active tenant (agency) for the current request, task or command.

This is the single scoping mechanism: every model that belongs to an agency uses
``TenantManager`` as its default manager, which filters by the active agency and
refuses to run at all when none is active (fail closed). Views and the API get the
agency from ``TenantMiddleware`` / the API auth; commands and tasks call
``activate(agency)`` or, for deliberate cross-tenant work, ``unscoped()``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sigap.tenancy.models import Agency


class NoActiveTenant(RuntimeError):
    """A tenant-scoped query ran with no agency active and outside ``unscoped()``."""


_UNSCOPED = object()
_active: ContextVar[object | None] = ContextVar("sigap_active_agency", default=None)


def current_agency() -> Agency | None:
    value = _active.get()
    return None if value is _UNSCOPED else value  # type: ignore[return-value]


def is_unscoped() -> bool:
    return _active.get() is _UNSCOPED


def require_agency() -> Agency:
    agency = current_agency()
    if agency is None:
        raise NoActiveTenant("No agency is active")
    return agency


@contextlib.contextmanager
def activate(agency: Agency | None) -> Iterator[Agency | None]:
    token = _active.set(agency)
    try:
        yield agency
    finally:
        _active.reset(token)


@contextlib.contextmanager
def unscoped() -> Iterator[None]:
    """Cross-tenant access for system work (seeding, migrations, system admin)."""
    token = _active.set(_UNSCOPED)
    try:
        yield
    finally:
        _active.reset(token)


def set_for_request(agency: Agency | None) -> None:
    """Used by middleware/API auth inside an ``activate`` block they own."""
    _active.set(agency)


@contextlib.contextmanager
def acting_for(agency: Agency) -> Iterator[Agency]:
    """Domain write functions run inside this: they write for ``agency`` and no other.

    From a command/task (nothing or ``unscoped`` active) it activates ``agency``; inside a
    request for the same agency it changes nothing; for another agency it refuses.
    """
    active = _active.get()
    if active is not None and active is not _UNSCOPED and active.pk != agency.pk:  # type: ignore[attr-defined]
        raise NoActiveTenant(f"Agency {agency.pk} written while agency {active.pk} is active")  # type: ignore[attr-defined]
    with activate(agency):
        yield agency
