"""Role-aware staff navigation, collected from the apps' declarations."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import get_urlconf

from sigap.accounts.roles import permissions_in
from sigap.platform.declarations import MenuEntry, staff_menu

# The menu is the same for every request; which URLs resolve, and to what, is known
# once the URLconf is loaded, so it is worked out once per process (the chrome draws
# the menu on every staff page: reversing 40 URLs and asking the permission backends
# 50 times a page cost more than some pages' own work).
# Per URL configuration, as the chrome keeps its pieces: a test or a benchmark that
# swaps ``ROOT_URLCONF`` gets the menu its URLs give.
_RESOLVED: dict[str, list[tuple[MenuEntry, str]]] = {}


def resolved_menu() -> list[tuple[MenuEntry, str]]:
    """The entries whose URL resolves, each with its URL."""
    urlconf = str(get_urlconf() or settings.ROOT_URLCONF)
    resolved = _RESOLVED.get(urlconf)
    if resolved is None:
        resolved = _RESOLVED[urlconf] = [
            (entry, entry.url) for entry in staff_menu() if entry.resolves
        ]
    return resolved


def entries_held(held: frozenset[str]) -> list[tuple[MenuEntry, str]]:
    """The resolved entries a holder of the permissions ``held`` may open: those that
    name one of them (the same table ``platform.access.may`` asks through Django)."""
    return [
        (entry, url) for entry, url in resolved_menu() if any(p in held for p in entry.permissions)
    ]


def menu_for(user: Any, agency: Any) -> list[dict[str, str]]:
    """The entries ``user`` may open in ``agency``, with their labels and URLs."""
    return [
        {"label": str(entry.label), "url": url, "url_name": entry.url_name}
        for entry, url in entries_held(permissions_in(user, agency))
    ]
