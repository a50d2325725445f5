"""Errors of the API: JSON with a stable code, whatever raised them.

{"code": "not_found", "message": "…", "errors": {...}}: `code` is for programs (it never
changes), `message` for people (in the caller's language), `errors` the fields that failed
validation (422).
"""

from __future__ import annotations

import marshmallow as ma
from flask import jsonify
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

CODES = {
    400: ("bad_request", _l("The request could not be understood.")),
    401: ("unauthorized", _l("A valid API token or a signed-in session is required.")),
    403: ("forbidden", _l("This token or account may not do this.")),
    404: ("not_found", _l("There is nothing at this address.")),
    405: ("method_not_allowed", _l("This address cannot be used that way.")),
    409: ("conflict", _l("The request conflicts with another one; try again.")),
    413: ("too_large", _l("The request is too large.")),
    415: ("unsupported_media_type", _l("Send JSON (Content-Type: application/json).")),
    422: ("validation_error", _l("Some values are missing or not valid.")),
    429: ("rate_limited", _l("Too many requests. Please wait a minute and try again.")),
    500: ("server_error", _l("Something went wrong; the error has been logged.")),
}
INSUFFICIENT_SCOPE = "insufficient_scope"
CSRF_FAILED = "csrf_failed"


class ErrorSchema(ma.Schema):
    code = ma.fields.String(required=True, metadata={"description": "A stable error code"})
    message = ma.fields.String(required=True)
    errors = ma.fields.Dict(metadata={"description": "Fields that failed validation"})


def response(status: int, *, code: str | None = None, errors=None, message: str | None = None):
    """The JSON answer for an error status."""
    default_code, default_message = CODES.get(status, CODES[400 if status < 500 else 500])
    body = {"code": code or default_code, "message": message or str(default_message)}
    if errors:
        body["errors"] = errors
    result = jsonify(body)
    result.status_code = status
    return result


def for_exception(error: Exception):
    """An error handler's answer on an API path."""
    if isinstance(error, CSRFError):
        return response(400, code=CSRF_FAILED, message=_("The CSRF token is missing or invalid."))
    if not isinstance(error, HTTPException):
        return response(500)
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    errors = data.get("messages") or data.get("errors")
    return response(status, code=data.get("code"), errors=errors)
