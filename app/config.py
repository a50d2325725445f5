"""Configuration defaults; secrets come from instance/ or the environment, never from here."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

# Settings that may be given as environment variables (ACCREDIT_ prefix optional for the
# well-known names below). Values are strings; the loader converts the obvious types.
ENV_SETTINGS = {
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "SECRET_KEY": "SECRET_KEY",
    "DATA_KEY": "DATA_KEY",
    "REDIS_URL": "REDIS_URL",
    "SMTP_HOST": "MAIL_SERVER",
    "SMTP_PORT": "MAIL_PORT",
    "SMTP_USER": "MAIL_USERNAME",
    "SMTP_PASSWORD": "MAIL_PASSWORD",
    "SMTP_STARTTLS": "MAIL_USE_TLS",
    "SMTP_SSL": "MAIL_USE_SSL",
    "MAIL_FROM": "MAIL_DEFAULT_SENDER",
    "MAIL_GIVE_UP_HOURS": "MAIL_GIVE_UP_HOURS",
    "MAIL_RETRY_MAX_MINUTES": "MAIL_RETRY_MAX_MINUTES",
    "BASE_URL": "BASE_URL",
    "SESSION_IDLE_MINUTES": "SESSION_IDLE_MINUTES",
    "SECURE_COOKIES": "SECURE_COOKIES",
    "TRUSTED_PROXIES": "TRUSTED_PROXIES",
    "RATELIMIT_KEY_PREFIX": "RATELIMIT_KEY_PREFIX",
}


class Defaults:
    # Database: SQLite in instance/ unless DATABASE_URL says otherwise.
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLALCHEMY_RECORD_QUERIES = False

    # Mail: with no MAIL_SERVER, messages go to the console and instance/mail/.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 25
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_TIMEOUT = 10
    MAIL_DEFAULT_SENDER = "Accredit <noreply@localhost>"
    # A delivery that fails because the server is down or says "try later" is retried after
    # 30 s, 1 min, 2 min … then every MAIL_RETRY_MAX_MINUTES, until the message is
    # MAIL_GIVE_UP_HOURS old; only then is it marked failed (Administration → Outbox).
    MAIL_RETRY_MAX_MINUTES = 15
    MAIL_GIVE_UP_HOURS = 72

    # Absolute links in e-mails and feeds.
    # Unset: the development server's own address (app/devserver.py), else 127.0.0.1:5000.
    BASE_URL = ""

    # Languages.
    LANGUAGES = ("en", "fr", "zh")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"

    # Security.
    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead; a long form must not expire
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    PASSWORD_MIN_LENGTH = 12
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105  (a method name, not a password)
    SESSION_IDLE_MINUTES = 120
    SECURE_COOKIES = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    INVITATION_DAYS = 14
    PASSWORD_RESET_HOURS = 2
    # The forgotten-password form answers after this long whether the address has an account
    # or not (the work for a known one, about 10 ms, must not show).
    PASSWORD_RESET_ANSWER_SECONDS = 0.25

    # Rate limits (Flask-Limiter); REDIS_URL switches the store to Redis.
    REDIS_URL: str | None = None
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute"
    # Wrong passwords for one account from one client address before that pair must wait.
    LOGIN_FAILURE_LIMIT = "5 per 15 minutes"
    # Beyond this many failures for one account from anywhere within the window, each attempt
    # on it waits 0.5 s, doubling with every further failure, at most 4 s (no lockout).
    LOGIN_SLOWDOWN_AFTER = 5
    LOGIN_SLOWDOWN_WINDOW = "15 minutes"
    LOGIN_SLOWDOWN_SECONDS = 0.5
    LOGIN_SLOWDOWN_MAX_SECONDS = 4.0
    PUBLIC_FORM_RATE_LIMIT = "20 per hour"
    # Per API token (or per address for a browser session): an offline desk's batch
    # upload is one request of up to 500 scans.
    API_RATE_LIMIT = "600 per minute"
    # Namespace of the counters in a Redis shared with other applications or forums.
    RATELIMIT_KEY_PREFIX = "accredit"

    # Deployment behind a reverse proxy: how many proxies (nginx = 1) set X-Forwarded-For,
    # -Proto and -Host. 0 trusts none (direct exposure, or the development server).
    TRUSTED_PROXIES = 0

    # Uploads.
    PHOTO_MAX_BYTES = 8 * 1024 * 1024
    DOCUMENT_MAX_BYTES = 10 * 1024 * 1024

    ROSTER_PAGE_SIZE = 50

    # Seconds an anonymous visitor's copy of the public agenda is shared (0: no cache).
    PAGE_CACHE_SECONDS = 10


def instance_secret(instance_path: str, name: str, make=lambda: secrets.token_urlsafe(32)) -> str:
    """Read a secret from instance/<name>, creating it (mode 600) on first use."""
    path = Path(instance_path) / name
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = make()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(value + "\n")
    return value


def _coerce(value: str):
    low = value.lower()
    if low in ("true", "yes", "on", "1"):
        return True
    if low in ("false", "no", "off", "0"):
        return False
    if value.isdigit():
        return int(value)
    return value


def from_environment(environ=os.environ) -> dict:
    """Settings given in the environment, by their documented names."""
    out = {}
    for env_name, key in ENV_SETTINGS.items():
        for name in (f"ACCREDIT_{env_name}", env_name):
            if environ.get(name):
                raw = environ[name]
                out[key] = (
                    raw
                    if key in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "DATA_KEY", "MAIL_PASSWORD")
                    else _coerce(raw)
                )
                break
    return out
