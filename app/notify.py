"""Who hears about a participant, in which language, and the e-mail that tells them.

Below the areas: registration (status changes) and the programme (a waitlisted place that
opens) both tell a participant and their focal points through here.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.i18n import forum
from app.mail import queue_email
from app.models import Participant, Role, User
from app.urls import absolute_url

Recipient = tuple[str, str | None, bool]  # address, language, is a focal point


def participant_locale(p: Participant) -> str | None:
    """The language the participant chose on their account, else the one of their form."""
    user = db.session.scalar(sa.select(User).where(User.participant_id == p.id))
    if user is not None and user.locale:
        return user.locale
    return p.locale


def _focal_points(delegation_id: int) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User).where(
                User.delegation_id == delegation_id,
                User.role == Role.FOCAL_POINT,
                User.active.is_(True),
            )
        )
    )


def recipients_of(p: Participant, focal_points: bool = True) -> list[Recipient]:
    out: list[Recipient] = []
    if p.email:
        out.append((p.email, participant_locale(p), False))
    if focal_points:
        out += [(u.email, u.locale, True) for u in _focal_points(p.delegation_id)]
    return out


def notify(
    p: Participant,
    template: str,
    *,
    focal_points: bool = True,
    recipients: list[Recipient] | None = None,
    **context,
) -> int:
    """Queue `template` to the participant and their focal points, each in their language."""
    sent: set[str] = set()
    context.setdefault("forum", forum())
    context.setdefault("url", absolute_url("registration.detail", participant_id=p.id))
    if recipients is None:
        recipients = recipients_of(p, focal_points)
    for address, locale, as_focal_point in recipients:
        key = address.lower()
        if key in sent:
            continue
        sent.add(key)
        queue_email(
            address,
            template,
            locale=locale,
            participant=p,
            delegation=p.delegation,
            to_focal_point=as_focal_point,
            **context,
        )
    return len(sent)
