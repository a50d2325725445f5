"""Delegations: the list, create and edit, quotas, focal points, the registration link,
self-registration and endorsement, nomination letters, the dashboard panel."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    AuditLog,
    Delegation,
    DelegationKind,
    Document,
    ForumSettings,
    Invitation,
    Participant,
    ParticipantStatus,
    Role,
    User,
    utcnow,
)
from tests.conftest import TEST_PASSWORD
from tests.delegations.conftest import PDF, count_statements, last_invitation_token
from tests.registration.conftest import valid_data

S = ParticipantStatus


def _codes_in_order(html: str) -> list[str]:
    return re.findall(r'<tr data-code="([^"]+)"', html)


def _row(html: str, code: str) -> list[str]:
    row = re.search(rf'<tr data-code="{code}">(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in cells]


def _get(app, model, id_):
    with app.app_context():
        obj = db.session.get(model, id_)
        db.session.expunge(obj)
        return obj


# --- the list -------------------------------------------------------------------------------


def test_list_in_protocol_order_with_counts(app, world, as_role, make_delegation, make_participant):
    make_delegation("CN", name_en="China", name_fr="Chine", name_zh="中国")
    make_delegation("EG", name_en="Egypt", name_fr="Égypte", name_zh="埃及")
    make_delegation(
        "UNHCR", kind=DelegationKind.ORGANIZATION, name_en="UN Refugee Agency", name_fr="HCR"
    )
    make_delegation("EXP", kind=DelegationKind.OTHER, name_en="Experts", name_fr="Experts")
    make_delegation("HOST", kind=DelegationKind.OTHER, name_en="Host secretariat", sort_key="0")
    for status in (S.SUBMITTED, S.WAITLISTED, S.PENDING_ENDORSEMENT, S.WITHDRAWN):
        make_participant(world.a, world.categories.delegate, status=status)

    html = as_role("organizer").get("/delegations/").get_data(as_text=True)
    assert _codes_in_order(html) == ["CN", "EG", "MN", "PE", "IOM", "UNHCR", "HOST", "EXP"]
    with app.app_context():
        no_photo = db.session.scalar(
            sa.select(sa.func.count(Participant.id)).where(
                Participant.delegation_id == world.a.id,
                Participant.status != S.WITHDRAWN,
                Participant.photo_updated_at.is_(None),
            )
        )
    assert no_photo >= 3
    # quota, submitted, approved, waitlisted, pending endorsement, missing photos
    assert _row(html, "MN")[4:] == ["3", "1", "1", "1", "1", str(no_photo)]

    client = as_role("organizer")
    client.post("/language", data={"lang": "fr", "next": "/"})
    html = client.get("/delegations/").get_data(as_text=True)
    # In French, Égypte sorts with E, before Mongolie and Pérou, after Chine.
    assert _codes_in_order(html)[:4] == ["CN", "EG", "MN", "PE"]
    assert "Égypte" in html


def test_list_filters_by_kind_and_status(world, as_role, make_delegation):
    from app.models import DelegationStatus

    make_delegation("FR", name_en="France", status=DelegationStatus.DECLINED)
    client = as_role("organizer")
    html = client.get("/delegations/?kind=organization").get_data(as_text=True)
    assert _codes_in_order(html) == ["IOM"]
    html = client.get("/delegations/?status=declined").get_data(as_text=True)
    assert _codes_in_order(html) == ["FR"]
    html = client.get("/delegations/?kind=nonsense").get_data(as_text=True)
    assert len(_codes_in_order(html)) == 4


def test_list_statements_do_not_grow_with_delegations(
    app, world, as_role, make_delegation, make_participant
):
    client = as_role("organizer")
    client.get("/delegations/")
    with count_statements(app) as few:
        assert client.get("/delegations/").status_code == 200
    for n in range(15):
        d = make_delegation(f"Z{n}", kind=DelegationKind.OTHER, name_en=f"Group {n}")
        make_participant(d, world.categories.delegate, status=S.SUBMITTED)
    with count_statements(app) as many:
        assert client.get("/delegations/").status_code == 200
    assert many["n"] == few["n"], (few, many)


def test_focal_point_index_leads_to_own_delegation(world, as_role):
    response = as_role("focal_point").get("/delegations/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/delegations/{world.a.id}")


# --- create and edit ------------------------------------------------------------------------


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_create_country_fills_names_from_cldr(app, world, as_role):
    response = as_role("organizer").post(
        "/delegations/new",
        data={"kind": "country", "code": "cn", "quota": "6", "status": "confirmed"},
    )
    assert response.status_code == 302
    with app.app_context():
        d = db.session.scalar(sa.select(Delegation).where(Delegation.code == "CN"))
        assert (d.name_en, d.name_fr, d.name_zh, d.quota) == ("China", "Chine", "中国", 6)
        assert db.session.scalar(
            sa.select(AuditLog).where(
                AuditLog.action == "delegation.created", AuditLog.object_id == d.id
            )
        )


def test_create_keeps_names_typed_and_organization_acronym(app, world, as_role):
    client = as_role("organizer")
    client.post(
        "/delegations/new",
        data={
            "kind": "country",
            "code": "HK",
            "name_en": "Hong Kong, China",
            "quota": "2",
            "status": "invited",
        },
    )
    client.post(
        "/delegations/new",
        data={
            "kind": "organization",
            "code": "unodc",
            "name_en": "UN Office on Drugs and Crime",
            "quota": "2",
            "status": "invited",
        },
    )
    with app.app_context():
        hk = db.session.scalar(sa.select(Delegation).where(Delegation.code == "HK"))
        assert hk.name_en == "Hong Kong, China" and hk.name_zh  # zh filled from CLDR
        assert db.session.scalar(sa.select(Delegation).where(Delegation.code == "UNODC"))


def test_create_refuses_bad_input_with_a_message_per_field(app, world, as_role):
    client = as_role("organizer")
    before = _count(app, Delegation)
    cases = [
        ({"kind": "country", "code": "QQ", "quota": "3"}, "Not a known two-letter"),
        ({"kind": "country", "code": "Mongolia", "quota": "3"}, "Not a known two-letter"),
        ({"kind": "country", "code": "mn", "quota": "3"}, "Another delegation already uses"),
        ({"kind": "country", "code": "FR", "quota": "-1"}, "The quota is a number from 0"),
        ({"kind": "country", "code": "FR", "quota": "many"}, "Not a valid integer"),
        ({"kind": "organization", "code": "WHO", "quota": "1"}, "Enter the name in English"),
        (
            {"kind": "organization", "code": "W H O!", "name_en": "x", "quota": "1"},
            "Use capital letters",
        ),
        ({"kind": "planet", "code": "FR", "quota": "1"}, "Not a valid choice"),
        (
            {"kind": "country", "code": "FR", "quota": "1", "name_en": "a\x07b"},
            "characters that are not allowed",
        ),
    ]
    for data, message in cases:
        data.setdefault("status", "invited")
        response = client.post("/delegations/new", data=data)
        assert response.status_code == 200, data
        assert message in response.get_data(as_text=True), (data, message)
    assert _count(app, Delegation) == before


def test_edit_refuses_quota_below_seats_taken(app, world, as_role, make_participant):
    make_participant(world.a, world.categories.delegate, status=S.SUBMITTED)
    make_participant(world.a, world.categories.delegate, status=S.APPROVED)
    client = as_role("organizer")
    data = {
        "kind": "country",
        "code": "MN",
        "name_en": "Mongolia",
        "quota": "2",
        "status": "confirmed",
    }
    response = client.post(f"/delegations/{world.a.id}/edit", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "3 seats are already taken" in html
    assert _get(app, Delegation, world.a.id).quota == 3
    data["quota"] = "3"
    data["name_fr"] = "Mongolie (modifié)"
    assert client.post(f"/delegations/{world.a.id}/edit", data=data).status_code == 302
    assert _get(app, Delegation, world.a.id).name_fr == "Mongolie (modifié)"


def test_edit_refuses_duplicate_code(app, world, as_role):
    response = as_role("organizer").post(
        f"/delegations/{world.a.id}/edit",
        data={"kind": "country", "code": "PE", "quota": "3", "status": "confirmed"},
    )
    assert "Another delegation already uses this code" in response.get_data(as_text=True)
    assert _get(app, Delegation, world.a.id).code == "MN"


def test_quota_raise_promotes_the_waitlist_in_order(app, world, as_role, make_participant):
    make_participant(world.a, world.categories.delegate, status=S.SUBMITTED)
    make_participant(world.a, world.categories.delegate, status=S.SUBMITTED)
    first = make_participant(
        world.a, world.categories.delegate, status=S.WAITLISTED, waitlisted_at=utcnow()
    )
    second = make_participant(
        world.a,
        world.categories.delegate,
        status=S.WAITLISTED,
        waitlisted_at=utcnow() + timedelta(seconds=5),
    )
    response = as_role("organizer").post(
        f"/delegations/{world.a.id}/edit",
        data={
            "kind": "country",
            "code": "MN",
            "name_en": "Mongolia",
            "quota": "4",
            "status": "confirmed",
        },
    )
    assert response.status_code == 302
    assert _get(app, Participant, first.id).status == S.SUBMITTED
    assert _get(app, Participant, second.id).status == S.WAITLISTED


def test_set_head_of_delegation(app, world, as_role):
    client = as_role("organizer")
    assert (
        client.post(
            f"/delegations/{world.a.id}/head", data={"participant_id": world.pa1.id}
        ).status_code
        == 302
    )
    assert _get(app, Delegation, world.a.id).head_participant_id == world.pa1.id
    # Someone of another delegation cannot be head.
    client.post(f"/delegations/{world.a.id}/head", data={"participant_id": world.pb1.id})
    assert _get(app, Delegation, world.a.id).head_participant_id == world.pa1.id
    assert (
        as_role("focal_point")
        .post(f"/delegations/{world.a.id}/head", data={"participant_id": ""})
        .status_code
        == 403
    )


# --- the delegation page --------------------------------------------------------------------


def test_detail_shows_members_seats_and_what_is_missing(world, as_role):
    html = as_role("focal_point").get(f"/delegations/{world.a.id}").get_data(as_text=True)
    assert "ERDENE" in html and "DORJ" in html and "QUISPE" not in html
    assert 'id="seats-left">2<' in html
    assert "Still missing:" in html and "photo" in html
    assert "note verbale" in html.lower()
    assert "History" not in html  # the audit trail is for organizers


def test_detail_shows_audit_trail_to_organizers(app, world, as_role):
    client = as_role("organizer")
    client.post(f"/delegations/{world.a.id}/link/rotate")
    html = client.get(f"/delegations/{world.a.id}").get_data(as_text=True)
    assert "History" in html and "delegation.link_created" in html


def test_detail_statements_do_not_grow_with_members(app, world, as_role, make_participant):
    client = as_role("organizer")
    client.get(f"/delegations/{world.a.id}")
    with count_statements(app) as few:
        assert client.get(f"/delegations/{world.a.id}").status_code == 200
    for status in (S.SUBMITTED, S.WAITLISTED, S.PENDING_ENDORSEMENT, S.DRAFT) * 4:
        make_participant(world.a, world.categories.head, status=status)
    with count_statements(app) as many:
        assert client.get(f"/delegations/{world.a.id}").status_code == 200
    assert many["n"] == few["n"], (few, many)


def test_roster_csv_has_only_own_members(world, as_role):
    response = as_role("focal_point").get(f"/delegations/{world.a.id}/roster.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    assert "Erdene" in body and "Dorj" in body and "Quispe" not in body
    assert "E1234567" not in body  # no passport numbers in the roster


def test_dashboard_panel_for_focal_points(world, as_role, make_participant):
    make_participant(
        world.a, world.categories.delegate, status=S.PENDING_ENDORSEMENT, family_name="Waiting"
    )
    html = as_role("focal_point").get("/dashboard").get_data(as_text=True)
    assert 'id="panel-delegation"' in html
    assert "Seats left" in html and "WAITING" in html
    assert f"/delegations/{world.a.id}" in html
    assert 'id="panel-delegation"' not in as_role("organizer").get("/dashboard").get_data(
        as_text=True
    )


# --- focal point invitations ----------------------------------------------------------------


def test_invited_focal_point_accepts_and_belongs_to_the_delegation(app, world, as_role, client):
    response = as_role("organizer").post(
        f"/delegations/{world.b.id}/invitations",
        data={"email": "New.Focal@Example.org", "full_name": "Ana Flores"},
    )
    assert response.status_code == 302
    token = last_invitation_token(app, "new.focal@example.org")
    response = client.post(
        f"/auth/invitation/{token}",
        data={
            "full_name": "Ana Flores",
            "locale": "es" if False else "en",
            "password": TEST_PASSWORD,
            "confirm": TEST_PASSWORD,
        },
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "new.focal@example.org"))
        assert user.role == Role.FOCAL_POINT and user.delegation_id == world.b.id
    # The new focal point sees Peru's page, and nothing of Mongolia.
    assert client.get(f"/delegations/{world.b.id}").status_code == 200
    assert client.get(f"/delegations/{world.a.id}").status_code == 404


def test_invitation_refuses_bad_address_and_secretariat_accounts(app, world, as_role):
    client = as_role("organizer")
    before = _count(app, Invitation)
    client.post(f"/delegations/{world.a.id}/invitations", data={"email": "not-an-address"})
    client.post(f"/delegations/{world.a.id}/invitations", data={"email": "staff@example.org"})
    client.post(f"/delegations/{world.a.id}/invitations", data={"email": "focal.pe@example.org"})
    assert _count(app, Invitation) == before


def test_resend_replaces_the_link_and_revoke_withdraws_it(app, world, as_role, client):
    organizer = as_role("organizer")
    organizer.post(f"/delegations/{world.a.id}/invitations", data={"email": "fp2@example.org"})
    old_token = last_invitation_token(app, "fp2@example.org")
    with app.app_context():
        old = db.session.scalar(sa.select(Invitation).where(Invitation.email == "fp2@example.org"))
        old_id = old.id
    organizer.post(f"/delegations/{world.a.id}/invitations/{old_id}/resend")
    new_token = last_invitation_token(app, "fp2@example.org")
    assert new_token != old_token
    assert client.get(f"/auth/invitation/{old_token}").status_code == 400
    assert client.get(f"/auth/invitation/{new_token}").status_code == 200
    html = organizer.get(f"/delegations/{world.a.id}").get_data(as_text=True)
    assert "Withdrawn" in html and "Pending until" in html
    with app.app_context():
        new_id = db.session.scalar(
            sa.select(Invitation.id).where(
                Invitation.email == "fp2@example.org", Invitation.revoked_at.is_(None)
            )
        )
    organizer.post(f"/delegations/{world.a.id}/invitations/{new_id}/revoke")
    assert client.get(f"/auth/invitation/{new_token}").status_code == 400


def test_expired_invitation_is_listed_as_expired(app, world, as_role):
    with app.app_context():
        inv = db.session.get(Invitation, world.invitation_a)
        inv.expires_at = utcnow() - timedelta(days=1)
        db.session.commit()
    html = as_role("organizer").get(f"/delegations/{world.a.id}").get_data(as_text=True)
    assert "Expired" in html


def test_focal_point_manages_member_invitations_not_focal_point_ones(app, world, as_role):
    organizer = as_role("organizer")
    organizer.post(f"/delegations/{world.a.id}/invitations", data={"email": "fp3@example.org"})
    with app.app_context():
        fp_inv = db.session.scalar(
            sa.select(Invitation.id).where(Invitation.email == "fp3@example.org")
        )
    focal = as_role("focal_point")
    assert focal.post(f"/delegations/{world.a.id}/invitations/{fp_inv}/revoke").status_code == 404
    assert (
        focal.post(f"/delegations/{world.a.id}/invitations/{world.invitation_a}/revoke").status_code
        == 302
    )
    assert _get(app, Invitation, world.invitation_a).revoked_at is not None
    assert _get(app, Invitation, fp_inv).revoked_at is None


# --- the registration link and self-registration --------------------------------------------


def _token(app, delegation_id) -> str | None:
    return _get(app, Delegation, delegation_id).registration_token


def test_registration_link_rotate_and_revoke(app, world, as_role, client):
    focal = as_role("focal_point")
    assert _token(app, world.a.id) is None
    focal.post(f"/delegations/{world.a.id}/link/rotate")
    first = _token(app, world.a.id)
    assert first and len(first) >= 32
    assert client.get(f"/delegations/register/{first}").status_code == 200
    focal.post(f"/delegations/{world.a.id}/link/rotate")
    second = _token(app, world.a.id)
    assert second != first
    response = client.get(f"/delegations/register/{first}")
    assert response.status_code == 404
    assert "does not work" in response.get_data(as_text=True)
    assert client.get(f"/delegations/register/{second}").status_code == 200
    focal.post(f"/delegations/{world.a.id}/link/revoke")
    assert _token(app, world.a.id) is None
    assert client.get(f"/delegations/register/{second}").status_code == 404
    with app.app_context():
        actions = db.session.scalars(
            sa.select(AuditLog.action).where(AuditLog.delegation_id == world.a.id)
        ).all()
        assert {
            "delegation.link_created",
            "delegation.link_rotated",
            "delegation.link_revoked",
        } <= set(actions)
        assert all(second not in str(e.changes) for e in db.session.scalars(sa.select(AuditLog)))


def test_self_registration_waits_for_endorsement(app, world, as_role, client):
    as_role("focal_point").post(f"/delegations/{world.a.id}/link/rotate")
    token = _token(app, world.a.id)
    data = valid_data(
        world.categories.delegate.id,
        family_name="Zhang",
        given_names="Wei",
        native_name="张伟",
        email="zhang.wei@example.org",
        status="approved",  # not a field: ignored
        delegation_id=str(world.b.id),  # not a field: ignored
    )
    data["submit"] = "1"
    response = client.post(f"/delegations/register/{token}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert "Thank you" in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        p = db.session.scalar(sa.select(Participant).where(Participant.family_name == "Zhang"))
        assert p.delegation_id == world.a.id
        assert p.self_registered and p.status == S.PENDING_ENDORSEMENT
        assert p.native_name == "张伟"
        pid = p.id

    # Organizers do not count it as submitted; the focal point sees it waiting.
    html = as_role("organizer").get("/delegations/").get_data(as_text=True)
    assert _row(html, "MN")[5] == "0" and _row(html, "MN")[8] == "1"
    focal = as_role("focal_point")
    html = focal.get(f"/delegations/{world.a.id}").get_data(as_text=True)
    assert "awaits your endorsement" in html and f"/registration/{pid}/endorse" in html

    focal.post(f"/registration/{pid}/endorse")
    assert _get(app, Participant, pid).status == S.SUBMITTED


def test_self_registration_refuses_bad_input_and_creates_nothing(app, world, as_role, client):
    as_role("focal_point").post(f"/delegations/{world.a.id}/link/rotate")
    token = _token(app, world.a.id)
    before = _count(app, Participant)
    data = valid_data(world.categories.delegate.id, email="not an address", family_name="")
    data["submit"] = "1"
    response = client.post(f"/delegations/register/{token}", data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "not a valid e-mail address" in html and "Enter this name" in html
    assert _count(app, Participant) == before


def test_self_registration_when_registration_is_closed(app, world, as_role, client):
    as_role("focal_point").post(f"/delegations/{world.a.id}/link/rotate")
    token = _token(app, world.a.id)
    with app.app_context():
        db.session.get(ForumSettings, 1).registration_closes_at = utcnow() - timedelta(days=1)
        db.session.commit()
    before = _count(app, Participant)
    assert "Registration is closed" in client.get(f"/delegations/register/{token}").get_data(
        as_text=True
    )
    data = valid_data(world.categories.delegate.id)
    data["submit"] = "1"
    response = client.post(f"/delegations/register/{token}", data=data)
    assert "Registration is closed" in response.get_data(as_text=True)
    assert _count(app, Participant) == before


# --- nomination letters ---------------------------------------------------------------------


def _upload(client, delegation_id, content, filename="letter.pdf", kind="note_verbale"):
    import io

    return client.post(
        f"/delegations/{delegation_id}/documents",
        data={"kind": kind, "file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_letter_upload_accepts_a_pdf_and_refuses_anything_else(app, world, as_role):
    focal = as_role("focal_point")
    before = _count(app, Document)
    for content, message in [
        (b"<html><script>alert(1)</script></html>", "not a PDF"),
        (b"", "The file is empty"),
        (b"%PDF-1.4 but then nothing", "incomplete or damaged"),
        (b"GIF89a" + PDF, "not a PDF"),
    ]:
        response = _upload(focal, world.a.id, content)
        assert message in response.get_data(as_text=True), message
    assert _count(app, Document) == before

    app.config["DOCUMENT_MAX_BYTES"] = 1024
    response = _upload(focal, world.a.id, PDF[:-7] + b" " * 2000 + b"%%EOF\n")
    assert "larger than" in response.get_data(as_text=True)
    app.config["DOCUMENT_MAX_BYTES"] = 10 * 1024 * 1024

    response = _upload(focal, world.a.id, PDF, filename="../../Note verbale <MN>.pdf")
    assert "The letter was uploaded" in response.get_data(as_text=True)
    with app.app_context():
        doc = db.session.scalar(sa.select(Document).order_by(Document.id.desc()))
        assert doc.delegation_id == world.a.id and doc.filename == "Note verbale MN.pdf"
        assert db.session.scalar(
            sa.select(AuditLog).where(
                AuditLog.action == "document.uploaded", AuditLog.object_id == doc.id
            )
        )


def test_letter_download_and_verification(app, world, as_role):
    url = f"/delegations/{world.a.id}/documents/{world.document_a}"
    for role in ("focal_point", "organizer", "admin"):
        response = as_role(role).get(url)
        assert response.status_code == 200, role
        assert response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.data.startswith(b"%PDF-")
    assert as_role("focal_point_b").get(url).status_code == 404
    assert as_role("staff").get(url).status_code == 403
    assert as_role("delegate").get(url).status_code == 403
    # The document id under another delegation's URL is not found either.
    assert (
        as_role("organizer")
        .get(f"/delegations/{world.b.id}/documents/{world.document_a}")
        .status_code
        == 404
    )

    assert as_role("focal_point").post(f"{url}/verify").status_code == 403
    as_role("organizer").post(f"{url}/verify")
    doc = _get(app, Document, world.document_a)
    assert doc.verified_at is not None and doc.verified_by_id == world.users.organizer.id
    html = as_role("focal_point").get(f"/delegations/{world.a.id}").get_data(as_text=True)
    assert "Verified" in html


def test_country_names_for_the_form(world, as_role):
    client = as_role("organizer")
    assert client.get("/delegations/country-names?code=pe").get_json() == {
        "code": "PE",
        "en": "Peru",
        "fr": "Pérou",
        "zh": "秘鲁",
    }
    assert client.get("/delegations/country-names?code=QQ").status_code == 404
    assert client.get("/delegations/country-names").status_code == 404
    html = client.get("/delegations/new").get_data(as_text=True)
    assert '<option value="MN">Mongolia</option>' in html and "js/delegations.js" in html


def test_a_racing_duplicate_code_is_refused_not_a_server_error(app, world, as_role, monkeypatch):
    """Two organizers create the same code at once: the loser gets the message, not a 500."""
    from app.delegations import services

    monkeypatch.setattr(services, "code_in_use", lambda code, exclude_id=None: False)
    client = as_role("organizer")
    response = client.post(
        "/delegations/new",
        data={"kind": "country", "code": "PE", "quota": "2", "status": "invited"},
    )
    assert response.status_code == 200
    assert "Another delegation already uses this code" in response.get_data(as_text=True)
    response = client.post(
        f"/delegations/{world.a.id}/edit",
        data={"kind": "country", "code": "PE", "quota": "3", "status": "confirmed"},
    )
    assert "Another delegation already uses this code" in response.get_data(as_text=True)
    assert _get(app, Delegation, world.a.id).code == "MN"


def test_organizer_downloads_the_visa_letters_of_a_delegation_from_its_page(world, as_role):
    import io

    from pypdf import PdfReader

    organizer = as_role("organizer")
    page = organizer.get(f"/delegations/{world.a.id}").get_data(as_text=True)
    action = f"/registration/delegation/{world.a.id}/visa-letters"
    assert f'action="{action}"' in page
    response = organizer.post(action, data={"lang": "en"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "ERDENE" in text.upper()
    # A focal point's page has no such button.
    assert action not in as_role("focal_point").get(f"/delegations/{world.a.id}").get_data(
        as_text=True
    )
