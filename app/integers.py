"""Integers from a request (URL, query string, form): converted and bounded in one place.

Every id column is a 32-bit integer on PostgreSQL, and SQLite's integers stop at 2⁶³ − 1:
a larger number reaching a query is a server error (or a driver's OverflowError), not "not
found". So nothing typed by a client becomes an int anywhere but here, and what comes out
always fits the database: `<int:…>` in a route (404 beyond the range), `query_int` for the
query string (400), `coerce_id` / `optional_id` for select fields and filters and
`BoundedIntegerField` for number inputs (a form error).
"""

from __future__ import annotations

import re

from flask import abort, request
from werkzeug.routing import IntegerConverter
from wtforms import IntegerField
from wtforms.validators import StopValidation

# PostgreSQL's `integer`: the narrowest integer column of the schema.
DB_INT_MAX = 2**31 - 1
DB_INT_MIN = -(2**31)

# Digits only (ASCII: int() would also take "١٢" or "²"), an optional sign, and no more
# digits than the largest value has: a megabyte of nines is refused before int() reads it.
_INTEGER = re.compile(r"[+-]?[0-9]{1,10}", re.ASCII)


def bounded_int(value, *, minimum: int = DB_INT_MIN, maximum: int = DB_INT_MAX) -> int | None:
    """The integer `value` spells if it lies within [minimum, maximum], else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        return None
    return number if minimum <= number <= maximum else None


class BoundedIntConverter(IntegerConverter):
    """`<int:…>` for every route: 0 ≤ n < 2³¹ unless the rule says otherwise; beyond, 404."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002
        super().__init__(
            map,
            fixed_digits=fixed_digits,
            min=0 if min is None else min,
            max=DB_INT_MAX if max is None else max,
            signed=signed,
        )


def register(app) -> None:
    """Before any blueprint: rules pick their converter when they are added."""
    app.url_map.converters["int"] = BoundedIntConverter


def query_int(name: str, default: int | None = None, *, minimum: int = 0) -> int | None:
    """A query-string integer (an id, a page): the default when absent, 400 when it is not
    an integer the database can hold."""
    raw = request.args.get(name, "")
    if raw.strip() == "":
        return default
    number = bounded_int(raw, minimum=minimum)
    if number is None:
        abort(400)
    return number


def coerce_id(value) -> int:
    """SelectField coerce for an id (empty is 0, "none"): a ValueError is WTForms' "Invalid
    choice", so a number beyond the column never reaches a query or a validator."""
    number = bounded_int(value if value not in (None, "") else 0, minimum=0)
    if number is None:
        raise ValueError("not an id")
    return number


def optional_id(value) -> int | None:
    """An optional id (a filter, an optional select): None for empty, 0 or anything that
    is not an id the database can hold."""
    return bounded_int(value, minimum=1) if value not in (None, "") else None


def form_ids(name: str) -> list[int]:
    """The distinct ids posted under `name` (checkboxes of a bulk action); others ignored."""
    ids = (bounded_int(v, minimum=1) for v in request.form.getlist(name))
    return sorted({i for i in ids if i is not None})


class BoundedIntegerField(IntegerField):
    """An IntegerField whose value always fits the database column (NumberRange for the
    field's own rule comes on top)."""

    def pre_validate(self, form):
        if self.data is not None and bounded_int(self.data) is None:
            self.data = None
            raise StopValidation(self.gettext("Not a valid integer value."))
