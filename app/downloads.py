"""Download responses: PDF, CSV, XLSX and photos, their headers set in one place.

Every file the app hands out is private to the person who asked for it: nothing is cached
(Cache-Control: no-store). Attachments are named `stem-YYYY-MM-DD.ext` by download_name().
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from flask import Response, send_file

from app.models import utcnow

PDF = "application/pdf"
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SPOOL_IN_MEMORY = 8 * 1024 * 1024  # a spooled file larger than this is on disk


def download_name(stem: str, ext: str) -> str:
    """The file name of a download made today: stem-YYYY-MM-DD.ext."""
    return f"{stem}-{utcnow().date().isoformat()}.{ext}"


def attachment_headers(filename: str) -> dict[str, str]:
    return {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
    }


def file_response(body: bytes | Iterable, mimetype: str, filename: str) -> Response:
    """An attachment: bytes, or an iterable of chunks that the server streams."""
    return Response(body, mimetype=mimetype, headers=attachment_headers(filename))


def pdf_response(data: bytes, filename: str) -> Response:
    return file_response(data, PDF, filename)


def csv_response(body: bytes | Iterable[str], filename: str) -> Response:
    return file_response(body, CSV, filename)


def xlsx_response(data: bytes, filename: str) -> Response:
    return file_response(data, XLSX, filename)


def spooled_pdf_response(out, filename: str, inline: bool = False) -> Response:
    """A PDF in a spooled temporary file. A small one (still in memory) is handed over as
    bytes and its file closed now; a large one streams from its temporary file, which the
    server closes."""
    out.seek(0, io.SEEK_END)
    size = out.tell()
    out.seek(0)
    if size <= SPOOL_IN_MEMORY:
        data = out.read()
        out.close()
        out = io.BytesIO(data)
    return send_file(out, mimetype=PDF, as_attachment=not inline, download_name=filename, max_age=0)


def uploaded_pdf_response(data: bytes, filename: str) -> Response:
    """A PDF someone uploaded, under the name they gave it (send_file encodes any name
    safely), never run as anything else."""
    response = send_file(
        io.BytesIO(data), mimetype=PDF, as_attachment=True, download_name=filename, max_age=0
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def calendar_response(body: bytes, filename: str) -> Response:
    """An iCalendar feed: shown inline (calendar clients subscribe to it), revalidated on
    every fetch."""
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Cache-Control": "no-cache",
        },
    )


def photo_response(data: bytes, content_type: str | None) -> Response:
    """A stored photo: inline, never cached, never run as anything."""
    response = Response(data, mimetype=content_type or "image/jpeg")
    response.headers["Content-Disposition"] = "inline"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
