"""Start-up checks of the platform's settings: a bad value fails at ``manage.py check``
and every server start, not on the first page that shows a map."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from sigap.platform.maps import map_settings


@register()
def check_map_settings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    try:
        map_settings()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="platform.E001")]
    return []
