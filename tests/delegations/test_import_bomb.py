"""A decompression bomb in the XLSX import is refused before any parser inflates it (issue 9,
finding 2): a focal point's 100 kB upload once grew a worker by 442 MB."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.registration.importer import (
    MAX_ROWS,
    ImportFileError,
    check_xlsx_archive,
    columns,
)
from tests.delegations.test_import import _people, _post

MB = 1024 * 1024
SHARED_STRINGS_REL = (
    b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'sharedStrings" Target="sharedStrings.xml" Id="rId9"/></Relationships>'
)
SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)


def _workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(columns())
    ws.append(["Alpha"] * len(columns()))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _with_shared_strings(size: int) -> bytes:
    """The workbook with a shared-string table of `size` bytes of one-letter strings: a few
    hundred kB once compressed, every string a Python object once openpyxl has read it."""
    source = zipfile.ZipFile(io.BytesIO(_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(b"</Relationships>", SHARED_STRINGS_REL)
            elif info.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", SHARED_STRINGS_TYPE)
            bomb.writestr(info.filename, content)
        item = b"<si><t>a</t></si>"
        with bomb.open("xl/sharedStrings.xml", "w") as member:
            member.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/')
            member.write(b'spreadsheetml/2006/main">')
            block = item * (MB // len(item))
            for _ in range(size // len(block)):
                member.write(block)
            member.write(b"</sst>")
    return out.getvalue()


def _rss(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise AssertionError(field)


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS (Linux)


@pytest.mark.parametrize(
    "size", [60 * MB, 20 * MB], ids=["inflates-beyond-the-size-limit", "millions-of-cells"]
)
def test_a_bomb_is_refused_before_it_inflates(app, world, as_role, size):
    if not Path("/proc/self/clear_refs").exists():
        pytest.skip("needs Linux's /proc to measure the peak memory")
    bomb = _with_shared_strings(size)
    assert len(bomb) < 400_000  # what a focal point uploads
    client = as_role("focal_point")
    before = len(_people(app, world.a.id))
    _reset_peak()
    start = _rss("VmRSS")
    response = _post(client, world.a.id, bomb, "people.xlsx")
    grown = _rss("VmHWM") - start
    print(f"peak growth {grown / MB:.1f} MB for a {len(bomb) // 1024} kB upload")
    # Before the fix: the 20 MB table (a 55 kB upload) grew the process by 113 MB in 17 s.
    assert grown < 50 * MB, f"grew by {grown // MB} MB"
    assert response.status_code == 200
    assert "too large to import" in response.get_data(as_text=True)
    assert len(_people(app, world.a.id)) == before


def test_a_full_workbook_of_the_largest_import_passes_the_check():
    wb = Workbook()
    ws = wb.active
    ws.append(columns())
    for n in range(MAX_ROWS + 50):
        ws.append([f"Person {n} {c}" for c in columns()])
    buf = io.BytesIO()
    wb.save(buf)
    check_xlsx_archive(buf.getvalue())  # raises ImportFileError if refused


def test_too_many_members_or_a_broken_member_are_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(150):
            archive.writestr(f"xl/part{n}.xml", "<a/>")
    with pytest.raises(ImportFileError):
        check_xlsx_archive(out.getvalue())
