"""Badge photos: decode with Pillow, refuse anything else, and store a clean 4:5 JPEG.

The upload is never trusted by its name or content type: only what Pillow decodes as JPEG
or PNG is accepted. Decompression bombs are refused before decoding. EXIF orientation is
applied, then every bit of metadata is dropped by re-encoding the pixels alone.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from dataclasses import dataclass

from flask import Response, abort, current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from app import audit
from app.downloads import photo_response
from app.extensions import db
from app.models import (
    Participant,
    ParticipantPhoto,
    utcnow,
)

PHOTO_SIZE = (600, 750)  # 4:5, the ratio of a passport photo and of the badge frame
MIN_SIDE = 200
# Decoding a larger image could eat the server's memory (a decompression bomb).
MAX_PIXELS = 40_000_000


class PhotoError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class ProcessedPhoto:
    data: bytes
    width: int
    height: int
    content_type: str = "image/jpeg"


def _read_limited(storage) -> bytes:
    limit = int(current_app.config["PHOTO_MAX_BYTES"])
    stream = getattr(storage, "stream", storage)
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise PhotoError(
            _l(
                "The photo is larger than %(mb)s MB. Choose a smaller file.",
                mb=limit // (1024 * 1024),
            )
        )
    if not data:
        raise PhotoError(_l("The file is empty."))
    return data


def process_photo(storage) -> ProcessedPhoto:
    """Check and convert an uploaded photo; raise PhotoError with a message for the user."""
    data = _read_limited(storage)
    not_image = _l("This file is not a JPEG or PNG image.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ("JPEG", "PNG"):
                raise PhotoError(not_image)
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise PhotoError(_l("This image has too many pixels to be processed."))
            image.load()
    except PhotoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError(_l("This image has too many pixels to be processed.")) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise PhotoError(not_image) from None
    if min(image.size) < MIN_SIDE:
        raise PhotoError(
            _l("The photo is too small: at least %(px)s pixels on each side.", px=MIN_SIDE)
        )
    # Broken EXIF: keep the pixels as stored.
    with contextlib.suppress(OSError, ValueError, SyntaxError, TypeError):
        image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P", "PA"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        image = background
    elif image.mode != "RGB":
        image = image.convert("RGB")
    # Crop to 4:5 around the centre (a little above it: faces sit in the upper half).
    image = ImageOps.fit(image, PHOTO_SIZE, method=Image.Resampling.LANCZOS, centering=(0.5, 0.4))
    out = io.BytesIO()
    # A fresh image carries no EXIF, ICC or comments: nothing of the original's metadata.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return ProcessedPhoto(data=out.getvalue(), width=clean.width, height=clean.height)


# --- photos -------------------------------------------------------------------------------


def store_photo(p: Participant, processed) -> None:
    photo = db.session.get(ParticipantPhoto, p.id) if p.id else None
    if photo is None:
        photo = ParticipantPhoto(participant_id=p.id)
        db.session.add(photo)
    photo.data = processed.data
    photo.content_type = processed.content_type
    photo.width = processed.width
    photo.height = processed.height
    photo.updated_at = utcnow()
    p.photo_updated_at = photo.updated_at


def remove_photo(p: Participant, actor=None) -> None:
    photo = db.session.get(ParticipantPhoto, p.id)
    if photo is not None:
        db.session.delete(photo)
    p.photo_updated_at = None
    db.session.flush()
    audit.record(
        "participant.photo_removed",
        p,
        changes={"photo": "removed"},
        actor_id=getattr(actor, "id", None),
    )


def photo_download(p: Participant) -> Response:
    """The participant's stored photo, shown inline and never cached; 404 when none is stored."""
    row = db.session.get(ParticipantPhoto, p.id)
    if row is None:
        abort(404)
    return photo_response(row.data, row.content_type)
