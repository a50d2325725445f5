"""The forum's identity: logo and emblem images, brand colours, and the demo forum's own marks.

Images are accepted as PNG only and re-encoded by Pillow (no SVG: a script inside an SVG
would run on our origin, and sanitizing SVG well is a project of its own). Colours must
reach WCAG AA contrast (4.5:1) with white, the colour of the text drawn on them in the
navigation bar, on buttons and in e-mail headers, and with the site's text colour where they
sit next to it as link or heading colour on white.
"""

from __future__ import annotations

import io
import re

import sqlalchemy as sa
from PIL import Image, ImageDraw, UnidentifiedImageError

from app.extensions import db
from app.models import ForumSettings

WHITE = "#ffffff"
TEXT = "#212529"  # Bootstrap's body colour
AA = 4.5
MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 800
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def colour_problem(colour: str) -> str | None:
    """Why a brand colour cannot be used, or None (English; the form translates its own)."""
    if not HEX.match(colour or ""):
        return "format"
    if contrast(colour, WHITE) < AA:
        return "white"
    return None


def clean_png(data: bytes) -> bytes:
    """Re-encode an uploaded PNG (metadata dropped, at most MAX_SIDE px); ValueError if not one."""
    if len(data) > MAX_BYTES:
        raise ValueError("too large")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                raise ValueError("not a PNG")
            image.load()
            image = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValueError("not an image") from exc
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def stylesheet(primary: str, accent: str) -> str:
    """The CSS custom properties the site's stylesheet takes its brand colours from."""
    return (
        f":root{{--forum:{primary};--forum-accent:{accent};"
        f"--bs-link-color:{primary};--bs-link-color-rgb:{_rgb(primary)};"
        f"--bs-primary:{primary};--bs-primary-rgb:{_rgb(primary)};}}\n"
    )


def _rgb(colour: str) -> str:
    return ",".join(str(int(colour[i : i + 2], 16)) for i in (1, 3, 5))


# --- the demo forum's marks: drawn at seed time, so no binary file lives in the repository ---


def _rgba(colour: str, alpha: int = 255) -> tuple[int, int, int, int]:
    return (*(int(colour[i : i + 2], 16) for i in (1, 3, 5)), alpha)


def draw_emblem(primary: str, accent: str, size: int = 256) -> bytes:
    """A neutral emblem: a ring, a stylised globe and two converging paths (no state symbol)."""
    scale = 4  # drawn large and scaled down: smooth edges without an anti-aliasing library
    s = size * scale
    image = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    d.ellipse((0, 0, s - 1, s - 1), fill=_rgba(primary))
    ring = s // 14
    d.ellipse((ring, ring, s - ring, s - ring), outline=_rgba("#ffffff"), width=s // 40)
    c, r = s // 2, s // 2 - ring * 2
    line = max(s // 70, 2)
    d.ellipse((c - r, c - r, c + r, c + r), outline=_rgba("#ffffff", 230), width=line)
    for k in (0.35, 0.7):
        d.ellipse((c - r * k, c - r, c + r * k, c + r), outline=_rgba("#ffffff", 200), width=line)
    for k in (-0.5, 0, 0.5):
        y = c + r * k
        half = (r * r - (r * k) ** 2) ** 0.5
        d.line((c - half, y, c + half, y), fill=_rgba("#ffffff", 200), width=line)
    # Two paths meeting at the centre: people from different places arriving together.
    w = s // 22
    d.line((s * 0.18, s * 0.86, c, c + r * 0.15), fill=_rgba(accent), width=w)
    d.line((s * 0.82, s * 0.86, c, c + r * 0.15), fill=_rgba(accent), width=w)
    d.ellipse(
        (c - w * 1.3, c + r * 0.15 - w * 1.3, c + w * 1.3, c + r * 0.15 + w * 1.3),
        fill=_rgba(accent),
    )
    image = image.resize((size, size), Image.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def draw_logo(primary: str, accent: str, height: int = 96) -> bytes:
    """The emblem on a white disc, for the dark navigation bar and the e-mail header."""
    emblem = Image.open(io.BytesIO(draw_emblem(primary, accent, height - 8)))
    image = Image.new("RGBA", (height, height), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    d.ellipse((0, 0, height - 1, height - 1), fill=(255, 255, 255, 255))
    image.alpha_composite(emblem, (4, 4))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


DEMO_PRIMARY = "#13406b"
DEMO_ACCENT = "#a4122a"


def forum_emblem() -> bytes | None:
    """The emblem for documents (badges, letters, List of Participants), or None."""

    return db.session.scalar(
        sa.select(ForumSettings.emblem_png).where(
            ForumSettings.id == 1, ForumSettings.has_emblem.is_(True)
        )
    )
