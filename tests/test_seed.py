"""seed-demo: the Lianyungang 2025 demo forum, its accounts, and the synthetic forum."""

from __future__ import annotations

import re
import unicodedata

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Category,
    Delegation,
    DelegationKind,
    ForumSettings,
    Participant,
    ParticipantStatus,
    Role,
    User,
)

PASSWORD = "seed-test-password-9"


@pytest.fixture
def seeded(app, runner):
    result = runner.invoke(args=["seed-demo", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    return result.output


def _count(stmt) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))


def test_demo_forum_counts(app, seeded):
    with app.app_context():
        forum = ForumSettings.get()
        assert forum.name_en.startswith("Migration Management Cooperation Sub-forum")
        assert forum.name_zh and forum.name_fr and forum.theme_zh and forum.host_fr
        assert forum.city == "Lianyungang" and forum.timezone == "Asia/Shanghai"
        assert (forum.starts_on.isoformat(), forum.ends_on.isoformat()) == (
            "2025-09-17",
            "2025-09-18",
        )
        kinds = dict(
            db.session.execute(
                sa.select(Delegation.kind, sa.func.count()).group_by(Delegation.kind)
            ).all()
        )
        assert kinds[DelegationKind.COUNTRY] == 50
        assert kinds[DelegationKind.ORGANIZATION] == 5
        assert kinds[DelegationKind.OTHER] >= 3
        codes = set(db.session.scalars(sa.select(Delegation.code)))
        assert {"CN", "US", "RU", "MN", "SB", "PE", "IOM", "UNHCR", "UNODC"} <= codes
        total = _count(sa.select(Participant.id))
        assert 225 <= total <= 260
        statuses = set(db.session.scalars(sa.select(Participant.status).distinct()))
        assert statuses == set(ParticipantStatus)
        categories = db.session.scalars(sa.select(Category)).all()
        used = set(db.session.scalars(sa.select(Participant.category_id).distinct()))
        assert {c.id for c in categories} == used  # every category has people
        assert len({c.colour for c in categories}) == len(categories)  # distinct badge colours
        assert all(c.name_fr and c.name_zh for c in categories)
        expected = {
            "head_of_delegation", "delegate", "observer", "speaker", "expert", "media",
            "organizer", "staff", "interpreter", "security", "vip",
        }  # fmt: skip
        assert {c.code for c in categories} == expected


def test_country_names_come_from_cldr(app, seeded):
    from app.i18n import country_names

    with app.app_context():
        for d in db.session.scalars(
            sa.select(Delegation).where(Delegation.kind == DelegationKind.COUNTRY)
        ):
            assert (d.name_en, d.name_fr, d.name_zh) == tuple(country_names(d.code).values())
        china = db.session.scalar(sa.select(Delegation).where(Delegation.code == "CN"))
        assert china.name_zh == "中国"


def test_participants_are_plausible(app, seeded):
    def script(text: str, name: str) -> bool:
        return any(name in unicodedata.name(c, "") for c in text)

    with app.app_context():
        rows = db.session.scalars(sa.select(Participant)).all()
        chinese = [p for p in rows if p.delegation.code == "CN"]
        assert chinese and all(script(p.native_name, "CJK") for p in chinese)
        russians = [p for p in rows if p.delegation.code == "RU"]
        assert russians and all(script(p.native_name, "CYRILLIC") for p in russians)
        assert any(script(p.native_name, "ARABIC") for p in rows)
        assert any(script(p.native_name, "HANGUL") for p in rows)
        assert all(p.search_text and p.badge_secret for p in rows)
        assert len({p.badge_secret for p in rows}) == len(rows)
        assert any(p.passport_number for p in rows) and any(p.date_of_birth for p in rows)
        assert any(p.visa_letter_wanted for p in rows)
        assert {p.arrival_airport for p in rows} >= {"LYG", "PVG"}
        assert any(p.dietary for p in rows) and any(p.hotel for p in rows)
        assert any(p.honorific.startswith("H.E.") for p in rows)
        # Heads of delegation are set where the delegation has one.
        for d in db.session.scalars(
            sa.select(Delegation).where(Delegation.kind != DelegationKind.OTHER)
        ):
            assert d.head is not None and d.head.delegation_id == d.id
        # No delegation is over its quota.
        for d in db.session.scalars(sa.select(Delegation)):
            seats = sum(
                1
                for p in d.participants
                if p.status in (ParticipantStatus.SUBMITTED, ParticipantStatus.APPROVED)
            )
            assert seats <= d.quota, d.code


def test_demo_accounts(app, seeded):
    assert PASSWORD in seeded
    for email in ("admin@example.org", "focal.us@example.org", "focal.iom@example.org"):
        assert email in seeded
    with app.app_context():
        users = {u.email: u for u in db.session.scalars(sa.select(User))}
        delegations = db.session.scalars(sa.select(Delegation)).all()
        for d in delegations:
            focal = users[f"focal.{d.code.lower()}@example.org"]
            assert focal.role == Role.FOCAL_POINT and focal.delegation_id == d.id
        assert users["admin@example.org"].role == Role.ADMIN
        assert users["organizer@example.org"].role == Role.ORGANIZER
        assert users["staff@example.org"].role == Role.STAFF
        delegate = users["delegate@example.org"]
        assert delegate.role == Role.DELEGATE
        assert delegate.participant.status == ParticipantStatus.APPROVED
        assert delegate.participant.delegation_id == delegate.delegation_id
        # One hash for every account (hashing is slow on purpose).
        assert len({u.password_hash for u in users.values()}) == 1


@pytest.mark.parametrize(
    "email",
    [
        "admin@example.org",
        "organizer@example.org",
        "staff@example.org",
        "focal.cn@example.org",
        "focal.iom@example.org",
        "delegate@example.org",
    ],
)
def test_demo_logins_through_the_form(app, seeded, email):
    client = app.test_client()
    response = client.post("/auth/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/dashboard")
    assert client.get("/dashboard").status_code == 200
    assert client.post("/auth/login", data={"email": email, "password": "wrong"}).status_code == 200


def test_if_empty_and_refusal_to_seed_twice(app, runner, seeded):
    again = runner.invoke(args=["seed-demo", "--if-empty"])
    assert again.exit_code == 0 and "nothing done" in again.output
    refused = runner.invoke(args=["seed-demo"])
    assert refused.exit_code != 0
    with app.app_context():
        assert _count(sa.select(Delegation.id).where(Delegation.code == "CN")) == 1


def test_deterministic(app, runner, seeded):
    with app.app_context():
        first = [
            (p.given_names, p.family_name, p.status.value)
            for p in db.session.scalars(sa.select(Participant).order_by(Participant.id))
        ]
        tables = list(reversed(db.metadata.sorted_tables))
        db.session.execute(sa.update(Delegation).values(head_participant_id=None))
        db.session.execute(sa.update(User).values(participant_id=None))
        for table in tables:
            db.session.execute(table.delete())
        db.session.commit()
    assert runner.invoke(args=["seed-demo", "--password", PASSWORD]).exit_code == 0
    with app.app_context():
        second = [
            (p.given_names, p.family_name, p.status.value)
            for p in db.session.scalars(sa.select(Participant).order_by(Participant.id))
        ]
    assert first == second


def test_synthetic_forum(app, runner):
    result = runner.invoke(
        args=["seed-demo", "--password", PASSWORD, "--participants", "500", "--delegations", "20"]
    )
    assert result.exit_code == 0, result.output
    assert re.search(r"500 participants in 20 delegations", result.output)
    with app.app_context():
        assert _count(sa.select(Participant.id)) == 500
        assert _count(sa.select(Delegation.id)) == 20
        per = db.session.execute(
            sa.select(Participant.delegation_id, sa.func.count()).group_by(
                Participant.delegation_id
            )
        ).all()
        assert {n for _d, n in per} == {25}
        rows = db.session.scalars(sa.select(Participant)).all()
        assert all(p.search_text for p in rows)
        assert len({p.badge_secret for p in rows}) == 500
        assert all(d.head_participant_id for d in db.session.scalars(sa.select(Delegation)))
        focal_points = _count(sa.select(User.id).where(User.role == Role.FOCAL_POINT))
        assert focal_points == 20
        # The search text is what the ORM event would have written.
        sample = rows[7]
        before = sample.search_text
        sample.refresh_search_text()
        assert sample.search_text == before
    client = app.test_client()
    r = client.post("/auth/login", data={"email": "organizer@example.org", "password": PASSWORD})
    assert r.status_code == 302
