"""Forms of the seating pages: a hall plan, and a move of one person."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange

from app.forms import FlaskForm, StrippedStringField
from app.i18n import LANGUAGE_NAMES
from app.integers import BoundedIntegerField, coerce_id
from app.models import HallLayout
from app.models.seating import MAX_ROWS, MAX_SEATS_PER_ROW

_SEAT = re.compile(r"(\d{1,2})-(\d{1,2})")


class HallForm(FlaskForm):
    name = StrippedStringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    layout = SelectField(
        _l("Layout"),
        choices=[SelectChoice(k.value, k.label) for k in HallLayout],
        default=HallLayout.ROWS.value,
    )
    row_count = BoundedIntegerField(
        _l("Rows or tables"),
        default=8,
        validators=[DataRequired(), NumberRange(min=1, max=MAX_ROWS)],
    )
    seats_per_row = BoundedIntegerField(
        _l("Seats per row or table"),
        default=12,
        validators=[DataRequired(), NumberRange(min=1, max=MAX_SEATS_PER_ROW)],
    )
    language = SelectField(
        _l("Protocol order in"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()],
        description=_l(
            "Delegations are seated in the alphabetical order of their names in this "
            "language, as in the List of Participants (host first, organizations after "
            "countries)."
        ),
    )


def parse_seat(value: str) -> tuple[int, int] | None:
    """ "3-7" -> (3, 7); anything else None (no seat)."""
    match = _SEAT.fullmatch(value or "")
    return (int(match[1]), int(match[2])) if match else None


class MoveForm(FlaskForm):
    participant_id = SelectField(_l("Person"), coerce=coerce_id, validators=[DataRequired()])
    seat = SelectField(_l("Seat"))

    def __init__(self, *args, people=(), seats=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.participant_id.choices = [SelectChoice("", _l("Choose a person"))] + [
            SelectChoice(value, label) for value, label in people
        ]
        self.seat.choices = [SelectChoice("", _l("No seat (take off the plan)"))] + [
            SelectChoice(value, label) for value, label in seats
        ]
