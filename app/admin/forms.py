"""Forms of the admin area: users, invitations, forum settings, participant categories."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, available_timezones

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from app.auth.reauth import ReauthMixin
from app.auth.services import user_by_email
from app.extensions import db
from app.forms import FlaskForm, LocalDateTimeField, no_control_characters, strip_filter
from app.i18n import LANGUAGE_NAMES, is_country_code
from app.identity import AA, clean_png, colour_problem
from app.integers import BoundedIntegerField, coerce_id
from app.models import Category, ChosenBy, Delegation, Role

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
CATEGORY_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
DELEGATION_ROLES = (Role.FOCAL_POINT, Role.DELEGATE)


def role_choices(include_delegate: bool = True) -> list[tuple[str, str]]:
    return [(r.value, r.label) for r in Role if include_delegate or r != Role.DELEGATE]


def delegation_choices() -> list[tuple[int, str]]:
    delegations = db.session.scalars(sa.select(Delegation)).all()
    delegations.sort(key=lambda d: d.protocol_key)
    return [(0, "—")] + [(d.id, f"{d.name} ({d.code})") for d in delegations]


def language_choices() -> list[tuple[str, str]]:
    return [("", _l("Follow the browser"))] + list(LANGUAGE_NAMES.items())


class _DelegationForRole:
    """Focal points and delegates belong to a delegation; other roles to none."""

    def validate_delegation_id(self, field):
        role = self.role.data
        if role in {r.value for r in DELEGATION_ROLES} and not field.data:
            raise ValidationError(_l("Choose the delegation of a focal point or delegate."))
        if field.data and db.session.get(Delegation, field.data) is None:
            raise ValidationError(_l("This delegation does not exist."))


class InviteUserForm(_DelegationForRole, FlaskForm):
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(), Email(), Length(max=254)],
        filters=[strip_filter],
    )
    full_name = StringField(
        _l("Name"),
        validators=[Optional(), Length(max=200), no_control_characters],
        filters=[strip_filter],
    )
    role = SelectField(_l("Role"), choices=lambda: role_choices(include_delegate=False))
    delegation_id = SelectField(
        _l("Delegation"),
        coerce=coerce_id,
        choices=delegation_choices,
        description=_l("Only for focal points."),
    )
    locale = SelectField(
        _l("Language of the e-mail"), choices=lambda: language_choices()[1:], default="en"
    )
    submit = SubmitField(_l("Send the invitation"), render_kw={"data-pending": _l("Sending…")})

    def validate_email(self, field):
        if user_by_email(field.data or ""):
            raise ValidationError(
                _l("An account with this e-mail exists already. Change its role instead.")
            )


class ChangeRoleForm(_DelegationForRole, ReauthMixin, FlaskForm):
    """A role is power over other people's data: the admin confirms with their password."""

    role = SelectField(_l("Role"), choices=role_choices)
    delegation_id = SelectField(_l("Delegation"), coerce=coerce_id, choices=delegation_choices)
    current_password = PasswordField(
        _l("Your password (to confirm this change)"),
        validators=[DataRequired(), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Change role"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_role(self, field):
        if field.data == Role.DELEGATE.value and (
            self.user is None or self.user.participant_id is None
        ):
            raise ValidationError(
                _l(
                    "A delegate account belongs to one participant: invite delegates from "
                    "their registration instead."
                )
            )


class SetActiveForm(FlaskForm):
    active = HiddenField(validators=[InputRequired(), AnyOf(["0", "1"])])


class ForumSettingsForm(FlaskForm):
    name_en = StringField(
        _l("Name (English)"),
        validators=[DataRequired(), Length(max=300), no_control_characters],
        filters=[strip_filter],
    )
    name_fr = StringField(_l("Name (French)"), validators=[Length(max=300)], filters=[strip_filter])
    name_zh = StringField(
        _l("Name (Chinese)"), validators=[Length(max=300)], filters=[strip_filter]
    )
    short_name_en = StringField(
        _l("Short name (English)"), validators=[Length(max=120)], filters=[strip_filter]
    )
    short_name_fr = StringField(
        _l("Short name (French)"), validators=[Length(max=120)], filters=[strip_filter]
    )
    short_name_zh = StringField(
        _l("Short name (Chinese)"), validators=[Length(max=120)], filters=[strip_filter]
    )
    theme_en = TextAreaField(
        _l("Theme (English)"), validators=[Length(max=2000)], filters=[strip_filter]
    )
    theme_fr = TextAreaField(
        _l("Theme (French)"), validators=[Length(max=2000)], filters=[strip_filter]
    )
    theme_zh = TextAreaField(
        _l("Theme (Chinese)"), validators=[Length(max=2000)], filters=[strip_filter]
    )
    host_en = StringField(
        _l("Host (English)"), validators=[Length(max=300)], filters=[strip_filter]
    )
    host_fr = StringField(_l("Host (French)"), validators=[Length(max=300)], filters=[strip_filter])
    host_zh = StringField(
        _l("Host (Chinese)"), validators=[Length(max=300)], filters=[strip_filter]
    )
    venue = StringField(_l("Venue"), validators=[Length(max=300)], filters=[strip_filter])
    city = StringField(_l("City"), validators=[Length(max=120)], filters=[strip_filter])
    country_code = StringField(
        _l("Country (ISO code)"),
        validators=[Optional(), Length(min=2, max=2)],
        filters=[strip_filter, lambda v: v.upper() if isinstance(v, str) else v],
    )
    starts_on = DateField(_l("First day"), validators=[InputRequired()])
    ends_on = DateField(_l("Last day"), validators=[InputRequired()])
    timezone = StringField(
        _l("Time zone"),
        validators=[DataRequired(), Length(max=64)],
        filters=[strip_filter],
        description=_l("An IANA time zone such as Asia/Shanghai or Europe/Paris."),
    )
    registration_opens_at = LocalDateTimeField(_l("Registration opens"), validators=[Optional()])
    registration_closes_at = LocalDateTimeField(_l("Registration closes"), validators=[Optional()])
    edit_deadline = LocalDateTimeField(_l("Deadline for changes"), validators=[Optional()])
    contact_email = EmailField(
        _l("Secretariat e-mail"),
        validators=[Optional(), Email(), Length(max=254)],
        filters=[strip_filter],
    )
    signatory_name = StringField(
        _l("Signatory of letters"), validators=[Length(max=200)], filters=[strip_filter]
    )
    signatory_title = StringField(
        _l("Title of the signatory"), validators=[Length(max=300)], filters=[strip_filter]
    )
    letter_reference_prefix = StringField(
        _l("Prefix of letter references"),
        validators=[DataRequired(), Length(max=40)],
        filters=[strip_filter],
    )
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The times are typed in the time zone this form sets, when it names a real one.
        if self.timezone.data in available_timezones():
            zone = ZoneInfo(self.timezone.data)
            for name in ("registration_opens_at", "registration_closes_at", "edit_deadline"):
                getattr(self, name).rezone(zone)

    def validate_timezone(self, field):
        if field.data not in available_timezones():
            raise ValidationError(_l("Unknown time zone. Use a name such as Asia/Shanghai."))

    def validate_country_code(self, field):
        if field.data and not is_country_code(field.data):
            raise ValidationError(_l("Unknown country code."))

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day cannot be before the first day."))

    def validate_registration_closes_at(self, field):
        opens = self.registration_opens_at.data
        if opens and field.data and field.data <= opens:
            raise ValidationError(_l("Registration must close after it opens."))


class CategoryForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=40)],
        filters=[strip_filter],
        description=_l("Lower-case letters, digits and underscores, e.g. head_of_delegation."),
    )
    name_en = StringField(
        _l("Name (English)"),
        validators=[DataRequired(), Length(max=100), no_control_characters],
        filters=[strip_filter],
    )
    name_fr = StringField(_l("Name (French)"), validators=[Length(max=100)], filters=[strip_filter])
    name_zh = StringField(
        _l("Name (Chinese)"), validators=[Length(max=100)], filters=[strip_filter]
    )
    colour = StringField(
        _l("Badge colour"),
        validators=[DataRequired()],
        filters=[strip_filter],
        description=_l("As #rrggbb, e.g. #1f4e79."),
    )
    text_colour = StringField(
        _l("Text colour on the band"),
        validators=[DataRequired()],
        filters=[strip_filter],
        default="#ffffff",
    )
    sort_order = BoundedIntegerField(
        _l("Order"), validators=[InputRequired(), NumberRange(min=0, max=10000)], default=100
    )
    requires_passport = BooleanField(_l("Needs passport and travel details"), default=True)
    chosen_by = SelectField(
        _l("Who may choose it"),
        choices=lambda: [(c.value, c.label) for c in ChosenBy],
        default=ChosenBy.ANYONE.value,
        description=_l(
            "On registration forms and in imports. Organizers may always give any category."
        ),
    )
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, category: Category | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.category = category

    def validate_code(self, field):
        if not CATEGORY_CODE.match(field.data or ""):
            raise ValidationError(
                _l("Use lower-case letters, digits and underscores, starting with a letter.")
            )
        other = db.session.scalar(sa.select(Category).where(Category.code == field.data))
        if other is not None and (self.category is None or other.id != self.category.id):
            raise ValidationError(_l("Another category has this code."))

    def validate_colour(self, field):
        if not HEX_COLOUR.match(field.data or ""):
            raise ValidationError(_l("Give the colour as # and six hexadecimal digits."))
        field.data = field.data.lower()

    def validate_text_colour(self, field):
        self.validate_colour(field)


class IdentityForm(FlaskForm):
    """The forum's look: logo, emblem and brand colours (checked by app/identity.py)."""

    # The re-encoded uploads, set by validate_logo / validate_emblem (None: keep the image).
    logo_png: bytes | None = None
    emblem_png: bytes | None = None

    logo = FileField(
        _l("Logo (PNG)"),
        description=_l("Shown in the site header and at the top of e-mails; PNG only."),
    )
    remove_logo = BooleanField(_l("Remove the logo"))
    emblem = FileField(
        _l("Emblem (PNG)"),
        description=_l("Printed on badges, letters and the List of Participants; PNG only."),
    )
    remove_emblem = BooleanField(_l("Remove the emblem"))
    brand_primary = StringField(
        _l("Main colour"),
        validators=[DataRequired()],
        filters=[strip_filter],
        description=_l("Navigation bar, buttons and e-mail headers, e.g. #17365d."),
    )
    brand_accent = StringField(
        _l("Accent colour"),
        validators=[DataRequired()],
        filters=[strip_filter],
        description=_l("Bands and highlights, e.g. #a4122a."),
    )
    submit = SubmitField(_l("Save"))

    def _check_colour(self, field):
        problem = colour_problem(field.data or "")
        if problem == "format":
            raise ValidationError(_l("Write the colour as # and six hexadecimal digits."))
        if problem:
            raise ValidationError(
                _l(
                    "White text on this colour is hard to read: choose a darker colour "
                    "(contrast of at least %(ratio)s:1).",
                    ratio=AA,
                )
            )

    def validate_brand_primary(self, field):
        self._check_colour(field)

    def validate_brand_accent(self, field):
        self._check_colour(field)

    def _image(self, field):
        upload = field.data
        if not upload or not getattr(upload, "filename", ""):
            return None
        try:
            return clean_png(upload.read())
        except ValueError:
            raise ValidationError(_l("Choose a PNG image of at most 2 MB.")) from None

    def validate_logo(self, field):
        self.logo_png = self._image(field)

    def validate_emblem(self, field):
        self.emblem_png = self._image(field)
