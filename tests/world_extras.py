"""Objects each area adds to the `world` fixture, and the URL parameters they answer to.

Each area has its own function here; keep to your own function.
"""

from __future__ import annotations


def extend(app, w) -> None:
    for fn in (_registration, _delegations, _programme, _announcements, _desk, _admin, _identity):
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
    w.params["rest"] = f"{w.pa1.id}/edit"  # an old /participants/… address


def _programme(app, w) -> None:
    """Topics, rooms, sessions, speakers, sign-ups (programme area)."""
    from datetime import UTC, datetime

    from app.extensions import db
    from app.models import (
        ProgrammeSession,
        Room,
        SessionKind,
        SessionSignup,
        SessionSpeaker,
        SignupStatus,
        SpeakerRole,
        Topic,
        User,
        Visibility,
    )

    with app.app_context():
        topic = Topic(number=1, title_en="Orderly migration", title_fr="Migration ordonnée")
        room = Room(name="Hall A", capacity=300)
        db.session.add_all([topic, room])
        db.session.flush()
        session = ProgrammeSession(
            kind=SessionKind.WORKSHOP,
            topic_id=topic.id,
            room_id=room.id,
            title_en="Workshop on e-visas",
            starts_at=datetime(2025, 9, 17, 6, 0, tzinfo=UTC),
            ends_at=datetime(2025, 9, 17, 7, 30, tzinfo=UTC),
            capacity=20,
            signup_required=True,
            visibility=Visibility.PUBLIC,
        )
        db.session.add(session)
        db.session.flush()
        speaker = SessionSpeaker(
            session_id=session.id, participant_id=w.pa1.id, role=SpeakerRole.SPEAKER
        )
        signup = SessionSignup(
            session_id=session.id, participant_id=w.pa1.id, status=SignupStatus.CONFIRMED
        )
        db.session.add_all([speaker, signup])
        db.session.commit()
        w.topic_id, w.room_id, w.session_id = topic.id, room.id, session.id
        w.params.update(
            session_id=session.id,
            topic_id=topic.id,
            room_id=room.id,
            speaker_id=speaker.id,
            feed_token=db.session.get(User, w.users.delegate.id).feed_token,
        )


def _announcements(app, w) -> None:
    """Announcements and info pages (announcements area)."""
    from app.extensions import db
    from app.markdown import render_markdown
    from app.models import Announcement, Audience, InfoPage, Visibility

    with app.app_context():
        announcement = Announcement(
            title="Welcome",
            body_markdown="**Welcome** to the forum.",
            body_html=render_markdown("**Welcome** to the forum."),
            audience=Audience.PUBLIC,
        )
        page = InfoPage(
            slug="venue",
            locale="en",
            title="Venue",
            body_markdown="The venue.",
            body_html=render_markdown("The venue."),
            visibility=Visibility.PUBLIC,
        )
        db.session.add_all([announcement, page])
        db.session.commit()
        w.params.update(announcement_id=announcement.id, slug=page.slug)


def _desk(app, w) -> None:
    """Check-ins and badge prints (desk area)."""
    import sqlalchemy as sa

    from app.extensions import db
    from app.models import (
        BadgePrint,
        BadgePrintReason,
        CheckIn,
        CheckInMethod,
        CheckInResult,
        Participant,
        RefusalReason,
        RevokedBadge,
        User,
        utcnow,
    )

    with app.app_context():
        staff_id = db.session.scalar(sa.select(User.id).where(User.email == "staff@example.org"))
        db.session.add_all(
            [
                BadgePrint(
                    participant_id=w.pb1.id,
                    user_id=staff_id,
                    reason=BadgePrintReason.FIRST,
                    layout="a6",
                ),
                RevokedBadge(secret="revoked-secret-of-pb1", participant_id=w.pb1.id),
                CheckIn(
                    participant_id=w.pb1.id,
                    staff_user_id=staff_id,
                    method=CheckInMethod.SCAN,
                    result=CheckInResult.ADMITTED,
                ),
                CheckIn(
                    staff_user_id=staff_id,
                    method=CheckInMethod.SCAN,
                    result=CheckInResult.REFUSED,
                    reason=RefusalReason.UNKNOWN,
                    scanned="garbage",
                ),
            ]
        )
        db.session.execute(
            sa.update(Participant)
            .where(Participant.id == w.pb1.id)
            .values(badge_printed_at=utcnow(), checked_in_at=utcnow())
        )
        db.session.commit()
    w.desk = {"revoked_secret": "revoked-secret-of-pb1"}


def _admin(app, w) -> None:
    """Outbox messages, audit entries (admin area)."""
    from app.extensions import db
    from app.models import AuditLog, OutboxMessage, OutboxStatus

    with app.app_context():
        message = OutboxMessage(
            to_addr="someone@example.org",
            subject="Test message",
            body_text="Hello.",
            status=OutboxStatus.FAILED,
            attempts=8,
            last_error="ConnectionRefusedError: [Errno 111] Connection refused",
            topic="test",
        )
        entry = AuditLog(
            action="user.login",
            object_type="users",
            object_id=w.users.admin.id,
            actor_id=w.users.admin.id,
            ip="127.0.0.1",
        )
        db.session.add_all([message, entry])
        db.session.commit()
        w.params["message_id"] = message.id


def _delegations(app, w) -> None:
    """A nomination letter of delegation A (document_id) and an invitation to one of its
    members (invitation_id) (delegations area)."""
    from datetime import timedelta

    from app.extensions import db
    from app.models import Document, DocumentKind, Invitation, Role, hash_token, utcnow

    pdf = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    with app.app_context():
        document = Document(
            delegation_id=w.a.id,
            kind=DocumentKind.NOTE_VERBALE,
            filename="note-verbale.pdf",
            size=len(pdf),
            data=pdf,
            uploaded_by_id=w.users.focal_point.id,
        )
        invitation = Invitation(
            token_hash=hash_token("world-member-invitation"),
            email=f"member{w.pa2.id}@example.org",
            role=Role.DELEGATE,
            delegation_id=w.a.id,
            participant_id=w.pa2.id,
            invited_by_id=w.users.focal_point.id,
            expires_at=utcnow() + timedelta(days=14),
        )
        db.session.add_all([document, invitation])
        db.session.commit()
        w.document_a = document.id
        w.invitation_a = invitation.id
    w.params["document_id"] = w.document_a
    w.params["invitation_id"] = w.invitation_a


def _identity(app, w) -> None:
    """The forum's logo and emblem (identity)."""
    from app import identity
    from app.extensions import db
    from app.models import ForumSettings

    with app.app_context():
        forum = db.session.get(ForumSettings, 1)
        forum.logo_png = identity.draw_logo(identity.DEMO_PRIMARY, identity.DEMO_ACCENT, 48)
        forum.emblem_png = identity.draw_emblem(identity.DEMO_PRIMARY, identity.DEMO_ACCENT, 64)
        forum.has_logo = forum.has_emblem = True
        db.session.commit()
    w.params["kind"] = "logo"
