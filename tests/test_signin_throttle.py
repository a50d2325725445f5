"""Sign-in under attack: bounded rate-limit keys, and brute-force protection that is no
lockout weapon (issue 9, findings 1 and 3). Rate limits on, CSRF off (not the point here)."""

from __future__ import annotations

import os
import secrets
import time

import pytest

from app.extensions import limiter
from app.models import Role
from tests.conftest import TEST_PASSWORD

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
BIG = 400_000  # characters of e-mail per post: just under Flask's 500 kB form-field limit


@pytest.fixture
def app_config(app_config):
    return {
        **app_config,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "LOGIN_FAILURE_LIMIT": "5 per 15 minutes",
        "LOGIN_SLOWDOWN_AFTER": 5,
        "LOGIN_SLOWDOWN_SECONDS": 0.05,
        "LOGIN_SLOWDOWN_MAX_SECONDS": 0.2,
    }


def _post(client, email, password, ip="192.0.2.10"):
    return client.post(
        "/auth/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": ip},
    )


def _big_email(n: int) -> str:
    return f"{n}{'x' * BIG}@example.org"


# --- finding 1: keys built from user input are bounded ---------------------------------------


def _memory_store_bytes() -> int:
    store = limiter.storage
    keys = set(store.storage) | set(store.expirations) | set(store.events)
    return sum(len(k) for k in keys)


def test_large_emails_do_not_grow_the_in_memory_store(app):
    client = app.test_client()
    before = _memory_store_bytes()
    for n in range(15):
        assert _post(client, _big_email(n), "wrong-password-123").status_code < 500
    grown = _memory_store_bytes() - before
    # Before the fix: 15 keys holding the whole address, 6,000,000+ bytes.
    assert grown < 5_000, grown


def test_refused_requests_write_no_key(app):
    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    client = app.test_client()
    for n in range(2):
        _post(client, f"user{n}@example.org", "wrong-password-123")
    before = _memory_store_bytes()
    for n in range(10):
        assert _post(client, f"other{n}@example.org", "wrong-password-123").status_code == 429
    assert _memory_store_bytes() == before  # the per-address counter only, already there


def _redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.RedisError as exc:
        pytest.skip(f"no Redis at {REDIS_URL}: {exc}")
    return client


def test_large_emails_do_not_grow_redis(app_config, tmp_path, monkeypatch):
    from app import create_app
    from app.extensions import db

    store = _redis()
    prefix = f"accredit-test-sec-{secrets.token_hex(4)}"
    monkeypatch.setattr(limiter, "_key_prefix", "")  # see test_deploy: one prefix per process
    config = {
        **app_config,
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path / "redis.db"),
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": prefix,
    }
    redis_app = create_app(config)
    with redis_app.app_context():
        db.create_all()

    def used() -> int:
        return sum(store.memory_usage(k) or 0 for k in store.scan_iter(f"*{prefix}*"))

    try:
        client = redis_app.test_client()
        before = used()
        for n in range(15):
            assert _post(client, _big_email(n), "wrong-password-123").status_code < 500
        grown = used() - before
        # Before the fix: 15 keys of 400 kB each, about 6 MB in Redis for 15 minutes.
        assert 0 < grown < 20_000, grown
        assert all(len(k) < 200 for k in store.scan_iter(f"*{prefix}*"))
    finally:
        for key in store.scan_iter(f"*{prefix}*"):
            store.delete(key)
        with redis_app.app_context():
            db.engine.dispose()


# --- finding 3: no lockout by a third party ------------------------------------------------------


@pytest.fixture
def owner(make_user):
    return make_user(Role.STAFF, email="desk.staff@example.org")


def test_a_third_party_cannot_lock_the_owner_out(app, owner):
    attacker = app.test_client()
    app.config["LOGIN_SLOWDOWN_MAX_SECONDS"] = 0.001  # the attack itself, quickly
    # Eight addresses, five wrong passwords each: far beyond the old per-address wall.
    for n in range(8):
        for _ in range(5):
            response = _post(
                attacker, "desk.staff@example.org", "guess-123456", ip=f"198.51.100.{n}"
            )
            assert response.status_code == 200
    app.config["LOGIN_SLOWDOWN_MAX_SECONDS"] = 0.2
    started = time.monotonic()
    response = _post(app.test_client(), "desk.staff@example.org", TEST_PASSWORD, ip="203.0.113.7")
    assert response.status_code == 302, "the owner must still get in"
    # ... on the slower path: the account is under attack.
    assert time.monotonic() - started >= 0.2


def test_a_guesser_from_one_address_meets_a_wall(app, owner):
    client = app.test_client()
    for _ in range(5):
        assert _post(client, "desk.staff@example.org", "guess-123456").status_code == 200
    assert _post(client, "desk.staff@example.org", "guess-123456").status_code == 429
    # The right password from that source waits too: the answer must not confirm a guess.
    assert _post(client, "desk.staff@example.org", TEST_PASSWORD).status_code == 429
    # The owner elsewhere is not affected.
    assert (
        _post(app.test_client(), "desk.staff@example.org", TEST_PASSWORD, "203.0.113.7").status_code
        == 302
    )


def test_slowdown_grows_with_failures_and_is_capped(app):
    from app.auth.throttle import delay_for

    with app.app_context():
        assert delay_for(4) == delay_for(5) - 0.05 == 0
        assert delay_for(6) == pytest.approx(0.1)
        assert delay_for(100) == 0.2


def test_unknown_addresses_are_throttled_alike(app, owner):
    """The slow path must not reveal which addresses have an account."""
    client = app.test_client()
    timings = {}
    for email in ("desk.staff@example.org", "nobody.here@example.org"):
        for n in range(7):
            _post(client, email, "guess-123456", ip=f"198.51.100.{n}")
        started = time.monotonic()
        _post(client, email, "guess-123456", ip="198.51.100.99")
        timings[email] = time.monotonic() - started
    assert all(t >= 0.2 for t in timings.values()), timings
