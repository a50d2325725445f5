"""The badge as a PDF (A6, CR80 card, A4 sheet of four A6), drawn from plain rows.

Built for large batches: each badge's photo and QR code live only while that badge is drawn,
photos pass through as JPEG without being decoded, the QR code is a 1-bit image mask, and the
PDF is written object by object (app/documents/stream.py).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfutils import readJPEGInfo
from reportlab.pdfgen.canvas import Canvas

from app.documents.fonts import font_for, hex_colour
from app.documents.qr import QR_CODES
from app.documents.stream import save_streaming
from app.documents.text import fit_font_size, wrap_to_fit

LAYOUTS = ("a6", "cr80", "a4")
BADGE_LANGUAGES = ("en", "fr", "zh")


# --- what a badge shows ----------------------------------------------------------------------


@dataclass(slots=True)
class BadgeData:
    participant_id: int
    honorific: str
    given_names: str
    family_name: str
    native_name: str
    delegation: str
    category: str
    colour: str
    text_colour: str
    secret: str
    photo: bytes | None = None


# --- drawing ---------------------------------------------------------------------------------

INK = hex_colour("#1a1a1a")
MUTED = hex_colour("#555555")
RULE = hex_colour("#1f4e79")
PLACEHOLDER_BG = hex_colour("#e6e8eb")
PLACEHOLDER_FG = hex_colour("#b5bac1")
WHITE = hex_colour("#ffffff")


class _JpegPassThrough(ImageReader):
    """A JPEG photo embedded as it is, never decoded: ReportLab would otherwise decode every
    photo with Pillow just to name it in the PDF; the participant id names it instead."""

    def __init__(self, data: bytes, key: str):  # no super().__init__: it opens Pillow
        self.fp = io.BytesIO(data)
        self.fileName = key
        self._ident = None
        self._image = None
        self._dataA = None
        self._key = key.encode()
        self.jpeg_fh = self._jpeg_fh

    def getRGBData(self):  # noqa: N802 (ReportLab's name)
        return self._key


def _embeddable_jpeg(data: bytes) -> bool:
    try:
        readJPEGInfo(io.BytesIO(data))  # what ReportLab reads to embed it as it is
    except Exception:  # noqa: BLE001 (not a JPEG ReportLab can pass through)
        return False
    return True


def _image_reader(data: bytes, key: str) -> ImageReader | None:
    if _embeddable_jpeg(data):
        return _JpegPassThrough(data, key)
    try:
        reader = ImageReader(io.BytesIO(data))  # PNG and others: decoded, as ReportLab does
        reader.getRGBData()
        return reader
    except Exception:  # noqa: BLE001 (an unreadable photo prints the placeholder)
        return None


def _fit(text: str, width: float, start: float, minimum: float, bold: bool = False):
    """(font, size, horizontal scale) for one line that shrinks to fit and, below the
    minimum size, is condensed."""
    font = font_for(text, bold)
    size = fit_font_size(text, font, width, start, minimum)
    text_width = pdfmetrics.stringWidth(text, font, size)
    return font, size, (1.0 if text_width <= width else width / text_width)


def _draw_line(c: Canvas, text: str, fit, cx: float, y: float, colour=INK) -> None:
    font, size, scale = fit
    c.setFillColor(colour)
    if scale == 1.0:
        c.setFont(font, size)
        c.drawCentredString(cx, y, text)
        return
    # The horizontal scale is graphics state: keep it to this line.
    c.saveState()
    t = c.beginText()
    t.setFont(font, size)
    t.setHorizScale(scale * 100)
    t.setTextOrigin(cx - pdfmetrics.stringWidth(text, font, size) * scale / 2, y)
    t.textOut(text)
    c.drawText(t)
    c.restoreState()


def _names(c: Canvas, badge: BadgeData, d: _Design, cx: float, inner: float) -> None:
    """Honorific, given names, FAMILY NAME, name in own script and delegation, as one block
    centred in the space between the photo and the band; missing lines close up."""
    s_hon, s_given, s_family, s_native, s_deleg, _band = d.sizes
    lines = []  # (text, fit, colour, line height)
    for text, start, minimum, bold, colour in (
        (badge.honorific, s_hon, s_hon * 0.6, False, MUTED),
        (badge.given_names, s_given, s_given * 0.5, True, INK),
        (badge.family_name.upper(), s_family, s_family * 0.45, True, INK),
        (badge.native_name, s_native, s_native * 0.5, False, INK),
    ):
        if text:
            fit = _fit(text, inner, start, minimum, bold)
            lines.append((text, fit, colour, fit[1] * 1.2))
    if badge.delegation:
        font = font_for(badge.delegation)
        size, wrapped = wrap_to_fit(badge.delegation, font, inner, s_deleg, s_deleg * 0.6, 2)
        for i, text in enumerate(wrapped):
            gap = size * 0.5 if i == 0 else 0  # a little air between the names and the delegation
            lines.append((text, (font, size, 1.0), MUTED, size * 1.18 + gap))
    total = sum(h for *_x, h in lines)
    y = d.text_top - max(0.0, (d.text_top - d.text_bottom - total) / 2)
    for text, fit, colour, height in lines:
        y -= height
        _draw_line(c, text, fit, cx, y + fit[1] * 0.25, colour)


def _block(
    c: Canvas,
    text: str,
    cx: float,
    top: float,
    width: float,
    start: float,
    minimum: float,
    max_lines: int,
    bold: bool = False,
    colour=INK,
    leading: float = 1.15,
) -> float:
    """Centred wrapped text whose first baseline hangs below top; returns the bottom y."""
    if not text:
        return top
    font = font_for(text, bold)
    size, lines = wrap_to_fit(text, font, width, start, minimum, max_lines)
    c.setFont(font, size)
    c.setFillColor(colour)
    y = top - size
    for line in lines:
        c.drawCentredString(cx, y, line)
        y -= size * leading
    return y + size * leading - size * 0.3


def _qr(c: Canvas, secret: str, x: float, y: float, size: float) -> None:
    """The QR code (error correction M) as a 1-bit image mask painted in ink, one device
    pixel per module scaled up without smoothing; size is the symbol without its quiet zone
    of four modules, painted white here."""
    n, rows = QR_CODES.image(secret)
    quiet = 4 * size / n
    c.setFillColor(WHITE)
    c.rect(x - quiet, y - quiet, size + 2 * quiet, size + 2 * quiet, stroke=0, fill=1)
    c.saveState()
    c.setFillColor(INK)
    c.transform(size, 0, 0, size, x, y)
    # An inline image mask written directly: ReportLab has no call for one, and its image
    # objects would decode, compress and name each code for nothing.
    c._code.append(f"BI /W {n} /H {n} /IM true /BPC 1 /D [1 0] /F /AHx ID {rows.hex()}> EI")
    c.restoreState()


def _photo(c: Canvas, badge: BadgeData, x: float, y: float, w: float, h: float) -> None:
    reader = _image_reader(badge.photo, f"photo-{badge.participant_id}") if badge.photo else None
    if reader is not None:
        c.drawImage(reader, x, y, w, h, preserveAspectRatio=True, anchor="c")
        return
    # A neutral silhouette: the badge still reads as a badge when the photo is missing.
    c.saveState()
    c.setFillColor(PLACEHOLDER_BG)
    c.rect(x, y, w, h, stroke=0, fill=1)
    clip = c.beginPath()
    clip.rect(x, y, w, h)
    c.clipPath(clip, stroke=0, fill=0)
    c.setFillColor(PLACEHOLDER_FG)
    c.circle(x + w / 2, y + h * 0.62, w * 0.2, stroke=0, fill=1)
    c.ellipse(x + w * 0.15, y - h * 0.25, x + w * 0.85, y + h * 0.42, stroke=0, fill=1)
    c.restoreState()


@dataclass(frozen=True, slots=True)
class _Design:
    """Positions of one badge design, in points from the badge's lower left corner."""

    width: float
    height: float
    margin: float
    header_size: float
    header_lines: int
    photo: tuple[float, float, float, float]  # x, y, w, h
    qr: tuple[float, float, float]  # x, y, symbol size
    text_top: float  # the names and delegation are centred between these two lines
    text_bottom: float
    band_h: float
    sizes: tuple[
        float, float, float, float, float, float
    ]  # honorific, given, family, native, delegation, band


# A6 portrait, 105 x 148 mm: photo left, QR (24 mm symbol) right, names below, band at the foot.
A6 = _Design(
    width=105 * mm,
    height=148 * mm,
    margin=7 * mm,
    header_size=11,
    header_lines=3,
    photo=(8 * mm, 78 * mm, 36 * mm, 45 * mm),
    qr=(68 * mm, 86 * mm, 26 * mm),
    text_top=75 * mm,
    text_bottom=20 * mm,
    band_h=17 * mm,
    sizes=(11, 22, 30, 20, 13, 17),
)

# CR80 card portrait, 54 x 85.6 mm.
CR80 = _Design(
    width=54 * mm,
    height=85.6 * mm,
    margin=3 * mm,
    header_size=6.5,
    header_lines=3,
    photo=(3 * mm, 46 * mm, 20 * mm, 25 * mm),
    qr=(29 * mm, 49.5 * mm, 19 * mm),
    text_top=44.5 * mm,
    text_bottom=10.5 * mm,
    band_h=9 * mm,
    sizes=(6.5, 10, 13, 9.5, 7, 9),
)


def _header_form(
    c: Canvas, d: _Design, forum_name: str, forms: set[str], emblem: ImageReader | None = None
) -> str:
    """The forum's emblem, name and a rule across the top, drawn once per document as a form
    that every badge reuses."""
    name = f"header-{id(d)}"
    if name not in forms:
        inner = d.width - 2 * d.margin
        c.beginForm(name, 0, 0, d.width, d.height)
        top = d.height - d.margin * 0.8
        if emblem is not None:
            size = max(d.margin * 1.6, 7 * mm)
            c.drawImage(emblem, d.margin, top - size, size, size, mask="auto")
            inner -= 2 * (size + 1 * mm)  # the name stays centred, clear of the emblem
        bottom = _block(
            c,
            forum_name,
            d.width / 2,
            top,
            inner,
            d.header_size,
            d.header_size * 0.6,
            d.header_lines,
            bold=True,
            colour=RULE,
        )
        c.setStrokeColor(RULE)
        c.setLineWidth(0.6)
        rule_y = min(bottom - d.margin * 0.3, d.photo[1] + d.photo[3] + d.margin * 0.4)
        c.line(d.margin, rule_y, d.width - d.margin, rule_y)
        c.endForm()
        forms.add(name)
    return name


def _draw_badge(
    c: Canvas,
    badge: BadgeData,
    d: _Design,
    forum_name: str,
    forms: set[str],
    x0: float,
    y0: float,
    emblem: ImageReader | None = None,
) -> None:
    c.saveState()
    c.translate(x0, y0)
    inner = d.width - 2 * d.margin
    cx = d.width / 2
    s_hon, s_given, s_family, s_native, s_deleg, s_band = d.sizes

    c.doForm(_header_form(c, d, forum_name, forms, emblem))
    _photo(c, badge, *d.photo)
    _qr(c, badge.secret, *d.qr)

    _names(c, badge, d, cx, inner)

    # The category band, edge to edge, in the category's colours.
    c.setFillColor(hex_colour(badge.colour))
    c.rect(0, 0, d.width, d.band_h, stroke=0, fill=1)
    if badge.category:
        label = badge.category.upper()
        fit = _fit(label, inner, s_band, s_band * 0.5, bold=True)
        _draw_line(c, label, fit, cx, (d.band_h - fit[1] * 0.7) / 2, hex_colour(badge.text_colour))
    c.restoreState()


# Most office printers leave 4–5 mm of each edge blank; the crop marks need 3 mm more.
A4_SAFE_MARGIN = 8 * mm


def _crop_marks(c: Canvas, x0: float, y0: float, w: float, h: float) -> None:
    """Marks on the cut lines of a sheet of four A6, drawn outwards from the block of badges
    into the sheet's margin (the badges meet edge to edge, so there is no room between them)."""
    c.saveState()
    c.setStrokeColor(hex_colour("#000000"))
    c.setLineWidth(0.3)
    length = 3 * mm  # ends 5 mm from the edge, inside what printers print
    for x in (x0, x0 + w / 2, x0 + w):
        c.line(x, y0 + h, x, y0 + h + length)
        c.line(x, y0, x, y0 - length)
    for y in (y0, y0 + h / 2, y0 + h):
        c.line(x0, y, x0 - length, y)
        c.line(x0 + w, y, x0 + w + length, y)
    c.restoreState()


def render_badges(
    badges: Iterable[BadgeData], layout: str, forum_name: str, out, emblem: bytes | None = None
) -> int:
    """Draw the badges into out (a binary file); returns how many were drawn."""
    emblem_image = ImageReader(io.BytesIO(emblem)) if emblem else None
    if layout not in LAYOUTS:
        raise ValueError(f"unknown badge layout {layout!r}")
    design = CR80 if layout == "cr80" else A6
    scale = 1.0
    if layout == "a4":
        page = (210 * mm, 297 * mm)
        # Two by two, shrunk to keep clear of the edge most office printers cannot print
        # (A4_SAFE_MARGIN), centred; a slightly smaller A6 still fits an A6 pouch.
        scale = min(
            (page[0] - 2 * A4_SAFE_MARGIN) / (2 * A6.width),
            (page[1] - 2 * A4_SAFE_MARGIN) / (2 * A6.height),
        )
        w, h = 2 * A6.width * scale, 2 * A6.height * scale
        off_x, off_y = (page[0] - w) / 2, (page[1] - h) / 2
        block = (off_x, off_y, w, h)
        slots = [
            (off_x, off_y + h / 2),
            (off_x + w / 2, off_y + h / 2),
            (off_x, off_y),
            (off_x + w / 2, off_y),
        ]
    else:
        page = (design.width, design.height)
        slots = [(0, 0)]
    c = Canvas(out, pagesize=page, pageCompression=1, invariant=0)
    c.setTitle(forum_name)
    c.setCreator("Accredit")
    forms: set[str] = set()
    count = 0
    slot = 0
    for badge in badges:
        c.saveState()
        c.translate(*slots[slot])
        c.scale(scale, scale)
        _draw_badge(c, badge, design, forum_name, forms, 0, 0, emblem_image)
        c.restoreState()
        count += 1
        slot += 1
        if slot == len(slots):
            if layout == "a4":
                _crop_marks(c, *block)
            c.showPage()
            slot = 0
    if slot:
        if layout == "a4":
            _crop_marks(c, *block)
        c.showPage()
    if count == 0:
        c.showPage()  # an empty batch still makes a valid (blank) PDF
    save_streaming(c, out)
    return count
