"""QR codes of badge secrets: PNG for e-mails, SVG for screens, 1-bit rows for the badge PDF."""

from __future__ import annotations

import io

import segno
from markupsafe import Markup


def qr_png(text: str, scale: int = 6) -> bytes:
    """A PNG an ordinary scanner reads from a phone screen or a printed e-mail."""
    buffer = io.BytesIO()
    segno.make_qr(text, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def qr_svg(text: str, title: str = "") -> Markup:
    """Inline SVG (no style attributes, so the strict CSP allows it)."""
    svg = segno.make_qr(text, error="m").svg_inline(
        scale=5, border=4, title=title or None, svgclass="qr-code", lineclass=None, omitsize=False
    )
    return Markup(svg)  # noqa: S704  (segno's own markup; the title is escaped by segno)


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
