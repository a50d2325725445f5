"""Spreadsheet downloads, safe to open: CSV (streamed, BOM, formula injection neutralized)
and write-only XLSX (no cell ever stored as a formula). Used by every export of the app."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

# Cells a spreadsheet would read as a formula or a command (OWASP "CSV injection").
DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")
CHUNK_ROWS = 1000

# Where another locale's spreadsheet starts a new cell inside ours: French or German Excel
# splits on ";", some imports on tab or "|", and a line break ends a row. Quoting the cell
# would not do: a quote only protects at the start of a field as *that* locale sees it, and
# in a ";" locale our cells after the first are the middle of one. So each such piece of a
# cell is neutralized as if it were a cell: "Wheelchair;=1+1;" is written "Wheelchair;'=1+1;".
_PIECE_START = re.compile(r"""([;,\t|\r\n])(?=[\s"]*[=+\-@])""")
_DANGEROUS_START = re.compile(r"""[\s"]*[=+\-@]|[\t\r]""")


def neutralize(value) -> str:
    """A cell's text, with a quote before anything a spreadsheet in any common locale would
    read as the start of a formula: the cell's beginning, and each piece after a separator."""
    if value is None:
        return ""
    text = str(value)
    text = _PIECE_START.sub(r"\1'", text)
    if _DANGEROUS_START.match(text):
        return "'" + text
    return text


# --- CSV --------------------------------------------------------------------------------------


def csv_stream(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """CSV text in chunks: a BOM first (Excel then reads UTF-8), every cell neutralized."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([neutralize(h) for h in header])
    for count, row in enumerate(rows, start=1):
        writer.writerow([neutralize(v) for v in row])
        if count % CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# --- XLSX -------------------------------------------------------------------------------------


@dataclass
class Sheet:
    title: str
    header: list[str]
    rows: Iterable[list]
    widths: list[int] | None = None


def _text_cell(ws, value):
    """openpyxl stores any string that starts with '=' as a formula; force it to text."""
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell


def xlsx_bytes(sheets: list[Sheet]) -> bytes:
    """A write-only workbook (rows go to a temporary file, not memory); header row frozen."""
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = wb.create_sheet(title=_sheet_title(sheet.title))
        ws.freeze_panes = "A2"
        for i, width in enumerate(sheet.widths or [], start=1):
            ws.column_dimensions[_column_letter(i)].width = width
        header = []
        for h in sheet.header:
            cell = _text_cell(ws, str(h))
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for row in sheet.rows:
            ws.append([_cell_value(ws, v) for v in row])
    with tempfile.TemporaryFile() as fh:
        wb.save(fh)
        fh.seek(0)
        return fh.read()


def _cell_value(ws, value):
    """Empty text is no cell at all (openpyxl skips None: less to write); text that starts
    with "=" is forced to text, never a formula."""
    if value.__class__ is str:
        if not value:
            return None
        if value[0] == "=":
            return _text_cell(ws, value)
    return value


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title).strip()
    return (cleaned or "Sheet")[:31]


def _column_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def download_name(stem: str, ext: str) -> str:
    from app.models import utcnow

    return f"{stem}-{utcnow().date().isoformat()}.{ext}"


def csv_bytes(header: list[str], rows: Iterable[list]) -> bytes:
    """The whole CSV at once, for small lists."""
    return "".join(csv_stream(header, rows)).encode("utf-8")
