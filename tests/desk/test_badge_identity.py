"""The forum's emblem on its documents, and an A4 sheet an office printer prints whole."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from PIL import Image
from pypdf import PdfReader

from app import identity
from app.documents import badge as badge_document
from app.models import new_badge_secret
from tests.desk.test_badges import jpeg


def _badge():
    return badge_document.BadgeData(
        1, "Mr.", "Wei", "Wang", "王伟", "China", "Delegate", "#1f4e79", "#ffffff",
        new_badge_secret(), jpeg(),
    )  # fmt: skip


def _images(pdf: bytes) -> int:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return len(page.images)


def test_badges_carry_the_forums_emblem():
    emblem = identity.draw_emblem(identity.DEMO_PRIMARY, identity.DEMO_ACCENT, 64)
    plain, marked = io.BytesIO(), io.BytesIO()
    badge_document.render_badges([_badge()], "a6", "Forum", plain)
    badge_document.render_badges([_badge()], "a6", "Forum", marked, emblem)
    assert _images(marked.getvalue()) == _images(plain.getvalue()) + 1


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) is needed")
def test_a4_sheet_leaves_the_printers_margin_blank(tmp_path):
    out = io.BytesIO()
    badge_document.render_badges([_badge()] * 4, "a4", "Forum", out)
    (tmp_path / "sheet.pdf").write_bytes(out.getvalue())
    subprocess.run(
        ["pdftoppm", "-r", "72", "-png", "-singlefile", str(tmp_path / "sheet.pdf"), str(tmp_path / "p")],
        check=True,
    )  # fmt: skip
    image = Image.open(tmp_path / "p.png").convert("L")
    w, h = image.size
    edge = round(72 / 25.4 * 4)  # 4 mm: the edge office printers leave blank
    for box in ((0, 0, w, edge), (0, h - edge, w, h), (0, 0, edge, h), (w - edge, 0, w, h)):
        assert image.crop(box).getextrema()[0] > 200, f"ink within 4 mm of the edge at {box}"
    # The badges themselves still fill the sheet (the category bands reach near the edges).
    assert image.crop((edge * 2, h // 2 - 20, w - edge * 2, h // 2 + 20)).getextrema()[0] < 100


def test_letters_and_list_of_participants_carry_the_emblem(app, world, as_role):
    organizer = as_role("organizer")
    lop = organizer.get("/desk/rosters/list-of-participants.pdf")
    assert lop.status_code == 200 and _images(lop.data) >= 1
