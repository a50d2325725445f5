"""Deployment: the health check, rate limits shared through Redis, gunicorn with our config."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from app import create_app
from app.extensions import db
from tests.conftest import _test_config

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize(
    "uri",
    [
        "postgresql://nobody:wrong@127.0.0.1:1/nowhere?connect_timeout=2",
        "sqlite:////nonexistent-directory/for/sure/accredit.db",
    ],
    ids=["postgres-unreachable", "sqlite-unopenable"],
)
def test_healthz_reports_a_broken_database(tmp_path, uri):
    config = _test_config(tmp_path)
    config["SQLALCHEMY_DATABASE_URI"] = uri
    app = create_app(config)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"
    with app.app_context():
        db.engine.dispose()


# --- Redis -----------------------------------------------------------------------------------


def _redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.RedisError as exc:
        pytest.skip(f"no Redis at {REDIS_URL}: {exc}")
    return client


def test_login_limit_is_shared_between_app_processes_through_redis(tmp_path, monkeypatch):
    """Two app servers with the same REDIS_URL count sign-in attempts together."""
    from app.extensions import limiter

    store = _redis()
    prefix = f"accredit-test-{secrets.token_hex(4)}"
    # Flask-Limiter keeps the first key prefix it is given for the life of the process (one
    # app per process in production); this test's apps must count under their own prefix.
    monkeypatch.setattr(limiter, "_key_prefix", "")
    apps = []
    for n in (1, 2):
        config = _test_config(tmp_path / f"app{n}")
        config.update(
            SQLALCHEMY_DATABASE_URI="sqlite:///" + str(tmp_path / "shared.db"),
            REDIS_URL=REDIS_URL,
            RATELIMIT_ENABLED=True,
            RATELIMIT_KEY_PREFIX=prefix,
            LOGIN_RATE_LIMIT="4 per minute",
            LOGIN_FAILURE_LIMIT="100 per minute",
        )
        app = create_app(config)
        with app.app_context():
            db.create_all()
        apps.append(app)
    assert apps[0].config["RATELIMIT_STORAGE_URI"] == REDIS_URL
    try:
        clients = [a.test_client() for a in apps]
        statuses = []
        for i in range(6):  # alternate between the two servers
            response = clients[i % 2].post(
                "/auth/login", data={"email": "nobody@example.org", "password": "x" * 12}
            )
            statuses.append(response.status_code)
        # Four attempts in total are allowed, whichever server took them; then both refuse.
        assert statuses == [200, 200, 200, 200, 429, 429], statuses
        assert "Too many attempts" in response.get_data(as_text=True)
        assert list(store.scan_iter(f"*{prefix}*")), "no counters in Redis"
    finally:
        for key in store.scan_iter(f"*{prefix}*"):
            store.delete(key)
        for app in apps:
            with app.app_context():
                db.engine.dispose()


def test_without_redis_counters_stay_in_the_process(tmp_path):
    config = _test_config(tmp_path)
    config.pop("RATELIMIT_STORAGE_URI", None)
    app = create_app(config)
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    with app.app_context():
        db.engine.dispose()


def test_proxy_headers_trusted_only_when_configured(tmp_path):
    from werkzeug.middleware.proxy_fix import ProxyFix

    config = _test_config(tmp_path)
    config["TRUSTED_PROXIES"] = 1
    app = create_app(config)
    if not isinstance(app.wsgi_app, ProxyFix):
        with app.app_context():
            db.engine.dispose()
        pytest.skip("create_app does not wrap the app in ProxyFix for TRUSTED_PROXIES yet")
    seen = {}

    @app.before_request
    def remember():
        from flask import request

        seen.update(addr=request.remote_addr, scheme=request.scheme)

    headers = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    app.test_client().get("/healthz", headers=headers)
    with app.app_context():
        db.engine.dispose()
    assert seen == {"addr": "203.0.113.7", "scheme": "https"}

    plain = create_app(_test_config(tmp_path / "plain"))
    assert not isinstance(plain.wsgi_app, ProxyFix)


# --- gunicorn ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_gunicorn_serves_the_app_with_our_config(tmp_path):
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "ACCREDIT_INSTANCE_PATH": str(tmp_path / "instance"),
        "DATABASE_URL": "sqlite:///" + str(tmp_path / "gunicorn.db"),
    }
    env.pop("REDIS_URL", None)
    schema = create_app({**_test_config(tmp_path), "SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"]})
    with schema.app_context():
        db.create_all()
        db.engine.dispose()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(gunicorn), "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        status = None
        while time.monotonic() < deadline:
            try:
                status, headers, body = _get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                time.sleep(0.2)
        assert status == 200, log.read_text()
        assert b'"status":"ok"' in body.replace(b" ", b"")
        assert headers.get("X-Content-Type-Options") == "nosniff"
        token = secrets.token_urlsafe(32)
        status, _h, _b = _get(f"http://127.0.0.1:{port}/auth/invitation/{token}?x=1")
        assert status == 400  # an unknown invitation
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    text = log.read_text()
    assert "Booting worker" in text and text.count("Booting worker") >= 2, text
    assert "/auth/invitation/[token]" in text, text
    assert token not in text, "a secret link reached the access log"
