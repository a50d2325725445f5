"""The API's request and response bodies (marshmallow): what openapi.json describes."""

from __future__ import annotations

from datetime import UTC

import marshmallow as ma
from marshmallow import fields, validate

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
    code = fields.String(required=True, validate=validate.Length(min=1, max=500))
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
        validate=validate.Length(min=1, max=NONCE_MAX),
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
