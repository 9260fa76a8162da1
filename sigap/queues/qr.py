"""QR codes for tickets and bookings: the platform's local QR (segno, inline SVG)."""

from sigap.platform.qr import qr_svg

__all__ = ["qr_svg"]
