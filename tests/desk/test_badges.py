"""Badges: the PDF read back (text and QR code), layouts, batches, print records, lost
badges and the pick-up counter."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
import segno
import sqlalchemy as sa
from PIL import Image
from pypdf import PdfReader

from app.desk.badges import queries as badge_queries
from app.desk.badges import services as badge_services
from app.documents import badge as badge_document
from app.documents.qr import QR_CODES
from app.extensions import db
from app.models import (
    BadgePrint,
    BadgePrintReason,
    CheckIn,
    Participant,
    ParticipantPhoto,
    ParticipantStatus,
    RevokedBadge,
    new_badge_secret,
    utcnow,
)

MM = 72 / 25.4


@pytest.fixture(autouse=True)
def _without_world_desk_rows(request):
    """These tests count check-ins and prints from zero: drop the ones the world brings."""
    if "world" not in request.fixturenames:
        return
    request.getfixturevalue("world")
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.execute(sa.delete(CheckIn))
        db.session.execute(sa.delete(BadgePrint))
        db.session.execute(sa.update(Participant).values(badge_printed_at=None, checked_in_at=None))
        db.session.commit()


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def jpeg(colour=(120, 140, 160), size=(300, 400), fmt="JPEG") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, fmt)
    return buf.getvalue()


def add_photo(app, participant_id, data):
    with app.app_context():
        db.session.merge(ParticipantPhoto(participant_id=participant_id, data=data))
        db.session.get(Participant, participant_id).photo_updated_at = utcnow()
        db.session.commit()


@pytest.fixture
def zh(world, make_participant):
    """An approved participant with a Chinese name in delegation A."""
    return make_participant(
        world.a,
        world.categories.delegate,
        honorific="Mr.",
        given_names="Wei",
        family_name="Wang",
        native_name="王伟",
    )


def prints(app):
    with app.app_context():
        return db.session.execute(
            sa.select(BadgePrint.participant_id, BadgePrint.reason, BadgePrint.layout).order_by(
                BadgePrint.id
            )
        ).all()


def test_qr_matrices_match_segno():
    """The fast encoder draws exactly the symbol segno makes (version 3, level M, mask 0)."""
    for _ in range(50):
        secret = new_badge_secret()
        rows = [
            int.from_bytes(QR_CODES.image(secret)[1][r * 4 : r * 4 + 4], "big") >> 3
            for r in range(29)
        ]
        qr = segno.make(
            secret.encode(), error="m", mode="byte", version=3, mask=0, boost_error=False
        )
        expected = [int("".join("1" if m else "0" for m in row), 2) for row in qr.matrix]
        assert rows == expected
    n, data = QR_CODES.image("short")  # other lengths go through segno
    assert n == 21 and len(data) == 21 * 3


@pytest.mark.parametrize(
    ("layout", "size", "pages"),
    [("a6", (105, 148), 3), ("cr80", (54, 85.6), 3), ("a4", (210, 297), 1)],
)
def test_layouts_read_back(app, world, zh, as_role, layout, size, pages):
    add_photo(app, zh.id, jpeg())
    add_photo(app, world.pb1.id, jpeg(fmt="PNG"))  # decoded rather than passed through
    r = as_role("staff").get(f"/desk/badges/pdf?layout={layout}&scope=all")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    reader, text = pdf_text(r.data)
    assert len(reader.pages) == pages  # pa1 and zh of Mongolia, Peru's head
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / MM, 1), round(float(box.height) / MM, 1)) == size
    for expected in ("Bat", "ERDENE", "Mongolia", "Wei", "WANG", "王伟", "Lucía", "QUISPE", "Peru"):
        assert expected in text, expected
    assert "Saraa" not in text  # a draft gets no badge
    assert "Test Forum on Migration" in text
    assert prints(app) == []  # a preview records nothing


def test_badge_language(world, zh, as_role):
    r = as_role("staff").get(f"/desk/badges/pdf?layout=a6&lang=zh&participant_id={zh.id}")
    _reader, text = pdf_text(r.data)
    assert "移民测试论坛" in text and "蒙古" in text and "王伟" in text


@pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
    reason="pdftoppm (poppler-utils) and zbarimg (zbar-tools) are needed to decode the QR code",
)
@pytest.mark.parametrize("layout", ["a6", "cr80", "a4"])
def test_qr_code_decodes_at_print_size(app, world, zh, as_role, tmp_path, layout):
    add_photo(app, zh.id, jpeg())
    r = as_role("staff").get(f"/desk/badges/pdf?layout={layout}&participant_id={zh.id}")
    pdf = tmp_path / "badge.pdf"
    pdf.write_bytes(r.data)
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    png = next(tmp_path.glob("p*.png"))
    out = subprocess.run(
        ["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True, check=False
    )
    assert out.stdout.strip() == zh.badge_secret


def test_batches_only_approved_and_unprinted(app, world, zh, make_participant):
    submitted = make_participant(world.a, status=ParticipantStatus.SUBMITTED)
    with app.app_context():
        assert set(badge_queries.batch_ids(scope="all")) == {world.pa1.id, world.pb1.id, zh.id}
        assert submitted.id not in badge_queries.batch_ids(scope="all")
        assert badge_queries.batch_ids(scope="all", delegation_id=world.b.id) == [world.pb1.id]
        assert badge_queries.batch_ids(scope="all", category_id=world.categories.head.id) == sorted(
            [world.pa1.id, world.pb1.id],
            key=lambda i: badge_queries.batch_ids(scope="all").index(i),
        )
        db.session.get(Participant, world.pa1.id).badge_printed_at = utcnow()
        db.session.commit()
        assert set(badge_queries.batch_ids(scope="unprinted")) == {world.pb1.id, zh.id}
        assert badge_queries.count_badges(scope="unprinted") == 2


def test_print_records_and_reprints(app, world, zh, as_role):
    staff = as_role("staff")
    page = staff.get("/desk/badges").get_data(as_text=True)
    assert "approved and not yet printed: 3" in page
    r = staff.post(
        "/desk/badges/print",
        data={"scope": "all", "delegation_id": world.a.id, "layout": "a4", "lang": "en"},
    )
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    _reader, text = pdf_text(r.data)
    assert "ERDENE" in text and "WANG" in text and "QUISPE" not in text
    assert sorted(prints(app)) == sorted(
        [
            (world.pa1.id, BadgePrintReason.FIRST, "a4"),
            (zh.id, BadgePrintReason.FIRST, "a4"),
        ]
    )
    # Not yet printed now means Peru's head only.
    r = staff.post("/desk/badges/print", data={"scope": "unprinted", "layout": "cr80"})
    assert r.status_code == 200
    assert prints(app)[-1] == (world.pb1.id, BadgePrintReason.FIRST, "cr80")
    # Printing one again is a reprint.
    staff.post("/desk/badges/print", data={"scope": "all", "participant_id": zh.id, "layout": "a6"})
    assert prints(app)[-1] == (zh.id, BadgePrintReason.REPRINT, "a6")
    page = staff.get("/desk/badges?q=wang").get_data(as_text=True)
    assert "2 times" in page
    # Nothing left to print: a clear message, no empty PDF.
    r = staff.post("/desk/badges/print", data={"scope": "unprinted", "layout": "a6"})
    assert r.status_code == 302
    assert len(prints(app)) == 4


def test_print_needs_a_choice(app, world, as_role):
    r = as_role("staff").post("/desk/badges/print", data={})
    assert r.status_code == 302
    r = as_role("staff").post("/desk/badges/print", data={"scope": "all", "layout": "a5"})
    assert r.status_code == 302
    assert prints(app) == []


def test_lost_badge(app, world, zh, as_role):
    staff = as_role("staff")
    staff.post("/desk/badges/print", data={"scope": "all", "participant_id": zh.id, "layout": "a6"})
    old = zh.badge_secret
    r = staff.post(f"/desk/badges/{zh.id}/lost", data={})
    assert r.status_code == 302
    with app.app_context():
        p = db.session.get(Participant, zh.id)
        new = p.badge_secret
        assert new != old and len(new) >= 27 and p.badge_printed_at is None
        assert (
            db.session.scalar(
                sa.select(RevokedBadge.participant_id).where(RevokedBadge.secret == old)
            )
            == zh.id
        )
    # Back in the "not yet printed" batch; the next print is recorded as replacing a lost one.
    with app.app_context():
        assert zh.id in badge_queries.batch_ids(scope="unprinted")
    r = staff.post("/desk/badges/print", data={"scope": "unprinted", "layout": "a6"})
    assert (zh.id, BadgePrintReason.LOST, "a6") in prints(app)
    # At the door: the old code refused as revoked, the new one admitted.
    fetch = {"X-Requested-With": "fetch"}
    r = staff.post("/desk/checkin/scan", data={"code": old}, headers=fetch)
    assert r.get_json()["reason"] == "revoked"
    r = staff.post("/desk/checkin/scan", data={"code": new}, headers=fetch)
    assert r.get_json()["state"] == "green"


def test_pickup_prints_one_badge(app, world, zh, as_role):
    staff = as_role("staff")
    assert staff.get("/desk/badges/pickup").status_code == 200
    r = staff.post(
        "/desk/badges/pickup", data={"code": zh.badge_secret, "layout": "cr80", "lang": "en"}
    )
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    reader, text = pdf_text(r.data)
    assert len(reader.pages) == 1 and "王伟" in text
    assert prints(app) == [(zh.id, BadgePrintReason.FIRST, "cr80")]

    r = staff.post("/desk/badges/pickup", data={"code": world.pa2.badge_secret, "layout": "a6"})
    assert r.status_code == 422 and "not approved" in r.get_data(as_text=True)
    r = staff.post(
        "/desk/badges/pickup",
        data={"code": "nope", "layout": "a6"},
        headers={"X-Requested-With": "fetch"},
    )
    assert r.status_code == 422 and r.get_json()["message"] == "Unknown code."
    assert len(prints(app)) == 1


def test_long_names_and_odd_photos_still_render(app, world, make_participant, as_role):
    long = make_participant(
        world.org,
        world.categories.delegate,
        honorific="H.E. Ambassador Extraordinary",
        given_names="Maximilian Alexander Konstantin Friedrich",
        family_name="Wolfeschlegelsteinhausenbergerdorff-Vandermeulen",
        native_name="欧阳娜娜",
    )
    add_photo(app, long.id, b"not an image at all")
    r = as_role("staff").get(f"/desk/badges/pdf?layout=cr80&participant_id={long.id}")
    _reader, text = pdf_text(r.data)
    assert "Maximilian" in text and "International Organization" in text


def test_rendering_streams_in_chunks(app, world, make_participant, monkeypatch):
    """Badges are read CHUNK rows at a time, never all at once."""
    for _ in range(5):
        make_participant(world.b)
    monkeypatch.setattr(badge_queries, "CHUNK", 2)
    with app.app_context():
        ids = badge_queries.batch_ids(scope="all")
        seen = [b.participant_id for b in badge_queries.iter_badges(ids)]
        assert seen == ids
        out, count = badge_services.badge_pdf(ids, "a4")
        with out:
            assert count == len(ids) == 7
            assert len(PdfReader(out).pages) == 2


def test_streaming_save_is_reportlabs_own_output(monkeypatch):
    """The object-by-object writer produces exactly the bytes of ReportLab's Canvas.save()."""
    import reportlab.pdfgen.canvas as rl_canvas

    original_init = rl_canvas.Canvas.__init__

    def deterministic(self, *args, **kwargs):
        kwargs["invariant"] = 1  # no dates or random ids: the two files can be compared
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(rl_canvas.Canvas, "__init__", deterministic)
    badge = badge_document.BadgeData(
        1,
        "Mr.",
        "Wei",
        "Wang",
        "王伟",
        "China",
        "Delegate",
        "#1f4e79",
        "#ffffff",
        new_badge_secret(),
        jpeg(),
    )
    streamed = io.BytesIO()
    badge_document.render_badges([badge] * 5, "a4", "Forum", streamed)
    monkeypatch.setattr(badge_document, "save_streaming", lambda c, out: c.save())
    saved = io.BytesIO()
    badge_document.render_badges([badge] * 5, "a4", "Forum", saved)
    assert streamed.getvalue() == saved.getvalue()
    PdfReader(io.BytesIO(streamed.getvalue()), strict=True)
