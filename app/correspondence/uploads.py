"""Attachments of correspondence: checked like every upload, kept outside static files.

Only a PDF that pypdf can open (within a page limit) or a JPEG or PNG that Pillow decodes is
accepted, whatever the file is called. Images are re-encoded from their pixels (no EXIF, no
trailing payload); PDFs are kept as sent. The bytes live in instance/correspondence/, named
by a random key, and are served only through the thread's access check.
"""

from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from app.delegations.services import pdf_problem
from app.registration.photos import MAX_PIXELS, PhotoError

MAX_FILES = 5
MAX_PAGES = 500
IMAGE_TYPES = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png")}


class UploadError(PhotoError):
    """Why an attachment was refused (`message`, for the user), as a photo's refusal is."""


@dataclass
class CheckedFile:
    filename: str
    content_type: str
    data: bytes


def _clean_name(name: str, extension: str) -> str:
    stem = "".join(c for c in Path(name or "").stem if c.isalnum() or c in "._- ").strip(" .")
    return f"{stem[:100] or 'attachment'}{extension}"


def _check_pdf(name: str, data: bytes) -> CheckedFile:
    problem = pdf_problem(data)
    if problem:
        raise UploadError(problem)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise UploadError(_l("Encrypted PDF files cannot be attached."))
            pages = len(reader.pages)
    except UploadError:
        raise
    except (PdfReadError, RecursionError, Exception):  # noqa: BLE001
        # Hostile or broken PDFs make pypdf raise almost anything (IndexError, zlib.error…).
        pages = 0
    if pages == 0:
        raise UploadError(_l("This PDF is incomplete or damaged. Save it again and retry."))
    if pages > MAX_PAGES:
        raise UploadError(_l("A PDF may have at most %(n)s pages.", n=MAX_PAGES))
    return CheckedFile(_clean_name(name, ".pdf"), "application/pdf", data)


def _check_image(name: str, data: bytes) -> CheckedFile:
    refused = UploadError(_l("Only PDF files and JPEG or PNG images can be attached."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in IMAGE_TYPES:
                raise refused
            if image.width * image.height > MAX_PIXELS:
                raise UploadError(_l("This image has too many pixels to be processed."))
            image.load()
    except UploadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadError(_l("This image has too many pixels to be processed.")) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise refused from None
    content_type, extension = IMAGE_TYPES[image.format]
    if image.mode not in ("RGB", "L", "RGBA") or image.format == "JPEG" and image.mode == "RGBA":
        image = image.convert("RGBA" if image.format == "PNG" else "RGB")
    out = io.BytesIO()
    clean = Image.new(image.mode, image.size)  # pixels only: no metadata of the original
    clean.paste(image)
    clean.save(out, format=image.format, **({"quality": 90} if image.format == "JPEG" else {}))
    return CheckedFile(_clean_name(name, extension), content_type, out.getvalue())


def check_upload(storage) -> CheckedFile:
    """Read an uploaded file within the size cap and check what it really is."""
    limit = int(current_app.config["DOCUMENT_MAX_BYTES"])
    data = storage.stream.read(limit + 1)
    if len(data) > limit:
        raise UploadError(_l("The file is larger than %(mb)s MB.", mb=limit // (1024 * 1024)))
    if not data:
        raise UploadError(_l("The file is empty."))
    if data.startswith(b"%PDF-"):
        return _check_pdf(storage.filename, data)
    return _check_image(storage.filename, data)


def folder() -> Path:
    path = Path(current_app.instance_path) / "correspondence"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(data: bytes) -> str:
    """Write the bytes under a new random key and return the key."""
    key = secrets.token_hex(16)
    (folder() / key).write_bytes(data)
    return key


def read(key: str) -> bytes | None:
    path = folder() / key
    return path.read_bytes() if key.isalnum() and path.is_file() else None
