"""gunicorn settings for Accredit: `gunicorn -c gunicorn.conf.py wsgi:app`.

Everything can be changed from the environment, so one file serves every app server:
HOST, PORT (or GUNICORN_BIND), WEB_CONCURRENCY (worker processes), GUNICORN_THREADS,
GUNICORN_TIMEOUT, FORWARDED_ALLOW_IPS (addresses of the proxy allowed to set X-Forwarded-*).
"""

from __future__ import annotations

import multiprocessing
import os
import re
import time

from gunicorn.glogging import Logger


def _int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


# Loopback by default: nginx (or another proxy) in front terminates TLS and talks to us.
bind = os.environ.get("GUNICORN_BIND") or (
    f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)

# The usual 2 x cores + 1, capped: each worker holds a database connection pool.
workers = _int("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 12))

# Threads let a worker overlap database and SMTP waits; the app keeps no per-process state
# (sessions are signed cookies, rate-limit counters in Redis), so any worker serves anyone.
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread" if threads > 1 else "sync"

timeout = _int("GUNICORN_TIMEOUT", 60)  # a PDF of 1,000 badges takes a few seconds
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never takes a server down; jitter spreads it.
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = 500

# Each worker imports the app itself: no database connection is shared across a fork.
preload_app = False

# Trust X-Forwarded-* only from the proxy (nginx on the same host by default).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access log on stdout (journald or the container collects it): who, what, status, time.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# %(h)s is the peer (the proxy); {x-forwarded-for}i is the client as nginx saw it.
# No query strings, and long token-like path segments (invitation, password reset and
# registration links) are masked: a secret link must not land in a log file.
access_log_format = (
    '%(h)s %({x-forwarded-for}i)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms '
    '"%(a)s" %({x-request-id}i)s'
)
proc_name = "accredit"

# gunicorn 24+ opens a control socket at one fixed path per user: two app servers on one
# host would take each other's. Off unless a path is given (one per process).
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket

_TOKEN_SEGMENT = re.compile(r"/[A-Za-z0-9_.~-]{20,}(?=/|$)")


class RedactingLogger(Logger):
    """gunicorn's logger, with secrets masked in the path of the access log."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = _TOKEN_SEGMENT.sub("/[token]", atoms.get("U", ""))
        atoms["r"] = f"{atoms.get('m', '')} {atoms['U']} {atoms.get('H', '')}"
        return atoms


logger_class = RedactingLogger


# Each worker warms itself up before it takes traffic: the first request of a fresh worker
# configures the ORM mappers and compiles templates (about 2 s), which the first visitor after
# every restart or max_requests recycling would otherwise wait for. GET never changes data.
WARMUP_PATHS = [p for p in os.environ.get("GUNICORN_WARMUP", "/,/programme/").split(",") if p]


def post_worker_init(worker):
    app = worker.wsgi
    if not WARMUP_PATHS or not hasattr(app, "test_client"):
        return
    started = time.monotonic()
    try:
        client = app.test_client()
        for path in WARMUP_PATHS:
            client.get(path).close()
    except Exception:  # a cold worker is still a working worker
        worker.log.exception("warm-up failed")
        return
    worker.log.info("warmed up in %.1f s", time.monotonic() - started)
