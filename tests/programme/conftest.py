"""Factories of the programme tests: topics, rooms and sessions at forum-local times."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from app.extensions import db
from app.models import (
    ProgrammeSession,
    Room,
    SessionKind,
    SessionSpeaker,
    SpeakerRole,
    Topic,
    Visibility,
)
from tests.conftest import detach

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: int, hh: int, mm: int = 0) -> datetime:
    """17 or 18 September 2025 at hh:mm in Lianyungang, as aware UTC."""
    return datetime(2025, 9, day, hh, mm, tzinfo=SHANGHAI).astimezone(UTC)


@pytest.fixture
def make_topic(app):
    def make(number=1, **kw):
        with app.app_context():
            topic = Topic(number=number, **({"title_en": f"Topic {number}"} | kw))
            db.session.add(topic)
            return detach(topic)

    return make


@pytest.fixture
def make_room(app):
    counter = iter(range(1, 1000))

    def make(name=None, **kw):
        with app.app_context():
            room = Room(name=name or f"Room {next(counter)}", **kw)
            db.session.add(room)
            return detach(room)

    return make


@pytest.fixture
def make_session(app):
    def make(day=17, start=(9, 0), end=(10, 0), speakers=(), **kw):
        with app.app_context():
            values = dict(
                kind=SessionKind.PLENARY,
                title_en="A session",
                starts_at=at(day, *start),
                ends_at=at(day, *end),
                visibility=Visibility.PUBLIC,
            )
            values.update(kw)
            session = ProgrammeSession(**values)
            db.session.add(session)
            db.session.flush()
            for i, sp in enumerate(speakers):
                if isinstance(sp, str):
                    db.session.add(
                        SessionSpeaker(
                            session_id=session.id, guest_name=sp, guest_title="Guest", sort_order=i
                        )
                    )
                else:
                    db.session.add(
                        SessionSpeaker(
                            session_id=session.id,
                            participant_id=sp.id,
                            role=SpeakerRole.SPEAKER,
                            sort_order=i,
                        )
                    )
            return detach(session)

    return make


__all__ = ["at", "time"]
