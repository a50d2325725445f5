"""Forms of the correspondence area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.correspondence.services import MAX_BODY
from app.correspondence.uploads import MAX_FILES
from app.forms import FlaskForm, no_control_characters
from app.integers import BoundedIntegerField


class MessageForm(FlaskForm):
    body = TextAreaField(
        _l("Message"),
        validators=[DataRequired(), Length(max=MAX_BODY), no_control_characters],
        render_kw={"rows": 5},
    )
    attachments = MultipleFileField(
        _l("Attachments"),
        description=_l(
            "PDF files or JPEG and PNG images, at most %(n)s files of 10 MB each.", n=MAX_FILES
        ),
        render_kw={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"},
    )
    submit = SubmitField(_l("Send"))


class ReadForm(FlaskForm):
    """Mark the thread read up to the last message shown."""

    upto = BoundedIntegerField(widget=HiddenField.widget, validators=[DataRequired()])
    submit = SubmitField(_l("Mark as read"))
