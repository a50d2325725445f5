"""The day's bilateral schedule as a PDF for the protocol team, from plain rows.

A row: {"start", "end" (HH:MM), "room", "requester", "counterpart", "heads" (two names),
"subject"}. Landscape A4, a table that continues on as many pages as it needs.
"""

from __future__ import annotations

import io
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from app.documents.fonts import font_for

PAGE_W, PAGE_H = landscape(A4)
MARGIN = 14 * mm
INK = HexColor("#1b1b1b")
MUTED = HexColor("#5a6472")
RULE = HexColor("#b8c4d3")
SIZE = 9.5
LEADING = 12
# Column widths as shares of the printable width: time, room, delegations, heads, subject.
SHARES = (0.09, 0.13, 0.27, 0.24, 0.27)


def _wrap(text: str, width: float) -> list[str]:
    """Lines of text no wider than width (words, or characters for unspaced scripts)."""
    font = font_for(text)
    lines, line = [], ""
    for word in text.split(" ") if " " in text else list(text):
        joiner = " " if " " in text and line else ""
        candidate = f"{line}{joiner}{word}"
        if line and stringWidth(candidate, font, SIZE) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines or [""]


def _cells(row: dict) -> list[list[str]]:
    return [
        [f"{row['start']}–{row['end']}"],
        [row["room"]],
        [row["requester"], row["counterpart"]],
        [h or "—" for h in row["heads"]],
        [row["subject"]],
    ]


def _header(c: canvas.Canvas, title: str, day: date, widths: list[float]) -> float:
    heading = _("Bilateral meetings")
    c.setFillColor(INK)
    c.setFont(font_for(heading, bold=True), 15)
    c.drawString(MARGIN, PAGE_H - MARGIN - 4 * mm, heading)
    sub = f"{title} · {format_date(day, 'full')}"
    c.setFont(font_for(sub), 10)
    c.setFillColor(MUTED)
    c.drawString(MARGIN, PAGE_H - MARGIN - 10 * mm, sub)
    y = PAGE_H - MARGIN - 18 * mm
    labels = (_("Time"), _("Room"), _("Delegations"), _("Heads of delegation"), _("Subject"))
    x = MARGIN
    c.setFillColor(INK)
    for label, width in zip(labels, widths, strict=True):
        c.setFont(font_for(label, bold=True), SIZE)
        c.drawString(x, y, label)
        x += width
    c.setStrokeColor(RULE)
    c.line(MARGIN, y - 3, PAGE_W - MARGIN, y - 3)
    return y - LEADING - 2


def day_schedule_pdf(rows: list[dict], day: date, title: str) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(PAGE_W, PAGE_H), pageCompression=1)
    c.setTitle(f"{_('Bilateral meetings')} {day.isoformat()}")
    widths = [share * (PAGE_W - 2 * MARGIN) for share in SHARES]
    y = _header(c, title, day, widths)
    if not rows:
        text = _("No bilateral meetings are scheduled on this day.")
        c.setFont(font_for(text), SIZE)
        c.drawString(MARGIN, y, text)
    for row in rows:
        columns = [
            [line for part in parts for line in _wrap(part, width - 4)]
            for parts, width in zip(_cells(row), widths, strict=True)
        ]
        height = max(len(col) for col in columns) * LEADING + 4
        if y - height < MARGIN:
            c.showPage()
            y = _header(c, title, day, widths)
        x = MARGIN
        c.setFillColor(INK)
        for col, width in zip(columns, widths, strict=True):
            for i, line in enumerate(col):
                c.setFont(font_for(line), SIZE)
                c.drawString(x, y - i * LEADING, line)
            x += width
        y -= height
        c.setStrokeColor(RULE)
        c.line(MARGIN, y + LEADING - 4, PAGE_W - MARGIN, y + LEADING - 4)
    c.showPage()
    c.save()
    return out.getvalue()
