"""Objects each area adds to the `world` fixture, and the URL parameters they answer to.

Each area has its own function here; keep to your own function.
"""

from __future__ import annotations


def extend(app, w) -> None:
    for fn in (_registration, _programme, _announcements, _desk, _admin):
        fn(app, w)


def _registration(app, w) -> None:
    """Documents, invitations, visa letters (registration area)."""


def _programme(app, w) -> None:
    """Topics, rooms, sessions, speakers, sign-ups (programme area)."""


def _announcements(app, w) -> None:
    """Announcements and info pages (announcements area)."""


def _desk(app, w) -> None:
    """Check-ins and badge prints (desk area)."""


def _admin(app, w) -> None:
    """Outbox messages, audit entries (admin area)."""
