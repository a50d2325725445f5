"""Fonts and small drawing helpers shared by every PDF (badges, letters, lists).

ReportLab embeds TrueType outlines; the Noto fonts come from the PyPI package
pretix-fontpack-free, so Chinese, Japanese, Korean, Arabic, Hebrew and Thai names print on
a fresh install with nothing installed by hand. Fonts are registered once per process, on
first use; ReportLab embeds only the glyphs a document uses.
"""

from __future__ import annotations

import threading
from functools import cache, lru_cache
from pathlib import Path

import pretix_fontpackfree
from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# Binary streams for every PDF of the app: ReportLab's default ASCII85 wrapping of images
# and pages is pure Python and quadruples the time of a badge batch, for larger files.
rl_config.useA85 = 0

FONT_DIR = Path(pretix_fontpackfree.__file__).parent / "static" / "pretix_fontpackfree"

# Family name -> (regular file, bold file); tried in this order for a string.
FAMILIES: dict[str, tuple[str, str]] = {
    "NotoSans": ("Noto-Sans_v42_regular.ttf", "Noto-Sans_v42_bold.ttf"),
    "NotoSansSC": ("Noto-Sans-SC_v40_regular.ttf", "Noto-Sans-SC_v40_bold.ttf"),
    "NotoSansJP": ("Noto-Sans-JP_v56_regular.ttf", "Noto-Sans-JP_v56_bold.ttf"),
    "NotoSansKR": ("Noto-Sans-KR_v39_regular.ttf", "Noto-Sans-KR_v39_bold.ttf"),
    "NotoSansTC": ("Noto-Sans-TC_v39_regular.ttf", "Noto-Sans-TC_v39_bold.ttf"),
    "NotoSansArabic": ("Noto-Sans-Arabic_v33_regular.ttf", "Noto-Sans-Arabic_v33_bold.ttf"),
    "NotoSansHebrew": ("Noto-Sans-Hebrew_v50_regular.ttf", "Noto-Sans-Hebrew_v50_bold.ttf"),
    "NotoSansThai": ("Noto-Sans-Thai_v29_regular.ttf", "Noto-Sans-Thai_v29_bold.ttf"),
}
BASE_FONT = "NotoSans"
_lock = threading.Lock()
_registered: set[str] = set()


def font_name(family: str, bold: bool = False) -> str:
    """Register (once) and return the ReportLab name of a family's regular or bold face."""
    name = f"{family}-Bold" if bold else family
    if name in _registered:
        return name
    with _lock:
        if name not in _registered:
            regular, bold_file = FAMILIES[family]
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / (bold_file if bold else regular))))
            _registered.add(name)
    return name


@cache
def _coverage(family: str) -> frozenset[int]:
    font = pdfmetrics.getFont(font_name(family))
    return frozenset(font.face.charToGlyph.keys())


@cache
def _base_covers_ascii() -> bool:
    return set(range(0x21, 0x7F)) <= _coverage(BASE_FONT)


@lru_cache(maxsize=8192)
def font_for(text: str, bold: bool = False, locale: str | None = None) -> str:
    """The first font that has a glyph for every character of text (Noto Sans if none does).

    For Han characters a Chinese locale prefers Simplified Chinese shapes, which also cover
    Latin letters, so a mixed "王伟 WANG Wei" line prints in one face.
    """
    if text.isascii() and text.isprintable() and _base_covers_ascii():
        return font_name(BASE_FONT, bold)  # most strings: no set of code points to build
    needed = {ord(c) for c in text if not c.isspace()}
    if not needed:
        return font_name(BASE_FONT, bold)
    order = list(FAMILIES)
    if locale and locale.startswith("ja"):
        order.remove("NotoSansJP")
        order.insert(1, "NotoSansJP")
    for family in order:
        if needed <= _coverage(family):
            return font_name(family, bold)
    # Mixed scripts no single face covers: the face that covers most of it.
    best = max(order, key=lambda f: len(needed & _coverage(f)))
    return font_name(best, bold)


def hex_colour(value: str):
    try:
        return HexColor(value)
    except (ValueError, TypeError):
        return HexColor("#1f4e79")
