"""The participant form: every field of a registration, in sections, validated on the server.

One form serves focal points, organizers, a delegate completing their own profile, the
public self-registration page and the bulk import (`validate_row`), so a rule lives here once.
Drafts may be incomplete; on submit (or when editing a participant past the draft stage)
the fields their category requires become mandatory.
"""

from __future__ import annotations

from datetime import date, timedelta

import phonenumbers
import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from sqlalchemy.orm.attributes import set_committed_value
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, DateField, SelectField, StringField, SubmitField, TimeField
from wtforms.validators import Length, Optional, ValidationError

from app.extensions import db
from app.forms import FlaskForm, choices, no_control_characters, strip_filter
from app.i18n import country_choices, is_country_code
from app.integers import coerce_id
from app.models import (
    DEFAULT_CATEGORY,
    HEAD_CATEGORY,
    Category,
    Gender,
    ParticipantStatus,
    Role,
    utcnow,
)
from app.registration import rules
from app.registration.fields import (
    DIETARY_CHOICES,
    EDITABLE_FIELDS,
    LANGUAGE_CHOICES,
    NULLABLE_FIELDS,
    PASSPORT_VALID_MONTHS,
    TRAVEL_MARGIN_DAYS,
)
from app.registration.form_fields import add_months, name_field, name_problem, text_field, upper
from app.registration.photos import PhotoError, process_photo
from app.registration.rows import normalize_row
from app.registration.services import other_head


class ParticipantForm(FlaskForm):
    """Every participant field of the design, in sections (see SECTIONS)."""

    # Identity
    honorific = text_field(_l("Honorific"), 40, _l("For example Mr., Ms., Dr., H.E., Prof."))
    given_names = name_field(_l("Given name(s)"), 120)
    family_name = name_field(
        _l("Family name"), 120, required=True, description=_l("As written in the passport.")
    )
    native_name = name_field(
        _l("Name in own script"), 200, description=_l("For example 王伟 or Бат-Эрдэнэ.")
    )
    gender = SelectField(
        _l("Gender"),
        choices=choices(
            [
                ("", _l("Prefer not to say")),
                (Gender.FEMALE.value, _l("Female")),
                (Gender.MALE.value, _l("Male")),
                (Gender.OTHER.value, _l("Other")),
            ]
        ),
        default="",
    )
    nationality = SelectField(_l("Nationality"), choices=[], default="", filters=[upper])
    date_of_birth = DateField(
        _l("Date of birth"), validators=[Optional()], render_kw={"type": "date"}
    )
    passport_number = StringField(
        _l("Passport number"),
        validators=[Optional(), no_control_characters],
        filters=[strip_filter, upper],
        render_kw={"autocomplete": "off"},
    )
    passport_expiry = DateField(
        _l("Passport expiry date"), validators=[Optional()], render_kw={"type": "date"}
    )

    # Position and contact
    position = text_field(_l("Position"), 200)
    organization = text_field(_l("Organization or department"), 200)
    category = SelectField(_l("Category"), choices=[], coerce=coerce_id, validate_choice=False)
    email = StringField(
        _l("E-mail"),
        validators=[Optional(), Length(max=254), no_control_characters],
        filters=[strip_filter],
        render_kw={"type": "email", "autocomplete": "email"},
    )
    phone = StringField(
        _l("Phone"),
        validators=[Optional(), Length(max=40), no_control_characters],
        filters=[strip_filter],
        description=_l("International format with country code, e.g. +976 11 123 456."),
        render_kw={"type": "tel", "autocomplete": "tel"},
    )
    languages = text_field(_l("Languages spoken"), 200, _l("For example English, Mongolian."))
    locale = SelectField(
        _l("Language for e-mails"),
        choices=choices(LANGUAGE_CHOICES),
        default="en",
        validate_choice=True,
    )

    # Travel
    arrival_date = DateField(
        _l("Arrival date"), validators=[Optional()], render_kw={"type": "date"}
    )
    arrival_time = TimeField(
        _l("Arrival time"), validators=[Optional()], render_kw={"type": "time"}
    )
    arrival_flight = text_field(_l("Arrival flight"), 20, _l("For example MU5123."))
    arrival_airport = text_field(_l("Arrival airport"), 80)
    departure_date = DateField(
        _l("Departure date"), validators=[Optional()], render_kw={"type": "date"}
    )
    departure_time = TimeField(
        _l("Departure time"), validators=[Optional()], render_kw={"type": "time"}
    )
    departure_flight = text_field(_l("Departure flight"), 20)
    departure_airport = text_field(_l("Departure airport"), 80)

    # Stay
    hotel = text_field(_l("Hotel"), 200)

    # Needs
    dietary = SelectField(_l("Dietary needs"), choices=choices(DIETARY_CHOICES), default="")
    dietary_notes = text_field(_l("Dietary notes"), 300, area=True)
    accessibility_needs = text_field(_l("Accessibility needs"), 500, area=True)

    # Documents
    visa_letter_wanted = BooleanField(_l("I need a visa invitation letter"))
    photo = FileField(
        _l("Photo for the badge"),
        description=_l("JPEG or PNG, face centred, at most %(mb)s MB.", mb=8),
        render_kw={"accept": "image/jpeg,image/png"},
    )

    # Consent
    consent = BooleanField(
        _l(
            "I agree that these data are processed by the secretariat for the registration, "
            "accreditation and security of the forum, and deleted after it."
        )
    )

    save_draft = SubmitField(_l("Save as draft"))
    submit = SubmitField(_l("Save and submit"))

    def __init__(
        self,
        *args,
        forum=None,
        delegation=None,
        actor=None,
        submitting: bool | None = None,
        participant=None,
        **kwargs,
    ):
        # `participant` is the one being edited (also when `obj` is not given on a POST).
        self._participant = participant if participant is not None else kwargs.get("obj")
        p = self._participant
        if p is not None and "data" not in kwargs:
            # Fields whose name or type differs from the model's attribute.
            kwargs.setdefault("consent", p.consent_at is not None)
        super().__init__(*args, **kwargs)
        if p is not None:
            if self.category.data is None or not isinstance(self.category.data, int):
                self.category.data = p.category_id
            if isinstance(self.gender.data, Gender):
                self.gender.data = self.gender.data.value
            elif self.gender.data is None:
                self.gender.data = ""
            if p.passport_number:
                # The number on file is never sent back to the browser; empty keeps it.
                if self.passport_number.data == p.passport_number and not self.is_submitted():
                    self.passport_number.data = ""
                self.passport_number.render_kw = {
                    "autocomplete": "off",
                    "placeholder": p.passport_masked,
                }
                self.passport_number.description = _l(
                    "Number on file: %(masked)s. Leave empty to keep it.", masked=p.passport_masked
                )
        self.forum = forum
        self.delegation = delegation
        self.actor = actor
        self._submitting = submitting
        self.processed_photo = None
        self.nationality.choices = choices([("", _l("Choose…")), *country_choices()])
        # The forum decides which categories each chooser may give (Category.chosen_by);
        # a participant keeps the one an organizer gave them when a focal point edits.
        self._chooser = getattr(actor, "role", None)
        categories = list(
            db.session.scalars(sa.select(Category).order_by(Category.sort_order, Category.id))
        )
        # Held here, so validation and populate_participant find them in the session's
        # identity map (it keeps objects weakly): no SELECT per category look-up.
        self._categories = {c.id: c for c in categories}
        self.category.choices = choices((c.id, c.name) for c in categories if self._may_choose(c))
        if p is None and not self.category.data:
            # A new participant is an ordinary delegate until someone chooses otherwise.
            self.category.data = next(
                (c.id for c in categories if c.code == DEFAULT_CATEGORY),
                next((c.id for c in categories if c.code != HEAD_CATEGORY), None),
            )
        self.photo.description = _l(
            "JPEG or PNG, face centred, at most %(mb)s MB.",
            mb=current_app.config["PHOTO_MAX_BYTES"] // (1024 * 1024),
        )
        role = getattr(actor, "role", None)
        # A delegate completing their own profile keeps the category their focal point chose.
        if role == Role.DELEGATE and self._participant is not None:
            del self.category
        if self._participant is not None and self._participant.consent_at is not None:
            self.consent.description = _l(
                "Given on %(date)s.", date=self._participant.consent_at.date()
            )

    # --- what the form is being used for ------------------------------------------------

    @property
    def submitting(self) -> bool:
        """True when the data must be complete: the submit button, or a participant already
        past the draft stage."""
        if self._submitting is not None:
            return self._submitting
        if self.submit.data:
            return True
        p = self._participant
        return p is not None and p.status != ParticipantStatus.DRAFT

    def category_obj(self) -> Category | None:
        cat_id = self.category.data if "category" in self else None
        if cat_id is None and self._participant is not None:
            cat_id = self._participant.category_id
        if not cat_id:
            return None
        return self._categories.get(cat_id) or db.session.get(Category, cat_id)

    # --- field rules --------------------------------------------------------------------

    def validate_given_names(self, field):
        if field.data and not field.errors and (problem := name_problem(field.data)):
            raise ValidationError(problem)

    def validate_family_name(self, field):
        if field.data and not field.errors and (problem := name_problem(field.data)):
            raise ValidationError(problem)

    def validate_native_name(self, field):
        if field.data and not field.errors and (problem := name_problem(field.data)):
            raise ValidationError(problem)

    def validate_nationality(self, field):
        if field.data and not field.errors and not is_country_code(field.data):
            raise ValidationError(_l("Choose a country or region from the list."))

    def _may_choose(self, category: Category) -> bool:
        kept = self._participant is not None and category.id == self._participant.category_id
        return kept or category.may_be_chosen_by(self._chooser)

    def validate_category(self, field):
        bad_value = bool(field.process_errors)
        field.errors[:] = []  # "could not coerce" means nothing to a user
        category = None if bad_value or field.data is None else self.category_obj()
        if category is None:
            raise ValidationError(_l("Choose a category."))
        if not self._may_choose(category):
            raise ValidationError(_l("The organizers assign this category; choose another one."))
        if category.code == HEAD_CATEGORY and self.delegation is not None:
            head = other_head(self.delegation.id, getattr(self._participant, "id", None))
            if head is not None:
                raise ValidationError(
                    _l(
                        "%(name)s is already head of this delegation; a delegation has one "
                        "head. Choose another category, or change theirs first.",
                        name=head.display_name,
                    )
                )

    def validate_email(self, field):
        if not field.data:
            return
        try:
            info = validate_email(field.data, check_deliverability=False)
        except EmailNotValidError as exc:
            raise ValidationError(
                _l("This is not a valid e-mail address: %(why)s", why=str(exc))
            ) from None
        field.data = info.normalized

    def validate_phone(self, field):
        if not field.data:
            return
        try:
            number = phonenumbers.parse(field.data, None)
        except phonenumbers.NumberParseException:
            raise ValidationError(
                _l("Enter the number with its country code, starting with +.")
            ) from None
        if not phonenumbers.is_possible_number(number) or not phonenumbers.is_valid_number(number):
            raise ValidationError(_l("This phone number does not exist; check the digits."))
        field.data = phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )

    def validate_date_of_birth(self, field):
        if not field.data:
            return
        today = date.today()
        if field.data >= today:
            raise ValidationError(_l("The date of birth must be in the past."))
        if field.data.year < 1900 or (today.year - field.data.year) < 10:
            raise ValidationError(_l("Check the date of birth."))

    def validate_passport_number(self, field):
        if not field.data:
            return
        value = field.data.replace(" ", "")
        if not (5 <= len(value) <= 20) or not all(c.isascii() and c.isalnum() for c in value):
            raise ValidationError(
                _l("A passport number has 5 to 20 letters and digits, without symbols.")
            )
        field.data = value

    def validate_passport_expiry(self, field):
        if not field.data or self.forum is None:
            return
        needed = add_months(self.forum.ends_on, PASSPORT_VALID_MONTHS)
        if field.data < needed:
            raise ValidationError(
                _l(
                    "The passport must be valid until at least %(date)s (six months after the forum).",
                    date=needed.isoformat(),
                )
            )

    def validate_arrival_date(self, field):
        if not field.data or self.forum is None:
            return
        earliest = self.forum.starts_on - timedelta(days=TRAVEL_MARGIN_DAYS)
        if field.data < earliest or field.data > self.forum.ends_on:
            raise ValidationError(
                _l(
                    "Arrival must be between %(start)s and %(end)s.",
                    start=earliest.isoformat(),
                    end=self.forum.ends_on.isoformat(),
                )
            )

    def validate_departure_date(self, field):
        if not field.data:
            return
        arrival = self.arrival_date.data
        if arrival and field.data < arrival:
            raise ValidationError(_l("Departure must be on or after the arrival date."))
        if (
            arrival
            and field.data == arrival
            and self.arrival_time.data
            and self.departure_time.data
            and self.departure_time.data <= self.arrival_time.data
        ):
            raise ValidationError(_l("Departure must be after the arrival."))
        if self.forum is not None:
            latest = self.forum.ends_on + timedelta(days=TRAVEL_MARGIN_DAYS)
            if field.data < self.forum.starts_on or field.data > latest:
                raise ValidationError(
                    _l(
                        "Departure must be between %(start)s and %(end)s.",
                        start=self.forum.starts_on.isoformat(),
                        end=latest.isoformat(),
                    )
                )

    def validate_dietary(self, field):
        if field.data == "other" and not self.dietary_notes.data:
            raise ValidationError(_l("Describe the diet in the notes."))

    def validate_photo(self, field):
        storage = field.data
        if not storage or not getattr(storage, "filename", None):
            return

        try:
            self.processed_photo = process_photo(storage)
        except PhotoError as exc:
            raise ValidationError(exc.message) from None

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.submitting:
            ok = self._validate_complete() and ok
        return ok

    def _require(self, field, message) -> bool:
        if field.errors:
            return False
        if field.data in (None, "", []):
            field.errors.append(message)
            return False
        return True

    def _validate_complete(self) -> bool:
        """Fields required to submit (not for a draft): rules.blocking_missing_fields, read
        from what was posted (a passport number already on file counts as given)."""
        category = self.category_obj()
        p = self._participant
        fields = {
            "given_names": self.given_names,
            "email": self.email,
            "nationality": self.nationality,
            "date_of_birth": self.date_of_birth,
            "passport_number": self.passport_number,
            "passport_expiry": self.passport_expiry,
        }
        facts = {name: field.data for name, field in fields.items()}
        facts["passport_number"] = facts["passport_number"] or (p is not None and p.passport_number)
        facts["requires_passport"] = category is not None and category.requires_passport
        facts["consent"] = bool(self.consent.data)
        facts["has_photo"] = True  # a photo may follow after the submission
        messages = {
            "given_names": _l("Enter the given name(s) to submit."),
            "email": _l("Enter an e-mail address to submit."),
            "consent": _l("Your consent is needed to submit."),
        }
        ok = True
        for name in rules.blocking_missing_fields(facts):
            ok = False
            field = fields.get(name) or self.consent
            if not field.errors:
                field.errors.append(messages.get(name, _l("Required for this category.")))
        # A field whose value was refused is missing too, though the rule saw no value.
        return ok and not any(f.errors for f in fields.values())

    # --- writing --------------------------------------------------------------------------

    def populate_participant(self, p) -> None:
        """Write only the participant-editable fields; never delegation, status, role or the
        badge secret."""
        for name in EDITABLE_FIELDS:
            if name == "category_id":
                if "category" in self and self.category.data:
                    p.category_id = self.category.data
                    if (category := self._categories.get(p.category_id)) is not None:
                        # The object the form loaded, as if p had loaded it (no history):
                        # the head rule and the completeness check read it without a SELECT.
                        set_committed_value(p, "category", category)
                continue
            if name == "gender":
                p.gender = Gender(self.gender.data) if self.gender.data else None
                continue
            field = self._fields.get(name)
            if field is None:
                continue
            value = field.data
            if name == "visa_letter_wanted":
                value = bool(value)
            elif name == "passport_number" and not value and p.passport_number:
                continue  # empty keeps the number on file
            elif name in NULLABLE_FIELDS:
                value = value or None
            elif value is None:
                value = ""
            if getattr(p, name, None) != value:
                setattr(p, name, value)
        if self.consent.data and p.consent_at is None:
            p.consent_at = utcnow()
        elif not self.consent.data and p.consent_at is not None:
            p.consent_at = None

    def errors_by_field(self) -> dict[str, list[str]]:
        return {name: [str(e) for e in errs] for name, errs in self.errors.items() if errs}

    @classmethod
    def validate_row(cls, data, forum, delegation, actor, *, submitting: bool = False):
        """Validate one row of a bulk import exactly like the form; returns (form, errors)."""
        formdata = MultiDict(normalize_row(data))
        form = cls(
            formdata=formdata,
            forum=forum,
            delegation=delegation,
            actor=actor,
            submitting=submitting,
            meta={"csrf": False},
        )
        form.validate()
        return form, form.errors_by_field()
