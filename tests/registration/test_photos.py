"""Badge photos: only what Pillow decodes as JPEG or PNG, cleaned, cropped, served safely."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from app.extensions import db
from app.models import Participant, ParticipantPhoto
from tests.registration.conftest import image_bytes


def upload(client, pid, data: bytes, filename="photo.jpg", content_type="image/jpeg"):
    """POST a photo; the request body (spooled to a temporary file when large) is closed."""
    from werkzeug.test import EnvironBuilder
    from werkzeug.wrappers import Request

    builder = EnvironBuilder(
        path=f"/registration/{pid}/photo",
        method="POST",
        data={"photo": (io.BytesIO(data), filename, content_type)},
    )
    environ = builder.get_environ()
    try:
        response = client.open(Request(environ))
        if response.status_code == 302:
            response = client.get(response.headers["Location"])
        return response
    finally:
        environ["wsgi.input"].close()
        builder.close()


def stored(app, pid):
    with app.app_context():
        return db.session.get(ParticipantPhoto, pid)


def png_with_declared_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height pixels (a decompression bomb)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_a_jpeg_is_cropped_to_4_5_and_stripped(app, world, as_role):
    client = as_role("focal_point")
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° to display
    exif[0x010F] = "SecretCam"  # camera maker: must not survive
    source = image_bytes(size=(1200, 800), exif=exif.tobytes())
    response = upload(client, world.pa2.id, source)
    assert "Photo saved." in response.get_data(as_text=True)
    photo = stored(app, world.pa2.id)
    assert (photo.width, photo.height) == (600, 750)
    image = Image.open(io.BytesIO(photo.data))
    assert image.format == "JPEG"
    assert not image.getexif()
    assert b"SecretCam" not in photo.data
    with app.app_context():
        assert db.session.get(Participant, world.pa2.id).photo_updated_at is not None


def test_a_png_with_transparency_is_accepted(app, world, as_role):
    response = upload(as_role("organizer"), world.pa2.id, image_bytes("PNG"), "me.png", "image/png")
    assert "Photo saved." in response.get_data(as_text=True)
    assert stored(app, world.pa2.id).content_type == "image/jpeg"


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "photo.jpg", "not a JPEG or PNG image"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>',
            "photo.svg",
            "not a JPEG or PNG image",
        ),
        (image_bytes("GIF"), "photo.gif", "not a JPEG or PNG image"),
        (image_bytes()[:200], "cut.jpg", "not a JPEG or PNG image"),
        (png_with_declared_size(30_000, 30_000), "bomb.png", "too many pixels"),
        (png_with_declared_size(9_000, 9_000), "bomb2.png", "too many pixels"),
        (image_bytes(size=(50, 60)), "tiny.jpg", "too small"),
        (b"", "empty.jpg", "The file is empty."),
    ],
    ids=[
        "html-renamed",
        "svg",
        "gif",
        "truncated",
        "bomb",
        "bomb-below-pillow-limit",
        "tiny",
        "empty",
    ],
)
def test_bad_files_get_a_clear_error(app, world, as_role, data, filename, message):
    response = upload(as_role("focal_point"), world.pa2.id, data, filename)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html.replace("&#39;", "'")
    assert stored(app, world.pa2.id) is None


def test_more_than_photo_max_bytes_is_refused(app, world, as_role):
    app.config["PHOTO_MAX_BYTES"] = 100_000
    data = image_bytes(size=(1500, 1500), quality=100) + b"\x00" * 200_000
    response = upload(as_role("focal_point"), world.pa2.id, data)
    assert "larger than" in response.get_data(as_text=True)
    assert stored(app, world.pa2.id) is None


def test_a_20_mb_upload_gets_the_413_page(app, world, as_role):
    response = upload(as_role("focal_point"), world.pa2.id, b"\xff" * (20 * 1024 * 1024))
    assert response.status_code == 413
    assert "File too large" in response.get_data(as_text=True)


def test_the_form_checks_the_photo_and_saves_nothing_when_bad(app, world, as_role):
    from tests.registration.conftest import valid_data

    client = as_role("focal_point")
    data = valid_data(world.categories.delegate.id, save_draft="1", email="new@example.org")
    data["photo"] = (io.BytesIO(b"<svg/>"), "x.jpg", "image/jpeg")
    response = client.post(
        f"/registration/new/{world.a.id}", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert 'id="photo-error"' in response.get_data(as_text=True)
    data["photo"] = (io.BytesIO(image_bytes()), "x.jpg", "image/jpeg")
    assert (
        client.post(
            f"/registration/new/{world.a.id}", data=data, content_type="multipart/form-data"
        ).status_code
        == 302
    )


def test_photo_is_served_as_an_inline_jpeg_only_to_those_who_may_see_it(app, world, as_role):
    url = f"/registration/{world.pa1.id}/photo"
    for role in ("admin", "organizer", "staff", "focal_point", "delegate"):
        response = as_role(role).get(url)
        assert response.status_code == 200, role
        assert response.mimetype == "image/jpeg"
        assert response.headers["Content-Disposition"] == "inline"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response.headers["Cache-Control"]
    assert as_role("focal_point_b").get(url).status_code == 404
    assert as_role("anonymous").get(url).status_code == 302


def test_remove_photo(app, world, as_role):
    as_role("focal_point").post(f"/registration/{world.pa1.id}/photo/remove")
    assert stored(app, world.pa1.id) is None
    with app.app_context():
        assert db.session.get(Participant, world.pa1.id).photo_updated_at is None
