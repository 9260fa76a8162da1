"""QR codes made locally (segno), as inline SVG: no image service, no network."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str, *, scale: int = 4, title: str = "") -> SafeString:
    svg = segno.make(data, error="m").svg_inline(scale=scale, title=title or None, svgclass="qr")
    return mark_safe(svg)  # noqa: S308 - segno's own output, data escaped by segno
