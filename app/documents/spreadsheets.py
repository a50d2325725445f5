"""Spreadsheet downloads, safe to open: CSV (streamed, BOM, formula injection neutralized)
and streamed XLSX (no cell ever stored as a formula). Used by every export of the app."""

from __future__ import annotations

import csv
import io
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

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
#
# A streaming writer of the small part of SpreadsheetML the downloads use: one worksheet part
# per sheet, written row by row into the zip as the rows come (memory flat, whatever the
# number of rows), text as inline strings (never a formula: there is no <f> to write), a bold
# header row frozen in place, column widths. Measured against openpyxl's write-only mode and
# XlsxWriter's constant_memory mode on 10,000 roster rows (bench/RESULTS.md): both spend
# 6–9 µs per cell in their cell API, three times the ≤ 1 s target; this writes a cell in
# well under 1 µs. tests/desk/test_exports.py reads the files back with openpyxl.


@dataclass
class Sheet:
    title: str
    header: list[str]
    rows: Iterable[list]
    widths: list[int] | None = None


# Characters XML 1.0 does not allow (tab, line feed and carriage return are allowed).
_NOT_XML = dict.fromkeys(
    (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0xD800, 0xE000), 0xFFFE, 0xFFFF)
)
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "{sheets}</Types>"
)
_SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    "<sheets>{sheets}</sheets></workbook>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    "{sheets}"
    '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
# Style 0: the default; style 1: bold (the header row).
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetViews><sheetView workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
    "</sheetView></sheetViews>"
    '<sheetFormatPr defaultRowHeight="15"/>'
    "{cols}<sheetData>"
)
_SHEET_TAIL = "</sheetData></worksheet>"


def _xml_text(value: str) -> str:
    if not value.isprintable():
        value = value.translate(_NOT_XML)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    return _xml_text(value).replace('"', "&quot;")


def _cells(row, letters: list[str], number: int, style: str = "") -> str:
    """One <row>: text as inline strings, numbers as numbers, empty cells left out."""
    out = [f'<row r="{number}">']
    append = out.append
    for letter, value in zip(letters, row, strict=False):
        if value is None or value == "":
            continue
        kind = value.__class__
        if kind is str:
            append(
                f'<c r="{letter}{number}"{style} t="inlineStr"><is>'
                f'<t xml:space="preserve">{_xml_text(value)}</t></is></c>'
            )
        elif kind is bool:
            append(f'<c r="{letter}{number}"{style} t="b"><v>{int(value)}</v></c>')
        elif kind is int or kind is float:
            append(f'<c r="{letter}{number}"{style}><v>{value!r}</v></c>')
        else:
            text = _xml_text(str(value))
            append(
                f'<c r="{letter}{number}"{style} t="inlineStr"><is>'
                f'<t xml:space="preserve">{text}</t></is></c>'
            )
    append("</row>")
    return "".join(out)


def _write_sheet(part, sheet: Sheet) -> None:
    width = max(len(sheet.header), len(sheet.widths or []))
    letters = [_column_letter(i) for i in range(1, width + 1)]
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
        for i, w in enumerate(sheet.widths or [], start=1)
    )
    chunk = [_SHEET_HEAD.format(cols=f"<cols>{cols}</cols>" if cols else "")]
    chunk.append(_cells([str(h) for h in sheet.header], letters, 1, ' s="1"'))
    for number, row in enumerate(sheet.rows, start=2):
        if len(row) > len(letters):
            letters += [_column_letter(i) for i in range(len(letters) + 1, len(row) + 1)]
        chunk.append(_cells(row, letters, number))
        if len(chunk) >= CHUNK_ROWS:
            part.write("".join(chunk).encode("utf-8"))
            chunk.clear()
    chunk.append(_SHEET_TAIL)
    part.write("".join(chunk).encode("utf-8"))


def xlsx_bytes(sheets: list[Sheet]) -> bytes:
    """The workbook: each sheet streamed into a temporary file, row by row."""
    titles = _unique_titles([s.title for s in sheets])
    with tempfile.TemporaryFile() as fh:
        # Level 1 compresses the repetitive XML nearly as well as 6, in a third of the time.
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            n_sheets = range(1, len(sheets) + 1)
            zf.writestr(
                "[Content_Types].xml",
                _CONTENT_TYPES.format(sheets="".join(_SHEET_TYPE.format(n=n) for n in n_sheets)),
            )
            zf.writestr("_rels/.rels", _ROOT_RELS)
            zf.writestr(
                "xl/workbook.xml",
                _WORKBOOK.format(
                    sheets="".join(
                        f'<sheet name="{_attribute(t)}" sheetId="{n}" r:id="rId{n}"/>'
                        for n, t in zip(n_sheets, titles, strict=True)
                    )
                ),
            )
            zf.writestr(
                "xl/_rels/workbook.xml.rels",
                _WORKBOOK_RELS.format(
                    sheets="".join(
                        f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/'
                        f'officeDocument/2006/relationships/worksheet" '
                        f'Target="worksheets/sheet{n}.xml"/>'
                        for n in n_sheets
                    )
                ),
            )
            zf.writestr("xl/styles.xml", _STYLES)
            for n, sheet in zip(n_sheets, sheets, strict=True):
                with zf.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as part:
                    _write_sheet(part, sheet)
        fh.seek(0)
        return fh.read()


def _unique_titles(titles: list[str]) -> list[str]:
    """Sheet names as Excel accepts them: no []:*?/\\, at most 31 characters, distinct."""
    out: list[str] = []
    for title in titles:
        name = _sheet_title(title)
        candidate, n = name, 1
        while candidate.casefold() in (o.casefold() for o in out):
            n += 1
            candidate = f"{name[: 31 - len(str(n)) - 1]} {n}"
        out.append(candidate)
    return out


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title).strip()
    return (cleaned or "Sheet")[:31]


def _column_letter(n: int) -> str:
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def csv_bytes(header: list[str], rows: Iterable[list]) -> bytes:
    """The whole CSV at once, for small lists."""
    return "".join(csv_stream(header, rows)).encode("utf-8")
