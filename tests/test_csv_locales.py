"""CSV exports cannot start a formula in any common locale (issue 9, finding 8): French or
German Excel splits on ";", so "Wheelchair;=1+1;" written unquoted used to become a formula."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from app.documents.spreadsheets import csv_bytes, neutralize

SEPARATORS = [",", ";", "\t", "|"]
FORMULA = ("=", "+", "-", "@")


def _cells_as_read(data: bytes, delimiter: str) -> list[str]:
    """The cells a spreadsheet splitting on `delimiter` sees."""
    text = data.decode("utf-8-sig")
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [cell for row in rows for cell in row]


def _starts_a_formula(cell: str) -> bool:
    return cell.lstrip(' "').startswith(FORMULA)


def test_the_reported_cell_in_a_semicolon_locale():
    data = csv_bytes(["name", "needs"], [["Ana", "Wheelchair;=1+1;"]])
    assert "=1+1" in data.decode()
    for delimiter in SEPARATORS:
        cells = _cells_as_read(data, delimiter)
        assert not [c for c in cells if _starts_a_formula(c)], (delimiter, cells)
    assert neutralize("Wheelchair;=1+1;") == "Wheelchair;'=1+1;"
    assert neutralize("Smith-Jones; vegetarian") == "Smith-Jones; vegetarian"


pieces = st.one_of(
    st.sampled_from(["=1+1", "+33 1", "-2", "@SUM(A1)", ' "=x', " =cmd|' /C calc'!A0", "ok"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=8),
)
cells = st.lists(
    st.tuples(st.sampled_from([*SEPARATORS, "\n", "\r\n", " ", ""]), pieces), max_size=5
).map(lambda parts: "".join(sep + piece for sep, piece in parts))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(cells, min_size=1, max_size=4), min_size=1, max_size=3))
def test_no_locale_sees_a_formula(rows):
    data = csv_bytes([f"c{i}" for i in range(4)], rows)
    for delimiter in SEPARATORS:
        for cell in _cells_as_read(data, delimiter):
            assert not _starts_a_formula(cell), (delimiter, cell, rows)
