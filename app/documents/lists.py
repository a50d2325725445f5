"""PDFs of the desk drawn on a ReportLab canvas: the List of Participants in protocol order,
and the paper check-in list (a box per person) for when the network fails.

Every string picks its own font (app.documents.fonts.font_for), so Chinese, Cyrillic or Arabic names
print without any font installed by hand. Pages are numbered "n / total", the total drawn
from a form written after the last page, so pages are not kept until the end.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale, format_datetime
from flask_babel import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from app.documents.fonts import font_for
from app.documents.text import fit_font_size, wrap_lines


@dataclass(slots=True)
class Member:
    """One participant as the printed lists show them: plain values, no ORM object, so a
    list of 50,000 holds one delegation's members at a time."""

    id: int
    honorific: str
    given_names: str
    family_name: str
    native_name: str
    position: str
    organization: str
    category_id: int
    head: bool


@dataclass(frozen=True, slots=True)
class Group:
    """A delegation's heading: its name in the list's language, and the heading of its kind
    (countries, organizations, others) drawn when the kind changes."""

    name: str
    kind_heading: str


@dataclass(frozen=True, slots=True)
class ListHeading:
    """What the first page says about the forum."""

    forum_name: str
    forum_details: str  # venue, city, dates
    as_of: datetime
    emblem: bytes | None = None


PAGE_W, PAGE_H = A4
MARGIN = 16 * mm
TOP = PAGE_H - MARGIN
BOTTOM = MARGIN + 8 * mm  # room for the page number
INK = HexColor("#1b1b1b")
MUTED = HexColor("#5a6472")
ACCENT = HexColor("#17365d")
RULE = HexColor("#b8c4d3")


class _NumberedCanvas(canvas.Canvas):
    """Stamps "n / total" on each page as it ends. The total is not known until the last
    page, so each footer draws it from a form (a PDF XObject) that is written once, at the
    end: pages go out as they are drawn instead of being kept until the end."""

    TOTAL_FORM = "page-total"

    def __init__(self, *args, footer_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._footer_text = footer_text
        self._footer_font = font_for(footer_text + "0123456789 /·")
        self._text = None
        self._text_font: tuple | None = None
        self._text_colour = None

    def text(self, x: float, y: float, text: str, font: str, size: float, colour) -> None:
        """drawString, but into one text object per page: a list of 50,000 draws some
        150,000 strings, and a text object of its own for each costs half the time."""
        t = self._text
        if t is None:
            t = self._text = self.beginText()
            self._text_font = self._text_colour = None
        if self._text_font != (font, size):
            t.setFont(font, size)
            self._text_font = (font, size)
        if self._text_colour is not colour:
            t.setFillColor(colour)
            self._text_colour = colour
        t.setTextOrigin(x, y)
        t.textOut(text)

    def _flush_text(self) -> None:
        if self._text is not None:
            self.drawText(self._text)
            self._text = None

    def showPage(self):  # noqa: N802  (ReportLab's name)
        self._flush_text()
        number = self.getPageNumber()
        text = f"{self._footer_text} · {number} / " if self._footer_text else f"{number} / "
        size = 7.5
        width = stringWidth(text, self._footer_font, size)
        # Centred as if the total had as many digits as this page's number.
        x = (PAGE_W - width - stringWidth(str(number), self._footer_font, size)) / 2
        self.setFont(self._footer_font, size)
        self.setFillColor(MUTED)
        self.drawString(x, MARGIN, text)
        self.saveState()
        self.translate(x + width, MARGIN)
        self.doForm(self.TOTAL_FORM)
        self.restoreState()
        super().showPage()

    def save(self):
        total = self.getPageNumber() - 1
        self.beginForm(self.TOTAL_FORM)
        self.setFont(self._footer_font, 7.5)
        self.setFillColor(MUTED)
        self.drawString(0, 0, str(total))
        self.endForm()
        super().save()


def _draw_runs(c: _NumberedCanvas, x: float, y: float, runs, max_width: float) -> None:
    """Draw (text, bold, size, colour) runs on one line, each in a font that covers it;
    all shrink together when the line is too wide."""
    runs = [(t, font_for(t, bold), s, col) for t, bold, s, col in runs if t]
    widths = [stringWidth(t, f, s) for t, f, s, _c in runs]
    width = sum(widths)
    scale = min(1.0, max_width / width) if width else 1.0
    for (text, font, size, colour), run_width in zip(runs, widths, strict=True):
        c.text(x, y, text, font, size * scale, colour)
        x += run_width * scale


class _Columns:
    """A flow of blocks down two columns, page after page."""

    def __init__(self, c: canvas.Canvas, running_title: str, columns: int = 2):
        self.c = c
        self.running_title = running_title
        self.columns = columns
        self.gutter = 8 * mm
        self.col_w = (PAGE_W - 2 * MARGIN - (columns - 1) * self.gutter) / columns
        self.col = 0
        self.top = TOP
        self.y = TOP
        self.page_started = False
        # Called after a column or page break, e.g. to repeat a heading "(continued)".
        self.on_break = None

    @property
    def x(self) -> float:
        return MARGIN + self.col * (self.col_w + self.gutter)

    def start_page(self, first_page_height: float = 0) -> None:
        self.page_started = True
        if first_page_height:
            self.top = TOP - first_page_height
        else:
            font = font_for(self.running_title)
            self.c.setFont(font, 7.5)
            self.c.setFillColor(MUTED)
            self.c.drawString(MARGIN, TOP - 2, self.running_title)
            self.c.setStrokeColor(RULE)
            self.c.setLineWidth(0.5)
            self.c.line(MARGIN, TOP - 6, PAGE_W - MARGIN, TOP - 6)
            self.top = TOP - 14
        self.col = 0
        self.y = self.top

    def need(self, height: float) -> None:
        """Move to the next column or page unless height fits below y."""
        if self.y - height >= BOTTOM:
            return
        if self.col + 1 < self.columns:
            self.col += 1
            self.y = self.top
        else:
            self.c.showPage()
            self.start_page()
        if self.on_break:
            self.on_break()


def _title_block(
    c: canvas.Canvas, title: str, subtitle: str, note: str, emblem: bytes | None = None
) -> float:
    """The first page's heading, the forum's emblem at its end; returns the height it takes."""
    y = TOP - 4
    width = PAGE_W - 2 * MARGIN
    if emblem:
        size = 16 * mm
        c.drawImage(
            ImageReader(io.BytesIO(emblem)),
            PAGE_W - MARGIN - size,
            TOP - size,
            size,
            size,
            mask="auto",
        )
        width -= size + 4 * mm
    size = fit_font_size(title, font_for(title, True), width, 20, 12)
    _draw_runs(c, MARGIN, y - size, [(title, True, size, ACCENT)], width)
    y -= size + 8
    for line in wrap_lines(subtitle, font_for(subtitle), 10.5, width)[:3]:
        _draw_runs(c, MARGIN, y - 10.5, [(line, False, 10.5, INK)], width)
        y -= 14
    if note:
        _draw_runs(c, MARGIN, y - 9, [(note, False, 8.5, MUTED)], width)
        y -= 13
    if emblem:
        y = min(y, TOP - 16 * mm - 4)
    c.setStrokeColor(ACCENT)
    c.setLineWidth(1.2)
    c.line(MARGIN, y - 2, PAGE_W - MARGIN, y - 2)
    return TOP - y + 12


def _as_of(when: datetime) -> str:
    return _("As of %(when)s", when=format_datetime(when, "medium"))


def _entry_lines(p: Member, width: float) -> list[tuple]:
    """The lines of one entry: (runs, height)."""
    name = " ".join(x for x in (p.honorific, p.given_names, p.family_name.upper()) if x)
    lines: list[tuple] = [([(name, True, 9.5, INK)], 12.0)]
    if p.native_name:
        # Own script on the same line when it fits, else on its own line.
        joined = stringWidth(name, font_for(name, True), 9.5) + stringWidth(
            "  " + p.native_name, font_for(p.native_name), 9.5
        )
        if joined <= width:
            lines[0] = ([(name, True, 9.5, INK), ("  " + p.native_name, False, 9.5, INK)], 12.0)
        else:
            lines.append(([(p.native_name, False, 9.5, INK)], 12.0))
    for text, colour in ((p.position, INK), (p.organization, MUTED)):
        if text:
            font = font_for(text)
            for line in wrap_lines(text, font, 8.5, width):
                lines.append(([(line, False, 8.5, colour)], 10.5))
    return lines


def list_of_participants_pdf(
    groups: Iterable[tuple[Group, list[Member]]], heading: ListHeading, lang: str
) -> bytes:
    """The List of Participants: delegations in the order given (protocol order), the head
    of each first."""
    with force_locale(lang):
        title = _("List of Participants")
        forum_name = heading.forum_name
        subtitle = " — ".join(p for p in (forum_name, heading.forum_details) if p)
        note = _as_of(heading.as_of)
        buffer = io.BytesIO()
        c = _NumberedCanvas(buffer, pagesize=A4, footer_text=title)
        c.setTitle(f"{title} — {forum_name}" if forum_name else title)
        c.setAuthor(forum_name or "Accredit")
        c.setSubject(title)
        flow = _Columns(c, f"{forum_name} — {title}" if forum_name else title)
        flow.start_page(first_page_height=_title_block(c, title, subtitle, note, heading.emblem))
        current_kind = None
        any_group = False
        for group, members in groups:
            any_group = True
            flow.on_break = None
            name = group.name
            first = _entry_lines(members[0], flow.col_w) if members else []
            first_h = sum(h for _r, h in first) + 4
            if group.kind_heading != current_kind:
                current_kind = group.kind_heading
                flow.need(22 + 20 + first_h)
                _draw_runs(
                    c,
                    flow.x,
                    flow.y - 12,
                    [(group.kind_heading.upper(), True, 10.5, ACCENT)],
                    flow.col_w,
                )
                flow.y -= 22
            # Long names (organizations) wrap rather than shrink.
            heading_lines = wrap_lines(name, font_for(name, True), 11, flow.col_w)[:3] or [""]
            heading_h = 14 * len(heading_lines) + 6
            flow.need(heading_h + first_h)
            for i, line in enumerate(heading_lines):
                _draw_runs(c, flow.x, flow.y - 11 - 14 * i, [(line, True, 11, ACCENT)], flow.col_w)
            c.setStrokeColor(RULE)
            c.setLineWidth(0.6)
            c.line(flow.x, flow.y - heading_h + 5, flow.x + flow.col_w, flow.y - heading_h + 5)
            flow.y -= heading_h
            flow.on_break = _continued(flow, name)
            for p in members:
                lines = _entry_lines(p, flow.col_w - 4 * mm)
                flow.need(sum(h for _r, h in lines) + 4)
                for runs, height in lines:
                    _draw_runs(c, flow.x + 2 * mm, flow.y - height + 2.5, runs, flow.col_w - 4 * mm)
                    flow.y -= height
                flow.y -= 5
            flow.y -= 6
        _finish(c, flow, any_group)
        return buffer.getvalue()


def _finish(c: _NumberedCanvas, flow: _Columns, any_group: bool) -> None:
    """End the document: a line when nothing was listed, the last page, the page total."""
    flow.on_break = None
    if not any_group:
        _draw_runs(c, MARGIN, flow.y - 12, [(_("No participants."), False, 10, MUTED)], flow.col_w)
    c.showPage()
    c.save()


def _continued(flow: _Columns, heading: str):
    """Repeat a delegation's heading, marked as continued, at the top of a new column."""
    text = _("%(name)s (continued)", name=heading)
    lines = wrap_lines(text, font_for(text, True), 9.5, flow.col_w)[:3]

    def draw():
        for line in lines:
            _draw_runs(flow.c, flow.x, flow.y - 10, [(line, True, 9.5, MUTED)], flow.col_w)
            flow.y -= 12
        flow.y -= 4

    return draw


# Columns of the check-in list, from the left of the column.
_NAME_X = 10 * mm
_NATIVE_X = 95 * mm
_CATEGORY_X = 140 * mm
_ROW_H = 17.0


def _checkin_row(c: _NumberedCanvas, flow: _Columns, p: Member, category: str) -> None:
    """One person of the check-in list: a box to tick, the name, own script, category."""
    flow.need(_ROW_H)
    base = flow.y - _ROW_H + 5
    c.setStrokeColor(INK)
    c.setLineWidth(0.8)
    c.rect(flow.x + 1 * mm, base - 1.5, 4 * mm, 4 * mm, stroke=1, fill=0)
    name = " ".join(x for x in (p.honorific, p.given_names, p.family_name.upper()) if x)
    _draw_runs(c, flow.x + _NAME_X, base, [(name, p.head, 10, INK)], _NATIVE_X - _NAME_X - 3 * mm)
    if p.native_name:
        _draw_runs(
            c,
            flow.x + _NATIVE_X,
            base,
            [(p.native_name, False, 10, INK)],
            _CATEGORY_X - _NATIVE_X - 3 * mm,
        )
    _draw_runs(
        c, flow.x + _CATEGORY_X, base, [(category, False, 9, MUTED)], flow.col_w - _CATEGORY_X
    )
    c.setStrokeColor(RULE)
    c.setLineWidth(0.3)
    c.line(flow.x, flow.y - _ROW_H, flow.x + flow.col_w, flow.y - _ROW_H)
    flow.y -= _ROW_H


def checkin_list_pdf(
    groups: Iterable[tuple[Group, list[Member]]],
    category_names: dict[int, str],
    heading: ListHeading,
    lang: str,
) -> bytes:
    """The paper check-in list: per delegation in the order given, a box to tick per person."""
    with force_locale(lang):
        title = _("Check-in list")
        forum_name = heading.forum_name
        buffer = io.BytesIO()
        c = _NumberedCanvas(buffer, pagesize=A4, footer_text=title)
        c.setTitle(f"{title} — {forum_name}" if forum_name else title)
        flow = _Columns(c, f"{forum_name} — {title}" if forum_name else title, columns=1)
        flow.start_page(first_page_height=_title_block(c, title, forum_name, _as_of(heading.as_of)))
        any_group = False
        for group, members in groups:
            any_group = True
            flow.on_break = None
            flow.need(22 + _ROW_H)
            _draw_runs(
                c,
                flow.x,
                flow.y - 12,
                [(f"{group.name} ({len(members)})", True, 11, ACCENT)],
                flow.col_w,
            )
            flow.y -= 18
            flow.on_break = _continued(flow, group.name)
            for p in members:
                _checkin_row(c, flow, p, category_names.get(p.category_id, ""))
            flow.y -= 8
        _finish(c, flow, any_group)
        return buffer.getvalue()
