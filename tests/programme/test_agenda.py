"""The agenda by day, the session page, my agenda, and a fixed number of statements."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import SessionSignup, SignupStatus, Visibility


def test_agenda_by_day_in_forum_time(client, world, make_session, make_topic, make_room):
    topic = make_topic(2, title_en="Border ports", title_fr="Ports frontaliers", title_zh="口岸")
    room = make_room("Hall B")
    make_session(day=17, start=(9, 30), end=(10, 15), title_en="Opening ceremony")
    make_session(
        day=18,
        start=(14, 0),
        end=(15, 0),
        title_en="Plenary on ports",
        topic_id=topic.id,
        room_id=room.id,
        title_zh="口岸全体会议",
    )
    html = client.get("/programme/").get_data(as_text=True)
    assert "Wednesday, September 17, 2025" in html and "Thursday, September 18, 2025" in html
    assert html.index("Opening ceremony") < html.index("Plenary on ports")
    assert "09:30" in html or "9:30" in html  # forum time, not UTC (01:30)
    assert "Hall B" in html and "Border ports" in html
    # Chinese falls back per field: the title is translated, the topic too.
    client.post("/language", data={"lang": "zh"})
    html = client.get("/programme/").get_data(as_text=True)
    assert "口岸全体会议" in html and "口岸" in html and "Opening ceremony" in html


def test_topic_filter(client, world, make_session, make_topic):
    t1, t2 = make_topic(1), make_topic(2)
    make_session(title_en="About orderly migration", topic_id=t1.id)
    make_session(title_en="About border ports", topic_id=t2.id)
    html = client.get(f"/programme/?topic={t2.id}").get_data(as_text=True)
    assert "About border ports" in html and "About orderly migration" not in html


def test_participants_only_sessions(app, as_role, world, make_session):
    s = make_session(title_en="Closed bilateral", visibility=Visibility.PARTICIPANTS)
    assert "Closed bilateral" not in as_role("anonymous").get("/programme/").get_data(as_text=True)
    assert as_role("anonymous").get(f"/programme/sessions/{s.id}").status_code == 404
    assert as_role("anonymous").get(f"/programme/sessions/{s.id}.ics").status_code == 404
    for role in ("delegate", "focal_point", "staff", "organizer"):
        assert "Closed bilateral" in as_role(role).get("/programme/").get_data(as_text=True)
        assert as_role(role).get(f"/programme/sessions/{s.id}").status_code == 200


def test_session_page_speakers_and_signups(app, as_role, world, make_session):
    s = make_session(
        title_en="Keynote", speakers=[world.pa1, "Amy Pope"], signup_required=True, capacity=5
    )
    with app.app_context():
        p = db.session.get(type(world.pa1), world.pa1.id)
        p.position = "Director General"
        db.session.add(SessionSignup(session_id=s.id, participant_id=world.pb1.id))
        db.session.commit()
    html = as_role("anonymous").get(f"/programme/sessions/{s.id}").get_data(as_text=True)
    assert "Bat ERDENE" in html and "Director General" in html and "Mongolia" in html
    assert "Amy Pope" in html
    assert "Lucía QUISPE" not in html  # sign-ups are for organizers only
    assert "Lucía QUISPE" in as_role("organizer").get(f"/programme/sessions/{s.id}").get_data(
        as_text=True
    )
    assert "Lucía QUISPE" not in as_role("staff").get(f"/programme/sessions/{s.id}").get_data(
        as_text=True
    )


def test_my_agenda(app, as_role, world, make_session):
    spoken = make_session(title_en="Where I speak", speakers=[world.pa1])
    signed = make_session(title_en="Where I signed up", signup_required=True, day=18)
    make_session(title_en="Somebody else's")
    cancelled = make_session(title_en="Where I cancelled", signup_required=True)
    with app.app_context():
        db.session.add(SessionSignup(session_id=signed.id, participant_id=world.pa1.id))
        db.session.add(
            SessionSignup(
                session_id=cancelled.id,
                participant_id=world.pa1.id,
                status=SignupStatus.CANCELLED,
            )
        )
        db.session.commit()
    html = as_role("delegate").get("/programme/my").get_data(as_text=True)
    assert "Where I speak" in html and "Where I signed up" in html
    assert "Somebody else" not in html and "Where I cancelled" not in html
    assert spoken.id
    assert as_role("focal_point").get("/programme/my").status_code == 403


def _count_statements(app, client, url: str) -> int:
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        response = client.get(url)
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
    assert response.status_code == 200
    return len([s for s in statements if not s.lstrip().upper().startswith(("BEGIN", "PRAGMA"))])


def test_agenda_statement_count_is_fixed(
    app, as_role, world, make_session, make_topic, make_room, make_participant
):
    topics = [make_topic(1), make_topic(2)]
    rooms = [make_room(), make_room()]
    speakers = [make_participant(world.b) for _ in range(4)]

    def add(n: int, offset: int):
        for i in range(n):
            k = offset + i
            make_session(
                day=17 + k % 2,
                start=(8 + k % 10, 0),
                end=(9 + k % 10, 0),
                title_en=f"Session {k}",
                topic_id=topics[k % 2].id,
                room_id=rooms[k % 2].id,
                signup_required=bool(k % 3),
                capacity=10,
                speakers=[speakers[k % 4], speakers[(k + 1) % 4], f"Guest {k}"],
            )

    roles = ("anonymous", "delegate", "organizer")
    add(5, 0)
    few = {role: _count_statements(app, as_role(role), "/programme/") for role in roles}
    add(45, 5)
    many = {role: _count_statements(app, as_role(role), "/programme/") for role in roles}
    html = as_role("anonymous").get("/programme/").get_data(as_text=True)
    assert html.count('class="session-item') == 51  # and the world's own session
    assert few == many, f"statements with 5 sessions: {few}; with 50: {many}"
    assert max(many.values()) <= 12, many
