"""Forms of the clearance area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from app.clearance.services import REASON_MAX
from app.forms import FlaskForm, choices, no_control_characters, strip_filter
from app.models import ClearanceStatus


class AnswersForm(FlaskForm):
    file = FileField(
        _l("The service's answers (XLSX or CSV)"),
        validators=[FileRequired(message=_l("Choose an XLSX or CSV file."))],
        description=_l(
            "Columns reference, decision (cleared or refused) and reason. Every row must be "
            "valid, or nothing is recorded."
        ),
    )
    submit = SubmitField(_l("Import the answers"))


class DecisionForm(FlaskForm):
    decision = RadioField(
        _l("Decision"),
        choices=choices(
            (s.value, s.label) for s in (ClearanceStatus.CLEARED, ClearanceStatus.REFUSED)
        ),
        validators=[InputRequired()],
    )
    reason = TextAreaField(
        _l("Reason (for a refusal)"),
        validators=[Length(max=REASON_MAX), no_control_characters],
        filters=[strip_filter],
    )
    submit = SubmitField(_l("Record"))

    def validate_reason(self, field):
        if self.decision.data == ClearanceStatus.REFUSED.value and not field.data:
            raise ValidationError(_l("A refusal needs a reason."))
