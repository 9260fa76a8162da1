"""Role-aware staff navigation, collected from the apps' declarations."""

from __future__ import annotations

from typing import Any

from sigap.platform.access import may_any
from sigap.platform.declarations import MenuEntry, staff_menu

# The menu is the same for every request; which URLs resolve is known once the URLconf
# is loaded, so it is worked out once per process (the shell's context processor runs
# on every staff page).
_RESOLVED: list[MenuEntry] | None = None


def resolved_menu() -> list[MenuEntry]:
    global _RESOLVED
    if _RESOLVED is None:
        _RESOLVED = [entry for entry in staff_menu() if entry.resolves]
    return _RESOLVED


def menu_for(user: Any, agency: Any) -> list[dict[str, str]]:
    return [
        {"label": str(e.label), "url": e.url, "url_name": e.url_name}
        for e in resolved_menu()
        if may_any(user, agency, e.permissions)
    ]
