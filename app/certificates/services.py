"""Issuing certificates of attendance and confirming their codes. Services flush; the view
commits."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from app import audit
from app.certificates import queries
from app.documents.certificate import CertificateRow, render_certificates
from app.extensions import db
from app.i18n import forum, supported
from app.identity import forum_emblem
from app.models import Certificate, Participant, new_certificate_code
from app.urls import absolute_url


def normalize_code(text: str) -> str:
    """What a person typed or scanned, as stored: upper case, no dashes or spaces."""
    return "".join(c for c in (text or "").upper() if c.isalnum())[:32]


def certificate_for(participant: Participant) -> Certificate | None:
    """The participant's certificate, issued now if they checked in and have none yet;
    None when they never checked in."""
    existing = db.session.scalar(
        sa.select(Certificate).where(Certificate.participant_id == participant.id)
    )
    if existing is not None:
        return existing
    if not queries.has_attended(participant.id):
        return None
    certificate = Certificate(participant_id=participant.id, code=new_certificate_code())
    db.session.add(certificate)
    audit.record(
        "certificate.issue",
        object_type="participants",
        object_id=participant.id,
        delegation_id=participant.delegation_id,
    )
    db.session.flush()
    return certificate


def issue_missing() -> int:
    """A certificate for everyone who checked in and has none; returns how many were issued."""
    ids = queries.without_certificate()
    if ids:
        db.session.execute(
            sa.insert(Certificate),
            [{"participant_id": i, "code": new_certificate_code()} for i in ids],
        )
        audit.record(
            "certificate.issue_all", object_type="certificates", changes={"issued": [0, len(ids)]}
        )
        db.session.flush()
    return len(ids)


def _dates(starts: date, ends: date) -> str:
    if starts == ends:
        return format_date(starts, "long")
    return _(
        "%(start)s to %(end)s", start=format_date(starts, "long"), end=format_date(ends, "long")
    )


def _row(certificate: Certificate, lang: str) -> CertificateRow:
    """The certificate's strings in lang (call inside force_locale(lang))."""
    p = certificate.participant
    settings = forum()
    forum_name = settings.localized("name", lang) if settings else ""
    place = ", ".join(x for x in ((settings.venue, settings.city) if settings else ()) if x)
    dates = _dates(settings.starts_on, settings.ends_on) if settings else ""
    attended = _(
        "attended the %(forum)s, held in %(place)s from %(dates)s.",
        forum=forum_name,
        place=place,
        dates=dates,
    )
    return CertificateRow(
        forum=forum_name,
        title=_("Certificate of Attendance"),
        certify=_("This is to certify that"),
        name=p.display_name,
        native_name=p.native_name or "",
        delegation=_("of the delegation of %(name)s", name=p.delegation.localized("name", lang)),
        attended=attended,
        signatory=(settings.signatory_name or "") if settings else "",
        signatory_title=(settings.signatory_title or "") if settings else "",
        code_label=_("Verification code: %(code)s", code=certificate.display_code),
        verify_label=_("Confirm this certificate at"),
        verify_url=absolute_url("certificates.verify", code=certificate.display_code),
    )


def certificate_rows(
    certificates: Iterable[Certificate], lang: str | None = None
) -> Iterator[CertificateRow]:
    """Each certificate in lang, or in its holder's own language when lang is None."""
    languages = supported()
    for certificate in certificates:
        own = certificate.participant.locale
        chosen = lang or (own if own in languages else languages[0])
        with force_locale(chosen):
            yield _row(certificate, chosen)


# Certificates kept in memory up to this size, then in a temporary file.
SPOOL_IN_MEMORY = 8 * 1024 * 1024


def certificates_file(certificates: Iterable[Certificate], lang: str | None):
    """The PDF of these certificates in a spooled file, at its start (a bulk download of
    every participant goes to disk, page by page, not into memory)."""
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 (returned)
    rows = certificate_rows(certificates, lang)
    render_certificates(rows, out, _("Certificates of attendance"), forum_emblem())
    out.seek(0)
    return out


@dataclass(frozen=True)
class Verified:
    name: str
    forum: str
    dates: str


def verify(code: str) -> Verified | None:
    """What the public page may say about a code: the holder's name, the forum and its dates."""
    code = normalize_code(code)
    certificate = queries.by_code(code) if len(code) >= 8 else None
    if certificate is None:
        return None
    p = certificate.participant
    settings = forum()
    return Verified(
        name=p.full_name,
        forum=settings.localized("name") if settings else "",
        dates=_dates(settings.starts_on, settings.ends_on) if settings else "",
    )
