"""Who may do what: role groups and the predicates every route, service and template asks.

Routes declare their audience with these groups (app/auth/access.py); object-level questions
(may this user edit this participant, see their passport?) are answered here and nowhere else.
"""

from __future__ import annotations

from app.models.user import Role

ORGANIZERS = (Role.ADMIN, Role.ORGANIZER)
DESK = (Role.ADMIN, Role.ORGANIZER, Role.STAFF)
# Who manages registrations: organizers, and a focal point for their own delegation.
MANAGERS = (*ORGANIZERS, Role.FOCAL_POINT)
# Who edits a registration: managers, and a delegate their own.
EDITORS = (*MANAGERS, Role.DELEGATE)
# Who sees what vetting needs (identity, passport, photo) of the people sent for clearance:
# organizers, and the host's security service, which sees nothing else.
VETTING = (*ORGANIZERS, Role.SECURITY)


def _role(user):
    if user is None or not getattr(user, "is_authenticated", True):
        return None
    return getattr(user, "role", None)


def is_organizer(user) -> bool:
    """An administrator or organizer (None, a system action, is not)."""
    return _role(user) in ORGANIZERS


def is_desk(user) -> bool:
    return _role(user) in DESK


def is_manager(user) -> bool:
    return _role(user) in MANAGERS


def may_edit(user, participant) -> bool:
    """Organizers everyone; a focal point their delegation's people; a delegate themselves."""
    role = _role(user)
    if role in ORGANIZERS:
        return True
    if role == Role.FOCAL_POINT:
        return participant.delegation_id == user.delegation_id
    if role == Role.DELEGATE:
        return participant.id == user.participant_id
    return False


def may_see_personal_data(user, participant) -> bool:
    """Passport numbers and dates of birth: whoever may edit the registration (never staff)."""
    return may_edit(user, participant)


def may_export_personal_data(user) -> bool:
    """Spreadsheets with passport numbers and dates of birth: organizers only."""
    return is_organizer(user)
