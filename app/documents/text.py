"""Text that fits: a size at which a line fits a width, and lines broken to a width.

One line breaker for every document (badges, lists, letters): at spaces, and between
characters for a word wider than the line or a script written without spaces.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth


def fit_font_size(
    text: str, font: str, max_width: float, start: float, minimum: float = 6
) -> float:
    """The largest size from start down to minimum at which text fits max_width."""
    size = start
    while size > minimum and stringWidth(text, font, size) > max_width:
        size -= 0.5
    return size


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of text that fit width: at spaces, or between characters for unspaced scripts."""
    lines: list[str] = []
    for paragraph in (text or "").splitlines() or [""]:
        if stringWidth(paragraph, font, size) <= width:  # most lines: one measure, not a word each
            lines.append(paragraph)
            continue
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if stringWidth(candidate, font, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            for ch in word:  # a word wider than the column, or a CJK run
                if stringWidth(line + ch, font, size) > width and line:
                    lines.append(line)
                    line = ""
                line += ch
        lines.append(line)
    return [ln for ln in lines if ln.strip()]


@lru_cache(maxsize=512)
def wrap_to_fit(
    text: str, font: str, width: float, start: float, minimum: float, max_lines: int
) -> tuple[float, tuple[str, ...]]:
    """The largest size at which text fits in max_lines; at the minimum the last line is cut."""
    size = start
    while True:
        lines = wrap_lines(text, font, size, width)
        if len(lines) <= max_lines or size <= minimum:
            break
        size -= 0.5
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and stringWidth(last + "…", font, size) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return size, tuple(lines)
