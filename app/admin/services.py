"""The rules of administration: accounts, invitations, forum settings, categories, outbox."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app import audit
from app.auth.services import (
    InvitationAlreadyAccepted,
    create_invitation,
    normalize_email,
    revoke_invitation,
)
from app.auth.services import resend_invitation as resend
from app.extensions import db
from app.mail import queue_age, retry_now
from app.models import (
    Category,
    ChosenBy,
    ForumSettings,
    Invitation,
    OutboxMessage,
    OutboxStatus,
    Role,
    User,
    utcnow,
)

DELEGATION_ROLES = (Role.FOCAL_POINT, Role.DELEGATE)


class AdminError(Exception):
    """A rule refused the action; the message is shown to the user."""


def invite_user(
    email: str,
    role: Role,
    *,
    delegation_id: int | None,
    full_name: str,
    locale: str | None,
    invited_by: User,
) -> Invitation:
    """Invite a person by e-mail; earlier pending invitations of that address are withdrawn."""
    if role == Role.DELEGATE:
        raise AdminError(_l("Delegates are invited from their registration."))
    if role in DELEGATION_ROLES and not delegation_id:
        raise AdminError(_l("A focal point needs a delegation."))
    email = normalize_email(email)
    for old in pending_invitations_for(email):
        revoke_invitation(old)
    invitation, _token = create_invitation(
        email,
        role,
        delegation_id=delegation_id if role in DELEGATION_ROLES else None,
        full_name=full_name,
        invited_by=invited_by,
        locale=locale,
    )
    return invitation


def pending_invitations_for(email: str) -> list[Invitation]:
    now = utcnow()
    return list(
        db.session.scalars(
            sa.select(Invitation).where(
                Invitation.email == normalize_email(email),
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > now,
            )
        )
    )


def resend_invitation(invitation: Invitation, actor: User) -> Invitation:
    try:
        return resend(invitation, actor)
    except InvitationAlreadyAccepted:
        raise AdminError(_l("This invitation has already been accepted.")) from None


def withdraw_invitation(invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise AdminError(_l("This invitation has already been accepted."))
    if invitation.revoked_at is None:
        revoke_invitation(invitation)


def change_role(user: User, role: Role, delegation_id: int | None, actor: User) -> None:
    if user.id == actor.id:
        raise AdminError(_l("You cannot change your own role."))
    if role == Role.DELEGATE:
        if user.participant is None:
            raise AdminError(_l("A delegate account belongs to a participant."))
        delegation_id = user.participant.delegation_id
    if role in DELEGATION_ROLES and not delegation_id:
        raise AdminError(_l("Focal points and delegates need a delegation."))
    user.role = role
    new_delegation = delegation_id if role in DELEGATION_ROLES else None
    if user.delegation_id != new_delegation and role != Role.DELEGATE:
        user.participant_id = None
    user.delegation_id = new_delegation
    changes = audit.changes_of(user)
    if changes:
        # The user signs in again under the new role; nothing of the old one lingers.
        user.rotate_session()
        audit.record("user.role_changed", user, changes=changes)


def set_active(user: User, active: bool, actor: User) -> None:
    if user.id == actor.id:
        raise AdminError(_l("You cannot deactivate your own account."))
    if user.active == active:
        return
    user.active = active
    if not active:
        user.rotate_session()  # every cookie of this user stops working now
    audit.record("user.reactivated" if active else "user.deactivated", user)


# --- forum settings ---------------------------------------------------------------------------

FORUM_FIELDS = [
    "name_en",
    "name_fr",
    "name_zh",
    "short_name_en",
    "short_name_fr",
    "short_name_zh",
    "theme_en",
    "theme_fr",
    "theme_zh",
    "host_en",
    "host_fr",
    "host_zh",
    "venue",
    "city",
    "country_code",
    "starts_on",
    "ends_on",
    "timezone",
    "contact_email",
    "signatory_name",
    "signatory_title",
    "letter_reference_prefix",
]
FORUM_TIMES = ("registration_opens_at", "registration_closes_at", "edit_deadline")


def to_local_naive(value: datetime | None, tz: str) -> datetime | None:
    """An aware UTC time as the naive local time a datetime-local input shows."""
    if value is None:
        return None
    return value.astimezone(ZoneInfo(tz)).replace(tzinfo=None)


def from_local_naive(value: datetime | None, tz: str) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is not None:  # the form's LocalDateTimeField: aware already
        return value.astimezone(UTC)
    return value.replace(tzinfo=ZoneInfo(tz)).astimezone(UTC)


def save_forum(data: dict) -> ForumSettings:
    """Create or update the single forum settings row from validated form data."""
    forum = ForumSettings.get()
    created = forum is None
    if created:
        forum = ForumSettings(id=1)
        db.session.add(forum)
    for name in FORUM_FIELDS:
        value = data.get(name)
        setattr(forum, name, value if value != "" or name == "name_en" else None)
    tz = data["timezone"]
    for name in FORUM_TIMES:
        setattr(forum, name, from_local_naive(data.get(name), tz))
    changes = audit.changes_of(forum)
    if created or changes:
        db.session.flush()
        audit.record("forum.created" if created else "forum.updated", forum, changes=changes)
    return forum


def save_identity(
    forum: ForumSettings,
    *,
    primary: str,
    accent: str,
    logo: bytes | None = None,
    emblem: bytes | None = None,
    remove_logo: bool = False,
    remove_emblem: bool = False,
) -> None:
    """Set the forum's colours and images (already checked by the form and app/identity.py)."""
    forum.brand_primary, forum.brand_accent = primary.lower(), accent.lower()
    changes = audit.changes_of(forum)
    for kind, data, remove in (("logo", logo, remove_logo), ("emblem", emblem, remove_emblem)):
        if data or remove:
            setattr(forum, f"{kind}_png", data if data else None)
            setattr(forum, f"has_{kind}", bool(data))
            # The audit log says an image changed, never stores it.
            changes[kind] = ["", "new image" if data else "removed"]
    if changes:
        forum.updated_at = utcnow()
        db.session.flush()
        audit.record("forum.identity", forum, changes=changes)


# --- categories -----------------------------------------------------------------------------

CATEGORY_FIELDS = (
    "code",
    "name_en",
    "name_fr",
    "name_zh",
    "colour",
    "text_colour",
    "sort_order",
    "requires_passport",
    "chosen_by",
)


def save_category(category: Category | None, data: dict) -> Category:
    created = category is None
    if created:
        category = Category()
        db.session.add(category)
    for name in CATEGORY_FIELDS:
        value = data[name]
        if name in ("name_fr", "name_zh") and value == "":
            value = None
        if name == "chosen_by":
            value = ChosenBy(value)
        setattr(category, name, value)
    changes = audit.changes_of(category)
    if created or changes:
        db.session.flush()
        audit.record(
            "category.created" if created else "category.updated", category, changes=changes
        )
    return category


# --- outbox ---------------------------------------------------------------------------------


def retry_message(message: OutboxMessage) -> None:
    if message.status == OutboxStatus.SENT:
        raise AdminError(_l("This message has been sent already."))
    if message.status == OutboxStatus.SENDING:
        raise AdminError(_l("A sender is delivering this message right now."))
    retry_now(message)
    audit.record("outbox.retry", message)


# --- the dashboard panel ------------------------------------------------------------------------


def admin_overview() -> dict:
    """Counts for the admin dashboard panel: users by role, invitations, outbox."""
    by_role = dict(
        db.session.execute(
            sa.select(User.role, sa.func.count()).where(User.active).group_by(User.role)
        ).all()
    )
    inactive = (
        db.session.scalar(sa.select(sa.func.count()).select_from(User).where(~User.active)) or 0
    )
    now = utcnow()
    pending = (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Invitation)
            .where(
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > now,
            )
        )
        or 0
    )
    outbox = dict(
        db.session.execute(
            sa.select(OutboxMessage.status, sa.func.count())
            .where(OutboxMessage.status != OutboxStatus.SENT)
            .group_by(OutboxMessage.status)
        ).all()
    )
    return {
        "by_role": [(role, by_role.get(role, 0)) for role in Role],
        "inactive": inactive,
        "pending_invitations": pending,
        "queued": outbox.get(OutboxStatus.QUEUED, 0) + outbox.get(OutboxStatus.SENDING, 0),
        "failed": outbox.get(OutboxStatus.FAILED, 0),
        # During a mail outage the queue grows old before anything fails: show its age.
        "queue_age": queue_age(),
    }
