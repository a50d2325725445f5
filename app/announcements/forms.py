"""Forms of announcements and information pages."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from app.announcements.services import RESERVED_SLUGS, SLUG_RE
from app.forms import FlaskForm, LocalDateTimeField, choices, no_control_characters, strip_filter
from app.integers import BoundedIntegerField, optional_id
from app.models import Audience, Visibility


class AnnouncementForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(), Length(max=300), no_control_characters],
        filters=[strip_filter],
    )
    body_markdown = TextAreaField(
        _l("Text"),
        validators=[DataRequired(), Length(max=50_000), no_control_characters],
        description=_l("Markdown: **bold**, *italic*, [link](https://…), lists with “- ”."),
        render_kw={"rows": 10},
    )
    audience = SelectField(
        _l("Audience"),
        choices=choices((a.value, a.label) for a in Audience),
        default=Audience.PUBLIC.value,
        validators=[DataRequired()],
        render_kw={"data-audience": True},
    )
    delegation_id = SelectField(
        _l("Delegation"),
        coerce=optional_id,
        validators=[Optional()],
        description=_l("Only for the audience “One delegation”."),
    )
    pinned = BooleanField(_l("Pin at the top"))
    publish_at = LocalDateTimeField(
        _l("Publish at"),
        validators=[Optional()],
        description=_l("In the forum’s time zone. Leave empty to publish now."),
    )
    email_requested = BooleanField(
        _l("E-mail it to the audience"),
        description=_l("Sent once, when it is published, in each recipient’s language."),
    )
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, delegations: list[tuple[int, str]], tz, **kwargs):
        super().__init__(*args, **kwargs)
        self.tz = tz
        self.publish_at.rezone(tz)
        self.delegation_id.choices = choices([(0, _l("— choose —")), *delegations])

    def validate_delegation_id(self, field):
        if self.audience.data == Audience.DELEGATION.value and not field.data:
            raise ValidationError(_l("Choose the delegation this announcement is for."))

    def publish_at_utc(self) -> datetime | None:
        if not self.publish_at.data:
            return None
        return self.publish_at.data.astimezone(UTC)

    def values(self) -> dict:
        return {
            "title": self.title.data,
            "body_markdown": self.body_markdown.data or "",
            "audience": Audience(self.audience.data),
            "delegation_id": self.delegation_id.data,
            "pinned": bool(self.pinned.data),
            "publish_at": self.publish_at_utc(),
            "email_requested": bool(self.email_requested.data),
        }


class InfoPageForm(FlaskForm):
    slug = StringField(
        _l("Address (slug)"),
        validators=[DataRequired(), Length(max=60)],
        filters=[strip_filter],
        description=_l("Lower-case letters, digits and hyphens, e.g. venue, visa, hotels."),
    )
    locale = SelectField(_l("Language"), validators=[DataRequired()])
    title = StringField(
        _l("Title"),
        validators=[DataRequired(), Length(max=200), no_control_characters],
        filters=[strip_filter],
    )
    body_markdown = TextAreaField(
        _l("Text"),
        validators=[Optional(), Length(max=100_000), no_control_characters],
        description=_l("Markdown; tables are allowed."),
        render_kw={"rows": 16},
    )
    visibility = SelectField(
        _l("Visible to"),
        choices=choices((v.value, v.label) for v in Visibility),
        default=Visibility.PUBLIC.value,
    )
    sort_order = BoundedIntegerField(
        _l("Order in the menu"), validators=[Optional(), NumberRange(min=0, max=9999)], default=100
    )
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, languages: dict[str, str], fixed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.locale.choices = choices(languages.items())
        if fixed:  # editing one language of an existing page: the URL names both
            del self.slug
            del self.locale

    def validate_slug(self, field):
        if field.data and (not SLUG_RE.match(field.data) or field.data in RESERVED_SLUGS):
            raise ValidationError(
                _l("Use lower-case letters, digits and single hyphens (not “new” or “manage”).")
            )

    def values(self) -> dict:
        return {
            "slug": self.slug.data if "slug" in self else None,
            "locale": self.locale.data if "locale" in self else None,
            "title": self.title.data,
            "body_markdown": self.body_markdown.data or "",
            "visibility": Visibility(self.visibility.data),
            "sort_order": self.sort_order.data if self.sort_order.data is not None else 100,
        }
