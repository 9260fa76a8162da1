"""Notifications: ``from sigap.notifications import notify``.

``notify`` is loaded on first use: this package is imported while Django is still
loading its apps, before models may be.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "notify":
        from sigap.notifications.inbox import notify

        return notify
    raise AttributeError(name)
