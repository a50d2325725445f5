"""Form pieces shared by every area: the base form every form derives from, and filters."""

from __future__ import annotations

import functools
import unicodedata
from datetime import UTC, datetime, tzinfo

import flask_wtf
from babel import support
from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import messages_path
from wtforms.validators import ValidationError

from app.i18n import forum

# Line and paragraph separators: not control characters to Unicode, line breaks to a
# mail header or an iCalendar line all the same.
_LINE_BREAKS = frozenset("\u2028\u2029")


def _breaks_line(c: str) -> bool:
    return c in _LINE_BREAKS or unicodedata.category(c) == "Cc"


def is_one_line(value: str) -> bool:
    """No control character (tab, CR, LF, ESC, DEL, C1 …) and no Unicode line break."""
    return not any(_breaks_line(c) for c in value)


def flatten_line(value: str) -> str:
    """The text on one line: each control character or line break becomes a space. For
    output that must stay one line (a calendar's name, a header) whatever older data holds."""
    return "".join(" " if _breaks_line(c) else c for c in value or "")


def one_line(form, field):
    """Every one-line field's validator (added by FlaskForm below, not by hand): a title, a
    name or an e-mail address ends up in mail headers, iCalendar lines and CSV cells, where
    a line break or a control character breaks the message or the feed."""
    value = field.data
    if field.errors:
        return  # one message per field is enough (no_control_characters may have spoken)
    if isinstance(value, str) and not is_one_line(value):
        raise ValidationError(
            _l("This field must be one line of text, without control characters.")
        )


@functools.cache
def _wtforms_translations(locale: str) -> support.Translations:
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class FlaskForm(flask_wtf.FlaskForm):
    """The base of every form of the app (tests/test_forms_base.py checks none escapes it)."""

    class Meta(flask_wtf.FlaskForm.Meta):
        def get_translations(self, form):
            # WTForms' own messages, parsed once per language instead of once per request
            # (Flask-WTF reloads the catalogue for every request that builds a form).
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return _wtforms_translations(str(get_locale()))

        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            if isinstance(field, StringField) and not isinstance(
                field, TextAreaField | PasswordField
            ):
                field.validators = [*field.validators, one_line]
            return field


class LocalDateTimeField(DateTimeLocalField):
    """A datetime-local input, read as the forum's wall-clock time, whose data is always an
    aware datetime whether it came from the request, the object edited or a default.

    The one place naive times become aware: a naive time from the form next to an aware one
    from the database made /admin/forum answer 500 when one of its times was left out."""

    def __init__(self, label=None, validators=None, format=None, **kwargs):
        super().__init__(
            label, validators, format=format or ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"], **kwargs
        )
        self.zone: tzinfo | None = None

    def _zone(self) -> tzinfo:
        if self.zone is not None:
            return self.zone

        settings = forum()
        return settings.tz if settings else UTC

    def _aware(self, value):
        if isinstance(value, datetime) and value.tzinfo is None:
            return value.replace(tzinfo=self._zone())
        return value

    def process_data(self, value):
        super().process_data(value)
        self.data = self._aware(self.data)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.data = self._aware(self.data)

    def rezone(self, zone: tzinfo) -> None:
        """Read the typed wall-clock time in `zone` (a form that edits the time zone itself);
        a time that came from the database keeps its instant."""
        self.zone = zone
        if self.raw_data and isinstance(self.data, datetime):
            self.data = self.data.replace(tzinfo=zone)

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        if isinstance(self.data, datetime):
            shown = self.data.astimezone(self._zone()) if self.data.tzinfo else self.data
            return shown.strftime(self.format[0])
        return ""


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
    """For text areas: refuse NUL and other control characters (tabs and newlines excepted)."""
    value = field.data or ""
    if isinstance(value, str) and any(ord(c) < 32 and c not in "\t\r\n" for c in value):
        raise ValidationError(_l("This field contains characters that are not allowed."))


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices (tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]
