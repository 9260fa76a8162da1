"""A point on a map, for forms that take a place (complaints today).

The map only adds to fields that work alone: the address, the latitude and longitude
inputs (which keyboard and screen-reader users fill directly) and "use my location". It
appears only when the installation names a tile server (``SIGAP_MAP_TILE_URL``): tiles
never come from a host the pemda did not choose, and on an intranet that server is the
pemda's own (docs/operations.md, "Map tiles"). Leaflet comes from its PyPI package
(``xstatic-leaflet``, served under ``/static/leaflet/``) and is loaded only when the
person opens the map, so the form stays light on a phone.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class MapSettings:
    tile_url: str
    attribution: str
    latitude: float
    longitude: float
    zoom: int


def map_settings() -> MapSettings | None:
    """The installation's map, or None when no tile server is configured."""
    tile_url = getattr(settings, "SIGAP_MAP_TILE_URL", "")
    if not tile_url:
        return None
    if not all(part in tile_url for part in ("{z}", "{x}", "{y}")):
        raise ImproperlyConfigured("SIGAP_MAP_TILE_URL must contain {z}, {x} and {y}.")
    try:
        lat, lon, zoom = (p.strip() for p in settings.SIGAP_MAP_CENTER.split(","))
        center = (float(lat), float(lon), int(zoom))
    except ValueError as exc:
        raise ImproperlyConfigured(
            "SIGAP_MAP_CENTER must read 'latitude,longitude,zoom', e.g. '-2.5,118.0,5'."
        ) from exc
    return MapSettings(tile_url, settings.SIGAP_MAP_ATTRIBUTION, *center)


def tile_origin() -> str:
    """The tile server's origin for the Content-Security-Policy's img-src; empty when
    there is none or the tiles come from Sigap's own host (a path such as /peta/…)."""
    config = map_settings()
    if config is None:
        return ""
    parts = urlsplit(config.tile_url.replace("{s}", "a"))
    if not parts.scheme or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}"
