"""Routes of the correspondence area: the threads, one thread with its reply form, files."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import delegation_or_404, roles_required
from app.auth.policy import ORGANIZERS, is_organizer
from app.correspondence import bp, queries, services, uploads
from app.correspondence.forms import MessageForm, ReadForm
from app.extensions import db
from app.models import CorrespondenceAttachment, Role

READERS = (*ORGANIZERS, Role.FOCAL_POINT)


@bp.route("/")
@roles_required(*READERS)
def index():
    if not is_organizer(current_user):
        return redirect(url_for("correspondence.thread", delegation_id=current_user.delegation_id))
    return render_template("correspondence/index.html", rows=queries.threads())


@bp.route("/<int:delegation_id>", methods=["GET", "POST"])
@roles_required(*READERS)
def thread(delegation_id: int):
    delegation = delegation_or_404(delegation_id)
    side = services.side_of(current_user)
    form = MessageForm()
    if form.validate_on_submit():
        try:
            services.send_message(delegation, current_user, form.body.data, form.attachments.data)
        except uploads.UploadError as exc:
            form.attachments.errors = [exc.message]
        else:
            db.session.commit()
            flash(_("Your message was sent."), "success")
            return redirect(url_for("correspondence.thread", delegation_id=delegation.id) + "#last")
    messages = queries.thread(delegation.id)
    return render_template(
        "correspondence/thread.html",
        delegation=delegation,
        messages=messages,
        marks=queries.read_marks(delegation.id),
        side=side,
        form=form,
        unread=queries.unread_count(delegation.id, side),
        read_form=ReadForm(upto=messages[-1].id if messages else 0),
    )


@bp.route("/<int:delegation_id>/read", methods=["POST"])
@roles_required(*READERS)
def read(delegation_id: int):
    """Mark the thread read up to the last message the page showed (app.js posts this as the
    page opens; without script it is a button). A GET never changes data, so not the view."""
    delegation = delegation_or_404(delegation_id)
    form = ReadForm()
    if not form.validate_on_submit():
        abort(400)
    if services.mark_read(
        delegation.id, services.side_of(current_user), current_user, form.upto.data
    ):
        db.session.commit()
    if request.headers.get("X-Requested-With") == "fetch":
        return "", 204
    return redirect(url_for("correspondence.thread", delegation_id=delegation.id))


@bp.route("/<int:delegation_id>/attachments/<int:attachment_id>")
@roles_required(*READERS)
def attachment(delegation_id: int, attachment_id: int):
    delegation = delegation_or_404(delegation_id)
    item = db.session.get(CorrespondenceAttachment, attachment_id)
    if item is None or item.message.delegation_id != delegation.id:
        abort(404)
    data = services.attachment_bytes(item)
    if data is None:
        abort(404)
    response = send_file(
        io.BytesIO(data),
        mimetype=item.content_type,
        as_attachment=item.content_type == "application/pdf",
        download_name=item.filename,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
