"""Forms of the bilaterals area: a request, an answer, the secretariat's room and time."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, SubmitField, TimeField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.forms import FlaskForm, choices, strip_filter
from app.integers import coerce_id, optional_id
from app.programme.services import to_utc


class SlotForm(FlaskForm):
    """A day of the forum and a start and end time on it (the forum's wall clock)."""

    day = SelectField(_l("Day"), validators=[DataRequired()])
    start = TimeField(_l("Starts"), validators=[DataRequired()])
    end = TimeField(_l("Ends"), validators=[DataRequired()])

    def __init__(self, *args, days: list[date], **kwargs):
        super().__init__(*args, **kwargs)
        self.days = days
        self.day.choices = choices((d.isoformat(), format_date(d, "full")) for d in days)

    def validate_day(self, field):
        if field.data not in {d.isoformat() for d in self.days}:
            raise ValidationError(_l("Choose one of the forum's days."))

    def validate_end(self, field):
        if self.start.data and field.data and field.data <= self.start.data:
            raise ValidationError(_l("The meeting must end after it starts."))

    def slot(self) -> tuple[datetime, datetime]:
        day = date.fromisoformat(self.day.data)
        return to_utc(day, self.start.data), to_utc(day, self.end.data)


class RequestForm(SlotForm):
    counterpart_id = SelectField(_l("With the delegation of"), coerce=optional_id)
    subject = StringField(
        _l("Subject"), validators=[DataRequired(), Length(max=300)], filters=[strip_filter]
    )
    submit = SubmitField(_l("Send the request"))

    field_order = ("csrf_token", "counterpart_id", "subject", "day", "start", "end", "submit")

    def __init__(self, *args, delegations, **kwargs):
        super().__init__(*args, **kwargs)
        self.counterpart_id.choices = choices(
            [(0, _l("— choose —"))] + [(d.id, d.name) for d in delegations]
        )

    def validate_counterpart_id(self, field):
        if not field.data:
            raise ValidationError(_l("Choose a delegation."))

    def __iter__(self):
        return iter([self[name] for name in self.field_order if name in self._fields])


class RespondForm(SlotForm):
    """Accept one of the proposed times, decline, or propose another time."""

    action = RadioField(
        _l("Answer"),
        choices=choices(
            [
                ("accept", _l("Accept")),
                ("propose", _l("Propose another time")),
                ("decline", _l("Decline")),
            ]
        ),
        validators=[DataRequired()],
    )
    slot_id = RadioField(
        _l("Time"), coerce=coerce_id, validators=[Optional()], validate_choice=False
    )
    submit = SubmitField(_l("Send the answer"))

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.slot_id.choices = choices((s.id, str(s.id)) for s in slots)
        self.slot_ids = {s.id for s in slots}

    def validate(self, extra_validators=None) -> bool:
        # The time fields matter only when another time is proposed.
        if self.action.data != "propose":
            for name in ("day", "start", "end"):
                self[name].validators = [Optional()]
                self[name].raw_data = self[name].raw_data or []
        ok = super().validate(extra_validators)
        if self.action.data == "accept" and self.slot_id.data not in self.slot_ids:
            self.slot_id.errors = [*self.slot_id.errors, _l("Choose one of the proposed times.")]
            return False
        return ok

    def validate_day(self, field):
        if self.action.data == "propose":
            super().validate_day(field)


class ScheduleForm(SlotForm):
    room_id = SelectField(_l("Room"), coerce=coerce_id, validators=[DataRequired()])
    submit = SubmitField(_l("Assign the room"))

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.room_id.choices = choices([(r.id, r.name) for r in rooms])
