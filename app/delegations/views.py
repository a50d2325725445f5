"""Routes of the delegations area: the list, a delegation's page, focal points, nomination
letters and the roster. The registration link and the bulk import are in intake_views.py
(imported here)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.access import delegation_or_404, roles_required
from app.auth.policy import MANAGERS, ORGANIZERS, is_organizer
from app.delegations import bp, queries, services
from app.delegations.forms import (
    DelegationForm,
    DocumentForm,
    FocalPointInvitationForm,
)
from app.delegations.intake_views import back
from app.delegations.services import DelegationError
from app.desk.rosters.queries import RosterFilter
from app.desk.rosters.services import roster_csv_stream
from app.downloads import csv_response, uploaded_pdf_response
from app.extensions import db
from app.forms import EmptyForm
from app.i18n import country_choices, forum, is_country_code
from app.i18n import country_names as cldr_names
from app.integers import optional_id, query_int
from app.models import (
    Delegation,
    DelegationKind,
    DelegationStatus,
    Document,
    DocumentKind,
    Invitation,
    Participant,
    ParticipantStatus,
    Role,
)
from app.panels import register_panel
from app.registration import rules
from app.urls import absolute_url, url_for_ids

MEMBER_LINKS = ("detail", "edit", "submit", "endorse", "withdraw", "invite")
ROW_ACTIONS = ("submit", "endorse", "withdraw")

# --- the list -------------------------------------------------------------------------------


@bp.route("/")
@roles_required(*MANAGERS)
def index():
    if current_user.role == Role.FOCAL_POINT:
        return redirect(url_for("delegations.detail", delegation_id=current_user.delegation_id))
    kind = request.args.get("kind", "")
    status = request.args.get("status", "")
    rows = services.list_delegations(
        kind=DelegationKind(kind) if kind in DelegationKind._value2member_map_ else None,
        status=DelegationStatus(status) if status in DelegationStatus._value2member_map_ else None,
    )
    return render_template(
        "delegations/index.html",
        rows=rows,
        totals=services.total_of(rows),
        kind=kind,
        status=status,
        kinds=list(DelegationKind),
        statuses=list(DelegationStatus),
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*ORGANIZERS)
def new():
    form = DelegationForm()
    if form.validate_on_submit():
        try:
            delegation = services.create_delegation(form.values(), current_user)
        except DelegationError as exc:
            db.session.rollback()
            getattr(form, exc.field or "code").errors.append(exc.message)
        else:
            db.session.commit()
            flash(_("Delegation %(name)s created.", name=delegation.name), "success")
            return back(delegation)
    return render_template(
        "delegations/edit.html", form=form, delegation=None, countries=country_choices()
    )


@bp.route("/country-names")
@roles_required(*ORGANIZERS)
def country_names():
    """CLDR names of a country or region in each language, to pre-fill the form."""

    code = (request.args.get("code") or "").strip().upper()
    if len(code) != 2 or not is_country_code(code):
        return {"error": _("Not a known two-letter country or region code (ISO 3166).")}, 404
    return {"code": code, **cldr_names(code)}


@bp.route("/<int:delegation_id>/edit", methods=["GET", "POST"])
@roles_required(*ORGANIZERS)
def edit(delegation_id: int):
    delegation = delegation_or_404(delegation_id)
    form = DelegationForm(obj=delegation)
    if request.method == "GET":
        form.kind.data = delegation.kind.value
        form.status.data = delegation.status.value
    if form.validate_on_submit():
        try:
            services.update_delegation(delegation, form.values(), current_user)
        except DelegationError as exc:
            db.session.rollback()
            getattr(form, exc.field or "code").errors.append(exc.message)
        else:
            db.session.commit()
            flash(_("Delegation saved."), "success")
            return back(delegation)
    return render_template(
        "delegations/edit.html", form=form, delegation=delegation, countries=country_choices()
    )


# --- one delegation -------------------------------------------------------------------------


@bp.route("/<int:delegation_id>")
@roles_required(*MANAGERS)
def detail(delegation_id: int):
    delegation = delegation_or_404(delegation_id)
    q = request.args.get("q", "").strip()[:100]
    members = queries.members_page(delegation, query_int("page", 1) or 1, q)
    counts = services.counts_for(delegation)
    organizer = is_organizer(current_user)
    invitations = services.invitations_of(delegation, None if organizer else Role.DELEGATE)
    document_form = DocumentForm()
    document_form.kind.data = services.document_kind_for(delegation).value
    link = (
        absolute_url("delegations.self_register", token=delegation.registration_token)
        if delegation.registration_token
        else None
    )
    return render_template(
        "delegations/detail.html",
        delegation=delegation,
        members=members,
        q=q,
        member_url={n: url_for_ids(f"registration.{n}", "participant_id") for n in MEMBER_LINKS},
        status_labels={s: (str(s.label), s.badge_class) for s in ParticipantStatus},
        # What a row offers, per status, decided once for the page.
        row_actions={
            s: {a: rules.may(a, s) for a in ROW_ACTIONS} | {"edit": not rules.is_closed(s)}
            for s in ParticipantStatus
        },
        category_names={c.id: c.name for c in queries.categories()},
        counts=counts,
        missing=queries.delegation_missing(delegation, counts),
        focal_points=services.focal_points_of(delegation),
        invitations=invitations,
        documents=services.documents_of(delegation),
        # Only organizers name the head: every active member, read as rows.
        head_choices=queries.head_choices(delegation) if organizer else [],
        invite_form=FocalPointInvitationForm(),
        document_form=document_form,
        link=link,
        audit_entries=queries.audit_trail(delegation) if organizer else [],
        organizer=organizer,
        edits_open=forum().edits_are_open() if forum() else True,
        registration_open=forum().registration_is_open() if forum() else False,
        ParticipantStatus=ParticipantStatus,
    )


@bp.route("/<int:delegation_id>/head", methods=["POST"])
@roles_required(*ORGANIZERS)
def set_head(delegation_id: int):
    delegation = delegation_or_404(delegation_id)
    raw = request.form.get("participant_id", "")
    participant = None
    if raw:
        pid = optional_id(raw)
        participant = db.session.get(Participant, pid) if pid else None
        if participant is None or participant.delegation_id != delegation.id:
            flash(_("Choose one of the delegation’s members."), "danger")
            return back(delegation)
    try:
        services.set_head(delegation, participant)
    except DelegationError as exc:
        flash(exc.message, "danger")
        return back(delegation)
    db.session.commit()
    flash(_("Head of delegation saved."), "success")
    return back(delegation)


@bp.route("/<int:delegation_id>/roster.csv")
@roles_required(*MANAGERS)
def roster(delegation_id: int):
    delegation = delegation_or_404(delegation_id)
    members = RosterFilter(delegation_id=delegation.id)
    return csv_response(roster_csv_stream(members), f"roster-{delegation.code}.csv")


# --- focal points and member invitations ----------------------------------------------------


@bp.route("/<int:delegation_id>/invitations", methods=["POST"])
@roles_required(*ORGANIZERS)
def invite_focal_point(delegation_id: int):
    delegation = delegation_or_404(delegation_id)
    form = FocalPointInvitationForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for e in errors:
                flash(str(e), "danger")
        return back(delegation, "#focal-points")
    try:
        invitation = services.invite_focal_point(
            delegation, form.email.data, form.full_name.data or "", current_user
        )
    except DelegationError as exc:
        flash(exc.message, "danger")
        return back(delegation, "#focal-points")
    db.session.commit()
    flash(_("Invitation sent to %(email)s.", email=invitation.email), "success")
    return back(delegation, "#focal-points")


def _invitation_or_404(delegation: Delegation, invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.delegation_id != delegation.id:
        abort(404)
    # A focal point manages the invitations of members, not those of focal points.
    if not is_organizer(current_user) and invitation.role != Role.DELEGATE:
        abort(404)
    return invitation


@bp.route("/<int:delegation_id>/invitations/<int:invitation_id>/resend", methods=["POST"])
@roles_required(*MANAGERS)
def resend_invitation(delegation_id: int, invitation_id: int):
    delegation = delegation_or_404(delegation_id)
    invitation = _invitation_or_404(delegation, invitation_id)
    if EmptyForm().validate_on_submit():
        try:
            new = services.resend_invitation(invitation, current_user)
        except DelegationError as exc:
            flash(exc.message, "danger")
        else:
            db.session.commit()
            flash(_("A new invitation was sent to %(email)s.", email=new.email), "success")
    return back(delegation, "#invitations")


@bp.route("/<int:delegation_id>/invitations/<int:invitation_id>/revoke", methods=["POST"])
@roles_required(*MANAGERS)
def revoke_invitation(delegation_id: int, invitation_id: int):
    delegation = delegation_or_404(delegation_id)
    invitation = _invitation_or_404(delegation, invitation_id)
    if EmptyForm().validate_on_submit():
        try:
            services.revoke_invitation(invitation)
        except DelegationError as exc:
            flash(exc.message, "danger")
        else:
            db.session.commit()
            flash(_("The invitation was withdrawn."), "success")
    return back(delegation, "#invitations")


# --- nomination letters ---------------------------------------------------------------------


@bp.route("/<int:delegation_id>/documents", methods=["POST"])
@roles_required(*MANAGERS)
def upload_document(delegation_id: int):
    delegation = delegation_or_404(delegation_id)
    form = DocumentForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for e in errors:
                flash(str(e), "danger")
        return back(delegation, "#documents")
    storage = form.file.data
    data = storage.read(int(current_app.config["DOCUMENT_MAX_BYTES"]) + 1)
    try:
        services.upload_document(
            delegation, storage.filename or "", data, current_user, DocumentKind(form.kind.data)
        )
    except DelegationError as exc:
        flash(exc.message, "danger")
        return back(delegation, "#documents")
    db.session.commit()
    flash(_("The letter was uploaded. The secretariat will check it."), "success")
    return back(delegation, "#documents")


def _document_or_404(delegation: Delegation, document_id: int) -> Document:
    document = db.session.get(Document, document_id)
    if document is None or document.delegation_id != delegation.id:
        abort(404)
    return document


@bp.route("/<int:delegation_id>/documents/<int:document_id>")
@roles_required(*MANAGERS)
def document(delegation_id: int, document_id: int):
    delegation = delegation_or_404(delegation_id)
    doc = _document_or_404(delegation, document_id)
    data = db.session.scalar(sa.select(Document.data).where(Document.id == doc.id))
    if not data:
        abort(404)
    return uploaded_pdf_response(data, doc.filename)


@bp.route("/<int:delegation_id>/documents/<int:document_id>/verify", methods=["POST"])
@roles_required(*ORGANIZERS)
def verify_document(delegation_id: int, document_id: int):
    delegation = delegation_or_404(delegation_id)
    doc = _document_or_404(delegation, document_id)
    if EmptyForm().validate_on_submit():
        try:
            services.verify_document(doc, current_user)
        except DelegationError as exc:
            flash(exc.message, "info")
        else:
            db.session.commit()
            flash(_("The letter is marked as verified."), "success")
    return back(delegation, "#documents")


# --- the focal point's dashboard panel ------------------------------------------------------


def _panel(user) -> dict | None:
    if not user.delegation_id:
        return None
    delegation = db.session.get(Delegation, user.delegation_id)
    if delegation is None:
        return None
    counts = services.counts_for(delegation)
    by_status = services.members_by_status(delegation)
    return {
        "delegation": delegation,
        "counts": counts,
        "by_status": [(s, by_status[s]) for s in ParticipantStatus if by_status.get(s)],
        "missing": queries.delegation_missing(delegation, counts),
        "pending": queries.pending_endorsement(delegation),
    }


register_panel(
    "delegation",
    "delegations/_panel.html",
    (Role.FOCAL_POINT,),
    _panel,
    order=10,
    wide=False,
)
