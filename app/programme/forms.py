"""Forms of the programme area: topics, rooms, sessions and their speakers."""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from app.forms import FlaskForm, choices, no_control_characters, strip_filter
from app.integers import BoundedIntegerField, optional_id
from app.models import SessionKind, SpeakerRole, Visibility
from app.programme.services import room_name_taken


def _text(label, max_len, required=False, **kw):
    validators = [DataRequired()] if required else [Optional()]
    validators += [Length(max=max_len), no_control_characters]
    return StringField(label, validators=validators, filters=[strip_filter], **kw)


def _long_text(label, **kw):
    return TextAreaField(
        label,
        validators=[Optional(), Length(max=20_000), no_control_characters],
        filters=[strip_filter],
        render_kw={"rows": 3},
        **kw,
    )


class TopicForm(FlaskForm):
    number = BoundedIntegerField(
        _l("Number"), validators=[DataRequired(), NumberRange(min=1, max=99)], default=1
    )
    title_en = _text(_l("Title (English)"), 300, required=True)
    title_fr = _text(_l("Title (French)"), 300)
    title_zh = _text(_l("Title (Chinese)"), 300)
    description_en = _long_text(_l("Description (English)"))
    description_fr = _long_text(_l("Description (French)"))
    description_zh = _long_text(_l("Description (Chinese)"))
    submit = SubmitField(_l("Save"))

    def values(self) -> dict:
        fields = ("title_fr", "title_zh", "description_en", "description_fr", "description_zh")
        return {"number": self.number.data, "title_en": self.title_en.data} | {
            name: self[name].data or None for name in fields
        }


class RoomForm(FlaskForm):
    name = _text(_l("Name"), 120, required=True)
    capacity = BoundedIntegerField(
        _l("Seats"), validators=[Optional(), NumberRange(min=0, max=100_000)]
    )
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, room_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.room_id = room_id

    def validate_name(self, field):
        if field.data and room_name_taken(field.data, self.room_id):
            raise ValidationError(_l("Another room already has this name."))


class SessionForm(FlaskForm):
    kind = SelectField(
        _l("Kind"),
        choices=choices((k.value, k.label) for k in SessionKind),
        validators=[DataRequired()],
    )
    topic_id = SelectField(_l("Topic"), coerce=optional_id, validators=[Optional()])
    title_en = _text(_l("Title (English)"), 300, required=True)
    title_fr = _text(_l("Title (French)"), 300)
    title_zh = _text(_l("Title (Chinese)"), 300)
    day = SelectField(_l("Day"), validators=[DataRequired()])
    start = TimeField(_l("Starts"), validators=[DataRequired()])
    end = TimeField(_l("Ends"), validators=[DataRequired()])
    room_id = SelectField(_l("Room"), coerce=optional_id, validators=[Optional()])
    description_en = _long_text(_l("Description (English)"))
    description_fr = _long_text(_l("Description (French)"))
    description_zh = _long_text(_l("Description (Chinese)"))
    visibility = SelectField(
        _l("Visible to"),
        choices=choices((v.value, v.label) for v in Visibility),
        default=Visibility.PUBLIC.value,
    )
    signup_required = BooleanField(_l("Participants sign up for this session"))
    door_refuses_unsigned = BooleanField(
        _l("Refuse people not signed up at the door"),
        description=_l("Otherwise the door warns (amber) and the desk decides."),
    )
    capacity = BoundedIntegerField(
        _l("Capacity"),
        validators=[Optional(), NumberRange(min=0, max=100_000)],
        description=_l("Seats for sign-ups; leave empty for no limit."),
    )
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, days: list[date], topics, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.days = days
        self.day.choices = choices((d.isoformat(), format_date(d, "full")) for d in days)
        self.topic_id.choices = choices(
            [(0, _l("— none —"))] + [(t.id, f"{t.number}. {t.title}") for t in topics]
        )
        self.room_id.choices = choices([(0, _l("— none —"))] + [(r.id, r.name) for r in rooms])

    def validate_day(self, field):
        if not self.days:
            raise ValidationError(_l("Set the forum's dates first."))
        if field.data not in {d.isoformat() for d in self.days}:
            raise ValidationError(_l("Choose one of the forum's days."))

    def validate_end(self, field):
        if self.start.data and field.data and field.data <= self.start.data:
            raise ValidationError(_l("The session must end after it starts."))

    def validate_capacity(self, field):
        if field.data is not None and field.data == 0 and self.signup_required.data:
            raise ValidationError(_l("A session with sign-up needs at least one seat."))

    def values(self) -> dict:
        return {
            "kind": SessionKind(self.kind.data),
            "topic_id": self.topic_id.data,
            "room_id": self.room_id.data,
            "title_en": self.title_en.data,
            "title_fr": self.title_fr.data or None,
            "title_zh": self.title_zh.data or None,
            "description_en": self.description_en.data or None,
            "description_fr": self.description_fr.data or None,
            "description_zh": self.description_zh.data or None,
            "capacity": self.capacity.data,
            "signup_required": bool(self.signup_required.data),
            "door_refuses_unsigned": bool(self.door_refuses_unsigned.data),
            "visibility": Visibility(self.visibility.data),
            "day": date.fromisoformat(self.day.data),
            "start": self.start.data,
            "end": self.end.data,
        }


class SpeakerForm(FlaskForm):
    role = SelectField(
        _l("Role"),
        choices=choices((r.value, r.label) for r in SpeakerRole),
        default=SpeakerRole.SPEAKER.value,
        validators=[DataRequired()],
    )
    participant_id = SelectField(
        _l("Participant"),
        coerce=optional_id,
        validators=[Optional()],
        description=_l("An approved participant, or leave empty and name a guest below."),
    )
    guest_name = _text(_l("Guest name"), 200)
    guest_title = _text(_l("Guest title"), 300, description=_l("e.g. Director General, IOM"))
    sort_order = BoundedIntegerField(
        _l("Order"), validators=[Optional(), NumberRange(min=0, max=999)], default=0
    )
    submit = SubmitField(_l("Add"))

    def __init__(self, *args, participants: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.participant_id.choices = choices([(0, _l("— a named guest —")), *participants])
        # A search box replaces the long list in the browser (static/js/app.js).
        self.participant_id.render_kw = {"data-typeahead": url_for("programme.speaker_search")}

    def validate(self, extra_validators=None) -> bool:
        # Checked on the form, not the field: an empty optional field skips its validators.
        ok = super().validate(extra_validators)
        if not self.participant_id.data and not self.guest_name.data:
            self.guest_name.errors.append(_l("Choose a participant or give the guest's name."))
            ok = False
        elif self.participant_id.data and self.guest_name.data:
            self.guest_name.errors.append(_l("Either a participant or a guest, not both."))
            ok = False
        return ok

    def values(self) -> dict:
        return {
            "role": SpeakerRole(self.role.data),
            "participant_id": self.participant_id.data,
            "guest_name": self.guest_name.data or "",
            "guest_title": self.guest_title.data or "",
            "sort_order": self.sort_order.data or 0,
        }


class MoveSignupForm(FlaskForm):
    """Organizers move a sign-up to another session with sign-up."""

    to_session = SelectField(_l("Move to"), coerce=int, validate_choice=True)

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.to_session.choices = [(s.id, s.title) for s in sessions]
