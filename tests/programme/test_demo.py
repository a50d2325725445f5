"""The demo programme and announcements, built on a forum made with the factories."""

from __future__ import annotations

from collections import Counter
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.demo import Summary
from app.demo.announcements import seed_announcements
from app.demo.programme import PROGRAMME, seed_programme
from app.extensions import db
from app.models import (
    Announcement,
    Audience,
    Delegation,
    DelegationKind,
    InfoPage,
    ProgrammeSession,
    Role,
    SessionSignup,
    SessionSpeaker,
    SignupStatus,
    Topic,
    utcnow,
)


def test_demo_programme_and_announcements(
    app, client, make_forum, make_delegation, make_participant, make_user, make_category
):
    make_forum()
    head = make_category("head_of_delegation")
    heads = {}
    for code, kind in [
        ("HOST", DelegationKind.OTHER),
        ("CN", DelegationKind.COUNTRY),
        ("MN", DelegationKind.COUNTRY),
        ("PE", DelegationKind.COUNTRY),
        ("IOM", DelegationKind.ORGANIZATION),
        ("UNHCR", DelegationKind.ORGANIZATION),
    ]:
        d = make_delegation(code, kind=kind, name_en=code)
        heads[code] = make_participant(d, head, family_name=f"Head{code}")
        for _ in range(3):
            make_participant(d)
    make_user(Role.ORGANIZER)
    delegate_p = make_participant(heads["MN"].delegation_id)
    make_user(Role.DELEGATE, delegation_id=delegate_p.delegation_id, participant_id=delegate_p.id)
    with app.app_context():
        for code, p in heads.items():
            db.session.execute(
                sa.update(Delegation)
                .where(Delegation.code == code)
                .values(head_participant_id=p.id)
            )
        summary = Summary()
        seed_programme(summary)
        seed_announcements(summary)
        db.session.commit()
        assert len(summary.lines) == 2 and summary.lines[0].startswith("Programme:")
        assert f"{len(PROGRAMME)} sessions" in summary.lines[0]

        topics = db.session.scalars(sa.select(Topic)).all()
        assert len(topics) == 2 and all(t.title_fr and t.title_zh for t in topics)
        sessions = db.session.scalars(sa.select(ProgrammeSession)).all()
        assert len(sessions) >= 15
        assert all(s.title_fr and s.title_zh for s in sessions)
        days = {
            s.starts_at.astimezone(ZoneInfo("Asia/Shanghai")).date().isoformat() for s in sessions
        }
        assert days == {"2025-09-17", "2025-09-18"}
        kinds = Counter(s.kind.value for s in sessions)
        assert {"ceremony", "plenary", "panel", "workshop", "bilateral", "visit", "meal"} <= set(
            kinds
        )
        assert {s.topic_id for s in sessions if s.topic_id} == {t.id for t in topics}
        guests = set(
            db.session.scalars(
                sa.select(SessionSpeaker.guest_name).where(SessionSpeaker.guest_name != "")
            )
        )
        assert {"Amy Pope", "Filippo Grandi"} <= guests
        speaking = set(db.session.scalars(sa.select(SessionSpeaker.participant_id)))
        assert {heads["CN"].id, heads["IOM"].id, heads["UNHCR"].id, heads["MN"].id} <= speaking
        for s in sessions:
            if s.signup_required:
                confirmed = db.session.scalar(
                    sa.select(sa.func.count())
                    .select_from(SessionSignup)
                    .where(
                        SessionSignup.session_id == s.id,
                        SessionSignup.status == SignupStatus.CONFIRMED,
                    )
                )
                assert confirmed <= s.capacity
        assert db.session.scalar(
            sa.select(SessionSignup.id).where(SessionSignup.participant_id == delegate_p.id)
        )

        audiences = Counter(a.audience for a in db.session.scalars(sa.select(Announcement)))
        assert set(audiences) == set(Audience)
        assert (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Announcement)
                .where(Announcement.publish_at > utcnow())
            )
            == 1
        )
        assert (
            db.session.scalar(
                sa.select(sa.func.count()).select_from(Announcement).where(Announcement.pinned)
            )
            >= 2
        )
        pages = Counter(p.locale for p in db.session.scalars(sa.select(InfoPage)))
        assert pages == {"en": 5, "fr": 5, "zh": 5}

    for lang, word in (
        ("en", "Opening ceremony"),
        ("fr", "Cérémonie d’ouverture"),
        ("zh", "开幕式"),
    ):
        client.post("/language", data={"lang": lang})
        assert word in client.get("/programme/").get_data(as_text=True)
        assert client.get("/announcements/pages/visa").status_code == 200
