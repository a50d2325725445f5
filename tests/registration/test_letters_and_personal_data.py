"""Visa letters (PDF read back), masked passports, audited reveals, and the purge command."""

from __future__ import annotations

import io
from datetime import date

import sqlalchemy as sa
from pypdf import PdfReader

from app.extensions import db
from app.models import (
    AuditLog,
    Document,
    DocumentKind,
    Participant,
    ParticipantPhoto,
    ParticipantStatus,
    VisaLetter,
)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_delegate_downloads_a_visa_letter_that_names_them(app, world, as_role):
    response = as_role("delegate").post(
        f"/registration/{world.pa1.id}/visa-letter", data={"lang": "en"}
    )
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert len(PdfReader(io.BytesIO(response.data)).pages) == 1
    text = pdf_text(response.data)
    assert "ERDENE" in text and "Bat" in text
    assert "E1234567" in text
    assert "Mongolia" in text
    assert "Test Forum on Migration" in text
    with app.app_context():
        letters = db.session.scalars(
            sa.select(VisaLetter)
            .where(VisaLetter.participant_id == world.pa1.id)
            .order_by(VisaLetter.id)
        ).all()
        assert letters[-1].reference in text
        assert letters[-1].issued_by_id == world.users.delegate.id
        assert len({x.reference for x in letters}) == len(letters)


def test_a_chinese_name_prints_in_a_letter_in_chinese_and_french(
    app, world, as_role, make_participant
):
    p = make_participant(
        world.a,
        world.categories.head,
        given_names="伟",
        family_name="王",
        native_name="王伟",
        nationality="CN",
        passport_number="G12345678",
        date_of_birth=date(1970, 1, 2),
        visa_letter_wanted=True,
    )
    client = as_role("organizer")
    for lang in ("zh", "fr", "en"):
        response = client.post(f"/registration/{p.id}/visa-letter?lang={lang}")
        assert response.status_code == 200, lang
        text = pdf_text(response.data)
        assert "王伟" in text, lang
        assert "G12345678" in text
    with app.app_context():
        langs = db.session.scalars(
            sa.select(VisaLetter.language).where(VisaLetter.participant_id == p.id)
        ).all()
    assert sorted(langs) == ["en", "fr", "zh"]


def test_no_letter_before_approval_or_without_request(app, world, as_role):
    client = as_role("focal_point")
    response = client.post(f"/registration/{world.pa2.id}/visa-letter", follow_redirects=True)
    assert response.mimetype == "text/html"
    assert "once the registration is approved" in response.get_data(as_text=True)
    # Staff never get one (no personal data).
    assert as_role("staff").post(f"/registration/{world.pa1.id}/visa-letter").status_code == 403


def test_organizers_issue_one_pdf_for_a_delegation(app, world, as_role, make_participant):
    make_participant(
        world.a,
        world.categories.delegate,
        given_names="Saran",
        family_name="Tuya",
        visa_letter_wanted=True,
    )
    make_participant(
        world.a, world.categories.delegate, family_name="Nolettr", visa_letter_wanted=False
    )
    response = as_role("organizer").post(
        f"/registration/delegation/{world.a.id}/visa-letters", data={"lang": "en"}
    )
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 2
    text = pdf_text(response.data)
    assert "ERDENE" in text and "TUYA" in text and "Saran" in text and "NOLETTR" not in text
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(VisaLetter.id))) == 3  # one from the world
    # A delegation without approved requests: a message, no PDF.
    response = as_role("organizer").post(
        f"/registration/delegation/{world.b.id}/visa-letters", follow_redirects=True
    )
    assert "No approved member" in response.get_data(as_text=True)


def test_passport_masked_and_date_of_birth_hidden_where_not_allowed(app, world, as_role):
    url = f"/registration/{world.pa1.id}"
    for role in ("organizer", "admin", "focal_point", "delegate"):
        html = as_role(role).get(url).get_data(as_text=True)
        assert "E1234567" not in html, role
        assert "•••••567" in html, role
        assert "1975" in html, role  # date of birth shown to those allowed
    html = as_role("staff").get(url).get_data(as_text=True)
    assert "Bat" in html
    assert "567" not in html and "1975" not in html
    # Focal point B does not even see the page.
    assert as_role("focal_point_b").get(url).status_code == 404


def test_reveal_is_audited_and_refused_to_staff(app, world, as_role):
    response = as_role("focal_point").post(f"/registration/{world.pa1.id}/passport")
    assert response.status_code == 200
    assert "E1234567" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    with app.app_context():
        entry = db.session.scalar(
            sa.select(AuditLog).where(AuditLog.action == "participant.passport_revealed")
        )
        assert entry.actor_id == world.users.focal_point.id
        assert entry.object_id == world.pa1.id
        assert "E1234567" not in str(entry.changes)
    assert as_role("staff").post(f"/registration/{world.pa1.id}/passport").status_code == 403


def test_audit_trail_for_organizers(app, world, as_role):
    as_role("focal_point").post(f"/registration/{world.pa1.id}/passport")
    html = as_role("organizer").get(f"/registration/{world.pa1.id}/history").get_data(as_text=True)
    assert "participant.passport_revealed" in html
    assert "E1234567" not in html
    assert as_role("focal_point").get(f"/registration/{world.pa1.id}/history").status_code == 403


def test_personal_pages_are_not_cached(world, as_role):
    for url in (f"/registration/{world.pa1.id}", f"/registration/{world.pa1.id}/edit"):
        assert as_role("focal_point").get(url).headers["Cache-Control"] == "no-store"


def test_purge_personal_data_dry_run_then_real(app, world, runner):
    with app.app_context():
        db.session.add(
            Document(
                delegation_id=world.a.id,
                kind=DocumentKind.NOTE_VERBALE,
                filename="nv.pdf",
                data=b"%PDF-1.4",
            )
        )
        db.session.commit()
        documents = db.session.scalar(sa.select(sa.func.count(Document.id)))
    result = runner.invoke(args=["purge-personal-data", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "passport numbers: 2" in result.output
    assert "dates of birth: 1" in result.output
    assert "photos: 1" in result.output
    assert f"uploaded documents: {documents}" in result.output
    with app.app_context():
        assert db.session.get(Participant, world.pa1.id).passport_number == "E1234567"
    # Without --yes it asks; "n" stops it.
    result = runner.invoke(args=["purge-personal-data"], input="n\n")
    assert result.exit_code != 0
    with app.app_context():
        assert db.session.get(Participant, world.pa1.id).passport_number == "E1234567"
    result = runner.invoke(args=["purge-personal-data"], input="y\n")
    assert result.exit_code == 0, result.output
    assert "passport numbers: 2" in result.output
    with app.app_context():
        p = db.session.get(Participant, world.pa1.id)
        assert p.passport_number is None and p.date_of_birth is None and p.photo_updated_at is None
        assert p.status == ParticipantStatus.APPROVED
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ParticipantPhoto)) == 0
        assert db.session.scalar(sa.select(sa.func.count(Document.id))) == 0
        entry = db.session.scalar(
            sa.select(AuditLog).where(AuditLog.action == "personal_data.purged")
        )
        assert entry.changes["passport_numbers"] == 2
    result = runner.invoke(args=["purge-personal-data", "--yes"])
    assert "passport numbers: 0" in result.output
