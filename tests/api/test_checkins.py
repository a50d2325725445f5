"""Check-ins over the API: the desk's policy and words, nonce replay, force, batches,
exits, and who may call."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import CheckIn, CheckInResult, Direction, ForumSettings, utcnow

URL = "/api/v1/checkins"


@pytest.fixture(autouse=True)
def _no_world_checkins(app, world):
    with app.app_context():
        db.session.execute(sa.delete(CheckIn))
        db.session.commit()


def records(app):
    with app.app_context():
        return db.session.scalars(sa.select(CheckIn).order_by(CheckIn.id)).all()


def test_admit_then_replay_then_duplicate(app, api, world, make_token):
    device = make_token("staff", "checkin")
    scanned_at = "2025-09-17T08:31:05+08:00"
    body = {
        "code": world.pa1.badge_secret,
        "point": "entrance",
        "scanned_at": scanned_at,
        "nonce": "n-1",
    }
    first = api.post(URL, json=body, headers=device)
    assert first.status_code == 201, first.json
    assert first.json["result"] == "admit"
    assert first.json["reason"] is None
    assert first.json["message"] == "Admitted"
    assert first.json["duplicate"] is False
    assert first.json["participant"]["name"] == "Bat ERDENE"
    assert "passport" not in str(first.json).lower()

    again = api.post(URL, json=body, headers=device)
    assert again.status_code == 200
    assert again.json == first.json
    (record,) = records(app)
    assert record.nonce == "n-1"
    assert record.scanned_at.isoformat() == "2025-09-17T00:31:05+00:00"
    assert record.result == CheckInResult.ADMITTED

    second = api.post(URL, json={**body, "nonce": "n-2"}, headers=device)
    assert second.status_code == 201
    assert (second.json["result"], second.json["reason"], second.json["duplicate"]) == (
        "warn",
        "already",
        True,
    )
    assert len(records(app)) == 2


def test_refusals_use_the_desk_reasons(app, api, world, make_token):
    device = make_token("staff", "checkin")
    unknown = api.post(URL, json={"code": "no-such-code"}, headers=device)
    assert unknown.status_code == 201
    assert (unknown.json["result"], unknown.json["reason"]) == ("refuse", "unknown")
    assert unknown.json["participant"] is None
    draft = api.post(URL, json={"code": world.pa2.badge_secret}, headers=device)
    assert (draft.json["result"], draft.json["reason"]) == ("refuse", "not_approved")
    assert draft.json["message"] == "Refused: Not approved"
    # The page says the same for the same code.
    page = app.test_client()
    from tests.conftest import login

    login(page, world.users.staff)
    desk = page.post(
        "/desk/checkin/scan",
        data={"code": world.pa2.badge_secret},
        headers={"X-Requested-With": "fetch"},
    )
    assert (desk.json["result"], desk.json["reason"]) == ("refused", "not_approved")
    assert desk.json["headline"] == draft.json["message"]


def test_force_records_the_door_and_answers_the_policy(app, api, world, make_token):
    device = make_token("staff", "checkin")
    body = {"code": world.pa2.badge_secret, "nonce": "offline-1", "force": True}
    forced = api.post(URL, json=body, headers=device)
    assert (forced.json["result"], forced.json["reason"]) == ("refuse", "not_approved")
    (record,) = records(app)
    assert record.result == CheckInResult.ADMITTED and record.forced
    replay = api.post(URL, json=body, headers=device)
    assert replay.status_code == 200 and replay.json == forced.json


def test_two_offline_desks_one_admission(app, api, world, make_token):
    """Both desks admitted the same badge offline: one admission, one duplicate."""
    a, b = make_token("staff", "checkin"), make_token("admin", "full")
    code = world.pa1.badge_secret
    first = api.post(URL, json={"code": code, "nonce": "a-1", "force": True}, headers=a)
    second = api.post(URL, json={"code": code, "nonce": "b-1", "force": True}, headers=b)
    assert first.json["result"] == "admit"
    assert second.json["duplicate"] is True
    results = [r.result for r in records(app)]
    assert results == [CheckInResult.ADMITTED, CheckInResult.ALREADY]


def test_batch_answers_in_order_and_replays(app, api, world, make_token):
    device = make_token("staff", "checkin")
    scans = [
        {"code": world.pa1.badge_secret, "nonce": "q-1", "scanned_at": "2025-09-17T01:00:00Z"},
        {"code": world.pb1.badge_secret, "nonce": "q-2", "scanned_at": "2025-09-17T01:00:02Z"},
        {"code": world.pa1.badge_secret, "nonce": "q-3", "scanned_at": "2025-09-17T01:00:04Z"},
        {"code": "junk", "nonce": "q-4"},
    ]
    response = api.post(URL + "/batch", json={"scans": scans}, headers=device)
    assert response.status_code == 200, response.json
    got = [(r["result"], r["reason"]) for r in response.json["results"]]
    assert got == [("admit", None), ("admit", None), ("warn", "already"), ("refuse", "unknown")]
    again = api.post(URL + "/batch", json={"scans": scans}, headers=device)
    assert again.json == response.json
    assert len(records(app)) == 4
    too_many = api.post(URL + "/batch", json={"scans": [scans[3]] * 501}, headers=device)
    assert too_many.status_code == 422
    assert too_many.json["code"] == "validation_error"


def test_exits_where_the_point_counts_them(app, api, world, make_token):
    device = make_token("staff", "checkin")
    code = world.pa1.badge_secret
    refused = api.post(URL, json={"code": code, "direction": "out"}, headers=device)
    assert refused.status_code == 422
    assert refused.json["code"] == "exits_not_counted"
    with app.app_context():
        db.session.get(ForumSettings, world.forum.id).entrance_counts_exits = True
        db.session.commit()
    answers = [
        api.post(URL, json={"code": code, "direction": d}, headers=device).json["result"]
        for d in ("in", "out", "in", "in")
    ]
    # Back in after leaving is an admission; in twice without leaving is a duplicate.
    assert answers == ["admit", "admit", "admit", "warn"]
    assert [r.direction for r in records(app)] == [
        Direction.IN,
        Direction.OUT,
        Direction.IN,
        Direction.IN,
    ]


def test_validation_and_unknown_point(api, world, make_token):
    device = make_token("staff", "checkin")
    for body in (
        {},
        {"code": ""},
        {"code": "x", "nonce": "n" * 65},
        {"code": "x", "point": "lobby"},
        {"code": "x", "scanned_at": "yesterday"},
        {"code": "x", "direction": "sideways"},
        {"code": "bad\x00code"},
        {"code": "x", "nonce": "n\x00"},
    ):
        response = api.post(URL, json=body, headers=device)
        assert response.status_code == 422, body
        assert response.json["code"] == "validation_error"
    missing = api.post(URL, json={"code": "x", "point": "2147483647"}, headers=device)
    assert missing.status_code == 422 and missing.json["code"] == "unknown_point"


def test_who_may_check_in(app, api, world, make_token):
    body = {"code": world.pa1.badge_secret}
    assert api.post(URL, json=body).status_code == 401
    assert api.post(URL, json=body, headers={"Authorization": "Bearer nope"}).status_code == 401
    read = api.post(URL, json=body, headers=make_token("staff", "read"))
    assert read.status_code == 403 and read.json["code"] == "insufficient_scope"
    focal = api.post(URL, json=body, headers=make_token("focal_point", "full"))
    assert focal.status_code == 403 and focal.json["code"] == "forbidden"
    assert records(app) == []


def test_list_checkins(api, world, make_token):
    device = make_token("staff", "checkin")
    api.post(URL, json={"code": world.pa1.badge_secret, "nonce": "l-1"}, headers=device)
    listed = api.get(URL + "?point=entrance", headers=device)
    assert listed.status_code == 200
    (row,) = listed.json
    assert (row["nonce"], row["result"], row["point"]) == ("l-1", "admit", "entrance")
    assert (
        api.get(
            URL + "?since=" + utcnow().replace(year=2100).isoformat().replace("+", "%2B"),
            headers=device,
        ).json
        == []
    )


class TestSession:
    """The desk page's browser session calls the API with its CSRF token."""

    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "WTF_CSRF_ENABLED": True}

    def test_session_needs_the_csrf_token(self, app, world):
        from tests.conftest import login

        client = app.test_client()
        login(client, world.users.staff)
        body = {"code": world.pa1.badge_secret}
        refused = client.post(URL, json=body)
        assert refused.status_code == 400 and refused.json["code"] == "csrf_failed"
        page = client.get("/desk/checkin").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        accepted = client.post(URL, json=body, headers={"X-CSRFToken": token})
        assert accepted.status_code == 201, accepted.json
        assert accepted.json["result"] == "admit"


def test_dashboard_shows_who_is_inside(app, api, world, make_token, as_role):
    device = make_token("staff", "checkin")
    with app.app_context():
        db.session.get(ForumSettings, world.forum.id).entrance_counts_exits = True
        db.session.commit()
    for code, direction in (
        (world.pa1.badge_secret, "in"),
        (world.pb1.badge_secret, "in"),
        (world.pa1.badge_secret, "out"),
    ):
        api.post(URL, json={"code": code, "direction": direction}, headers=device)
    # The desk page scans people leaving too: its "Leaving" choice.
    desk = as_role("staff")
    assert 'value="out"' in desk.get("/desk/checkin").get_data(as_text=True)
    left = desk.post(
        "/desk/checkin/scan",
        data={"code": world.pb1.badge_secret, "direction": "out"},
        headers={"X-Requested-With": "fetch"},
    )
    assert left.json["result"] == "admitted"
    html = desk.get("/desk/dashboard").get_data(as_text=True)
    row = re.search(r"Entrance</th>(.*?)</tr>", html, re.S).group(1)
    # Nobody inside: two entries, two exits.
    assert re.findall(r">\s*(\d+|—)\s*<", row) == ["0", "2", "2"]
    api.post(URL, json={"code": world.pa1.badge_secret, "direction": "in"}, headers=device)
    html = desk.get("/desk/dashboard").get_data(as_text=True)
    row = re.search(r"Entrance</th>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r">\s*(\d+|—)\s*<", row) == ["1", "3", "2"]


def test_exits_are_ignored_where_not_counted(app, world, as_role):
    desk = as_role("staff")
    assert 'value="out"' not in desk.get("/desk/checkin").get_data(as_text=True)
    desk.post("/desk/checkin/scan", data={"code": world.pa1.badge_secret, "direction": "out"})
    assert [r.direction for r in records(app)] == [Direction.IN]
