"""Place cards: A4 sheets folded into tent cards for the plenary table, one person each.

The sheet is landscape and folds along its middle: both halves carry the name, the name in
the person's own script and the delegation, the upper half turned upside down so that once
folded each face reads upright from its side of the table. Every string picks its own font
(app.pdf.font_for) and shrinks to the card's width, never below a legible size.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.documents.fonts import font_for
from app.documents.text import fit_font_size

PAGE_W, PAGE_H = landscape(A4)
FACE_H = PAGE_H / 2
SIDE = 18 * mm
INK = HexColor("#111111")
MUTED = HexColor("#3c4654")
FOLD = HexColor("#9aa5b4")


@dataclass(frozen=True, slots=True)
class PlaceCard:
    name: str  # as printed: given names and FAMILY NAME, with the honorific if any
    native_name: str  # the name in the person's own script, or ""
    delegation: str  # the delegation's name in the card's language


def _line(c: Canvas, text: str, y: float, bold: bool, start: float, minimum: float, colour):
    """One centred line at baseline y, as large as start and the width allow."""
    font = font_for(text, bold)
    size = fit_font_size(text, font, PAGE_W - 2 * SIDE, start, minimum)
    c.setFont(font, size)
    c.setFillColor(colour)
    c.drawCentredString(PAGE_W / 2, y, text)
    return size


def _face(c: Canvas, card: PlaceCard) -> None:
    """One face, drawn upright in the band 0..FACE_H (the fold at the top)."""
    # From the bottom edge up: the delegation, then the native name, the name above them.
    y = 16 * mm
    _line(c, card.delegation, y, False, 26, 10, MUTED)
    y += 16 * mm
    if card.native_name and card.native_name != card.name:
        _line(c, card.native_name, y, False, 40, 14, INK)
        y += 24 * mm
    else:
        y += 8 * mm
    _line(c, card.name, y, True, 64, 18, INK)


def place_cards_pdf(cards: Iterable[PlaceCard], title: str) -> bytes:
    """One landscape A4 page per card, to fold along the dashed line."""
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(PAGE_W, PAGE_H), pageCompression=1)
    c.setTitle(title)
    c.setCreator("Accredit")
    drawn = 0
    for card in cards:
        _face(c, card)
        c.saveState()
        # The upper half, turned half a turn about the page's centre.
        c.translate(PAGE_W, PAGE_H)
        c.rotate(180)
        _face(c, card)
        c.restoreState()
        c.setStrokeColor(FOLD)
        c.setLineWidth(0.4)
        c.setDash(4, 4)
        c.line(0, FACE_H, PAGE_W, FACE_H)
        c.showPage()
        drawn += 1
    if not drawn:
        c.showPage()
    c.save()
    return buffer.getvalue()
