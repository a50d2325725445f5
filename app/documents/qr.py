"""QR codes of badge secrets for screens and e-mails (the badge PDF draws its own)."""

from __future__ import annotations

import io

import segno
from markupsafe import Markup


def qr_png(text: str, scale: int = 6) -> bytes:
    """A PNG an ordinary scanner reads from a phone screen or a printed e-mail."""
    buffer = io.BytesIO()
    segno.make_qr(text, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def qr_svg(text: str, title: str = "") -> Markup:
    """Inline SVG (no style attributes, so the strict CSP allows it)."""
    svg = segno.make_qr(text, error="m").svg_inline(
        scale=5, border=4, title=title or None, svgclass="qr-code", lineclass=None, omitsize=False
    )
    return Markup(svg)  # noqa: S704  (segno's own markup; the title is escaped by segno)
