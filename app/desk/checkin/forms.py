"""The check-in desk's forms: a scanned or typed code, a participant chosen by name."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from app.forms import FlaskForm, no_control_characters, strip_filter
from app.integers import BoundedIntegerField


class ScanForm(FlaskForm):
    code = StringField(
        _l("Scan or type the badge code"),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Scan a badge or type its code.")),
            Length(max=500),
            no_control_characters,
        ],
    )
    point = HiddenField()


class ManualForm(FlaskForm):
    participant_id = BoundedIntegerField(validators=[InputRequired()])
    point = HiddenField()
