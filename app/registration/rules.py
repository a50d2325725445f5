"""The participant's rules as pure data and functions: the one place they are decided.

No Flask, no database session: the status machine, the completeness rule and the admission
policy take plain values and return plain values, so services, forms, the importer, the
check-in desk and the pick-up counter all ask the same question and get the same answer,
and an offline desk written in JavaScript can be tested against the same table of cases
(tests/registration/admission_cases.json).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# --- the status machine -------------------------------------------------------------------

# Status values, as stored (ParticipantStatus's values; kept as strings so this module
# stays free of the models).
DRAFT = "draft"
PENDING_ENDORSEMENT = "pending_endorsement"
SUBMITTED = "submitted"
APPROVED = "approved"
WAITLISTED = "waitlisted"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"
CANCELLED = "cancelled"

# Statuses that hold a seat of the delegation's quota (and may hold session sign-ups).
SEAT_STATUSES = frozenset({SUBMITTED, APPROVED})
# Statuses of people who left: they hold no seat anywhere and pass no door.
CLOSED_STATUSES = frozenset({REJECTED, WITHDRAWN, CANCELLED})
# Statuses of people still in the process (counted in a delegation's lists).
ACTIVE_STATUSES = frozenset({DRAFT, PENDING_ENDORSEMENT, SUBMITTED, APPROVED, WAITLISTED})
# Seated if a seat is free, otherwise waitlisted: the outcome of taking a place in the queue.
SEAT_OR_WAIT = "seat_or_wait"


@dataclass(frozen=True)
class Transition:
    action: str
    from_states: frozenset[str]
    to_state: str  # a status, or SEAT_OR_WAIT
    frees_seats: bool  # releases the delegation seat and every session sign-up
    email: str | None  # the template queued to the participant and their focal points
    audit: str  # the audit log's action
    silent_from: frozenset[str] = frozenset()  # from these states no e-mail is sent


def _t(action, sources, to_state, frees, email, audit, silent_from=()) -> Transition:
    return Transition(
        action, frozenset(sources), to_state, frees, email, audit, frozenset(silent_from)
    )


# action -> what it may start from, where it leads, whether it frees seats, which e-mail.
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        _t("submit", [DRAFT], SEAT_OR_WAIT, False, "participant_submitted", "participant.submitted"),
        # A self-registration first waits for its focal point; it holds no seat meanwhile.
        _t("submit_for_endorsement", [DRAFT], PENDING_ENDORSEMENT, False, "participant_submitted", "participant.submitted"),
        _t("endorse", [PENDING_ENDORSEMENT], SEAT_OR_WAIT, False, "participant_submitted", "participant.endorsed"),
        _t("approve", [SUBMITTED, WAITLISTED], APPROVED, False, "participant_approved", "participant.approved"),
        _t("reject", [PENDING_ENDORSEMENT, SUBMITTED, WAITLISTED], REJECTED, True, "participant_rejected", "participant.rejected"),
        _t("withdraw", [DRAFT, PENDING_ENDORSEMENT, SUBMITTED, APPROVED, WAITLISTED], WITHDRAWN, True, "participant_withdrawn", "participant.withdrawn", silent_from=[DRAFT]),
        _t("cancel", [PENDING_ENDORSEMENT, SUBMITTED, APPROVED, WAITLISTED], CANCELLED, True, "participant_withdrawn", "participant.cancelled"),
        _t("promote", [WAITLISTED], SUBMITTED, False, "participant_promoted", "participant.promoted"),
    )
}  # fmt: skip

# The e-mail of a SEAT_OR_WAIT step that ends on the waitlist.
WAITLISTED_EMAIL = "participant_waitlisted"


def transition(action: str) -> Transition:
    return TRANSITIONS[action]


def may(action: str, status: str) -> bool:
    """May `action` start from `status`?"""
    return str(status) in TRANSITIONS[action].from_states


def next_status(action: str, status: str, *, seat_free: bool = True) -> str:
    """Where `action` leads from `status`; ValueError if it may not start there."""
    t = TRANSITIONS[action]
    if str(status) not in t.from_states:
        raise ValueError(f"{action} is not allowed from {status}")
    if t.to_state == SEAT_OR_WAIT:
        return SUBMITTED if seat_free else WAITLISTED
    return t.to_state


def email_for(action: str, status_before: str, status_after: str) -> str | None:
    """The template an action queues (None: nobody hears about it)."""
    t = TRANSITIONS[action]
    if str(status_before) in t.silent_from:
        return None
    if t.to_state == SEAT_OR_WAIT and str(status_after) == WAITLISTED:
        return WAITLISTED_EMAIL
    return t.email


def holds_seat(status: str) -> bool:
    return str(status) in SEAT_STATUSES


def is_closed(status: str) -> bool:
    return str(status) in CLOSED_STATUSES


def may_sign_up(status: str) -> bool:
    """Only approved participants take session places."""
    return str(status) == APPROVED


# --- completeness -------------------------------------------------------------------------

# What a submission needs, as field codes (the caller turns them into labels or errors).
PASSPORT_FIELDS = ("nationality", "date_of_birth", "passport_number", "passport_expiry")
# A photo may follow after the submission; everything else must be there first.
NOT_BLOCKING = frozenset({"photo"})


def missing_fields(facts: Mapping) -> list[str]:
    """Field codes a registration still lacks, in form order.

    `facts` maps given_names, email, nationality, date_of_birth, passport_number,
    passport_expiry (truthy when present), requires_passport, has_photo and consent.
    """
    missing = [name for name in ("given_names", "email") if not facts.get(name)]
    if facts.get("requires_passport"):
        missing += [name for name in PASSPORT_FIELDS if not facts.get(name)]
    if not facts.get("has_photo"):
        missing.append("photo")
    if not facts.get("consent"):
        missing.append("consent")
    return missing


def blocking_missing_fields(facts: Mapping) -> list[str]:
    """Missing fields that prevent a submission."""
    return [m for m in missing_fields(facts) if m not in NOT_BLOCKING]


def lacks_passport_data(facts: Mapping) -> bool:
    return bool(facts.get("requires_passport")) and any(
        not facts.get(name) for name in PASSPORT_FIELDS
    )


# --- the admission policy -----------------------------------------------------------------

# Credentials: what a scanned code turned out to be.
BADGE = "badge"  # the printed badge's current secret
PICKUP_CODE = "pickup_code"  # the approval e-mail's code: collects the badge, opens no door
REVOKED_BADGE = "revoked_badge"  # a badge reported lost
UNKNOWN = "unknown"
CREDENTIALS = (BADGE, PICKUP_CODE, REVOKED_BADGE, UNKNOWN)

# Doors.
ENTRANCE = "entrance"
SESSION_DOOR = "session"
PICKUP = "pickup"
DOORS = (ENTRANCE, SESSION_DOOR, PICKUP)

# Decisions.
ADMIT = "admit"
WARN = "warn"  # amber: the desk decides
REFUSE = "refuse"

# Security clearance, when the forum requires it (ClearanceStatus's values); a forum that
# does not require it passes NOT_REQUIRED.
NOT_REQUIRED = "not_required"
CLEARANCE_NOT_SENT = "not_sent"
CLEARANCE_PENDING = "pending"
CLEARED = "cleared"
CLEARANCE_REFUSED = "refused"
UNCLEARED = (CLEARANCE_NOT_SENT, CLEARANCE_PENDING, CLEARANCE_REFUSED)

# Sign-up at a session door: confirmed, waitlisted or none.
# Session door policy for people not signed up: open (no sign-up needed), warn, refuse.
OPEN = "open"

# First matching row wins. A row matches when every key it names has one of its values.
# Keys: credential, door, status, clearance, signup, session_policy, already (admitted here
# today).
ADMISSION_POLICY: tuple[dict, ...] = (
    {"when": {"credential": [UNKNOWN]}, "then": [REFUSE, "unknown"]},
    {"when": {"credential": [REVOKED_BADGE]}, "then": [REFUSE, "revoked"]},
    {"when": {"credential": [PICKUP_CODE], "door": [ENTRANCE, SESSION_DOOR]}, "then": [REFUSE, "pickup_code"]},
    {"when": {"status": sorted(CLOSED_STATUSES)}, "then": [REFUSE, "withdrawn"]},
    {"when": {"status": sorted(ACTIVE_STATUSES - {APPROVED})}, "then": [REFUSE, "not_approved"]},
    {"when": {"clearance": list(UNCLEARED)}, "then": [REFUSE, "not_cleared"]},
    {"when": {"door": [PICKUP]}, "then": [ADMIT, None]},
    {"when": {"door": [SESSION_DOOR], "session_policy": [REFUSE], "signup": ["none", WAITLISTED]}, "then": [REFUSE, "not_signed_up"]},
    {"when": {"door": [SESSION_DOOR], "session_policy": [WARN], "signup": ["none", WAITLISTED]}, "then": [WARN, "not_signed_up"]},
    {"when": {"already": [True]}, "then": [WARN, "already"]},
    {"when": {}, "then": [ADMIT, None]},
)  # fmt: skip


@dataclass(frozen=True)
class Admission:
    decision: str  # admit, warn or refuse
    reason: str | None  # unknown, revoked, pickup_code, withdrawn, not_approved,
    #                     not_cleared, not_signed_up, already


# The facts a caller may leave out, and their values then (the offline desk reads these too).
DEFAULT_FACTS = {
    "status": None,
    "signup": "none",
    "session_policy": OPEN,
    "already": False,
    "clearance": NOT_REQUIRED,
}


def admission(
    credential: str,
    door: str,
    status: str | None = None,
    *,
    signup: str = "none",
    session_policy: str = OPEN,
    already: bool = False,
    clearance: str = NOT_REQUIRED,
) -> Admission:
    """Admit, warn or refuse one credential at one door, and why."""
    facts = {
        "credential": credential,
        "door": door,
        "status": None if status is None else str(status),
        "signup": signup,
        "session_policy": session_policy if door == SESSION_DOOR else OPEN,
        "already": already,
        "clearance": clearance,
    }
    for row in ADMISSION_POLICY:
        if all(facts.get(key) in values for key, values in row["when"].items()):
            decision, reason = row["then"]
            return Admission(decision, reason)
    raise AssertionError("the policy's last row matches everything")  # pragma: no cover


def session_policy(signup_required: bool, refuses_unsigned: bool) -> str:
    """A session door's policy for people not signed up."""
    if not signup_required:
        return OPEN
    return REFUSE if refuses_unsigned else WARN
