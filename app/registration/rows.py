"""A spreadsheet row of the bulk import made to look like a posted participant form."""

from __future__ import annotations

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.models import Category

FALSE_WORDS = {"", "0", "no", "n", "false", "non", "否", "不"}


def normalize_row(data) -> list[tuple[str, str]]:
    """Make a spreadsheet row look like a posted form: category by code, yes/no booleans,
    ISO dates from datetime cells."""
    items = data.items(multi=True) if isinstance(data, MultiDict) else data.items()
    out: list[tuple[str, str]] = []
    for key, value in items:
        if value is None:
            continue
        if hasattr(value, "isoformat"):
            value = value.isoformat()
            if key.endswith("_date") or key in ("date_of_birth", "passport_expiry"):
                value = value[:10]
            elif key.endswith("_time"):
                value = value[:5]
        value = str(value)
        if not value.strip():
            continue  # a blank cell is an absent field: its default, or "required" if it is
        if key in ("visa_letter_wanted", "consent"):
            if value.strip().lower() in FALSE_WORDS:
                continue  # an absent checkbox is "no"
            value = "y"
        elif key == "category" and value.strip() and not value.strip().isdigit():
            code = value.strip()
            cat = db.session.scalar(
                sa.select(Category).where(sa.func.lower(Category.code) == code.lower())
            )
            value = str(cat.id) if cat else "-1"
        elif key == "gender":
            value = value.strip().lower()
        out.append((key, value))
    return out
