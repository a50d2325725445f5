"""Security clearance: sending a batch, what the service receives, recording its answers.

Each person's state is a Clearance row (none: not sent). Every step is audited on the
participant, so their history reads "Security clearance changed from Pending to Refused".
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app import audit
from app.clearance import queries
from app.documents.spreadsheets import Sheet, xlsx_bytes
from app.extensions import db
from app.i18n import country_name, forum
from app.mail import queue_email
from app.models import (
    Clearance,
    ClearanceBatch,
    ClearanceStatus,
    Delegation,
    Participant,
    ParticipantPhoto,
    Role,
    User,
    utcnow,
)
from app.registration.importer import ImportFileError, RowError, sheet_rows
from app.urls import absolute_url

# The answer file: one row per reference; more rows than any batch is refused.
MAX_ANSWER_ROWS = 5000
MAX_ANSWER_BYTES = 5 * 1024 * 1024
ANSWER_COLUMNS = ("reference", "decision", "reason")
DECISIONS = {
    "cleared": ClearanceStatus.CLEARED,
    "refused": ClearanceStatus.REFUSED,
}
REASON_MAX = 500


def reference_for(participant_id: int) -> str:
    """The reference the service answers by (the same if the person is sent again)."""
    return f"SC-{participant_id:06d}"


def _audit_state(participant_id: int, delegation_id: int, old, new, **extra) -> None:
    audit.record(
        "participant.clearance",
        object_type="participants",
        object_id=participant_id,
        delegation_id=delegation_id,
        changes={"clearance": [old.value, new.value], **extra},
    )


def send_batch(user) -> ClearanceBatch | None:
    """Everyone in the process not yet sent goes into a new batch, pending; the security
    service's users are told. None when nobody is left to send."""
    ids = queries.unsent_ids()
    if not ids:
        return None
    now = utcnow()
    batch = ClearanceBatch(created_by_id=getattr(user, "id", None), size=len(ids), created_at=now)
    db.session.add(batch)
    db.session.flush()
    delegations = dict(
        db.session.execute(
            sa.select(Participant.id, Participant.delegation_id).where(Participant.id.in_(ids))
        ).all()
    )
    db.session.execute(
        sa.insert(Clearance),
        [
            {
                "participant_id": pid,
                "reference": reference_for(pid),
                "batch_id": batch.id,
                "status": ClearanceStatus.PENDING,
                "reason": "",
                "sent_at": now,
            }
            for pid in ids
        ],
    )
    for pid in ids:
        _audit_state(pid, delegations[pid], ClearanceStatus.NOT_SENT, ClearanceStatus.PENDING)
    audit.record("clearance.batch_sent", batch, changes={"size": len(ids)})
    for officer in db.session.scalars(
        sa.select(User).where(User.role == Role.SECURITY, User.active.is_(True))
    ):
        queue_email(
            officer.email,
            "clearance_batch",
            locale=officer.locale,
            batch=batch,
            forum=forum(),
            url=absolute_url("clearance.vetting"),
        )
    return batch


# --- what the service receives --------------------------------------------------------------


def export_header() -> list[str]:
    return [
        str(h)
        for h in (
            _l("Reference"),
            _l("Family name"),
            _l("Given names"),
            _l("Name in own script"),
            _l("Gender"),
            _l("Nationality"),
            _l("Date of birth"),
            _l("Passport number"),
            _l("Passport expiry"),
            _l("Delegation"),
            _l("Photo file"),
        )
    ]


def _batch_people(batch_id: int):
    return db.session.execute(
        sa.select(Clearance.reference, Participant, Delegation)
        .join(Participant, Participant.id == Clearance.participant_id)
        .join(Delegation, Delegation.id == Participant.delegation_id)
        .where(Clearance.batch_id == batch_id)
        .order_by(Clearance.reference)
    ).all()


def export_rows(batch: ClearanceBatch) -> list[list]:
    """Exactly what vetting needs of each person of the batch: identity, nationality,
    passport, date of birth, and the name of their photo in the ZIP."""
    rows = []
    for reference, p, delegation in _batch_people(batch.id):
        rows.append(
            [
                reference,
                p.family_name.upper(),
                p.given_names,
                p.native_name,
                p.gender.value if p.gender else "",
                f"{p.nationality} {country_name(p.nationality)}" if p.nationality else "",
                p.date_of_birth.isoformat() if p.date_of_birth else "",
                p.passport_number or "",
                p.passport_expiry.isoformat() if p.passport_expiry else "",
                delegation.localized("name"),
                f"{reference}.jpg" if p.has_photo else "",
            ]
        )
    return rows


def record_export(batch: ClearanceBatch, fmt: str, rows: int) -> None:
    """Personal data leaves the system: who took which batch, in which form."""
    audit.record(
        "clearance.exported_personal",
        batch,
        changes={"format": fmt, "rows": rows, "personal_data": True},
    )


def export_xlsx(batch: ClearanceBatch) -> bytes:
    rows = export_rows(batch)
    record_export(batch, "xlsx", len(rows))
    title = str(_l("Batch %(n)s", n=batch.id))
    widths = [12, 20, 20, 20, 8, 22, 12, 16, 12, 30, 16]
    return xlsx_bytes([Sheet(title, export_header(), rows, widths)])


def photos_zip(batch: ClearanceBatch) -> bytes:
    """The batch's photos, each named by its reference (people without a photo are absent)."""
    out = io.BytesIO()
    count = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for reference, data in db.session.execute(
            sa.select(Clearance.reference, ParticipantPhoto.data)
            .join(ParticipantPhoto, ParticipantPhoto.participant_id == Clearance.participant_id)
            .where(Clearance.batch_id == batch.id)
            .order_by(Clearance.reference)
        ):
            archive.writestr(f"{reference}.jpg", data)
            count += 1
    record_export(batch, "photos", count)
    return out.getvalue()


# --- answers --------------------------------------------------------------------------------


def decide(clearance: Clearance, status: ClearanceStatus, reason: str, user) -> bool:
    """Record one answer; False when it changes nothing."""
    reason = reason.strip()[:REASON_MAX] if status == ClearanceStatus.REFUSED else ""
    if clearance.status == status and clearance.reason == reason:
        return False
    old = clearance.status
    clearance.status = status
    clearance.reason = reason
    clearance.decided_by_id = getattr(user, "id", None)
    clearance.decided_at = utcnow()
    extra = {"clearance_reason": reason} if reason else {}
    _audit_state(
        clearance.participant_id, clearance.participant.delegation_id, old, status, **extra
    )
    return True


def close_answered_batches(batch_ids: set[int]) -> None:
    """A batch whose last answer came in: its sender is told once, in their language."""
    for batch in db.session.scalars(
        sa.select(ClearanceBatch).where(
            ClearanceBatch.id.in_(batch_ids), ClearanceBatch.answered_at.is_(None)
        )
    ):
        db.session.flush()
        tally = dict(
            db.session.execute(
                sa.select(Clearance.status, sa.func.count())
                .where(Clearance.batch_id == batch.id)
                .group_by(Clearance.status)
            ).all()
        )
        if tally.get(ClearanceStatus.PENDING):
            continue
        batch.answered_at = utcnow()
        sender = batch.created_by
        if sender is not None and sender.active:
            queue_email(
                sender.email,
                "clearance_answered",
                locale=sender.locale,
                batch=batch,
                cleared=tally.get(ClearanceStatus.CLEARED, 0),
                refused=tally.get(ClearanceStatus.REFUSED, 0),
                forum=forum(),
                url=absolute_url("clearance.index"),
            )


@dataclass
class AnswerReport:
    rows: int = 0
    cleared: int = 0
    refused: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _answer_rows(filename: str, data: bytes) -> list[tuple[int, dict]]:
    if len(data) > MAX_ANSWER_BYTES:
        raise ImportFileError(_l("The file is larger than 5 MB."))
    rows = sheet_rows(filename, data, len(ANSWER_COLUMNS) + 5)
    if not rows:
        raise ImportFileError(_l("The file is empty."))
    header = [h.strip().lstrip("\ufeff").strip().lower() for h in rows[0]]
    if not set(ANSWER_COLUMNS[:2]) <= set(header):
        raise ImportFileError(
            _l("The header row must name the columns reference, decision and reason.")
        )
    out = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(str(c).strip() for c in cells):
            continue
        out.append(
            (number, {h: str(cells[i]).strip() for i, h in enumerate(header) if i < len(cells)})
        )
    if len(out) > MAX_ANSWER_ROWS:
        raise ImportFileError(_l("At most %(n)s answers per file.", n=MAX_ANSWER_ROWS))
    return out


def _row_problem(values: dict, known: dict, seen: set) -> tuple[str, str] | None:
    """(column, problem) of one answer row, or None when it is valid."""
    reference = values.get("reference", "").upper()
    decision = values.get("decision", "").lower()
    if reference not in known:
        return "reference", _l("Unknown reference “%(ref)s”.", ref=reference[:40])
    if reference in seen:
        return "reference", _l("The reference %(ref)s appears twice.", ref=reference)
    seen.add(reference)
    if decision not in DECISIONS:
        return "decision", _l(
            "The decision must be “cleared” or “refused”, not “%(d)s”.", d=decision[:40]
        )
    if DECISIONS[decision] == ClearanceStatus.REFUSED and not values.get("reason"):
        return "reason", _l("A refusal needs a reason.")
    if len(values.get("reason", "")) > REASON_MAX:
        return "reason", _l("The reason is longer than %(n)s characters.", n=REASON_MAX)
    return None


def import_answers(filename: str, data: bytes, user) -> AnswerReport:
    """Every row valid, or nothing recorded: the report names each bad row."""
    rows = _answer_rows(filename, data)
    known = queries.by_reference(sorted({v.get("reference", "").upper() for _n, v in rows}))
    report = AnswerReport(rows=len(rows))
    seen: set[str] = set()
    for number, values in rows:
        if (problem := _row_problem(values, known, seen)) is not None:
            report.errors.append(RowError(number, problem[0], str(problem[1])))
    if report.errors:
        return report
    batch_ids = set()
    for _number, values in rows:
        clearance = known[values["reference"].upper()]
        status = DECISIONS[values["decision"].lower()]
        if decide(clearance, status, values.get("reason", ""), user):
            batch_ids.add(clearance.batch_id)
            report.cleared += status == ClearanceStatus.CLEARED
            report.refused += status == ClearanceStatus.REFUSED
        else:
            report.unchanged += 1
    audit.record(
        "clearance.answers_imported",
        object_type="clearances",
        changes={"rows": report.rows, "cleared": report.cleared, "refused": report.refused},
    )
    close_answered_batches(batch_ids)
    return report
