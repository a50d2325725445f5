"""Forms of the account pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from app.auth.services import password_problem
from app.forms import FlaskForm, strip_filter
from app.i18n import LANGUAGE_NAMES


def language_choices():
    return list(LANGUAGE_NAMES.items())


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(), Length(max=254)], filters=[strip_filter]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    remember = BooleanField(_l("Keep me signed in on this computer"))
    submit = SubmitField(_l("Sign in"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)], filters=[strip_filter]
    )
    submit = SubmitField(_l("Send me a link"))


class NewPasswordMixin:
    email_for_check = ""

    def validate_password(self, field):
        problem = password_problem(field.data or "", self.email_for_check)
        if problem:
            raise ValidationError(problem)


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )
    submit = SubmitField(_l("Set password"))


class AcceptInvitationForm(NewPasswordMixin, FlaskForm):
    full_name = StringField(
        _l("Your name"), validators=[DataRequired(), Length(max=200)], filters=[strip_filter]
    )
    locale = SelectField(_l("Language"), choices=language_choices)
    password = PasswordField(_l("Choose a password"), validators=[DataRequired(), Length(max=256)])
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )
    submit = SubmitField(_l("Create my account"))


class AccountForm(FlaskForm):
    full_name = StringField(
        _l("Your name"), validators=[DataRequired(), Length(max=200)], filters=[strip_filter]
    )
    locale = SelectField(_l("Language"), choices=language_choices)
    submit = SubmitField(_l("Save"))


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=256)])
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )
    submit = SubmitField(_l("Change password"))
