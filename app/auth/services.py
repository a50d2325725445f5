"""The rules of accounts: authentication, sessions, reset tokens, invitations, passwords."""

from __future__ import annotations

import secrets
import time
from contextlib import contextmanager
from datetime import timedelta
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, flash, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app import audit
from app.auth import throttle
from app.extensions import db
from app.integers import bounded_int
from app.mail import queue_email, render_email
from app.models import Invitation, Role, User, hash_token, utcnow
from app.models.user import dummy_password_check
from app.notify import participant_locale
from app.urls import absolute_url


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalize_email(email)))


def load_user(user_id: str) -> User | None:
    """Flask-Login loader: the cookie's session token must still be the user's current one."""
    uid, _, token = user_id.partition(":")
    user_key = bounded_int(uid, minimum=1)
    if user_key is None or not token:
        return None
    user = db.session.get(User, user_key)
    if user is None or not user.active or not secrets.compare_digest(user.session_token, token):
        return None
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user if the password is right; the same work and the same answer otherwise.

    An account under attack answers more slowly but still answers (see throttle.py)."""
    throttle.slow_down(email)
    user = user_by_email(email)
    if user is None or not user.password_hash:
        dummy_password_check(password)
        throttle.record_failure(email)
        return None
    if user.check_password(password) and user.active:
        throttle.record_success(email)
        return user
    throttle.record_failure(email)
    user.failed_logins += 1
    user.last_failed_login_at = utcnow()
    audit.record("user.login_failed", user)
    return None


def start_session(user: User, remember: bool = False) -> None:
    """Sign in with a fresh session: nothing of the anonymous session carries over."""
    # current_user is a proxy: logging the proxy in would point it at itself.
    user = getattr(user, "_get_current_object", lambda: user)()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    session.permanent = True
    user.failed_logins = 0
    user.last_login_at = utcnow()
    login_user(user, remember=remember)
    session["seen"] = time.time()
    audit.record("user.login", user)


def end_session(user: User | None = None) -> None:
    """Sign out: rotating the token makes every earlier cookie of this user worthless."""
    user = user or (current_user if current_user.is_authenticated else None)
    if user is not None:
        user.rotate_session()
        audit.record("user.logout", user)
    logout_user()
    session.clear()


def end_idle_session():
    """before_request: sign out a user idle for longer than SESSION_IDLE_MINUTES."""
    if not current_user.is_authenticated:
        return None
    limit = int(current_app.config["SESSION_IDLE_MINUTES"]) * 60
    now = time.time()
    seen = session.get("seen", now)
    if now - seen > limit:
        logout_user()
        session.clear()
        flash(_l("You were signed out after a period of inactivity."), "info")
        return None
    # Write the cookie at most once a minute, not on every request.
    if now - seen > 60:
        session["seen"] = now
    return None


# --- passwords ------------------------------------------------------------------------------


@cache
def common_passwords() -> frozenset[str]:
    path = Path(__file__).resolve().parent.parent / "data" / "common_passwords.txt"
    lines = path.read_text().splitlines()
    return frozenset(s.strip().lower() for s in lines if s.strip() and not s.startswith("#"))


def password_problem(password: str, email: str = "") -> str | None:
    """Why a password is refused, or None when it is acceptable."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return str(_l("Use at least %(n)s characters.", n=minimum))
    low = password.lower()
    if low in common_passwords() or len(set(low)) <= 2:
        return str(_l("This password is too common. Choose another one."))
    local = normalize_email(email).split("@")[0]
    if local and len(local) >= 4 and local in low:
        return str(_l("The password must not contain your e-mail address."))
    return None


# --- password reset -------------------------------------------------------------------------


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def make_reset_token(user: User) -> str:
    # Bound to the current password hash: once the password changes, the token is spent.
    return _reset_serializer().dumps({"u": user.id, "h": hash_token(user.password_hash or "")[:16]})


def user_for_reset_token(token: str) -> User | None:
    max_age = int(current_app.config["PASSWORD_RESET_HOURS"]) * 3600
    try:
        data = _reset_serializer().loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) else None
    if user is None or not user.active:
        return None
    if not secrets.compare_digest(hash_token(user.password_hash or "")[:16], data.get("h", "")):
        return None
    return user


def request_password_reset(email: str) -> None:
    """Queue a reset e-mail if the account exists; say nothing either way.

    The answer must not tell either, by its timing too (an existing address answered in
    8.1 ms, an unknown one in 4.9: told apart 99 % of the time). So an unknown address costs
    the same token and the same rendered message, for a stand-in that is never stored; what
    is left (the rows and their commit) is hidden by `answer_no_sooner`."""
    user = user_by_email(email)
    known = user is not None and user.active
    recipient = user if known else User(email=normalize_email(email), password_hash="")
    token = make_reset_token(recipient)
    context = {
        "user": recipient,
        "url": absolute_url("auth.reset_password", token=token),
        "hours": current_app.config["PASSWORD_RESET_HOURS"],
    }
    if not known:
        render_email("password_reset", None, **context)
        return
    queue_email(user.email, "password_reset", locale=user.locale, **context)
    audit.record("user.password_reset_requested", user)


@contextmanager
def answer_no_sooner(seconds: float):
    """Pad the block to `seconds`, so that its duration says nothing about what it found."""
    started = time.monotonic()
    yield
    remaining = seconds - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)


def reset_password(user: User, password: str) -> None:
    user.set_password(password)
    user.failed_logins = 0
    audit.record("user.password_reset", user)


def change_password(user: User, password: str) -> None:
    user.set_password(password)
    audit.record("user.password_changed", user)


# --- invitations ----------------------------------------------------------------------------


def create_invitation(
    email: str,
    role: Role,
    *,
    delegation_id: int | None = None,
    participant_id: int | None = None,
    full_name: str = "",
    invited_by: User | None = None,
    locale: str | None = None,
) -> tuple[Invitation, str]:
    """Create a one-time invitation, queue its e-mail and return it with its token."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        token_hash=hash_token(token),
        email=normalize_email(email),
        full_name=full_name,
        role=role,
        delegation_id=delegation_id,
        participant_id=participant_id,
        invited_by_id=invited_by.id if invited_by else None,
        expires_at=utcnow() + timedelta(days=int(current_app.config["INVITATION_DAYS"])),
    )
    db.session.add(invitation)
    db.session.flush()
    queue_email(
        invitation.email,
        "invitation",
        locale=locale,
        invitation=invitation,
        url=absolute_url("auth.accept_invitation", token=token),
        topic="invitation",
    )
    audit.record(
        "invitation.created", invitation, changes={"email": invitation.email, "role": role.value}
    )
    return invitation, token


class InvitationAlreadyAccepted(ValueError):
    """An accepted invitation cannot be sent again or withdrawn."""


def resend_invitation(invitation: Invitation, actor: User) -> Invitation:
    """A new link replaces the old one, which stops working at once (tokens are stored
    hashed, so the old link cannot be sent again). Same person, role and delegation."""
    if invitation.accepted_at is not None:
        raise InvitationAlreadyAccepted()
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        audit.record("invitation.revoked", invitation, changes={"reason": "resent"})
    locale = None
    if invitation.participant is not None:
        locale = participant_locale(invitation.participant)
    new, _token = create_invitation(
        invitation.email,
        invitation.role,
        delegation_id=invitation.delegation_id,
        participant_id=invitation.participant_id,
        full_name=invitation.full_name,
        invited_by=actor,
        locale=locale,
    )
    return new


def invitation_for_token(token: str) -> Invitation | None:
    return db.session.scalar(
        sa.select(Invitation).where(Invitation.token_hash == hash_token(token))
    )


def revoke_invitation(invitation: Invitation) -> None:
    invitation.revoked_at = utcnow()
    audit.record("invitation.revoked", invitation)


def accept_invitation(
    invitation: Invitation, password: str, full_name: str, locale: str | None
) -> User:
    """Spend the invitation: create (or update) the account with the invited role."""
    if not invitation.is_usable():
        raise ValueError("invitation not usable")
    user = user_by_email(invitation.email)
    if user is None:
        user = User(email=invitation.email, role=invitation.role)
        db.session.add(user)
    user.role = invitation.role
    user.delegation_id = invitation.delegation_id
    if invitation.participant_id:
        user.participant_id = invitation.participant_id
    user.full_name = full_name or invitation.full_name or user.full_name
    user.locale = locale or user.locale
    user.active = True
    user.set_password(password)
    db.session.flush()
    invitation.accepted_at = utcnow()
    invitation.user_id = user.id
    audit.record("invitation.accepted", invitation)
    return user
