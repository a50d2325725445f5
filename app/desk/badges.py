"""Badges: choosing a batch, drawing it as a PDF (A6, CR80 card, A4 sheet of four A6),
recording prints, and replacing a lost badge's secret.

Rendering is built for large batches: participants are read in chunks as plain rows (no ORM
identity map to grow), each badge's photo and QR code live only while that badge is drawn,
photos pass through as JPEG without being decoded, and the QR code is one vector path.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import segno
import sqlalchemy as sa
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.pdfutils import readJPEGInfo
from reportlab.pdfgen.canvas import Canvas

from app import audit
from app.clearance.queries import clearance_required, cleared_clause
from app.extensions import db
from app.models import (
    BadgePrint,
    BadgePrintReason,
    Category,
    Delegation,
    ForumSettings,
    Participant,
    ParticipantPhoto,
    ParticipantStatus,
    RevokedBadge,
    new_badge_secret,
    utcnow,
)
from app.pdf import fit_font_size, font_for, hex_colour

LAYOUTS = ("a6", "cr80", "a4")
BADGE_LANGUAGES = ("en", "fr", "zh")
CHUNK = 200
SPOOL_IN_MEMORY = 8 * 1024 * 1024  # larger PDFs go to a temporary file on disk


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


def badge_query(
    *,
    scope: str = "all",
    delegation_id: int | None = None,
    category_id: int | None = None,
    participant_id: int | None = None,
    cleared_only: bool | None = None,
) -> sa.Select:
    """Ids of the approved participants of a batch, in delegation then name order.

    scope "unprinted" keeps only those whose current badge has not been printed yet.
    cleared_only (by default: when the forum requires security clearance) skips the others.
    """
    stmt = (
        sa.select(Participant.id)
        .join(Delegation, Delegation.id == Participant.delegation_id)
        .where(Participant.status == ParticipantStatus.APPROVED)
    )
    if scope == "unprinted":
        stmt = stmt.where(Participant.badge_printed_at.is_(None))
    if delegation_id:
        stmt = stmt.where(Participant.delegation_id == delegation_id)
    if category_id:
        stmt = stmt.where(Participant.category_id == category_id)
    if participant_id:
        stmt = stmt.where(Participant.id == participant_id)
    if clearance_required() if cleared_only is None else cleared_only:
        stmt = stmt.where(cleared_clause())
    return stmt.order_by(
        Delegation.kind,
        Delegation.sort_key,
        Delegation.name_en,
        Participant.family_name,
        Participant.given_names,
        Participant.id,
    )


def count_badges(**batch) -> int:
    stmt = badge_query(**batch).order_by(None)
    return db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0


def count_uncleared(**batch) -> int:
    """The batch's people skipped for want of security clearance (0 if not required)."""
    if not clearance_required():
        return 0
    return count_badges(**batch, cleared_only=False) - count_badges(**batch)


def _localized_column(model, field: str, lang: str):
    if lang == "en":
        return getattr(model, f"{field}_en")
    return sa.func.coalesce(
        sa.func.nullif(getattr(model, f"{field}_{lang}"), ""), getattr(model, f"{field}_en")
    )


def iter_badges(ids: list[int], lang: str = "en", with_photos: bool = True) -> Iterator[BadgeData]:
    """Badge contents for these participant ids, in the given order, read CHUNK at a time."""
    columns = [
        Participant.id,
        Participant.honorific,
        Participant.given_names,
        Participant.family_name,
        Participant.native_name,
        Participant.badge_secret,
        _localized_column(Delegation, "name", lang),
        _localized_column(Category, "name", lang),
        Category.colour,
        Category.text_colour,
    ]
    if with_photos:
        columns.append(ParticipantPhoto.data)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        stmt = (
            sa.select(*columns)
            .join(Delegation, Delegation.id == Participant.delegation_id)
            .join(Category, Category.id == Participant.category_id)
            .where(Participant.id.in_(chunk))
        )
        if with_photos:
            stmt = stmt.outerjoin(
                ParticipantPhoto, ParticipantPhoto.participant_id == Participant.id
            )
        rows = {row[0]: row for row in db.session.execute(stmt)}
        for pid in chunk:
            row = rows.pop(pid, None)
            if row is None:
                continue
            yield BadgeData(
                participant_id=row[0],
                honorific=row[1] or "",
                given_names=row[2] or "",
                family_name=row[3] or "",
                native_name=row[4] or "",
                secret=row[5],
                delegation=row[6] or "",
                category=row[7] or "",
                colour=row[8] or "#1f4e79",
                text_colour=row[9] or "#ffffff",
                photo=row[10] if with_photos else None,
            )


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


def _split_long(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy line breaking at spaces; words (or scripts without spaces) wider than the
    line break between characters."""
    words = text.split()
    tokens: list[tuple[str, str]] = []  # (token, separator before it)
    for w in words:
        if pdfmetrics.stringWidth(w, font, size) <= width:
            tokens.append((w, " "))
        else:
            tokens.extend((ch, " " if i == 0 else "") for i, ch in enumerate(w))
    lines: list[str] = []
    line = ""
    for token, sep in tokens:
        candidate = f"{line}{sep}{token}" if line else token
        if pdfmetrics.stringWidth(candidate, font, size) <= width:
            line = candidate
        else:
            if line:
                lines.append(line)
            line = token
    if line:
        lines.append(line)
    return lines


@lru_cache(maxsize=512)
def _wrap(
    text: str, font: str, width: float, start: float, minimum: float, max_lines: int
) -> tuple[float, list[str]]:
    """The largest size at which text fits in max_lines; at the minimum the last line is cut."""
    size = start
    while True:
        lines = _split_long(text, font, size, width)
        if len(lines) <= max_lines or size <= minimum:
            break
        size -= 0.5
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and pdfmetrics.stringWidth(last + "…", font, size) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return size, tuple(lines)


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
        size, wrapped = _wrap(badge.delegation, font, inner, s_deleg, s_deleg * 0.6, 2)
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
    size, lines = _wrap(text, font, width, start, minimum, max_lines)
    c.setFont(font, size)
    c.setFillColor(colour)
    y = top - size
    for line in lines:
        c.drawCentredString(cx, y, line)
        y -= size * leading
    return y + size * leading - size * 0.3


class _QrCodes:
    """QR matrices of badge secrets, fast.

    For a fixed version, error correction level, mask and data length, a QR code is an affine
    function of its data bits over GF(2): the data codewords, the Reed-Solomon error
    correction (linear over GF(2)), the placement and the mask are all linear or constant.
    So the matrix of any 27-byte secret is the matrix of 27 zero bytes XOR the difference
    matrices of its set bits, each computed once with segno. About 40 times faster than
    encoding each secret with segno, bit for bit the same symbol (a test compares them).
    Secrets of any other length are encoded by segno directly.
    """

    LENGTH = 27  # len(new_badge_secret())
    VERSION = 3  # 29 x 29 modules; byte mode holds 42 characters at level M

    def __init__(self):
        self._base: int | None = None
        self._diffs: list[int] = []
        self.size = 17 + 4 * self.VERSION
        self._row_bits = (self.size + 7) // 8 * 8
        self._bits = self._row_bits * self.size

    def _encode(self, data: bytes) -> int:
        """The symbol as an int whose bytes are the rows of a 1-bit image mask, top row
        first, each row padded to whole bytes (dark = 1)."""
        qr = segno.make(
            data,
            error="m",
            mode="byte",
            version=self.VERSION,
            mask=0,
            micro=False,
            boost_error=False,
        )
        value = 0
        for r, row in enumerate(qr.matrix):
            for c, dark in enumerate(row):
                if dark:
                    value |= 1 << (self._bits - 1 - (r * self._row_bits + c))
        return value

    def _prepare(self) -> None:
        base = self._encode(bytes(self.LENGTH))
        diffs = []
        for i in range(self.LENGTH * 8):
            data = bytearray(self.LENGTH)
            data[i // 8] = 0x80 >> (i % 8)
            diffs.append(self._encode(bytes(data)) ^ base)
        self._diffs = diffs
        self._base = base

    def image(self, secret: str) -> tuple[int, bytes]:
        """(modules per side, the 1-bit rows) of the secret's QR code."""
        data = secret.encode()
        if len(data) != self.LENGTH:
            matrix = segno.make(data, error="m", mode="byte", micro=False, boost_error=False).matrix
            n = len(matrix)
            row_bytes = (n + 7) // 8
            out = bytearray()
            for row in matrix:
                bits = 0
                for dark in row:
                    bits = bits << 1 | (1 if dark else 0)
                out += (bits << (row_bytes * 8 - n)).to_bytes(row_bytes, "big")
            return n, bytes(out)
        if self._base is None:
            self._prepare()
        value = self._base
        bits = int.from_bytes(data, "big")
        top = self.LENGTH * 8 - 1
        for i, diff in enumerate(self._diffs):
            if bits >> (top - i) & 1:
                value ^= diff
        return self.size, value.to_bytes(self._bits // 8, "big")


QR_CODES = _QrCodes()


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


class _StreamingFile:
    """Stands in for ReportLab's PDFFile, which keeps every formatted object in a list and
    joins them at the end (three copies of a batch's photos at once): this one writes each
    object to the output as soon as it is formatted."""

    def __init__(self, out, version):
        self.out = out
        self.offset = 0
        self.add(
            pdfdoc.pdfdocEnc(f"%PDF-{version[0]}.{version[1]}")
            + b"\n%\223\214\213\236 ReportLab Generated PDF document (opensource)\n"
        )

    def add(self, data) -> int:
        data = pdfdoc.pdfdocEnc(data)
        at = self.offset
        self.out.write(data)
        self.offset += len(data)
        return at


def _save_streaming(c: Canvas, out) -> None:
    """Canvas.save(), writing object by object and dropping each photo once written.

    The steps are ReportLab's own (PDFDocument.GetPDFData and format, without encryption or
    signatures, which badges do not use); only where the bytes go differs.
    """
    if len(c._code):
        c.showPage()
    doc = c._doc
    for font in doc.delayedFonts:
        font.addObjects(doc)
    doc.info.invariant = doc.invariant
    doc.info.digest(doc.signature)
    doc.Reference(doc.Catalog)
    doc.Reference(doc.info)
    doc.Outlines.prepare(doc, c)
    if doc.Outlines.ready < 0:
        doc.Catalog.Outlines = None
    doc.encrypt.prepare(doc)
    if doc.encrypt.info():
        raise ValueError("encrypted badge documents are not supported")
    writer = _StreamingFile(out, doc._pdfVersion)
    doc.__accum__ = writer
    ids = []
    number = 0
    while True:
        number += 1
        if number not in doc.numberToId:
            break
        oid = doc.numberToId[number]
        obj = doc.idToObject[oid]
        doc.idToOffset[oid] = writer.add(pdfdoc.PDFIndirectObject(oid, obj).format(doc))
        ids.append(oid)
        if isinstance(obj, pdfdoc.PDFImageXObject):
            obj.streamContent = b""  # written: free the photo now
    del doc.__accum__
    xref = pdfdoc.PDFCrossReferenceTable()
    xref.addsection(0, ids)
    xref_offset = writer.add(xref.format(doc))
    trailer = pdfdoc.PDFTrailer(
        startxref=xref_offset,
        Size=len(doc.numberToId) + 1,
        Root=doc.Reference(doc.Catalog),
        Info=doc.Reference(doc.info),
        Encrypt=None,
        ID=doc.ID(),
    )
    writer.add(trailer.format(doc))


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
    _save_streaming(c, out)
    return count


def forum_name(lang: str) -> str:
    forum = ForumSettings.get()
    if forum is None:
        return "Accredit"
    return forum.localized("name", lang) or forum.localized("short_name", lang) or "Accredit"


def badge_pdf(
    ids: list[int], layout: str, lang: str = "en"
) -> tuple[tempfile.SpooledTemporaryFile, int]:
    """The batch as a PDF in a spooled temporary file (in memory up to 8 MB, then on disk),
    rewound, and the number of badges in it."""
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 (returned)
    from app.identity import forum_emblem

    count = render_badges(iter_badges(ids, lang), layout, forum_name(lang), out, forum_emblem())
    out.seek(0)
    return out, count


# --- services --------------------------------------------------------------------------------


def batch_ids(**batch) -> list[int]:
    return list(db.session.scalars(badge_query(**batch)))


def record_prints(ids: list[int], user, layout: str) -> dict[str, int]:
    """A BadgePrint per participant: first, reprint, or lost (the first print after a lost
    badge was reported, which cleared badge_printed_at). Returns counts per reason."""
    now = utcnow()
    counts = {r.value: 0 for r in BadgePrintReason}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = db.session.execute(
            sa.select(Participant.id, Participant.badge_printed_at)
            .where(Participant.id.in_(chunk))
            .with_for_update()
        ).all()
        printed_before = set(
            db.session.scalars(
                sa.select(BadgePrint.participant_id)
                .where(BadgePrint.participant_id.in_(chunk))
                .group_by(BadgePrint.participant_id)
            )
        )
        prints = []
        for pid, printed_at in rows:
            if printed_at is not None:
                reason = BadgePrintReason.REPRINT
            elif pid in printed_before:
                reason = BadgePrintReason.LOST
            else:
                reason = BadgePrintReason.FIRST
            counts[reason.value] += 1
            prints.append(
                {
                    "participant_id": pid,
                    "at": now,
                    "user_id": getattr(user, "id", None),
                    "reason": reason,
                    "layout": layout,
                }
            )
        if prints:
            db.session.execute(sa.insert(BadgePrint), prints)
            db.session.execute(
                sa.update(Participant)
                .where(Participant.id.in_([p["participant_id"] for p in prints]))
                .values(badge_printed_at=now)
                .execution_options(synchronize_session=False)
            )
    audit.record(
        "badges.printed",
        object_type="badge_prints",
        changes={"count": len(ids), "layout": layout, **counts},
    )
    db.session.flush()
    return counts


def report_lost_badge(participant: Participant, user) -> RevokedBadge:
    """The old secret stops admitting; the participant gets a new one, and their next print
    is recorded as a replacement for a lost badge."""
    revoked = RevokedBadge(
        secret=participant.badge_secret,
        participant_id=participant.id,
        revoked_at=utcnow(),
        revoked_by_id=getattr(user, "id", None),
    )
    db.session.add(revoked)
    participant.badge_secret = new_badge_secret()
    participant.badge_printed_at = None
    audit.record("badge.reported_lost", participant, changes=audit.changes_of(participant))
    db.session.flush()
    return revoked


def print_counts(ids: list[int]) -> dict[int, tuple[int, datetime | None]]:
    """How many times each participant's badge was printed, and when last."""
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(BadgePrint.participant_id, sa.func.count(), sa.func.max(BadgePrint.at))
        .where(BadgePrint.participant_id.in_(ids))
        .group_by(BadgePrint.participant_id)
    )
    return {pid: (n, at) for pid, n, at in rows}
