"""What an app declares so that the shell can plug it in without a central list.

Each Sigap app's ``AppConfig`` subclasses ``SigapAppConfig`` and says, in one place:

* ``permissions``: permission name -> the roles that hold it in their agency (names say
  their scope: ``workforce.view_all_asn`` vs ``workforce.view_unit_asn``);
* ``menu``: staff navigation entries, each gated by a permission;
* ``public_menu``: what the citizen-facing home offers (only what the app has built);
* ``urls`` / ``api_router``: dotted paths of its URLconf and its ninja router;
* ``demo_seeder`` and ``demo_after``: its demo data and the apps whose demo it needs;
* ``periodic_tasks``: self-rescheduling tasks (sweeps, reminders) the worker runs.

The shell (navigation, ``seed_demo``), ``config.urls``, ``config.api`` and
``accounts.roles`` read these through the app registry, so adding an app touches that
app and ``INSTALLED_APPS`` only.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache

from django.apps import AppConfig, apps
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles a user can hold in an agency. The vocabulary lives here, below every
    app, so that apps can declare who holds their permissions without importing
    ``accounts`` models; ``accounts.RoleGrant`` stores them."""

    SYSTEM_ADMIN = "system_admin", _("Admin sistem")
    AGENCY_ADMIN = "agency_admin", _("Admin pemda")
    HR = "hr", _("BKPSDM (kepegawaian)")
    UNIT_HEAD = "unit_head", _("Kepala unit")
    OFFICER = "officer", _("Petugas layanan")
    LEADERSHIP = "leadership", _("Pimpinan")
    INSPECTOR = "inspector", _("Inspektorat")


ALL_STAFF: frozenset[str] = frozenset(
    {Role.AGENCY_ADMIN, Role.HR, Role.UNIT_HEAD, Role.OFFICER, Role.LEADERSHIP, Role.INSPECTOR}
)
# Installation-wide, not per agency: ``user.has_perm(SYSTEM_ADMIN_PERMISSION)`` with no
# object is true for system administrators only (the accounts role backend answers it).
SYSTEM_ADMIN_PERMISSION = "platform.administer_installation"
# Roles whose grant is scoped to one unit (and its subtree) rather than the whole agency.
UNIT_SCOPED_ROLES: frozenset[str] = frozenset({Role.UNIT_HEAD, Role.OFFICER})


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    permission: str | tuple[str, ...]  # one, or any of several (scoped variants)
    order: int = 100

    @property
    def permissions(self) -> tuple[str, ...]:
        return (self.permission,) if isinstance(self.permission, str) else self.permission

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    @property
    def resolves(self) -> bool:
        try:
            reverse(self.url_name)
        except NoReverseMatch:
            return False
        return True


class SigapAppConfig(AppConfig):
    # Not a candidate itself when Django looks for the AppConfig of an apps.py that
    # imports it; each app's subclass sets ``default = True``.
    default = False
    permissions: Mapping[str, frozenset[str]] = {}
    menu: tuple[MenuEntry, ...] = ()
    public_menu: tuple[MenuEntry, ...] = ()
    urls: str | None = None
    api_router: str | None = None  # "module.path:attribute"
    demo_seeder: str | None = None  # "module.path:function"
    demo_after: tuple[str, ...] = ()  # app labels whose demo must exist first
    # Self-rescheduling tasks ("module.path:task"), started by ``manage.py start_periodic``.
    periodic_tasks: tuple[str, ...] = ()


def sigap_apps() -> Iterator[SigapAppConfig]:
    """Sigap apps in ``INSTALLED_APPS`` order."""
    for config in apps.get_app_configs():
        if isinstance(config, SigapAppConfig):
            yield config


@cache
def permission_roles() -> dict[str, frozenset[str]]:
    """Every declared permission and the roles holding it. A name declared twice is a
    mistake (two apps claiming one permission) and stops start-up."""
    table: dict[str, frozenset[str]] = {}
    for config in sigap_apps():
        for name, roles in config.permissions.items():
            if name in table:
                raise ValueError(f"Permission {name!r} declared twice ({config.label})")
            unknown = set(roles) - set(Role.values)
            if unknown:
                raise ValueError(f"Permission {name!r}: unknown roles {sorted(unknown)}")
            table[name] = frozenset(roles)
    return table


def is_declared(permission: str) -> bool:
    return permission in permission_roles()


def check_declared(permission: str) -> str:
    """Fail at import time on a misspelt permission (once the registry is ready)."""
    if apps.ready and not is_declared(permission):
        raise KeyError(f"Unknown permission {permission!r}")
    return permission


def staff_menu() -> list[MenuEntry]:
    entries = [e for config in sigap_apps() for e in config.menu]
    return sorted(entries, key=lambda e: e.order)


def public_menu() -> list[MenuEntry]:
    entries = [e for config in sigap_apps() for e in config.public_menu]
    return sorted(entries, key=lambda e: e.order)
