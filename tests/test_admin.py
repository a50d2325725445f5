"""Admin pages: users and invitations, forum settings, categories, outbox, audit log, panel."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    AuditLog,
    Category,
    ForumSettings,
    Invitation,
    OutboxMessage,
    OutboxStatus,
    Role,
    User,
)
from tests.conftest import TEST_PASSWORD, login


def _audit_actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditLog.action).order_by(AuditLog.id)))


def test_index_links_what_the_role_may_use(world, as_role):
    admin_page = as_role("admin").get("/admin/").get_data(as_text=True)
    assert "/admin/users" in admin_page and "/admin/outbox" in admin_page
    organizer_page = as_role("organizer").get("/admin/").get_data(as_text=True)
    assert "/admin/categories" in organizer_page and "/admin/audit" in organizer_page
    assert "/admin/users" not in organizer_page and "/admin/outbox" not in organizer_page
    assert as_role("organizer").get("/admin/users").status_code == 403
    assert as_role("staff").get("/admin/").status_code == 403


def test_users_list_search_and_filters(world, as_role):
    client = as_role("admin")
    page = client.get("/admin/users?q=focal").get_data(as_text=True)
    assert "focal.mn@example.org" in page and "focal.pe@example.org" in page
    assert "organizer@example.org" not in page
    page = client.get("/admin/users?role=staff").get_data(as_text=True)
    assert "staff@example.org" in page and "focal.mn@example.org" not in page
    assert '<option value="staff" selected>' in page
    assert (
        " selected>" not in client.get("/admin/users").get_data(as_text=True).split('id="state"')[0]
    )
    # LIKE wildcards in the search are taken literally.
    page = client.get("/admin/users?q=%25").get_data(as_text=True)
    assert "No user matches." in page


def test_invite_a_focal_point_sends_mail_and_is_audited(app, world, as_role):
    client = as_role("admin")
    response = client.post(
        "/admin/users/invite",
        data={
            "email": "New.Focal@Example.org",
            "full_name": "New Focal",
            "role": "focal_point",
            "delegation_id": str(world.b.id),
            "locale": "fr",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        inv = db.session.scalar(
            sa.select(Invitation).where(Invitation.email == "new.focal@example.org")
        )
        assert inv.role == Role.FOCAL_POINT and inv.delegation_id == world.b.id
        mail = db.session.scalar(
            sa.select(OutboxMessage).where(OutboxMessage.to_addr == "new.focal@example.org")
        )
        assert "/auth/invitation/" in mail.body_text
    assert "invitation.created" in _audit_actions(app)


def test_invite_validation(app, world, as_role):
    client = as_role("admin")
    # A focal point needs a delegation.
    page = client.post(
        "/admin/users/invite",
        data={
            "email": "x@example.org",
            "role": "focal_point",
            "delegation_id": "0",
            "locale": "en",
        },
    ).get_data(as_text=True)
    assert "Choose the delegation" in page
    # An existing account is not invited again.
    page = client.post(
        "/admin/users/invite",
        data={"email": "staff@example.org", "role": "staff", "delegation_id": "0", "locale": "en"},
    ).get_data(as_text=True)
    assert "exists already" in page
    page = client.post(
        "/admin/users/invite", data={"email": "not-an-email", "role": "staff", "locale": "en"}
    ).get_data(as_text=True)
    assert "is-invalid" in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Invitation)) == 1


def test_resend_replaces_the_link_and_revoke_ends_it(app, world, as_role):
    client = as_role("admin")
    client.post(
        "/admin/users/invite",
        data={"email": "guest@example.org", "role": "staff", "delegation_id": "0", "locale": "en"},
    )
    with app.app_context():
        first = db.session.scalar(
            sa.select(Invitation).where(Invitation.email == "guest@example.org")
        )
    assert client.post(f"/admin/invitations/{first.id}/resend").status_code == 302
    with app.app_context():
        rows = db.session.scalars(
            sa.select(Invitation)
            .where(Invitation.email == "guest@example.org")
            .order_by(Invitation.id)
        ).all()
        assert len(rows) == 2
        assert rows[0].revoked_at is not None and rows[1].is_usable()
        second = rows[1].id
    client.post(f"/admin/invitations/{second}/revoke")
    with app.app_context():
        assert db.session.get(Invitation, second).revoked_at is not None
    assert "invitation.revoked" in _audit_actions(app)


def test_change_role_signs_the_user_out(app, world, as_role):
    victim = world.users.staff
    victim_client = as_role("staff")
    assert victim_client.get("/desk/").status_code != 302
    admin = as_role("admin")
    response = admin.post(
        f"/admin/users/{victim.id}/role",
        data={"role": "organizer", "delegation_id": "0", "current_password": TEST_PASSWORD},
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, victim.id).role == Role.ORGANIZER
    # The old cookie no longer works.
    assert "/auth/login" in victim_client.get("/dashboard").headers["Location"]
    assert "user.role_changed" in _audit_actions(app)


def test_change_role_needs_the_admins_password(app, world, as_role):
    admin = as_role("admin")
    r = admin.post(
        f"/admin/users/{world.users.staff.id}/role",
        data={"role": "organizer", "delegation_id": "0", "current_password": "wrong"},
    )
    assert r.status_code == 400 and "This is not your password." in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, world.users.staff.id).role == Role.STAFF
    assert "user.reauth_failed" in _audit_actions(app)


def test_change_role_rules(app, world, as_role):
    admin = as_role("admin")
    # Focal point without a delegation.
    r = admin.post(
        f"/admin/users/{world.users.staff.id}/role",
        data={"role": "focal_point", "delegation_id": "0", "current_password": TEST_PASSWORD},
    )
    assert r.status_code == 400
    # Delegate role for someone who is not a participant.
    r = admin.post(
        f"/admin/users/{world.users.staff.id}/role",
        data={
            "role": "delegate",
            "delegation_id": str(world.a.id),
            "current_password": TEST_PASSWORD,
        },
    )
    assert r.status_code == 400
    # One's own role.
    admin.post(
        f"/admin/users/{world.users.admin.id}/role",
        data={"role": "staff", "delegation_id": "0", "current_password": TEST_PASSWORD},
    )
    with app.app_context():
        assert db.session.get(User, world.users.admin.id).role == Role.ADMIN
        assert db.session.get(User, world.users.staff.id).role == Role.STAFF


def test_deactivate_signs_out_and_reactivate(app, world, as_role):
    focal = world.users.focal_point
    focal_client = as_role("focal_point")
    assert focal_client.get("/dashboard").status_code == 200
    admin = as_role("admin")
    assert admin.post(f"/admin/users/{focal.id}/active", data={"active": "0"}).status_code == 302
    assert focal_client.get("/dashboard").status_code == 302  # signed out
    # A fresh cookie for the deactivated user is refused as well.
    with app.app_context():
        fresh = db.session.get(User, focal.id)
        db.session.expunge(fresh)
    c = app.test_client()
    login(c, fresh)
    assert c.get("/dashboard").status_code == 302
    admin.post(f"/admin/users/{focal.id}/active", data={"active": "1"})
    with app.app_context():
        assert db.session.get(User, focal.id).active
    # An empty post changes nothing; one cannot deactivate oneself.
    admin.post(f"/admin/users/{focal.id}/active", data={})
    admin.post(f"/admin/users/{world.users.admin.id}/active", data={"active": "0"})
    with app.app_context():
        assert db.session.get(User, world.users.admin.id).active
    actions = _audit_actions(app)
    assert "user.deactivated" in actions and "user.reactivated" in actions


def _forum_data(**kw):
    data = {
        "name_en": "Forum on Borders",
        "name_fr": "Forum sur les frontières",
        "name_zh": "边境论坛",
        "short_name_en": "Borders",
        "venue": "Hall",
        "city": "Lianyungang",
        "country_code": "cn",
        "starts_on": "2026-10-01",
        "ends_on": "2026-10-02",
        "timezone": "Europe/Paris",
        "registration_opens_at": "2026-06-01T09:00",
        "registration_closes_at": "2026-09-01T18:00",
        "edit_deadline": "",
        "contact_email": "sec@example.org",
        "letter_reference_prefix": "FB",
    }
    data.update(kw)
    return data


def test_forum_settings_saved_in_the_forum_time_zone(app, world, as_role):
    client = as_role("admin")
    assert client.get("/admin/forum").status_code == 200
    assert client.post("/admin/forum", data=_forum_data()).status_code == 302
    with app.app_context():
        forum = ForumSettings.get()
        assert forum.name_en == "Forum on Borders" and forum.country_code == "CN"
        assert forum.timezone == "Europe/Paris"
        # 09:00 in Paris in June is 07:00 UTC.
        assert forum.registration_opens_at == datetime(2026, 6, 1, 7, 0, tzinfo=UTC)
        assert forum.edit_deadline is None
    page = client.get("/admin/forum").get_data(as_text=True)
    assert 'value="2026-06-01T09:00"' in page
    assert "forum.updated" in _audit_actions(app)


def test_forum_settings_validation(app, world, as_role):
    client = as_role("admin")
    for bad, message in (
        ({"timezone": "Mars/Olympus"}, "Unknown time zone"),
        ({"ends_on": "2026-09-30"}, "cannot be before"),
        ({"registration_closes_at": "2026-05-01T00:00"}, "must close after"),
        ({"country_code": "QQ"}, "Unknown country code"),
        ({"starts_on": "not a date"}, "is-invalid"),
        ({"name_en": ""}, "is-invalid"),
    ):
        response = client.post("/admin/forum", data=_forum_data(**bad))
        assert response.status_code == 200, bad
        assert message in response.get_data(as_text=True), bad
    with app.app_context():
        assert ForumSettings.get().name_en == world.forum.name_en


def test_forum_settings_created_on_a_fresh_install(app, make_user, login_as):
    admin = make_user(Role.ADMIN)
    client = login_as(admin)
    assert client.post("/admin/forum", data=_forum_data()).status_code == 302
    with app.app_context():
        assert ForumSettings.get().name_fr == "Forum sur les frontières"
    assert "forum.created" in _audit_actions(app)


def test_categories_create_edit_validate(app, world, as_role):
    client = as_role("organizer")
    page = client.get("/admin/categories").get_data(as_text=True)
    assert "Head of delegation" in page and 'type="color"' in page
    data = {
        "code": "press_officer",
        "name_en": "Press officer",
        "name_fr": "Attaché de presse",
        "name_zh": "新闻官",
        "colour": "#AA0011",
        "text_colour": "#ffffff",
        "sort_order": "5",
        "requires_passport": "y",
    }
    assert client.post("/admin/categories/new", data=data).status_code == 302
    with app.app_context():
        cat = db.session.scalar(sa.select(Category).where(Category.code == "press_officer"))
        assert cat.colour == "#aa0011" and cat.requires_passport and cat.name_zh == "新闻官"
        cat_id = cat.id
    for bad, message in (
        ({"colour": "red"}, "six hexadecimal digits"),
        ({"text_colour": "#12345"}, "six hexadecimal digits"),
        ({"code": "Bad Code"}, "lower-case"),
        ({"code": "head"}, "Another category has this code"),
        ({"sort_order": "x"}, "is-invalid"),
    ):
        r = client.post(f"/admin/categories/{cat_id}", data={**data, **bad})
        assert r.status_code == 200 and message in r.get_data(as_text=True), bad
    r = client.post(
        f"/admin/categories/{cat_id}", data={**data, "name_en": "Press", "requires_passport": ""}
    )
    assert r.status_code == 302
    with app.app_context():
        cat = db.session.get(Category, cat_id)
        assert cat.name_en == "Press" and not cat.requires_passport
    actions = _audit_actions(app)
    assert "category.created" in actions and "category.updated" in actions


def test_outbox_list_filter_and_retry(app, world, as_role):
    client = as_role("admin")
    with app.app_context():
        db.session.add(
            OutboxMessage(
                to_addr="ok@example.org",
                subject="Sent one",
                body_text="x",
                status=OutboxStatus.SENT,
            )
        )
        db.session.commit()
    page = client.get("/admin/outbox?status=failed").get_data(as_text=True)
    assert "Test message" in page and "Connection refused" in page and "Sent one" not in page
    message_id = world.params["message_id"]
    assert "Connection refused" in client.get(f"/admin/outbox/{message_id}").get_data(as_text=True)
    assert client.post(f"/admin/outbox/{message_id}/retry").status_code == 302
    with app.app_context():
        message = db.session.get(OutboxMessage, message_id)
        assert message.status == OutboxStatus.QUEUED
        assert message.next_attempt_at <= datetime.now(UTC)
    assert "outbox.retry" in _audit_actions(app)


def test_audit_log_filters(app, world, as_role):
    client = as_role("admin")
    client.post(f"/admin/users/{world.users.staff.id}/active", data={"active": "0"})
    organizer = as_role("organizer")
    page = organizer.get("/admin/audit?action=user.").get_data(as_text=True)
    assert "user.deactivated" in page and "user.login" in page
    page = organizer.get("/admin/audit?action=user.deactivated").get_data(as_text=True)
    assert "user.deactivated" in page and "user.login<" not in page
    page = organizer.get(
        f"/admin/audit?object_type=users&object_id={world.users.staff.id}"
    ).get_data(as_text=True)
    assert "user.deactivated" in page
    page = organizer.get("/admin/audit?actor=nobody@").get_data(as_text=True)
    assert "Nothing recorded matches." in page
    # Not an id the database can hold: a bad request (issue 9), not a server error.
    for junk in ("abc", "2147483648", "9223372036854775808", "-1"):
        assert organizer.get(f"/admin/audit?object_id={junk}").status_code == 400


def test_admin_dashboard_panel(world, as_role):
    page = as_role("admin").get("/dashboard").get_data(as_text=True)
    assert "E-mails failed" in page and "/admin/outbox?status=failed" in page
    assert "Pending invitations" in page
    assert "E-mails failed" not in as_role("organizer").get("/dashboard").get_data(as_text=True)


def test_lists_paginate(app, world, as_role):
    with app.app_context():
        db.session.add_all(
            User(email=f"many{i:03d}@example.org", role=Role.STAFF, password_hash="x")
            for i in range(60)
        )
        db.session.add_all(
            OutboxMessage(to_addr=f"r{i}@example.org", subject=f"S{i}", body_text="x")
            for i in range(60)
        )
        db.session.commit()
    client = as_role("admin")
    first = client.get("/admin/users?role=staff")
    assert first.status_code == 200
    page = first.get_data(as_text=True)
    assert "/admin/users?role=staff&amp;page=2" in page and 'rel="next"' in page
    second = client.get("/admin/users?role=staff&page=2").get_data(as_text=True)
    assert "many059@example.org" in second and "many000@example.org" not in second
    assert client.get("/admin/outbox?page=2").status_code == 200
    assert client.get("/admin/audit?page=99").status_code == 200
