"""``{% point_map form.lat form.long %}``: a map to choose or show a point, when the
installation has a tile server (sigap.platform.maps); nothing otherwise."""

from __future__ import annotations

from typing import Any

from django import template

from sigap.platform.maps import map_settings

register = template.Library()


@register.inclusion_tag("platform/_point_map.html")
def point_map(lat: Any = None, long: Any = None, *, readonly: bool = False) -> dict[str, Any]:
    """``lat``/``long``: bound form fields (the map fills them) or, with ``readonly``,
    the point's values to show."""
    config = map_settings()
    if config is None:
        return {"map": None}
    if readonly:
        return {"map": config, "readonly": True, "lat": lat, "long": long}
    return {
        "map": config,
        "readonly": False,
        "lat_id": lat.id_for_label if lat is not None else "",
        "long_id": long.id_for_label if long is not None else "",
    }
