"""The offline desk's routes: the sign-in's keys, the manifest of a check-in point, and the
service worker that keeps the check-in page's assets for a reload with no network
(app/desk/views.py imports this module, which attaches them)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

from flask import Response, current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import DESK, public, roles_required
from app.desk import bp as desk_bp
from app.desk.checkin import bp, manifest
from app.desk.checkin.services import REASON_TEXT
from app.desk.checkin.views import _point as checkin_point


def _keys() -> dict[str, bytes]:
    """This sign-in's keys (they change when the user signs out)."""
    return manifest.session_keys(
        current_app.secret_key, current_user.id, current_user.session_token
    )


def _since(value: str | None) -> datetime | None:
    """The version a refresh starts from; anything unreadable asks for the whole manifest."""
    if not value or len(value) > 40:
        return None
    try:
        since = datetime.fromisoformat(value)
    except ValueError:
        return None
    return since if since.tzinfo else since.replace(tzinfo=UTC)


@bp.route("/keys")
@roles_required(*DESK)
def offline_keys():
    keys = _keys()
    return jsonify({name: base64.b64encode(key).decode() for name, key in keys.items()})


@bp.route("/manifest")
@roles_required(*DESK)
def offline_manifest():
    return jsonify(
        manifest.build(
            _keys()["hash"],
            checkin_point(request.args.get("point")),
            _since(request.args.get("since")),
            with_photos=request.args.get("photos") == "1",
        )
    )


@desk_bp.route("/checkin-sw.js")
@public
def offline_worker():
    """The service worker, served under /desk/ so that it may control /desk/checkin (a script
    under /static/ may only control /static/ unless served with Service-Worker-Allowed)."""
    script = Path(current_app.static_folder, "js", "checkin-sw.js").read_bytes()
    return Response(script, mimetype="text/javascript", headers={"Cache-Control": "no-cache"})


BATCH_PATH = "/api/v1/checkins/batch"


def offline_desk_texts() -> dict:
    """What the page says when it decides a scan itself (the server's own wording)."""
    return {
        "admitted": _("Admitted"),
        "already": _("Already checked in"),
        "warning": _("Warning: %(reason)s"),
        "refused": _("Refused: %(reason)s"),
        "reasons": {reason.value: str(text) for reason, text in REASON_TEXT.items()},
        "duplicate": _("already admitted at another desk"),
        "photo": _("Photo"),
        "decided_offline": _(
            "Decided at this desk with no network: sent to the server when the network returns."
        ),
        "no_manifest": _(
            "No network, and this desk has no list of participants yet: check badges by eye "
            "and note the names."
        ),
        "offline": _(
            "NO NETWORK. The desk decides from the list of participants downloaded at %(time)s."
        ),
        "sending": _("The network is back: sending the scans kept on this device."),
        "waiting": _("Scans waiting to be sent: %(count)s."),
        "ready": _(
            "Ready to work without network. Participants on the list: %(count)s (list of %(time)s)."
        ),
        "unsent": _(
            "Check-in scans not yet sent to the server: %(count)s. Signing out erases them. "
            "Sign out anyway?"
        ),
    }


@bp.context_processor
def _offline_helpers():
    return {
        "offline_desk_texts": offline_desk_texts,
        "offline_batch_url": lambda: request.script_root + BATCH_PATH,
    }
