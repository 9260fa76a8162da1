"""Start-up checks of the notification settings: a bad value fails loudly at start-up
(``manage.py check`` and every server start), not at the first message."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string


@register()
def check_notification_settings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    for name in ("SIGAP_SMS_ADAPTER", "SIGAP_WHATSAPP_ADAPTER"):
        path = getattr(settings, name)
        try:
            adapter = import_string(path)
        except ImportError as exc:
            errors.append(Error(f"{name}: cannot import {path!r} ({exc})", id="notifications.E001"))
            continue
        if not callable(getattr(adapter, "send", None)):
            errors.append(Error(f"{name}: {path!r} has no send(delivery)", id="notifications.E002"))
    for name in ("SIGAP_NOTIFICATION_MAX_ATTEMPTS", "SIGAP_NOTIFICATION_RETRY_SECONDS"):
        if getattr(settings, name) < 1:
            errors.append(Error(f"{name} must be at least 1", id="notifications.E003"))
    if not settings.SIGAP_PUBLIC_URL.startswith(("http://", "https://")):
        errors.append(
            Error("SIGAP_PUBLIC_URL must start with http:// or https://", id="notifications.E004")
        )
    return errors
