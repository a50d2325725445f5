"""Form pieces shared by every area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import ValidationError


class EmptyForm(FlaskForm):
    """For POST-only buttons: carries the CSRF token and nothing else."""

    next = HiddenField()


def strip_filter(value):
    return value.strip() if isinstance(value, str) else value


class StrippedStringField(StringField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("filters", []).append(strip_filter)
        super().__init__(*args, **kwargs)


def no_control_characters(form, field):
    """Refuse NUL and other control characters (tabs and newlines excepted)."""
    value = field.data or ""
    if isinstance(value, str) and any(ord(c) < 32 and c not in "\t\r\n" for c in value):
        raise ValidationError(_l("This field contains characters that are not allowed."))
