"""Certificates of attendance: one A4 page each, with the verification code, its address and
a QR code of that address, so anyone holding the paper can confirm it on the forum's site.

Works from plain rows whose strings are already in the certificate's language; writes into a
binary file, page by page, so a bulk download of every participant stays small in memory.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from app.documents.fonts import font_for
from app.documents.qr import qr_png
from app.documents.text import fit_font_size, wrap_lines

PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
INK = HexColor("#1b1b1b")
MUTED = HexColor("#5a6472")
ACCENT = HexColor("#17365d")
GOLD = HexColor("#a67c00")


@dataclass(frozen=True, slots=True)
class CertificateRow:
    """Everything one certificate prints, in its language."""

    forum: str  # the forum's name
    title: str  # "Certificate of Attendance"
    certify: str  # "This is to certify that"
    name: str
    native_name: str
    delegation: str  # "Delegation of …" line
    attended: str  # "attended the … held in … from … to …"
    signatory: str
    signatory_title: str
    code_label: str  # "Verification code: ABCD-…"
    verify_label: str  # "Confirm it at"
    verify_url: str


def _centred(c: Canvas, text: str, y: float, bold: bool, size: float, colour, minimum=8.0):
    font = font_for(text, bold)
    c.setFont(font, fit_font_size(text, font, PAGE_W - 2 * MARGIN - 20 * mm, size, minimum))
    c.setFillColor(colour)
    c.drawCentredString(PAGE_W / 2, y, text)


def _paragraph(c: Canvas, text: str, y: float, size: float) -> float:
    """Centred lines of text wrapped to the page; returns the y below them."""
    font = font_for(text)
    for line in wrap_lines(text, font, size, PAGE_W - 2 * MARGIN - 30 * mm):
        c.setFont(font, size)
        c.setFillColor(INK)
        c.drawCentredString(PAGE_W / 2, y, line)
        y -= size * 1.45
    return y


def _frame(c: Canvas) -> None:
    c.setStrokeColor(ACCENT)
    c.setLineWidth(2.2)
    c.rect(10 * mm, 10 * mm, PAGE_W - 20 * mm, PAGE_H - 20 * mm)
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.7)
    c.rect(13 * mm, 13 * mm, PAGE_W - 26 * mm, PAGE_H - 26 * mm)


def _certificate(c: Canvas, row: CertificateRow, emblem: ImageReader | None) -> None:
    _frame(c)
    y = PAGE_H - 30 * mm
    if emblem:
        size = 26 * mm
        c.drawImage(emblem, (PAGE_W - size) / 2, y - size, size, size, mask="auto")
        y -= size + 10 * mm
    _centred(c, row.forum, y, True, 13, ACCENT)
    y -= 22 * mm
    _centred(c, row.title, y, True, 30, ACCENT, 16)
    y -= 22 * mm
    _centred(c, row.certify, y, False, 13, MUTED)
    y -= 20 * mm
    _centred(c, row.name, y, True, 28, INK, 14)
    if row.native_name and row.native_name != row.name:
        y -= 13 * mm
        _centred(c, row.native_name, y, False, 20, INK, 12)
    y -= 12 * mm
    _centred(c, row.delegation, y, False, 13, INK)
    y -= 16 * mm
    _paragraph(c, row.attended, y, 13)
    # The signatory at the bottom left, the verification at the bottom right.
    base = 30 * mm
    if row.signatory:
        c.setStrokeColor(MUTED)
        c.setLineWidth(0.5)
        c.line(MARGIN + 6 * mm, base + 16 * mm, MARGIN + 76 * mm, base + 16 * mm)
        for i, (text, bold) in enumerate(((row.signatory, True), (row.signatory_title, False))):
            font = font_for(text, bold)
            c.setFont(font, fit_font_size(text, font, 80 * mm, 10.5, 6))
            c.setFillColor(INK)
            c.drawString(MARGIN + 6 * mm, base + 10 * mm - i * 5 * mm, text)
    qr = 26 * mm
    right = PAGE_W - MARGIN - 6 * mm
    c.drawImage(ImageReader(io.BytesIO(qr_png(row.verify_url, 4))), right - qr, base, qr, qr)
    for i, text in enumerate((row.code_label, row.verify_label, row.verify_url)):
        font = font_for(text, i == 0)
        c.setFont(font, fit_font_size(text, font, 90 * mm, 8.5 if i == 0 else 7.5, 5))
        c.setFillColor(INK if i == 0 else MUTED)
        c.drawRightString(right - qr - 3 * mm, base + 18 * mm - i * 5 * mm, text)


def render_certificates(
    rows: Iterable[CertificateRow], out, title: str, emblem: bytes | None = None
) -> int:
    """Draw one page per row into out (a binary file); returns how many were drawn."""
    image = ImageReader(io.BytesIO(emblem)) if emblem else None
    c = Canvas(out, pagesize=A4, pageCompression=1)
    c.setTitle(title)
    c.setCreator("Accredit")
    count = 0
    for row in rows:
        _certificate(c, row, image)
        c.showPage()
        count += 1
    if not count:
        c.showPage()
    c.save()
    return count
