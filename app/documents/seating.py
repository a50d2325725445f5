"""The seating chart of a plenary hall: the podium at the top, then row after row (or table
after table) of seats, each with its occupant's name and delegation. Landscape A4, as many
pages as the rows need; heads of delegation in bold.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.documents.fonts import font_for
from app.documents.text import wrap_to_fit

PAGE_W, PAGE_H = landscape(A4)
MARGIN = 12 * mm
LABEL_W = 16 * mm  # the row labels at the left
ROW_H = 15 * mm
GAP = 1.2 * mm
INK = HexColor("#1b1b1b")
MUTED = HexColor("#5a6472")
ACCENT = HexColor("#17365d")
EMPTY = HexColor("#c9d1dc")
HEAD_FILL = HexColor("#e8eef6")


@dataclass(frozen=True, slots=True)
class ChartSeat:
    name: str
    delegation: str
    head: bool = False


@dataclass
class SeatingChart:
    title: str  # the hall's name
    subtitle: str  # the forum, its dates
    podium: str  # the label of the podium band
    row_labels: list[str]  # one per row (or table), row 1 first
    seats_per_row: int
    seats: dict[tuple[int, int], ChartSeat] = field(default_factory=dict)  # (row, seat) -> who
    footer: str = ""


def _fitted(c: Canvas, text: str, x: float, y: float, width: float, bold: bool, size, colour):
    """One line centred in width: smaller down to a readable size, then cut with an ellipsis."""
    _lines(c, text, x, y, width, bold, size, colour, max_lines=1)


def _lines(c: Canvas, text, x, y, width, bold, size, colour, max_lines: int) -> None:
    """Text centred in width on at most max_lines lines, the block centred on y."""
    font = font_for(text, bold)
    size, lines = wrap_to_fit(text, font, width, size, 4.5, max_lines)
    c.setFont(font, size)
    c.setFillColor(colour)
    lead = size * 1.15
    top = y + (len(lines) - 1) * lead / 2
    for i, line in enumerate(lines):
        c.drawCentredString(x + width / 2, top - i * lead, line)


def _page_head(c: Canvas, chart: SeatingChart, page: int, pages: int) -> float:
    """Title, subtitle and podium; returns the y below them."""
    y = PAGE_H - MARGIN
    _fitted(c, chart.title, MARGIN, y - 14, PAGE_W - 2 * MARGIN, True, 16, ACCENT)
    _fitted(c, chart.subtitle, MARGIN, y - 28, PAGE_W - 2 * MARGIN, False, 9.5, MUTED)
    top = y - 40
    c.setFillColor(ACCENT)
    c.roundRect(PAGE_W / 2 - 60 * mm, top - 8 * mm, 120 * mm, 8 * mm, 2 * mm, stroke=0, fill=1)
    _fitted(
        c,
        chart.podium,
        PAGE_W / 2 - 60 * mm,
        top - 5.6 * mm,
        120 * mm,
        True,
        10,
        HexColor("#ffffff"),
    )
    footer = f"{chart.footer} · {page} / {pages}" if chart.footer else f"{page} / {pages}"
    _fitted(c, footer, MARGIN, MARGIN / 2, PAGE_W - 2 * MARGIN, False, 7.5, MUTED)
    return top - 8 * mm - 5 * mm


def _seat(c: Canvas, x: float, y: float, w: float, who: ChartSeat | None, number: int) -> None:
    """One seat, its box's top-left corner at (x, y)."""
    h = ROW_H - GAP
    c.setLineWidth(0.5)
    c.setStrokeColor(ACCENT if who else EMPTY)
    c.setFillColor(HEAD_FILL if who and who.head else HexColor("#ffffff"))
    c.rect(x, y - h, w, h, stroke=1, fill=1)
    c.setFont(font_for(str(number)), 5)
    c.setFillColor(MUTED)
    c.drawString(x + 0.8 * mm, y - 2.2 * mm, str(number))
    if who:
        inner = w - 1.6 * mm
        _lines(c, who.name, x + 0.8 * mm, y - h / 2 + 0.8 * mm, inner, who.head, 7.5, INK, 2)
        _fitted(c, who.delegation, x + 0.8 * mm, y - h + 1.8 * mm, inner, False, 6, MUTED)


def seating_chart_pdf(chart: SeatingChart) -> bytes:
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(PAGE_W, PAGE_H), pageCompression=1)
    c.setTitle(chart.title)
    c.setCreator("Accredit")
    first_top = PAGE_H - MARGIN - 40 - 13 * mm
    per_page = max(1, int((first_top - MARGIN) // ROW_H))
    rows = len(chart.row_labels)
    pages = max(1, -(-rows // per_page))
    seat_w = (PAGE_W - 2 * MARGIN - LABEL_W) / chart.seats_per_row
    for page in range(pages):
        y = _page_head(c, chart, page + 1, pages)
        for row in range(page * per_page + 1, min(rows, (page + 1) * per_page) + 1):
            label = chart.row_labels[row - 1]
            _fitted(c, label, MARGIN, y - ROW_H / 2 - 2, LABEL_W - 2 * mm, True, 8, ACCENT)
            for seat in range(1, chart.seats_per_row + 1):
                x = MARGIN + LABEL_W + (seat - 1) * seat_w
                _seat(c, x, y, seat_w - GAP, chart.seats.get((row, seat)), seat)
            y -= ROW_H
        c.showPage()
    c.save()
    return buffer.getvalue()
