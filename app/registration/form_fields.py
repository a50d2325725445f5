"""The participant form's kinds of field and the checks of a value: names in every script,
free text, normalized (NFC, single spaces), and date arithmetic for the passport rule."""

from __future__ import annotations

import unicodedata
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from app.forms import no_control_characters, strip_filter
from app.registration.fields import NAME_PUNCTUATION


def add_months(d: date, months: int) -> date:
    month = d.month - 1 + months
    year = d.year + month // 12
    month = month % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError(d)


def name_problem(value: str) -> str | None:
    """Why a personal name is refused, or None. Letters of every script are welcome."""
    for c in value:
        cat = unicodedata.category(c)
        if cat.startswith("C"):
            return str(_l("This name contains control or invisible characters."))
        if cat[0] in "LM" or c in NAME_PUNCTUATION:
            continue
        return str(_l("Use letters (in any script), spaces, hyphens and apostrophes only."))
    return None


def nfc(value):
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def collapse_spaces(value):
    return " ".join(value.split()) if isinstance(value, str) else value


def upper(value):
    return value.upper() if isinstance(value, str) else value


def name_field(label, max_length, required=False, description=None):
    validators = [InputRequired(message=_l("Enter this name."))] if required else [Optional()]
    validators += [
        Length(max=max_length, message=_l("At most %(max)d characters.", max=max_length)),
        no_control_characters,
    ]
    return StringField(
        label,
        validators=validators,
        filters=[strip_filter, nfc, collapse_spaces],
        description=description,
    )


def text_field(label, max_length, description=None, area=False):
    cls = TextAreaField if area else StringField
    return cls(
        label,
        validators=[
            Optional(),
            Length(max=max_length, message=_l("At most %(max)d characters.", max=max_length)),
            no_control_characters,
        ],
        filters=[strip_filter, nfc],
        description=description,
    )
