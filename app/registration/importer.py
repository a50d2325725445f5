"""Bulk import of participants from CSV or XLSX: every row valid, or nothing imported."""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font

from app import audit
from app.extensions import db
from app.models import Category, Delegation, User
from app.registration.fields import DIETARY_CHOICES, SECTIONS
from app.registration.forms import ParticipantForm
from app.registration.services import (
    RegistrationError,
    create_participant,
    submit_participant,
)

MAX_ROWS = 2000
# Rows whose first cell starts with this are help text, not people.
COMMENT = "#"


class ImportFileError(Exception):
    """The file itself cannot be read (not the rows in it)."""


@dataclass
class RowError:
    row: int  # the row number as the spreadsheet shows it (the header is row 1)
    field: str
    message: str


@dataclass
class ImportResult:
    created: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def columns() -> list[str]:
    """The template's columns: the participant form's fields, in its sections' order."""

    return [name for _key, _label, names in SECTIONS for name in names if name != "photo"]


def column_help() -> dict[str, str]:
    """Label and hint of each column, taken from the form itself."""

    form = ParticipantForm(meta={"csrf": False}, formdata=None)
    hints = {
        "category": str(_l("Category code, e.g. %(codes)s", codes=_category_codes())),
        "gender": "female / male / other",
        "nationality": str(_l("Two-letter country code, e.g. MN, PE, CN")),
        "date_of_birth": "YYYY-MM-DD",
        "passport_expiry": "YYYY-MM-DD",
        "arrival_date": "YYYY-MM-DD",
        "departure_date": "YYYY-MM-DD",
        "arrival_time": "HH:MM",
        "departure_time": "HH:MM",
        "locale": "en / fr / zh",
        "visa_letter_wanted": str(_l("yes or no")),
        "consent": str(
            _l("Consent: yes = the person agreed to the processing of their data (required)")
        ),
        "dietary": " / ".join(v for v, _label in DIETARY_CHOICES if v),
    }
    out = {}
    for name in columns():
        f = form._fields.get(name)
        label = str(f.label.text) if f is not None else name
        hint = hints.get(name) or (str(f.description) if f is not None and f.description else "")
        if hint and len(label) > 60:
            out[name] = hint  # a long label (the consent text) would drown the hint
        else:
            out[name] = f"{label}: {hint}" if hint else label
    return out


def _category_codes() -> str:
    codes = db.session.scalars(sa.select(Category.code).order_by(Category.sort_order)).all()
    return ", ".join(codes[:12])


# --- the template ---------------------------------------------------------------------------


def template_csv() -> bytes:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    cols = columns()
    helps = column_help()
    writer.writerow(cols)
    writer.writerow([COMMENT + " " + helps[cols[0]], *(helps[c] for c in cols[1:])])
    return out.getvalue().encode("utf-8")


def template_xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Participants"
    cols = columns()
    helps = column_help()
    ws.append(cols)
    ws.append([COMMENT + " " + helps[cols[0]], *(helps[c] for c in cols[1:])])
    for i, name in enumerate(cols, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True)
        cell.comment = Comment(helps[name], "Accredit")
        ws.cell(row=2, column=i).font = Font(italic=True, color="666666")
        ws.column_dimensions[cell.column_letter].width = max(14, min(len(name) + 4, 30))
        # Everything is text: a spreadsheet must not turn passport numbers into numbers.
        for row in range(3, 203):
            ws.cell(row=row, column=i).number_format = "@"
    ws.freeze_panes = "A3"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- reading --------------------------------------------------------------------------------


def _cell_text(value) -> str:
    """A cell as the text a person typed; formulas stay text, never evaluated."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _l("The file is not UTF-8 text. Save it as “CSV UTF-8” or as XLSX.")
        ) from None
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise ImportFileError(_l("The CSV file cannot be read: %(why)s", why=str(exc))) from None


# What a workbook of MAX_ROWS people can need, with room for formatting: the archive is
# measured against these before any parser opens it (a zip bomb of 100 kB inflated a worker
# by 442 MB, and openpyxl keeps every shared string in memory).
XLSX_MAX_MEMBERS = 100
XLSX_MAX_UNCOMPRESSED = 30 * 1024 * 1024
XLSX_MAX_ELEMENTS = 500_000  # XML elements in all members: cells, values, strings, styles
_ELEMENT = re.compile(rb"<[A-Za-z_]")


def _xml_elements(member, budget: int) -> int:
    """Elements in one member, read in small chunks; stops counting past `budget`."""
    count, tail = 0, b""
    while count <= budget and (chunk := member.read(1 << 16)):
        buffer = tail + chunk
        # A match ending in the kept tail was counted with the previous chunk.
        count += sum(1 for m in _ELEMENT.finditer(buffer) if m.end() > len(tail))
        tail = buffer[-1:]
    return count


def check_xlsx_archive(data: bytes) -> None:
    """Refuse a workbook whose inflated size or number of cells is beyond any real import,
    by the archive's directory and a streamed count, before openpyxl reads a byte of it.
    zipfile never inflates a member beyond the size its directory declares, so bounding the
    declared sizes bounds what any reader can get out of it."""
    too_big = _l(
        "This workbook is too large to import (more than %(n)s people, or a damaged or "
        "malicious file). Use the template, or split the list into several files.",
        n=MAX_ROWS,
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > XLSX_MAX_MEMBERS:
                raise ImportFileError(too_big)
            if sum(m.file_size for m in members) > XLSX_MAX_UNCOMPRESSED:
                raise ImportFileError(too_big)
            elements = 0
            for info in members:
                if not info.filename.endswith((".xml", ".rels")):
                    continue
                with archive.open(info) as member:
                    elements += _xml_elements(member, XLSX_MAX_ELEMENTS - elements)
                if elements > XLSX_MAX_ELEMENTS:
                    raise ImportFileError(too_big)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
        raise ImportFileError(_l("The XLSX file cannot be read: %(why)s", why=str(exc))) from None


def _rows_xlsx(data: bytes) -> list[list[str]]:
    check_xlsx_archive(data)
    try:
        # data_only=False: a formula is read as its text, never as a computed value.
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise ImportFileError(_l("The XLSX file cannot be read: %(why)s", why=str(exc))) from None
    try:
        ws = wb.worksheets[0]
        rows = []
        # Bounded reading: a crafted sheet with huge rows or columns cannot exhaust memory.
        for r in ws.iter_rows(values_only=True, max_col=len(columns()) + 10):
            rows.append([_cell_text(v) for v in r])
            if len(rows) > MAX_ROWS + 2:
                break
        return rows
    finally:
        wb.close()


def read_rows(filename: str, data: bytes) -> tuple[list[str], list[tuple[int, dict]]]:
    """The header and the rows (with their spreadsheet row numbers) of an uploaded file."""
    name = (filename or "").lower()
    if data.startswith(b"PK\x03\x04") or name.endswith(".xlsx"):
        if not data.startswith(b"PK\x03\x04"):
            raise ImportFileError(_l("This file is not a valid XLSX workbook."))
        rows = _rows_xlsx(data)
    elif name.endswith((".csv", ".txt")) or not name:
        rows = _rows_csv(data)
    else:
        raise ImportFileError(_l("Upload a CSV or XLSX file made from the template."))
    if not rows:
        raise ImportFileError(_l("The file is empty."))
    header = [h.strip().lstrip("\ufeff").strip().lower() for h in rows[0]]
    known = set(columns())
    unknown = [h for h in header if h and h not in known]
    if unknown:
        raise ImportFileError(
            _l(
                "Unknown columns: %(cols)s. Use the column names of the template.",
                cols=", ".join(unknown),
            )
        )
    if "family_name" not in header:
        raise ImportFileError(_l("The header row must name the columns, as in the template."))
    out = []
    for number, raw in enumerate(rows[1:], start=2):
        cells = [c if isinstance(c, str) else _cell_text(c) for c in raw]
        if not any(c.strip() for c in cells):
            continue
        if cells and cells[0].lstrip().startswith(COMMENT):
            continue
        values = {}
        for i, h in enumerate(header):
            if h and i < len(cells):
                values[h] = cells[i]
        extra = [c for c in cells[len(header) :] if c.strip()]
        if extra:
            values["__extra__"] = "x"
        out.append((number, values))
    if len(out) > MAX_ROWS:
        raise ImportFileError(_l("At most %(n)s people per file.", n=MAX_ROWS))
    return header, out


# --- importing ------------------------------------------------------------------------------


def import_participants(
    delegation: Delegation,
    filename: str,
    data: bytes,
    actor: User,
    *,
    submit_all: bool = False,
    forum=None,
) -> ImportResult:
    """Validate every row like the form; create all (as drafts or submitted) or none.

    The caller commits when the result is ok and rolls back otherwise.
    """

    result = ImportResult()
    _header, rows = read_rows(filename, data)
    result.rows = len(rows)
    if not rows:
        raise ImportFileError(_l("The file has no rows of people under the header."))
    forms = []
    seen_emails: dict[str, int] = {}
    for number, values in rows:
        if values.pop("__extra__", None):
            result.errors.append(
                RowError(number, "", str(_l("This row has more cells than the header.")))
            )
        form, errors = ParticipantForm.validate_row(
            values, forum, delegation, actor, submitting=submit_all
        )
        for name, messages in errors.items():
            for message in messages:
                result.errors.append(RowError(number, name, str(message)))
        email = (values.get("email") or "").strip().lower()
        if email:
            if email in seen_emails:
                result.errors.append(
                    RowError(
                        number,
                        "email",
                        str(_l("Same e-mail as row %(row)s.", row=seen_emails[email])),
                    )
                )
            else:
                seen_emails[email] = number
        forms.append((number, form))
    if result.errors:
        return result
    for number, form in forms:
        try:
            p = create_participant(delegation, form, actor)
            if submit_all:
                submit_participant(p, actor)
        except RegistrationError as exc:
            result.errors.append(RowError(number, "", str(exc)))
            return result
        result.created.append(p)
    audit.record(
        "participants.imported",
        delegation,
        changes={
            "count": len(result.created),
            "file": (filename or "")[:120],
            "submitted": bool(submit_all),
        },
    )
    return result
