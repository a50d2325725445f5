"""The API's request and response bodies (marshmallow): what openapi.json describes."""

from __future__ import annotations

from datetime import UTC

import marshmallow as ma
from marshmallow import fields, validate

from app.forms import is_one_line
from app.integers import DB_INT_MAX

# A check-in point: "entrance", or the id of a session (its door).
POINT_PATTERN = r"^(entrance|[1-9][0-9]{0,9})$"
BATCH_MAX = 500
NONCE_MAX = 64
LIST_MAX = 1000


class Schema(ma.Schema):
    class Meta:
        ordered = True


def Id(**kw):  # noqa: N802 (a field factory, named like the fields it makes)
    """An id: an integer PostgreSQL's int4 holds."""
    return fields.Integer(validate=validate.Range(min=1, max=DB_INT_MAX), strict=True, **kw)


def one_line(value: str) -> None:
    """No control character (NUL, CR, LF …): as the site's one-line fields."""
    if not is_one_line(value):
        raise ma.ValidationError("Control characters are not allowed.")


class ParticipantBrief(Schema):
    """The minimum a door shows."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    native_name = fields.String(required=True)
    delegation = fields.String(required=True)
    category = fields.String(required=True)
    status = fields.String(required=True)
    has_photo = fields.Boolean(required=True)


class ScanIn(Schema):
    code = fields.String(required=True, validate=[validate.Length(min=1, max=500), one_line])
    point = fields.String(
        load_default="entrance",
        validate=validate.Regexp(POINT_PATTERN),
        metadata={"description": '"entrance" or the id of a session (its door)'},
    )
    direction = fields.String(load_default="in", validate=validate.OneOf(["in", "out"]))
    scanned_at = fields.AwareDateTime(
        load_default=None,
        allow_none=True,
        default_timezone=UTC,
        metadata={"description": "When the device scanned (ISO 8601; UTC when no offset)"},
    )
    nonce = fields.String(
        load_default=None,
        allow_none=True,
        validate=[validate.Length(min=1, max=NONCE_MAX), one_line],
        metadata={"description": "The client's id of this scan: a repeat records nothing"},
    )
    force = fields.Boolean(
        load_default=False, metadata={"description": "The door already let them through"}
    )


class ScanOut(Schema):
    result = fields.String(required=True, validate=validate.OneOf(["admit", "warn", "refuse"]))
    reason = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "unknown, revoked, pickup_code, withdrawn, not_approved, "
            "not_signed_up, already; null when admitted"
        },
    )
    message = fields.String(required=True)
    participant = fields.Nested(ParticipantBrief, required=True, allow_none=True)
    duplicate = fields.Boolean(
        required=True, metadata={"description": "Already admitted here today"}
    )
    checkin_id = fields.Integer(required=True)


class BatchIn(Schema):
    scans = fields.List(
        fields.Nested(ScanIn), required=True, validate=validate.Length(min=1, max=BATCH_MAX)
    )


class BatchOut(Schema):
    results = fields.List(fields.Nested(ScanOut), required=True)


class CheckInQuery(Schema):
    point = fields.String(validate=validate.Regexp(POINT_PATTERN))
    since = fields.AwareDateTime(default_timezone=UTC)
    limit = fields.Integer(load_default=LIST_MAX, validate=validate.Range(min=1, max=LIST_MAX))


class CheckInOut(Schema):
    id = fields.Integer(required=True)
    point = fields.String(required=True)
    direction = fields.String(required=True)
    result = fields.String(required=True)
    reason = fields.String(required=True, allow_none=True)
    at = fields.DateTime(required=True)
    scanned_at = fields.DateTime(required=True, allow_none=True)
    forced = fields.Boolean(required=True)
    nonce = fields.String(required=True, allow_none=True)
    participant = fields.Nested(ParticipantBrief, required=True, allow_none=True)


# --- read resources -------------------------------------------------------------------------


class PageQuery(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class ForumOut(Schema):
    name = fields.String(required=True)
    short_name = fields.String(required=True, allow_none=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    timezone = fields.String(required=True)
    city = fields.String(required=True, allow_none=True)
    venue = fields.String(required=True, allow_none=True)


class DelegationOut(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    kind = fields.String(required=True)
    name = fields.String(required=True)
    name_en = fields.String(required=True)
    name_fr = fields.String(required=True, allow_none=True)
    name_zh = fields.String(required=True, allow_none=True)
    quota = fields.Integer(required=True)
    status = fields.String(required=True)


class CategoryOut(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    name = fields.String(required=True)
    colour = fields.String(required=True)
    sort_order = fields.Integer(required=True)


class ParticipantQuery(PageQuery):
    delegation_id = Id()
    category_id = Id()
    status = fields.String(
        validate=validate.OneOf(
            [
                "draft",
                "pending_endorsement",
                "submitted",
                "approved",
                "waitlisted",
                "rejected",
                "withdrawn",
                "cancelled",
            ]
        )
    )
    q = fields.String(
        validate=[validate.Length(max=100), one_line],
        metadata={"description": "Words of the name or e-mail"},
    )


class ParticipantOut(Schema):
    id = fields.Integer(required=True)
    delegation_id = fields.Integer(required=True)
    category_id = fields.Integer(required=True)
    status = fields.String(required=True)
    honorific = fields.String(required=True)
    given_names = fields.String(required=True)
    family_name = fields.String(required=True)
    native_name = fields.String(required=True)
    position = fields.String(required=True)
    organization = fields.String(required=True)
    email = fields.String(required=True, allow_none=True)
    checked_in_at = fields.DateTime(required=True, allow_none=True)
    badge_printed_at = fields.DateTime(required=True, allow_none=True)
    has_photo = fields.Boolean(required=True)
    passport = fields.Dict(
        allow_none=True,
        metadata={
            "description": "nationality, date_of_birth, passport_number, passport_expiry: "
            "only for whoever may edit the registration (never staff)"
        },
    )


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """One page of a list: the items and where they stand."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item), required=True),
            "page": fields.Integer(required=True),
            "per_page": fields.Integer(required=True),
            "total": fields.Integer(required=True),
        },
        name=name,
    )


ParticipantPage = page_of(ParticipantOut, "ParticipantPage")


class SessionOut(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    title = fields.String(required=True)
    starts_at = fields.DateTime(required=True)
    ends_at = fields.DateTime(required=True)
    room = fields.String(required=True, allow_none=True)
    capacity = fields.Integer(required=True, allow_none=True)
    signup_required = fields.Boolean(required=True)
    door_refuses_unsigned = fields.Boolean(required=True)
    counts_exits = fields.Boolean(required=True)
    visibility = fields.String(required=True)


class SignupQuery(PageQuery):
    session_id = Id()
    participant_id = Id()


class SignupOut(Schema):
    id = fields.Integer(required=True)
    session_id = fields.Integer(required=True)
    participant_id = fields.Integer(required=True)
    status = fields.String(required=True)
    created_at = fields.DateTime(required=True)


SignupPage = page_of(SignupOut, "SignupPage")


class PointOut(Schema):
    point = fields.String(required=True, metadata={"description": '"entrance" or a session id'})
    name = fields.String(required=True)
    counts_exits = fields.Boolean(required=True)
    starts_at = fields.DateTime(required=True, allow_none=True)
