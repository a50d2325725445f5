"""Routes of the certificates: a delegate's own, every one at once for organizers, and the
public page that confirms a code."""

from __future__ import annotations

from flask import abort, current_app, render_template, request
from flask_babel import gettext as _

from app.auth.access import ORGANIZERS, participant_or_404, public, roles_required
from app.auth.policy import EDITORS
from app.certificates import bp, queries, services
from app.downloads import spooled_pdf_response
from app.extensions import db, limiter
from app.i18n import current_language


@bp.route("/")
@roles_required(*ORGANIZERS)
def index():
    checked_in, issued = queries.counts()
    return render_template("certificates/index.html", checked_in=checked_in, issued=issued)


@bp.route("/all.pdf", methods=["POST"])
@roles_required(*ORGANIZERS)
def download_all():
    """One PDF with everyone's certificate, each in its holder's language. A POST: the codes
    of those who have none yet are issued (stored and audited) on the way."""
    services.issue_missing()
    db.session.commit()
    out = services.certificates_file(queries.all_certificates(current_language()), None)
    return spooled_pdf_response(out, "certificates-of-attendance.pdf")


@bp.route("/<int:participant_id>.pdf", methods=["POST"])
@roles_required(*EDITORS)
def download(participant_id: int):
    """A participant's own certificate (their focal point's and organizers' too). A POST: the
    first download issues the certificate's code."""
    participant = participant_or_404(participant_id)
    certificate = services.certificate_for(participant)
    if certificate is None:
        abort(404)
    db.session.commit()
    out = services.certificates_file([certificate], current_language())
    return spooled_pdf_response(out, f"certificate-of-attendance-{participant.id}.pdf")


def _verify_limit() -> str:
    return current_app.config["CERTIFICATE_CHECK_RATE_LIMIT"]


@bp.route("/verify")
@public
@limiter.limit(_verify_limit, exempt_when=lambda: not request.args.get("code"))
def verify():
    """Anyone holding a certificate confirms its code: the name, the forum, its dates."""
    code = (request.args.get("code") or "").strip()[:64]
    result = services.verify(code) if code else None
    status = 404 if code and result is None else 200
    return render_template(
        "certificates/verify.html", code=code, result=result, title=_("Verify a certificate")
    ), status
