"""The forum's report as a PDF (A4): a title, the headline figures, then sections of
labelled counts with bars. Built from plain rows; knows nothing of the database."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.documents.fonts import font_for
from app.documents.text import fit_font_size

INK = HexColor("#1b1b1b")
MUTED = HexColor("#5a6472")
BAR = HexColor("#17365d")
TRACK = HexColor("#eef1f5")
MARGIN = 18 * mm
LINE = 6 * mm


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[tuple[str, int]]


@dataclass(frozen=True)
class Figure:
    label: str
    value: int


class _Writer:
    def __init__(self, canvas: Canvas, footer: str, lang: str):
        self.c = canvas
        self.footer = footer
        self.lang = lang
        self.width, self.height = A4
        self.y = self.height - MARGIN
        self.page = 1

    def text(self, x, y, text, size, bold=False, colour=INK, width=None, right=False):
        font = font_for(text, bold, self.lang)
        if width:
            size = fit_font_size(text, font, width, size)
        self.c.setFont(font, size)
        self.c.setFillColor(colour)
        (self.c.drawRightString if right else self.c.drawString)(x, y, text)

    def need(self, height: float) -> None:
        if self.y - height < MARGIN + LINE:
            self.finish_page()
            self.c.showPage()
            self.page += 1
            self.y = self.height - MARGIN

    def finish_page(self) -> None:
        self.text(
            MARGIN,
            MARGIN / 2,
            self.footer,
            8,
            colour=MUTED,
            width=self.width - 2 * MARGIN - 20 * mm,
        )
        self.text(self.width - MARGIN, MARGIN / 2, str(self.page), 8, colour=MUTED, right=True)


def _figures(w: _Writer, figures: list[Figure]) -> None:
    w.need(22 * mm)
    column = (w.width - 2 * MARGIN) / max(len(figures), 1)
    for i, figure in enumerate(figures):
        x = MARGIN + i * column
        w.text(x, w.y - 10 * mm, str(figure.value), 26, bold=True, colour=BAR)
        w.text(x, w.y - 16 * mm, figure.label, 9, colour=MUTED, width=column - 4 * mm)
    w.y -= 24 * mm


def _section(w: _Writer, section: Section) -> None:
    w.need(3 * LINE)
    w.text(MARGIN, w.y - LINE, section.title, 13, bold=True)
    w.y -= 1.6 * LINE
    top = max((v for _l, v in section.rows), default=0) or 1
    label_width = 70 * mm
    bar_x = MARGIN + label_width + 2 * mm
    bar_width = w.width - MARGIN - bar_x - 14 * mm
    for label, value in section.rows:
        w.need(LINE)
        w.text(MARGIN, w.y - 4 * mm, label, 9.5, width=label_width)
        w.c.setFillColor(TRACK)
        w.c.rect(bar_x, w.y - 4.6 * mm, bar_width, 3.6 * mm, stroke=0, fill=1)
        w.c.setFillColor(BAR)
        w.c.rect(bar_x, w.y - 4.6 * mm, bar_width * value / top, 3.6 * mm, stroke=0, fill=1)
        w.text(w.width - MARGIN, w.y - 4 * mm, str(value), 9.5, bold=True, right=True)
        w.y -= LINE
    w.y -= LINE / 2


def render_report(
    title: str,
    subtitle: str,
    headline: str,
    figures: list[Figure],
    sections: list[Section],
    *,
    footer: str = "",
    lang: str = "en",
) -> bytes:
    out = io.BytesIO()
    c = Canvas(out, pagesize=A4, pageCompression=1)
    c.setTitle(title)
    w = _Writer(c, footer, lang)
    w.text(MARGIN, w.y - 8 * mm, title, 18, bold=True, width=w.width - 2 * MARGIN)
    w.text(MARGIN, w.y - 14 * mm, subtitle, 10, colour=MUTED, width=w.width - 2 * MARGIN)
    w.y -= 20 * mm
    # The sentence a press release quotes, wrapped on words.
    words, line = headline.split(), ""
    for word in words:
        trial = f"{line} {word}".strip()
        if len(trial) > 80 and line:
            w.text(MARGIN, w.y - 5 * mm, line, 11.5, width=w.width - 2 * MARGIN)
            w.y -= 6 * mm
            line = word
        else:
            line = trial
    if line:
        w.text(MARGIN, w.y - 5 * mm, line, 11.5, width=w.width - 2 * MARGIN)
        w.y -= 8 * mm
    _figures(w, figures)
    for section in sections:
        if section.rows:
            _section(w, section)
    w.finish_page()
    c.save()
    return out.getvalue()
