"""Security clearance: the batch, its export, the answers (all or nothing), and what an
uncleared person meets at the badge desk and the door."""

from __future__ import annotations

import io
import zipfile

import sqlalchemy as sa
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from app.clearance import services
from app.desk.checkin import services as checkin
from app.extensions import db
from app.models import (
    AuditLog,
    CheckInResult,
    Clearance,
    ClearanceBatch,
    ClearanceStatus,
    OutboxMessage,
    Participant,
    RefusalReason,
)


def _send(app, login_as, vetting):
    client = login_as(vetting.organizer)
    response = client.post("/clearance/batches")
    assert response.status_code == 302
    with app.app_context():
        batch = db.session.scalars(sa.select(ClearanceBatch)).one()
        return client, batch.id


def _states(app) -> dict[int, tuple[str, str]]:
    with app.app_context():
        return {
            c.participant_id: (c.status.value, c.reason)
            for c in db.session.scalars(sa.select(Clearance))
        }


def _csv(*rows: str) -> io.BytesIO:
    return io.BytesIO(("reference,decision,reason\n" + "\n".join(rows) + "\n").encode())


def test_a_batch_exports_what_vetting_needs_audited_and_tells_the_service(app, login_as, vetting):
    client, batch_id = _send(app, login_as, vetting)
    assert {s for s, _r in _states(app).values()} == {"pending"}
    with app.app_context():
        mail = db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.to_addr == "security@example.org")
        ).one()
        assert "/clearance/vetting" in mail.body_text
        # In the officer's language (French).
        assert (
            mail.subject == f"Habilitation de sécurité : le lot {batch_id} attend la vérification"
        )

    response = client.get(f"/clearance/batches/{batch_id}.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    rows = [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:4] == ["Reference", "Family name", "Given names", "Name in own script"]
    erdene = next(r for r in rows if r[1] == "ERDENE")
    reference = f"SC-{vetting.people[0].id:06d}"
    assert erdene[0] == reference
    assert "E1234567" in erdene and "1975-05-01" in erdene
    assert erdene[-1] == f"{reference}.jpg"
    # Nothing beyond vetting: no e-mail, phone, hotel or flight.
    assert not any("@" in str(cell) for row in rows for cell in row)

    photos = client.get(f"/clearance/batches/{batch_id}/photos.zip")
    assert zipfile.ZipFile(io.BytesIO(photos.data)).namelist() == [f"{reference}.jpg"]
    with app.app_context():
        formats = [
            e.changes["format"]
            for e in db.session.scalars(
                sa.select(AuditLog).where(AuditLog.action == "clearance.exported_personal")
            )
        ]
    assert sorted(formats) == ["photos", "xlsx"]


def test_one_bad_row_and_nothing_changes_the_report_names_the_row(app, login_as, vetting):
    client, _batch = _send(app, login_as, vetting)
    a, b, c = (f"SC-{p.id:06d}" for p in vetting.people)
    response = client.post(
        "/clearance/answers",
        data={"file": (_csv(f"{a},cleared,", f"{b},refused,", "SC-999999,cleared,"), "a.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'data-row="3"' in html and "A refusal needs a reason." in html
    assert 'data-row="4"' in html and "SC-999999" in html
    assert 'data-row="2"' not in html
    assert {s for s, _r in _states(app).values()} == {"pending"}  # nothing recorded

    response = client.post(
        "/clearance/answers",
        data={
            "file": (
                _csv(f"{a},cleared,", f"{b},refused,Listed by the host", f"{c},Cleared,"),
                "a.csv",
            )
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    states = _states(app)
    assert states[vetting.people[1].id] == ("refused", "Listed by the host")
    assert states[vetting.people[0].id][0] == states[vetting.people[2].id][0] == "cleared"
    with app.app_context():
        answered = db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.to_addr == "organizer@example.org")
        ).one()
        assert "2 cleared, 1 refused" in answered.body_text
    history = client.get(f"/registration/{vetting.people[1].id}/history").get_data(as_text=True)
    assert "Security clearance changed from Pending to Refused" in history
    detail = client.get(f"/registration/{vetting.people[1].id}").get_data(as_text=True)
    assert "Refused" in detail[detail.index('id="participant-clearance"') :][:600]
    assert "Listed by the host" in detail


def test_xlsx_answers_are_read_and_a_bomb_is_refused(app, login_as, vetting):
    client, _batch = _send(app, login_as, vetting)
    wb = Workbook()
    ws = wb.active
    ws.append(["reference", "decision", "reason"])
    ws.append([f"SC-{vetting.people[0].id:06d}", "refused", "Document forged"])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    response = client.post(
        "/clearance/answers",
        data={"file": (out, "answers.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert _states(app)[vetting.people[0].id] == ("refused", "Document forged")

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w") as archive:
        for n in range(150):
            archive.writestr(f"xl/part{n}.xml", "<a/>")
    bomb.seek(0)
    response = client.post(
        "/clearance/answers", data={"file": (bomb, "bomb.xlsx")}, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    assert "too large" in response.get_data(as_text=True)


def test_badges_skip_and_doors_refuse_the_uncleared(app, login_as, vetting):
    client, _batch = _send(app, login_as, vetting)
    first, second, third = vetting.people
    client.post(
        "/clearance/answers",
        data={
            "file": (_csv(f"SC-{first.id:06d},cleared,", f"SC-{second.id:06d},refused,No"), "a.csv")
        },
        content_type="multipart/form-data",
    )
    desk = login_as(vetting.staff)
    page = desk.get("/desk/badges?scope=all").get_data(as_text=True)
    assert "2 more not printed: not cleared by security yet, or refused." in page
    pdf = desk.post("/desk/badges/print", data={"scope": "all", "layout": "a6", "lang": "en"})
    assert pdf.mimetype == "application/pdf"
    assert len(PdfReader(io.BytesIO(pdf.data)).pages) == 1  # the cleared person only
    with desk.session_transaction() as session:
        flashes = [m for _c, m in session.get("_flashes", [])]
    assert any("2 badges skipped" in m for m in flashes)

    with app.test_request_context():
        cleared = checkin.record_scan(None, first.badge_secret, by=None)
        refused = checkin.record_scan(None, second.badge_secret, by=None)
        pending = checkin.record_scan(None, third.badge_secret, by=None)
        db.session.commit()
    assert cleared.result == CheckInResult.ADMITTED
    assert (refused.result, refused.reason) == (CheckInResult.REFUSED, RefusalReason.NOT_CLEARED)
    assert (pending.result, pending.reason) == (CheckInResult.REFUSED, RefusalReason.NOT_CLEARED)


def test_the_security_service_sees_vetting_only_and_decides_there(app, login_as, vetting):
    _send(app, login_as, vetting)
    officer = login_as(vetting.security)
    person = vetting.people[1]
    for url in ("/desk/roster", "/clearance/", f"/registration/{person.id}", "/delegations/"):
        assert officer.get(url).status_code in (403, 404), url
    page = officer.get("/clearance/vetting").get_data(as_text=True)
    assert "P9876543" in page and f"SC-{person.id:06d}" in page
    officer.post(f"/clearance/{person.id}/decision", data={"decision": "refused", "reason": ""})
    assert _states(app)[person.id] == ("pending", "")  # a refusal needs a reason
    officer.post(f"/clearance/{person.id}/decision", data={"decision": "cleared", "reason": ""})
    with app.app_context():
        clearance = db.session.get(Clearance, person.id)
        assert clearance.status == ClearanceStatus.CLEARED
        assert clearance.decided_by_id == vetting.security.id
    assert "Quispe".upper() not in officer.get("/clearance/vetting").get_data(as_text=True)


def test_the_dashboard_counts_each_state(app, login_as, vetting):
    client, _batch = _send(app, login_as, vetting)
    with app.app_context():
        clearance = db.session.get(Clearance, vetting.people[0].id)
        services.decide(clearance, ClearanceStatus.REFUSED, "No", None)
        db.session.add(
            Participant(
                delegation_id=vetting.people[0].delegation_id,
                category_id=db.session.get(Participant, vetting.people[0].id).category_id,
                family_name="Late",
                status="approved",
            )
        )
        db.session.commit()
    html = client.get("/dashboard").get_data(as_text=True)
    panel = html[html.index('id="clearance-panel-title"') :]
    for state, n in (("not_sent", 1), ("pending", 2), ("cleared", 0), ("refused", 1)):
        chunk = panel[panel.index(f'data-state="{state}"') :]
        assert f'<span class="stat">{n}</span>' in chunk[:400], state
