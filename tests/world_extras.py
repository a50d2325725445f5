"""Objects each area adds to the `world` fixture, and the URL parameters they answer to.

Each area has its own function here; keep to your own function.
"""

from __future__ import annotations


def extend(app, w) -> None:
    for fn in (_registration, _programme, _announcements, _desk, _admin):
        fn(app, w)


def _registration(app, w) -> None:
    """A badge photo for pa1 and an issued visa letter (registration area)."""
    import io

    from PIL import Image

    from app.extensions import db
    from app.models import ParticipantPhoto, VisaLetter, utcnow

    buffer = io.BytesIO()
    Image.new("RGB", (60, 75), (90, 120, 160)).save(buffer, format="JPEG")
    with app.app_context():
        now = utcnow()
        db.session.add(
            ParticipantPhoto(
                participant_id=w.pa1.id, data=buffer.getvalue(), width=60, height=75, updated_at=now
            )
        )
        db.session.add(
            VisaLetter(participant_id=w.pa1.id, reference="TEST-2025-0001", language="en")
        )
        participant = db.session.get(type(w.pa1), w.pa1.id)
        participant.photo_updated_at = now
        db.session.commit()


def _programme(app, w) -> None:
    """Topics, rooms, sessions, speakers, sign-ups (programme area)."""


def _announcements(app, w) -> None:
    """Announcements and info pages (announcements area)."""


def _desk(app, w) -> None:
    """Check-ins and badge prints (desk area)."""


def _admin(app, w) -> None:
    """Outbox messages, audit entries (admin area)."""
