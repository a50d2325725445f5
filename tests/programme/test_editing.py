"""Organizers create, edit and delete sessions, speakers, topics and rooms; all audited."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditLog, ProgrammeSession, Room, SessionSpeaker, Topic


def _form(**kw):
    data = {
        "kind": "panel",
        "topic_id": "0",
        "title_en": "Panel on e-visas",
        "title_fr": "Table ronde sur les visas électroniques",
        "title_zh": "电子签证小组讨论",
        "day": "2025-09-17",
        "start": "09:00",
        "end": "10:30",
        "room_id": "0",
        "visibility": "public",
        "capacity": "",
    }
    data.update(kw)
    return data


def test_create_session_in_forum_time_and_audit(app, as_role, world, make_room):
    room = make_room("Hall C")
    client = as_role("organizer")
    r = client.post("/programme/sessions/new", data=_form(room_id=str(room.id)))
    assert r.status_code == 302
    with app.app_context():
        s = db.session.scalar(
            sa.select(ProgrammeSession).where(ProgrammeSession.title_en == "Panel on e-visas")
        )
        # 09:00 in Asia/Shanghai is 01:00 UTC.
        assert s.starts_at == datetime(2025, 9, 17, 1, 0, tzinfo=UTC)
        assert s.ends_at == datetime(2025, 9, 17, 2, 30, tzinfo=UTC)
        assert s.room_id == room.id and s.title_zh == "电子签证小组讨论"
        entry = db.session.scalar(sa.select(AuditLog).where(AuditLog.action == "session.created"))
        assert entry.object_id == s.id
    edit = client.get(f"/programme/sessions/{s.id}/edit").get_data(as_text=True)
    assert 'value="09:00"' in edit and 'value="10:30"' in edit


def test_validation_end_after_start_and_within_forum_days(app, as_role, world):
    client = as_role("organizer")
    r = client.post("/programme/sessions/new", data=_form(start="11:00", end="10:00"))
    assert r.status_code == 200 and "must end after it starts" in r.get_data(as_text=True)
    r = client.post("/programme/sessions/new", data=_form(day="2025-09-20"))
    assert r.status_code == 200 and "forum" in r.get_data(as_text=True)
    r = client.post("/programme/sessions/new", data=_form(title_en=""))
    assert r.status_code == 200
    r = client.post("/programme/sessions/new", data=_form(signup_required="y", capacity="0"))
    assert "at least one seat" in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ProgrammeSession)) == 1


def test_room_overlap_is_a_warning_not_a_refusal(app, as_role, world, make_session):
    client = as_role("organizer")
    room_id = world.params["room_id"]  # the world's session: 17 Sept, 14:00-15:30 local
    r = client.post(
        "/programme/sessions/new",
        data=_form(room_id=str(room_id), start="15:00", end="16:00", title_en="Overlapping"),
        follow_redirects=True,
    )
    html = r.get_data(as_text=True)
    assert "Warning" in html and "Workshop on e-visas" in html
    with app.app_context():
        assert db.session.scalar(
            sa.select(ProgrammeSession).where(ProgrammeSession.title_en == "Overlapping")
        )
    # Back to back is no conflict.
    r = client.post(
        "/programme/sessions/new",
        data=_form(room_id=str(room_id), start="15:30", end="16:00", title_en="Afterwards"),
        follow_redirects=True,
    )
    assert "Workshop on e-visas" not in r.get_data(as_text=True).split("Edit session")[0]


def test_speakers_participant_or_guest(app, as_role, world):
    client = as_role("organizer")
    sid = world.params["session_id"]
    r = client.post(
        f"/programme/sessions/{sid}/speakers",
        data={
            "speaker-role": "chair",
            "speaker-guest_name": "Amy Pope",
            "speaker-guest_title": "Director General, IOM",
        },
    )
    assert r.status_code == 302
    r = client.post(
        f"/programme/sessions/{sid}/speakers",
        data={"speaker-role": "speaker"},
        follow_redirects=True,
    )
    assert "Choose a participant or give the guest" in r.get_data(as_text=True)
    r = client.post(
        f"/programme/sessions/{sid}/speakers",
        data={"speaker-role": "speaker", "speaker-participant_id": str(world.pa2.id)},
        follow_redirects=True,
    )
    assert "Not a valid choice" in r.get_data(as_text=True)  # pa2 is a draft, not approved
    with app.app_context():
        guest = db.session.scalar(
            sa.select(SessionSpeaker).where(SessionSpeaker.guest_name == "Amy Pope")
        )
        assert guest.role.value == "chair"
        gid = guest.id
    page = as_role("anonymous").get(f"/programme/sessions/{sid}").get_data(as_text=True)
    assert "Amy Pope" in page and "Director General, IOM" in page
    assert client.post(f"/programme/sessions/{sid}/speakers/{gid}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(SessionSpeaker, gid) is None
        actions = set(db.session.scalars(sa.select(AuditLog.action)))
        assert {"session.speaker_added", "session.speaker_removed"} <= actions


def test_topics_rooms_and_delete(app, as_role, world):
    client = as_role("organizer")
    assert (
        client.post(
            "/programme/topics/new", data={"number": "2", "title_en": "Ports", "title_zh": "口岸"}
        ).status_code
        == 302
    )
    assert client.post("/programme/rooms/new", data={"name": "Hall A"}).status_code == 200  # taken
    assert (
        client.post("/programme/rooms/new", data={"name": "Hall Z", "capacity": "40"}).status_code
        == 302
    )
    with app.app_context():
        topic = db.session.scalar(sa.select(Topic).where(Topic.title_en == "Ports"))
        room = db.session.scalar(sa.select(Room).where(Room.name == "Hall Z"))
        assert topic.title_zh == "口岸" and room.capacity == 40
    assert client.post(f"/programme/topics/{world.params['topic_id']}/delete").status_code == 302
    assert (
        client.post(f"/programme/sessions/{world.params['session_id']}/delete").status_code == 302
    )
    with app.app_context():
        assert db.session.get(ProgrammeSession, world.params["session_id"]) is None
        actions = set(db.session.scalars(sa.select(AuditLog.action)))
        assert {"topic.created", "room.created", "topic.deleted", "session.deleted"} <= actions
    assert "Ports" in client.get("/programme/manage").get_data(as_text=True)
