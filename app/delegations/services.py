"""The rules of delegations: counts, quota changes, focal points, links, nomination letters."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from app import audit
from app.auth import services as auth_services
from app.auth.policy import is_desk
from app.auth.services import InvitationAlreadyAccepted, create_invitation, user_by_email
from app.auth.services import resend_invitation as resend
from app.extensions import db
from app.i18n import country_names
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
    User,
    utcnow,
)
from app.registration import rules
from app.registration.services import promote_waitlisted, seats_taken_locked


class DelegationError(Exception):
    """A rule of delegations refused the action; the message is shown to the user."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.field = field


# Statuses of people still in the delegation (their missing data matters).
ACTIVE_STATUSES = tuple(ParticipantStatus(s) for s in sorted(rules.ACTIVE_STATUSES))


@dataclass
class Counts:
    """What the list and the dashboard show about one delegation."""

    quota: int = 0
    draft: int = 0
    pending_endorsement: int = 0
    submitted: int = 0
    approved: int = 0
    waitlisted: int = 0
    missing_photos: int = 0

    @property
    def seats_taken(self) -> int:
        return self.submitted + self.approved

    @property
    def seats_left(self) -> int:
        return max(self.quota - self.seats_taken, 0)


def _n(condition) -> sa.ColumnElement:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def delegation_counts(delegation_ids: list[int] | None = None) -> dict[int, Counts]:
    """Counts per delegation in one aggregate query (no query per delegation)."""
    status = Participant.status
    stmt = sa.select(
        Participant.delegation_id,
        _n(status == ParticipantStatus.DRAFT),
        _n(status == ParticipantStatus.PENDING_ENDORSEMENT),
        _n(status == ParticipantStatus.SUBMITTED),
        _n(status == ParticipantStatus.APPROVED),
        _n(status == ParticipantStatus.WAITLISTED),
        _n(sa.and_(status.in_(ACTIVE_STATUSES), Participant.photo_updated_at.is_(None))),
    ).group_by(Participant.delegation_id)
    if delegation_ids is not None:
        stmt = stmt.where(Participant.delegation_id.in_(delegation_ids))
    out: dict[int, Counts] = {}
    for row in db.session.execute(stmt):
        out[row[0]] = Counts(0, *(int(v) for v in row[1:]))
    return out


def total_of(rows: list[tuple[Delegation, Counts]]) -> Counts:
    total = Counts()
    for _d, c in rows:
        for name in Counts.__dataclass_fields__:
            setattr(total, name, getattr(total, name) + getattr(c, name))
    return total


def list_delegations(
    kind: DelegationKind | None = None, status: DelegationStatus | None = None
) -> list[tuple[Delegation, Counts]]:
    """Delegations in protocol order, each with its counts: two queries in all."""
    stmt = sa.select(Delegation).options(selectinload(Delegation.head))
    if kind is not None:
        stmt = stmt.where(Delegation.kind == kind)
    if status is not None:
        stmt = stmt.where(Delegation.status == status)
    delegations = sorted(db.session.scalars(stmt), key=lambda d: d.protocol_key)
    counts = delegation_counts() if delegations else {}
    out = []
    for d in delegations:
        c = counts.get(d.id) or Counts()
        c.quota = d.quota
        out.append((d, c))
    return out


def counts_for(delegation: Delegation) -> Counts:
    c = delegation_counts([delegation.id]).get(delegation.id) or Counts()
    c.quota = delegation.quota
    return c


# --- create and edit ------------------------------------------------------------------------


EDITABLE = ("kind", "code", "name_en", "name_fr", "name_zh", "quota", "status", "sort_key", "notes")


def code_in_use(code: str, exclude_id: int | None = None) -> bool:
    stmt = sa.select(Delegation.id).where(sa.func.upper(Delegation.code) == code.upper())
    if exclude_id is not None:
        stmt = stmt.where(Delegation.id != exclude_id)
    return db.session.scalar(stmt) is not None


def fill_country_names(values: dict) -> dict:
    """Blank names of a country or region come from CLDR; names typed in are kept."""

    if values.get("kind") == DelegationKind.COUNTRY and values.get("code"):
        for lang, name in country_names(values["code"]).items():
            if not values.get(f"name_{lang}"):
                values[f"name_{lang}"] = name
    return values


def create_delegation(values: dict, actor: User | None = None) -> Delegation:
    values = fill_country_names(dict(values))
    if code_in_use(values["code"]):
        raise DelegationError(_l("Another delegation already uses this code."), "code")
    delegation = Delegation(**{k: values[k] for k in EDITABLE if k in values})
    try:
        # A savepoint: a concurrent creation of the same code loses cleanly, not with a 500.
        with db.session.begin_nested():
            db.session.add(delegation)
    except sa.exc.IntegrityError:
        raise DelegationError(_l("Another delegation already uses this code."), "code") from None
    audit.record("delegation.created", delegation, changes=audit.changes_of(delegation))
    return delegation


def update_delegation(delegation: Delegation, values: dict, actor: User | None = None) -> None:
    """Apply an edit; a quota below the seats taken is refused, a raise promotes the waitlist."""
    values = fill_country_names(dict(values))
    if "code" in values and code_in_use(values["code"], exclude_id=delegation.id):
        raise DelegationError(_l("Another delegation already uses this code."), "code")
    old_quota = delegation.quota
    new_quota = values.get("quota", old_quota)
    if new_quota != old_quota:
        taken = seats_taken_locked(delegation)
        if new_quota < taken:
            raise DelegationError(
                _l(
                    "%(taken)s seats are already taken; the quota cannot be lower. "
                    "Withdraw or cancel participants first.",
                    taken=taken,
                ),
                "quota",
            )
    try:
        # A savepoint: a concurrent use of the same code loses cleanly, not with a 500.
        with db.session.begin_nested():
            for key in EDITABLE:
                if key in values:
                    setattr(delegation, key, values[key])
            changes = audit.changes_of(delegation)
    except sa.exc.IntegrityError:
        raise DelegationError(_l("Another delegation already uses this code."), "code") from None
    if changes:
        audit.record("delegation.updated", delegation, changes=changes)
    if new_quota > old_quota:
        promote_waitlisted(delegation)


def set_head(delegation: Delegation, participant: Participant | None) -> None:
    if participant is not None and participant.delegation_id != delegation.id:
        raise DelegationError(_l("The head of delegation must be one of its members."))
    if participant is not None and participant.status not in ACTIVE_STATUSES:
        raise DelegationError(_l("A withdrawn, cancelled or rejected person cannot be head."))
    delegation.head_participant_id = participant.id if participant else None
    audit.record(
        "delegation.head_set",
        delegation,
        changes={"head_participant_id": delegation.head_participant_id},
    )


# --- invitations ----------------------------------------------------------------------------


def invitations_of(delegation: Delegation, role: Role | None = None) -> list[Invitation]:
    stmt = (
        sa.select(Invitation)
        .where(Invitation.delegation_id == delegation.id)
        .options(selectinload(Invitation.participant), selectinload(Invitation.invited_by))
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    )
    if role is not None:
        stmt = stmt.where(Invitation.role == role)
    return list(db.session.scalars(stmt))


def focal_points_of(delegation: Delegation) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.delegation_id == delegation.id, User.role == Role.FOCAL_POINT)
            .order_by(User.full_name, User.email)
        )
    )


def _refuse_existing_account(email: str, delegation: Delegation) -> None:
    user = user_by_email(email)
    if user is None:
        return
    if is_desk(user):
        raise DelegationError(_l("This address belongs to a secretariat account."))
    if user.delegation_id not in (None, delegation.id):
        raise DelegationError(_l("This address already belongs to another delegation."))


def invite_focal_point(
    delegation: Delegation, email: str, full_name: str, actor: User
) -> Invitation:
    _refuse_existing_account(email, delegation)
    invitation, _token = create_invitation(
        email,
        Role.FOCAL_POINT,
        delegation_id=delegation.id,
        full_name=full_name,
        invited_by=actor,
    )
    return invitation


def resend_invitation(invitation: Invitation, actor: User) -> Invitation:
    try:
        return resend(invitation, actor)
    except InvitationAlreadyAccepted:
        raise DelegationError(_l("This invitation has already been accepted.")) from None


def revoke_invitation(invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise DelegationError(_l("This invitation has already been accepted."))
    if invitation.revoked_at is None:
        auth_services.revoke_invitation(invitation)


# --- registration link ----------------------------------------------------------------------


def rotate_registration_token(delegation: Delegation) -> str:
    """A new link; the previous one (if any) stops working."""
    had = delegation.registration_token is not None
    delegation.registration_token = secrets.token_urlsafe(24)
    delegation.registration_token_created_at = utcnow()
    audit.record(
        "delegation.link_rotated" if had else "delegation.link_created",
        delegation,
        changes={"registration_token": "changed"},
    )
    return delegation.registration_token


def revoke_registration_token(delegation: Delegation) -> None:
    if delegation.registration_token is None:
        return
    delegation.registration_token = None
    delegation.registration_token_created_at = None
    audit.record("delegation.link_revoked", delegation, changes={"registration_token": "revoked"})


def delegation_for_token(token: str) -> Delegation | None:
    if not token or len(token) > 64:
        return None
    delegation = db.session.scalar(
        sa.select(Delegation).where(Delegation.registration_token == token)
    )
    if delegation is None or not secrets.compare_digest(delegation.registration_token, token):
        return None
    return delegation


# --- nomination letters ---------------------------------------------------------------------


def document_kind_for(delegation: Delegation) -> DocumentKind:
    """A note verbale from governments, a letter of nomination from anyone else."""
    if delegation.kind == DelegationKind.COUNTRY:
        return DocumentKind.NOTE_VERBALE
    return DocumentKind.NOMINATION_LETTER


def pdf_problem(data: bytes) -> str | None:
    """Why these bytes are not an acceptable PDF, or None."""
    if not data:
        return str(_l("The file is empty."))
    limit = int(current_app.config["DOCUMENT_MAX_BYTES"])
    if len(data) > limit:
        return str(_l("The file is larger than %(mb)s MB.", mb=limit // (1024 * 1024)))
    if not data.startswith(b"%PDF-"):
        return str(_l("This file is not a PDF. Scan or save the letter as PDF."))
    if b"%%EOF" not in data[-2048:]:
        return str(_l("This PDF is incomplete or damaged. Save it again and retry."))
    return None


def safe_filename(name: str, default: str = "document.pdf") -> str:
    keep = "".join(c for c in (name or "") if c.isalnum() or c in "._- ")
    keep = keep.strip(" .")[:120]
    if not keep:
        return default
    if not keep.lower().endswith(".pdf"):
        keep += ".pdf"
    return keep


def upload_document(
    delegation: Delegation, filename: str, data: bytes, actor: User, kind: DocumentKind | None
) -> Document:
    problem = pdf_problem(data)
    if problem:
        raise DelegationError(problem)
    document = Document(
        delegation_id=delegation.id,
        kind=kind or document_kind_for(delegation),
        filename=safe_filename(filename),
        content_type="application/pdf",
        size=len(data),
        data=data,
        uploaded_by_id=actor.id,
        uploaded_at=utcnow(),
    )
    db.session.add(document)
    db.session.flush()
    audit.record(
        "document.uploaded",
        document,
        changes={"kind": document.kind.value, "filename": document.filename, "size": len(data)},
    )
    return document


def verify_document(document: Document, actor: User) -> None:
    if document.verified_at is not None:
        raise DelegationError(_l("This document has already been verified."))
    document.verified_at = utcnow()
    document.verified_by_id = actor.id
    audit.record("document.verified", document, changes={"verified_by": actor.email})


def documents_of(delegation: Delegation) -> list[Document]:
    return list(
        db.session.scalars(
            sa.select(Document)
            .where(Document.delegation_id == delegation.id)
            .options(selectinload(Document.uploaded_by), selectinload(Document.verified_by))
            .order_by(Document.uploaded_at.desc(), Document.id.desc())
        )
    )
