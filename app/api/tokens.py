"""API tokens: made by an administrator, shown once, stored as a sha256, revocable.

A request that carries `Authorization: Bearer <token>` acts as the token's owner (their role
and delegation decide what it sees) within the token's scope (what it may do).
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import g, request
from sqlalchemy.orm import joinedload

from app import audit
from app.db import sqlite_write_lock
from app.extensions import db
from app.models import ApiToken, TokenScope, User, hash_token, new_api_token, utcnow
from app.models.api_token import TOKEN_PREFIX_LENGTH

API_PREFIX = "/api/"
# The last use is written at most this often per token (a write on every read is a cost).
LAST_USE_RESOLUTION = timedelta(minutes=1)

# What each scope may do: an operation declares one of these needs.
READ, CHECKIN = "read", "checkin"
SCOPE_GRANTS: dict[TokenScope, frozenset[str]] = {
    TokenScope.READ: frozenset({READ}),
    TokenScope.CHECKIN: frozenset({CHECKIN}),
    TokenScope.FULL: frozenset({READ, CHECKIN}),
}


def create(*, name: str, scope: TokenScope, user: User, by: User | None) -> tuple[ApiToken, str]:
    """A new token for `user`: the record, and the token itself (shown once, never stored)."""
    plain = new_api_token()
    token = ApiToken(
        name=name.strip(),
        scope=TokenScope(scope),
        token_hash=hash_token(plain),
        prefix=plain[: TOKEN_PREFIX_LENGTH + 4],
        user_id=user.id,
        created_by_id=getattr(by, "id", None),
    )
    db.session.add(token)
    db.session.flush()
    audit.record(
        "api_token.created",
        token,
        changes={"name": token.name, "scope": token.scope.value, "user_id": user.id},
        delegation_id=user.delegation_id,
    )
    return token, plain


def revoke(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record("api_token.revoked", token, changes={"name": token.name})


def listing() -> list[ApiToken]:
    return list(
        db.session.scalars(
            sa.select(ApiToken)
            .options(joinedload(ApiToken.user))
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id)
        )
    )


def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip() or len(value) > 200:
        return None
    return value.strip()


def load_user_from_request(_request) -> User | None:
    """Flask-Login's request loader: the owner of a valid bearer token, on API paths only."""
    if not request.path.startswith(API_PREFIX) or (plain := _bearer()) is None:
        return None
    token = db.session.scalar(
        sa.select(ApiToken)
        .options(joinedload(ApiToken.user))
        .where(ApiToken.token_hash == hash_token(plain))
    )
    # Looked up by its sha256: a token of 256 random bits needs no slow hash.
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    g.api_token = token
    _note_use(token)
    return token.user


def _note_use(token: ApiToken) -> None:
    """Record the last use (at most once a minute), in a write transaction of its own."""
    now = utcnow()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USE_RESOLUTION:
        return
    db.session.commit()  # ends the read transaction the look-up began
    with sqlite_write_lock():
        db.session.execute(
            sa.update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now)
        )
        db.session.commit()


def current_token() -> ApiToken | None:
    return g.get("api_token")


def grants(token: ApiToken | None, need: str) -> bool:
    """May this request do an operation that needs `need`? A browser session may (its role
    decides); a token only within its scope."""
    return token is None or need in SCOPE_GRANTS[token.scope]


def audit_personal_data(action: str, **changes) -> None:
    """A token read personal data: written to the audit log (a session's reads are not)."""
    token = current_token()
    if token is None:
        return
    db.session.commit()
    with sqlite_write_lock():
        audit.record(action, token, changes=changes, delegation_id=token.user.delegation_id)
        db.session.commit()
