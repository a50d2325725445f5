"""Response headers: a strict Content-Security-Policy and the usual hardening."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from flask import abort, current_app, request, session

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def set_security_headers(response):
    h = response.headers
    h.setdefault("Content-Security-Policy", CSP)
    h.setdefault("X-Content-Type-Options", "nosniff")
    h.setdefault("Referrer-Policy", "same-origin")
    h.setdefault("X-Frame-Options", "DENY")
    h.setdefault("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
    if current_app.config.get("SECURE_COOKIES") or request.is_secure:
        h.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    # Pages shown to a signed-in user may carry personal data: never cache them. The session
    # says who is signed in; asking current_user here would reload the user after the view's
    # commit, a second transaction (and on SQLite a second write lock) for every POST.
    if "_user_id" in session and not (request.endpoint or "").endswith("static"):
        h["Cache-Control"] = "no-store"
    return response


def is_safe_redirect(target: str | None) -> bool:
    """A next= target that stays on this site: a path, no scheme, no host, no backslash."""
    if not target or "\\" in target or any(ord(c) < 32 for c in target):
        return False
    parts = urlsplit(target)
    return (
        not parts.scheme
        and not parts.netloc
        and target.startswith("/")
        and not target.startswith("//")
    )


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(pairs) -> bool:
    return any(
        "\x00" in value for _key, values in pairs for value in values if isinstance(value, str)
    )


def refuse_nul_bytes():
    """before_request: a NUL character in the path, the query or a form field is refused (400).

    No browser sends one in text, PostgreSQL cannot store one in a text column (a query with
    one fails with a server error), and C libraries truncate at it. Files are not inspected:
    binary uploads legitimately contain NUL bytes.
    """
    if "\x00" in request.path or _has_nul(request.args.lists()):
        abort(400)
    if request.mimetype in FORM_TYPES and _has_nul(request.form.lists()):
        abort(400)


# --- rate-limit keys ---------------------------------------------------------------------------


def rate_key(kind: str, *parts: str) -> str:
    """A rate-limit key of fixed length whatever the client typed: the store (memory or a
    shared Redis) holds one short key per counter, never the client's bytes."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{kind}:{digest[:32]}"


def client_address() -> str:
    """The client's address as a rate-limit key. Behind a misconfigured proxy it may come
    from a header the client wrote, so anything that is not a plausible address is digested."""
    address = request.remote_addr or "127.0.0.1"
    if len(address) <= 45 and all(c in "0123456789abcdefABCDEF.:" for c in address):
        return address
    return rate_key("addr", address)
