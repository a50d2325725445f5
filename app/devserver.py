"""The first ten minutes: under Flask's development server, links follow the address it serves
and the demo's e-mails are delivered by themselves.

Both only when the request was served by Werkzeug's development server (`make run`, `flask
run`), never under gunicorn: in production a link must not follow a Host header a client
chose (password-reset links would point wherever it liked), and mail has its own sender
service with retries (`flask send-mail --loop`).
"""

from __future__ import annotations

import threading
import time

from flask import Flask, current_app, has_request_context, request

from app.mail import deliver_due

FALLBACK_BASE_URL = "http://127.0.0.1:5000"
_sender_started = threading.Event()


def served_by_dev_server() -> bool:
    return has_request_context() and request.environ.get("SERVER_SOFTWARE", "").startswith(
        "Werkzeug/"
    )


def public_base_url() -> str:
    """BASE_URL when set; under the development server, the host and port it was reached at."""
    configured = (current_app.config.get("BASE_URL") or "").rstrip("/")
    if configured:
        return configured
    if served_by_dev_server():
        return request.host_url.rstrip("/")
    return FALLBACK_BASE_URL


def mail_destination() -> str:
    """Where delivered e-mail goes, in words for the outbox page."""
    cfg = current_app.config
    if cfg.get("MAIL_SERVER"):
        return f"smtp://{cfg['MAIL_SERVER']}:{cfg['MAIL_PORT']}"
    return f"{current_app.instance_path}/mail/"


def _send_loop(app: Flask, interval: float) -> None:
    while True:
        with app.app_context():
            try:
                deliver_due()
            except Exception:  # keep the demo's sender alive; the outbox shows the error
                app.logger.exception("development mail sender")
        time.sleep(interval)


def start_mail_sender() -> None:
    """before_request: on the development server without SMTP, deliver the outbox from a thread.

    A thread of the server process rather than delivery at commit time: requests stay as fast
    as in production, a message written by a CLI command (seed-demo) goes out too, the
    outbox's claim-and-retry logic is the same one production runs, and the thread ends with
    the server (no process left behind by `make run`).
    """
    app = current_app._get_current_object()
    if (
        _sender_started.is_set()
        or app.testing
        or app.config.get("MAIL_SERVER")
        or not app.config.get("DEV_MAIL_SENDER", True)
        or not served_by_dev_server()
    ):
        return
    _sender_started.set()
    interval = float(app.config.get("DEV_MAIL_INTERVAL", 3))
    threading.Thread(
        target=_send_loop, args=(app, interval), name="dev-mail-sender", daemon=True
    ).start()
    app.logger.info("development server: e-mails are delivered to %s", mail_destination())
