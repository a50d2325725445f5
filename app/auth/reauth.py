"""Re-authentication before sensitive changes (e-mail, password, role): ask the password again.

Two ways to use it:

- In a form: mix `ReauthMixin` into the FlaskForm of the sensitive change. It adds a
  `current_password` field whose validator checks the signed-in user's password and, when
  right, stamps `session["reauth_at"]`.

      class RoleForm(ReauthMixin, FlaskForm): ...

- On a view: `@require_recent_auth(5)` under the access declaration. A POST is accepted when
  the user confirmed their password in the last 5 minutes, or when the posted form carries a
  right `current_password`; otherwise nothing is changed, a message asks for the password and
  the browser goes back to the page (whose form should then render `current_password`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from flask import flash, redirect, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import PasswordField
from wtforms.validators import DataRequired, Length, ValidationError

from app import audit
from app.extensions import db

REAUTH_KEY = "reauth_at"


def confirm_password(password: str | None) -> bool:
    """Check the signed-in user's password; on success remember when it was confirmed."""
    if not current_user.is_authenticated or not password:
        return False
    if not current_user.check_password(password):
        audit.record("user.reauth_failed", current_user)
        return False
    session[REAUTH_KEY] = time.time()
    return True


def recently_authenticated(max_age_minutes: float = 5) -> bool:
    stamp = session.get(REAUTH_KEY)
    return isinstance(stamp, int | float) and time.time() - stamp <= max_age_minutes * 60


def forget_reauth() -> None:
    session.pop(REAUTH_KEY, None)


class ReauthMixin:
    """Adds the user's own password to a form; the form only validates when it is right."""

    current_password = PasswordField(
        _l("Your password (to confirm this change)"),
        validators=[DataRequired(), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )

    def validate_current_password(self, field):
        if not confirm_password(field.data):
            raise ValidationError(_l("This is not your password."))


def require_recent_auth(max_age_minutes: float = 5) -> Callable:
    """Refuse a state-changing request unless the password was confirmed recently."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if request.method in ("GET", "HEAD", "OPTIONS"):
                return view(*args, **kwargs)
            if recently_authenticated(max_age_minutes) or confirm_password(
                request.form.get("current_password")
            ):
                return view(*args, **kwargs)

            db.session.commit()  # keep the audit entry of a wrong password
            flash(_l("Enter your password to confirm this change."), "warning")
            return redirect(request.url)

        return wrapped

    return decorator
