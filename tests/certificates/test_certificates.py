"""Certificates of attendance: only for people a door admitted, each with an unguessable code
that the public page confirms, saying nothing more than the name, the forum and its dates."""

from __future__ import annotations

import io
import re

import pypdf
import sqlalchemy as sa

from app.extensions import db
from app.models import Certificate, CheckIn, CheckInMethod, CheckInResult, RefusalReason


def _check_in(app, participant_id: int, result=CheckInResult.ADMITTED) -> None:
    with app.app_context():
        db.session.add(
            CheckIn(
                participant_id=participant_id,
                method=CheckInMethod.SCAN,
                result=result,
                reason=RefusalReason.REVOKED if result == CheckInResult.REFUSED else None,
            )
        )
        db.session.commit()


def _codes(app) -> dict[int, str]:
    with app.app_context():
        rows = db.session.execute(sa.select(Certificate.participant_id, Certificate.code))
        return dict(rows.all())


def test_a_checked_in_delegate_downloads_theirs_and_the_public_page_confirms_it(
    app, world, as_role
):
    delegate = as_role("delegate")  # pa1, Mongolia's head
    assert delegate.post(f"/certificates/{world.pa1.id}.pdf").status_code == 404  # not yet
    _check_in(app, world.pa1.id)
    response = delegate.post(f"/certificates/{world.pa1.id}.pdf")
    assert response.status_code == 200
    text = pypdf.PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "Certificate of Attendance" in text and "Bat ERDENE" in text
    assert "Бат-Эрдэнэ" in text and "Mongolia" in text
    code = _codes(app)[world.pa1.id]
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{16}", code)
    printed = re.search(r"Verification code: ([A-Z0-9-]+)", text)[1]
    assert printed.replace("-", "") == code
    # The same certificate (the same code) every time.
    delegate.post(f"/certificates/{world.pa1.id}.pdf")
    assert _codes(app)[world.pa1.id] == code
    # Another delegation's participant: not theirs.
    assert delegate.post(f"/certificates/{world.pb1.id}.pdf").status_code == 404

    public = app.test_client()
    page = public.get(f"/certificates/verify?code={printed.lower()}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "This certificate is genuine." in body
    assert "Bat ERDENE" in body and "Test Forum on Migration" in body
    # Nothing more about the person than the name.
    for private in ("E1234567", "1975", "Mongolia", "Бат-Эрдэнэ", world.pa1.email):
        assert private not in body

    unknown = public.get("/certificates/verify?code=ABCD-EFGH-JKLM-NPQR")
    assert unknown.status_code == 404
    assert "No certificate has this code." in unknown.get_data(as_text=True)


def test_a_refused_scan_earns_no_certificate(app, world, as_role):
    _check_in(app, world.pa1.id, CheckInResult.REFUSED)
    assert as_role("organizer").post(f"/certificates/{world.pa1.id}.pdf").status_code == 404


def test_organizers_download_everyone_at_once(app, world, as_role, make_participant):
    # pb1 checked in (the world's desk); add pa1 in French.
    _check_in(app, world.pa1.id)
    with app.app_context():
        db.session.execute(
            sa.update(type(world.pa1)).where(type(world.pa1).id == world.pa1.id).values(locale="fr")
        )
        db.session.commit()
    organizer = as_role("organizer")
    page = organizer.get("/certificates/").get_data(as_text=True)
    assert re.search(r'id="count-checked-in">2<', page)
    # Issuing codes writes: a GET (a link followed by a crawler or a prefetch) issues nothing.
    assert organizer.get("/certificates/all.pdf").status_code == 405
    assert _codes(app) == {}
    response = organizer.post("/certificates/all.pdf")
    assert response.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    texts = [p.extract_text() for p in reader.pages]
    assert len(texts) == 2
    # Mongolia before Peru (protocol order); each in its holder's language.
    assert "Bat ERDENE" in texts[0] and "Attestation de participation" in texts[0]
    assert "Lucía QUISPE" in texts[1] and "Certificate of Attendance" in texts[1]
    assert set(_codes(app)) == {world.pa1.id, world.pb1.id}
    assert as_role("staff").post("/certificates/all.pdf").status_code == 403
    assert as_role("focal_point").post("/certificates/all.pdf").status_code == 403


def test_the_public_page_is_rate_limited(app, world):
    app.config["RATELIMIT_ENABLED"] = True
    app.config["CERTIFICATE_CHECK_RATE_LIMIT"] = "3 per hour"
    from app.extensions import limiter

    limiter.init_app(app)
    client = app.test_client()
    statuses = [client.get(f"/certificates/verify?code=WRONG{i}CODE").status_code for i in range(4)]
    assert statuses == [404, 404, 404, 429]
    assert client.get("/certificates/verify").status_code == 200  # the empty form is free
