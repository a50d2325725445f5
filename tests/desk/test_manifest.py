"""The offline desk's manifest, keys and policy: what a check-in point takes offline."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.desk.checkin import manifest
from app.desk.checkin import services as checkin
from app.extensions import db
from app.models import (
    CheckIn,
    Clearance,
    ClearanceStatus,
    ForumSettings,
    Participant,
    ParticipantStatus,
    ProgrammeSession,
    SessionSignup,
    SignupStatus,
    User,
    utcnow,
)
from app.registration import rules
from tests.conftest import TEST_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "registration" / "admission_cases.json"


def keys_of(client) -> dict[str, bytes]:
    data = client.get("/desk/checkin/keys").get_json()
    return {name: base64.b64decode(value) for name, value in data.items()}


def test_manifest_holds_approved_people_as_keyed_hashes_never_secrets(app, world, as_role):
    staff = as_role("staff")
    keys = keys_of(staff)
    response = staff.get("/desk/checkin/manifest")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    data = response.get_json()
    by_id = {e["id"]: e for e in data["entries"]}
    assert set(by_id) == {world.pa1.id, world.pb1.id}  # pa2 is a draft
    assert data["total"] == 2 and data["full"] is True
    assert by_id[world.pa1.id]["h"] == manifest.code_hash(keys["hash"], world.pa1.badge_secret)
    assert by_id[world.pa1.id]["f"] == "Erdene"
    assert by_id[world.pa1.id]["nn"] == "Бат-Эрдэнэ"
    body = response.get_data(as_text=True)
    for p in (world.pa1, world.pb1):
        assert p.badge_secret not in body and p.pickup_code not in body
    assert "E1234567" not in body  # no passport, no e-mail
    assert "@example.org" not in body
    assert data["delegations"][str(world.a.id)] == "Mongolia"
    assert data["categories"][str(world.categories.head.id)]["colour"] == "#8b0000"
    assert data["policy"]["rows"] == json.loads(json.dumps(list(rules.ADMISSION_POLICY)))


def test_photos_come_as_small_thumbnails_only_when_asked(world, as_role):
    staff = as_role("staff")
    plain = staff.get("/desk/checkin/manifest").get_json()
    assert all("t" not in e for e in plain["entries"])
    with_photos = staff.get("/desk/checkin/manifest?photos=1").get_json()
    thumb = {e["id"]: e.get("t") for e in with_photos["entries"]}[world.pa1.id]
    assert thumb.startswith("data:image/jpeg;base64,")
    assert len(thumb) < 3000


def test_keys_belong_to_one_sign_in_and_change_at_sign_out(app, world, as_role):
    first = as_role("staff")
    keys = keys_of(first)
    assert keys == keys_of(first) and len(keys["aes"]) == 32 and keys["hash"] != keys["aes"]
    assert keys_of(as_role("organizer"))["hash"] != keys["hash"]  # another user, other keys
    for role in ("anonymous", "focal_point", "delegate"):
        assert as_role(role).get("/desk/checkin/keys").status_code in (302, 401, 403)
        assert as_role(role).get("/desk/checkin/manifest").status_code in (302, 401, 403)
    response = first.post("/auth/logout", data={})
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert first.get("/desk/checkin/keys").status_code in (302, 401)
    with app.app_context():  # signing out rotated the token the keys derive from
        staff = db.session.get(User, world.users.staff.id)
        again = manifest.session_keys(app.secret_key, staff.id, staff.session_token)
    assert again["hash"] != keys["hash"]


def test_a_refresh_carries_only_what_changed(app, world, as_role):
    staff = as_role("staff")
    first = staff.get("/desk/checkin/manifest").get_json()
    time.sleep(0.01)
    with app.app_context():
        db.session.execute(
            sa.update(Participant)
            .where(Participant.id == world.pb1.id)
            .values(status=ParticipantStatus.WITHDRAWN, updated_at=utcnow())
        )
        db.session.commit()
    delta = staff.get("/desk/checkin/manifest", query_string={"since": first["version"]}).get_json()
    assert delta["full"] is False
    # Dropped: pb1 (and the draft pa2, written a moment ago: dropping what the page does not
    # hold is harmless); pa1 stays.
    assert world.pb1.id in delta["removed"] and world.pa1.id not in delta["removed"]
    assert delta["total"] == 1
    # Only rows touched in the last few seconds come again, never the whole list.
    assert {e["id"] for e in delta["entries"]} <= {world.pa1.id}
    # A version it cannot read asks for everything.
    again = staff.get("/desk/checkin/manifest?since=yesterday").get_json()
    assert again["full"] is True and [e["id"] for e in again["entries"]] == [world.pa1.id]


def test_revoked_badges_and_todays_admissions_travel_with_it(app, world, as_role):
    staff = as_role("staff")
    keys = keys_of(staff)
    old = world.pa1.badge_secret
    assert staff.post(f"/desk/badges/{world.pa1.id}/lost", data={}).status_code in (200, 302)
    with app.app_context():
        new = db.session.get(Participant, world.pa1.id).badge_secret
    staff.post("/desk/checkin/scan", data={"code": new}, headers={"X-Requested-With": "fetch"})
    data = staff.get("/desk/checkin/manifest").get_json()
    assert manifest.code_hash(keys["hash"], old) in data["revoked"]
    assert manifest.code_hash(keys["hash"], new) in {e["h"] for e in data["entries"]}
    assert world.pa1.id in data["admitted_today"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) >= 1


def test_a_session_door_carries_sign_ups_and_its_policy(app, world, as_role):
    with app.app_context():
        session = db.session.scalars(
            sa.select(ProgrammeSession).where(ProgrammeSession.signup_required.is_(True))
        ).first()
        session.door_refuses_unsigned = True
        db.session.commit()
        session_id = session.id
        signed = set(
            db.session.scalars(
                sa.select(SessionSignup.participant_id).where(
                    SessionSignup.session_id == session_id,
                    SessionSignup.status == SignupStatus.CONFIRMED,
                )
            )
        )
    data = as_role("staff").get(f"/desk/checkin/manifest?point={session_id}").get_json()
    assert data["door"] == rules.SESSION_DOOR and data["session_policy"] == rules.REFUSE
    for entry in data["entries"]:
        assert entry["su"] == ("confirmed" if entry["id"] in signed else "none")
    assert world.pa1.id in signed


def test_the_service_worker_is_served_under_desk(world, as_role):
    response = as_role("anonymous").get("/desk/checkin-sw.js")
    assert response.status_code == 200
    assert response.mimetype in ("text/javascript", "application/javascript")
    assert response.headers["Cache-Control"] == "no-cache"
    assert b'addEventListener("fetch"' in response.data


@pytest.mark.skipif(not shutil.which("node"), reason="node is not installed")
def test_the_page_interpreter_agrees_with_every_case(app):
    """static/js/checkin-policy.js, given the table the server serves, answers every case of
    admission_cases.json as rules.admission does (tests/registration/test_rules.py)."""
    with app.test_request_context():
        policy = manifest.policy_document()
    script = """
const {admission} = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = input.cases.map(c => { const a = admission(input.policy, c); return [a.decision, a.reason]; });
process.stdout.write(JSON.stringify(out));
"""
    cases = json.loads(CASES.read_text("utf-8"))["cases"]
    run = subprocess.run(
        ["node", "-e", script, str(ROOT / "static" / "js" / "checkin-policy.js")],
        input=json.dumps({"policy": policy, "cases": cases}),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    got = json.loads(run.stdout)
    assert len(got) == len(cases) > 20
    mismatches = [(c, g) for c, g in zip(cases, got, strict=True) if g != c["expect"]]
    assert mismatches == []


def test_build_is_quick_and_small_for_the_test_forum(app, world):
    with app.test_request_context():
        data = manifest.build(b"k" * 32)
    assert len(json.dumps(data)) < 10_000
    assert TEST_PASSWORD  # the demo password is not in the manifest either
    assert TEST_PASSWORD not in json.dumps(data)


def test_who_is_already_in_follows_exits_where_the_point_counts_them(app, world, as_role):
    """As the server's own "already checked in": at a point that counts exits, someone who
    went out may come in again; elsewhere the first admission of the day decides."""
    with app.app_context():
        db.session.execute(sa.delete(CheckIn))
        forum = db.session.get(type(world.forum), world.forum.id)
        forum.entrance_counts_exits = True
        staff = db.session.get(type(world.users.staff), world.users.staff.id)
        checkin.record_scan(None, world.pa1.badge_secret, by=staff)
        checkin.record_scan(None, world.pa1.badge_secret, by=staff, direction="out")
        checkin.record_scan(None, world.pb1.badge_secret, by=staff)
        db.session.commit()
    client = as_role("staff")
    assert client.get("/desk/checkin/manifest").get_json()["admitted_today"] == [world.pb1.id]
    with app.app_context():
        db.session.get(type(world.forum), world.forum.id).entrance_counts_exits = False
        db.session.commit()
    admitted = client.get("/desk/checkin/manifest").get_json()["admitted_today"]
    assert admitted == sorted([world.pa1.id, world.pb1.id])


def test_the_manifest_carries_clearance_states_and_whether_the_forum_requires_them(
    app, world, as_role
):
    """An offline door refuses the uncleared as the server does: the manifest says whether
    the forum requires clearance (sent whole at every refresh) and each person's state, and
    a decision since the last version comes in the refresh."""
    staff = as_role("staff")
    first = staff.get("/desk/checkin/manifest").get_json()
    # The world holds pa1 pending in a batch (tests/world_extras.py); pb1 was never sent.
    assert first["clearance_required"] is False
    assert {e["id"]: e["cl"] for e in first["entries"]} == {
        world.pa1.id: "pending",
        world.pb1.id: "not_sent",
    }
    with app.app_context():
        ForumSettings.get().clearance_required = True
        record = db.session.scalar(
            sa.select(Clearance).where(Clearance.participant_id == world.pa1.id)
        )
        record.status = ClearanceStatus.REFUSED
        record.decided_at = datetime.now(UTC) + timedelta(minutes=1)
        db.session.commit()
    delta = staff.get(f"/desk/checkin/manifest?since={first['version']}").get_json()
    assert delta["clearance_required"] is True
    assert {e["id"]: e["cl"] for e in delta["entries"]}[world.pa1.id] == "refused"
    facts = {"credential": rules.BADGE, "door": rules.ENTRANCE, "status": "approved"}
    assert rules.admission(**facts, clearance="refused").reason == "not_cleared"
