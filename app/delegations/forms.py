"""Forms of the delegations area: the delegation itself, invitations, letters, imports."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, SubmitField, TextAreaField
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from app.forms import FlaskForm, StrippedStringField, choices, no_control_characters, strip_filter
from app.i18n import is_country_code
from app.integers import BoundedIntegerField
from app.models import DelegationKind, DelegationStatus, DocumentKind

ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9&.\-]{0,15}$")


def _upper(value):
    return value.strip().upper() if isinstance(value, str) else value


class DelegationForm(FlaskForm):
    kind = SelectField(
        _l("Kind"),
        choices=choices((k.value, k.label) for k in DelegationKind),
        default=DelegationKind.COUNTRY.value,
        validators=[InputRequired()],
    )
    code = StrippedStringField(
        _l("Code"),
        filters=[_upper],
        validators=[DataRequired(message=_l("Enter a code.")), Length(max=16)],
        description=_l(
            "Countries and regions: the ISO 3166 two-letter code (MN, PE, CN …). "
            "Organizations: their acronym (IOM, UNHCR …)."
        ),
    )
    name_en = StrippedStringField(
        _l("Name (English)"),
        validators=[Length(max=200), no_control_characters],
        description=_l("Left empty for a country or region, the standard name is used."),
    )
    name_fr = StrippedStringField(
        _l("Name (French)"), validators=[Length(max=200), no_control_characters]
    )
    name_zh = StrippedStringField(
        _l("Name (Chinese)"), validators=[Length(max=200), no_control_characters]
    )
    quota = BoundedIntegerField(
        _l("Seat quota"),
        default=5,
        validators=[
            InputRequired(message=_l("Enter the number of seats.")),
            NumberRange(min=0, max=10000, message=_l("The quota is a number from 0 to 10000.")),
        ],
    )
    status = SelectField(
        _l("Status"),
        choices=choices((s.value, s.label) for s in DelegationStatus),
        default=DelegationStatus.INVITED.value,
        validators=[InputRequired()],
    )
    sort_key = StrippedStringField(
        _l("Sort key"),
        validators=[Length(max=40), no_control_characters],
        description=_l(
            "Optional: changes the protocol order within the kind (e.g. 0 puts the host first)."
        ),
    )
    notes = TextAreaField(
        _l("Notes"),
        filters=[strip_filter],
        validators=[Optional(), Length(max=5000), no_control_characters],
    )
    submit = SubmitField(_l("Save"))

    def validate_code(self, field):
        code = field.data or ""
        if self.kind.data == DelegationKind.COUNTRY.value:
            if len(code) != 2 or not is_country_code(code):
                raise ValidationError(
                    _l("Not a known two-letter country or region code (ISO 3166).")
                )
        elif not ACRONYM.match(code):
            raise ValidationError(
                _l("Use capital letters and digits (and . - &), at most 16 characters.")
            )

    def validate_name_en(self, field):
        if not field.data and self.kind.data != DelegationKind.COUNTRY.value:
            raise ValidationError(_l("Enter the name in English."))

    def values(self) -> dict:
        return {
            "kind": DelegationKind(self.kind.data),
            "code": self.code.data,
            "name_en": self.name_en.data or "",
            "name_fr": self.name_fr.data or None,
            "name_zh": self.name_zh.data or None,
            "quota": self.quota.data,
            "status": DelegationStatus(self.status.data),
            "sort_key": self.sort_key.data or "",
            "notes": self.notes.data or None,
        }


class FocalPointInvitationForm(FlaskForm):
    email = StrippedStringField(
        _l("E-mail"),
        validators=[
            DataRequired(message=_l("Enter an e-mail address.")),
            Email(message=_l("Enter a valid e-mail address.")),
            Length(max=254),
        ],
    )
    full_name = StrippedStringField(
        _l("Name"), validators=[Optional(), Length(max=200), no_control_characters]
    )
    submit = SubmitField(_l("Send invitation"))


class HeadForm(FlaskForm):
    # Past 50 members the list becomes a search box over its own options (static/js/app.js).
    participant_id = SelectField(
        _l("Head of delegation"),
        coerce=str,
        validators=[Optional()],
        render_kw={"data-typeahead": ""},
    )
    submit = SubmitField(_l("Save"))


class DocumentForm(FlaskForm):
    kind = SelectField(
        _l("Kind of document"),
        choices=choices((k.value, k.label) for k in DocumentKind),
        validators=[InputRequired()],
    )
    file = FileField(
        _l("PDF file"),
        validators=[FileRequired(message=_l("Choose a PDF file."))],
        description=_l("PDF only, at most 10 MB."),
    )
    submit = SubmitField(_l("Upload"))


class ImportForm(FlaskForm):
    file = FileField(
        _l("File (CSV or XLSX)"),
        validators=[FileRequired(message=_l("Choose a CSV or XLSX file."))],
        description=_l("Made from the template; one person per row."),
    )
    submit_all = BooleanField(
        _l("Submit every imported person for approval"),
        description=_l(
            "Otherwise they are saved as drafts. Past the quota, submissions are waitlisted."
        ),
    )
    submit = SubmitField(_l("Import"))
