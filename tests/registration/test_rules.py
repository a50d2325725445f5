"""The rules module on its own: the status table, completeness and the admission policy."""

import json
from pathlib import Path

import pytest

from app.models import ParticipantStatus
from app.registration import rules

CASES = json.loads((Path(__file__).parent / "admission_cases.json").read_text("utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(str(v) for v in c.values()))
def test_admission_policy_matches_the_shared_cases(case):
    facts = {k: v for k, v in case.items() if k != "expect"}
    got = rules.admission(facts.pop("credential"), facts.pop("door"), facts.pop("status"), **facts)
    assert [got.decision, got.reason] == case["expect"]


def test_a_pickup_code_or_revoked_badge_never_opens_a_door():
    statuses = [s.value for s in ParticipantStatus]
    for credential in (rules.PICKUP_CODE, rules.REVOKED_BADGE, rules.UNKNOWN):
        for door in (rules.ENTRANCE, rules.SESSION_DOOR):
            for status in statuses:
                for policy in (rules.OPEN, rules.WARN, rules.REFUSE):
                    for signup in ("none", "confirmed", "waitlisted"):
                        got = rules.admission(
                            credential, door, status, signup=signup, session_policy=policy
                        )
                        assert got.decision == rules.REFUSE


def test_the_status_table_names_real_statuses_and_leaving_frees_seats():
    statuses = {s.value for s in ParticipantStatus}
    assert statuses == rules.SEAT_STATUSES | rules.CLOSED_STATUSES | rules.ACTIVE_STATUSES
    for t in rules.TRANSITIONS.values():
        assert t.from_states <= statuses
        assert t.to_state in statuses | {rules.SEAT_OR_WAIT}
        # Exactly the actions that end in a closed status free seats.
        assert t.frees_seats == (t.to_state in rules.CLOSED_STATUSES)


def test_next_status_and_emails():
    assert rules.next_status("submit", "draft", seat_free=True) == "submitted"
    assert rules.next_status("submit", "draft", seat_free=False) == "waitlisted"
    assert rules.email_for("submit", "draft", "waitlisted") == "participant_waitlisted"
    assert rules.email_for("withdraw", "draft", "withdrawn") is None
    assert rules.email_for("withdraw", "approved", "withdrawn") == "participant_withdrawn"
    with pytest.raises(ValueError):
        rules.next_status("approve", "withdrawn")
    assert not rules.may("cancel", "draft")
    assert rules.may("reject", "pending_endorsement")


def test_completeness():
    complete = {
        "given_names": "Ana",
        "email": "a@example.org",
        "requires_passport": True,
        "nationality": "PE",
        "date_of_birth": True,
        "passport_number": True,
        "passport_expiry": True,
        "has_photo": True,
        "consent": True,
    }
    assert rules.missing_fields(complete) == []
    no_photo = {**complete, "has_photo": False, "passport_expiry": None}
    assert rules.missing_fields(no_photo) == ["passport_expiry", "photo"]
    assert rules.blocking_missing_fields(no_photo) == ["passport_expiry"]
    assert rules.lacks_passport_data(no_photo)
    local = {**no_photo, "requires_passport": False}
    assert rules.blocking_missing_fields(local) == []
    assert not rules.lacks_passport_data(local)


def test_the_policy_table_is_plain_json_an_offline_desk_can_load():
    """The table travels as JSON; evaluated from that copy it answers every case the same."""
    copy = json.loads(json.dumps(rules.ADMISSION_POLICY))
    for case in CASES:
        facts = {
            "signup": "none",
            "session_policy": rules.OPEN,
            "already": False,
            **{k: v for k, v in case.items() if k != "expect"},
        }
        if facts["door"] != rules.SESSION_DOOR:
            facts["session_policy"] = rules.OPEN
        row = next(
            r for r in copy if all(facts.get(k) in values for k, values in r["when"].items())
        )
        assert row["then"] == case["expect"]
