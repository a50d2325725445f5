"""The badge desk's forms: a batch (which badges, layout, language) and the pick-up code."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from app.forms import FlaskForm, choices, no_control_characters, strip_filter
from app.integers import optional_id

LAYOUT_CHOICES = [
    ("a6", _l("A6 portrait (pouch), one per page")),
    ("cr80", _l("CR80 card (54 × 85.6 mm)")),
    ("a4", _l("A4 sheet of four A6, with crop marks")),
]
LANGUAGE_CHOICES = [("en", "English"), ("fr", "Français"), ("zh", "中文")]
SCOPE_CHOICES = [
    ("unprinted", _l("Approved and not yet printed")),
    ("all", _l("All approved")),
]


class BatchForm(FlaskForm):
    """Which badges, in which layout and language. Read from the query string for pages and
    previews, from the body for printing."""

    scope = SelectField(_l("Badges"), choices=choices(SCOPE_CHOICES), default="unprinted")
    delegation_id = SelectField(_l("Delegation"), coerce=optional_id, validate_choice=False)
    category_id = SelectField(_l("Category"), coerce=optional_id, validate_choice=False)
    participant_id = HiddenField(filters=[optional_id])
    layout = SelectField(
        _l("Layout"), choices=choices(LAYOUT_CHOICES), default="a6", validators=[InputRequired()]
    )
    lang = SelectField(_l("Badge language"), choices=choices(LANGUAGE_CHOICES), default="en")

    def batch(self) -> dict:
        return {
            "scope": self.scope.data or "unprinted",
            "delegation_id": self.delegation_id.data,
            "category_id": self.category_id.data,
            "participant_id": self.participant_id.data,
        }

    def query_args(self) -> dict:
        args = {k: v for k, v in self.batch().items() if v}
        args.update(layout=self.layout.data, lang=self.lang.data)
        return args


class PickupForm(FlaskForm):
    code = StringField(
        _l("Code from the approval e-mail"),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Scan or type the code.")),
            Length(max=200),
            no_control_characters,
        ],
    )
    layout = SelectField(_l("Layout"), choices=choices(LAYOUT_CHOICES[:2]), default="a6")
    lang = SelectField(_l("Badge language"), choices=choices(LANGUAGE_CHOICES), default="en")
