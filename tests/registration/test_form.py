"""The participant form: a clear error per field, nothing half-saved, no field the user may
not set, drafts versus submissions, and the row validator the bulk import uses."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditLog, Category, Delegation, Participant, ParticipantStatus, User
from app.registration.forms import ParticipantForm
from tests.registration.conftest import valid_data


def count_participants(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(Participant.id)))


def new_url(world, delegation=None):
    return f"/registration/new/{(delegation or world.a).id}"


def test_focal_point_creates_and_submits_a_member(app, world, as_role):
    client = as_role("focal_point")
    data = valid_data(world.categories.delegate.id, submit="Save and submit")
    response = client.post(new_url(world), data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        p = db.session.scalar(
            sa.select(Participant).where(Participant.email == "bold.bat@example.org")
        )
        assert p.status == ParticipantStatus.SUBMITTED
        assert p.delegation_id == world.a.id
        assert p.passport_number == "E7654321"
        assert p.phone == "+976 11 12 3456"  # normalized
        assert p.consent_at is not None
        assert p.created_by_id == world.users.focal_point.id
        actions = db.session.scalars(
            sa.select(AuditLog.action).where(
                AuditLog.object_id == p.id, AuditLog.object_type == "participants"
            )
        ).all()
        assert {"participant.created", "participant.submitted"} <= set(actions)


def test_a_chinese_name_and_other_scripts_are_accepted(app, world, as_role):
    client = as_role("focal_point")
    data = valid_data(
        world.categories.delegate.id,
        given_names="伟",
        family_name="王",
        native_name="王伟",
        email="wang.wei@example.org",
        submit="1",
    )
    assert client.post(new_url(world), data=data).status_code == 302
    data = valid_data(
        world.categories.delegate.id,
        given_names="Zoë-Émilie",
        family_name="O’Brien",
        native_name="Ζωή محمد",
        email="zoe@example.org",
        save_draft="1",
    )
    assert client.post(new_url(world), data=data).status_code == 302
    with app.app_context():
        names = set(db.session.scalars(sa.select(Participant.family_name)))
    assert {"王", "O’Brien"} <= names


BAD_FIELDS = [
    ("family_name", "", "Enter this name."),
    ("family_name", "Bat\x07", "control"),
    ("family_name", "Bat<script>", "letters"),
    ("given_names", "B0ld", "letters"),
    ("native_name", "Болд\u200b", "control or invisible"),
    ("email", "not-an-address", "not a valid e-mail"),
    ("email", "a@b", "not a valid e-mail"),
    ("phone", "12345", "country code"),
    ("phone", "+976 1234", "does not exist"),
    ("nationality", "XX", "Not a valid choice"),
    ("date_of_birth", "2099-01-01", "in the past"),
    ("date_of_birth", "03/02/1980", "Not a valid date"),
    ("passport_number", "AB-12/34", "letters and digits"),
    ("passport_expiry", "2025-12-01", "six months after the forum"),
    ("arrival_date", "2025-08-01", "Arrival must be between"),
    ("departure_date", "2025-09-15", "on or after the arrival"),
    ("departure_date", "2025-12-01", "Departure must be between"),
    ("arrival_time", "25:99", "Not a valid time"),
    ("category", "99999", "Choose a category"),
    ("category", "abc", "Choose a category"),
    ("locale", "de", "Not a valid choice"),
    ("dietary", "other", "Describe the diet in the notes"),
    ("hotel", "x" * 201, "At most 200"),
    ("consent", None, "consent is needed"),
]


def test_bad_input_gets_a_clear_error_and_saves_nothing(app, world, as_role):
    client = as_role("focal_point")
    before = count_participants(app)
    for name, value, message in BAD_FIELDS:
        data = valid_data(world.categories.delegate.id, submit="1")
        data[name] = value
        data = {k: v for k, v in data.items() if v is not None}
        response = client.post(new_url(world), data=data)
        where = f"{name}={value!r}"
        assert response.status_code == 422, where
        html = response.get_data(as_text=True)
        assert "Please correct the fields marked below." in html, where
        assert f'id="{name}-error"' in html, f"no error shown at {where}"
        assert message.lower() in html.lower(), where
        # Only the bad field is marked.
        assert html.count('class="invalid-feedback"') == 1, where
    assert count_participants(app) == before


def test_a_draft_may_be_incomplete_but_cannot_be_submitted(app, world, as_role):
    client = as_role("focal_point")
    response = client.post(
        new_url(world),
        data={"family_name": "Draftson", "category": world.categories.head.id, "save_draft": "1"},
    )
    assert response.status_code == 302
    with app.app_context():
        p = db.session.scalar(sa.select(Participant).where(Participant.family_name == "Draftson"))
        assert p.status == ParticipantStatus.DRAFT
        pid = p.id
    # The submit button of the detail page refuses, naming what is missing.
    response = client.post(f"/registration/{pid}/submit", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Complete these fields first" in html
    assert "Passport number" in html
    with app.app_context():
        assert db.session.get(Participant, pid).status == ParticipantStatus.DRAFT


def test_submitting_requires_what_the_category_requires(app, world, as_role, make_category):
    local = make_category("host_staff", name_en="Host staff", requires_passport=False)
    client = as_role("focal_point")
    base = {
        "family_name": "Li",
        "given_names": "Na",
        "email": "li.na@example.org",
        "consent": "y",
        "submit": "1",
    }
    # Head of delegation (requires_passport): passport, nationality and date of birth needed.
    response = client.post(new_url(world), data={**base, "category": world.categories.head.id})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for name in ("nationality", "date_of_birth", "passport_number", "passport_expiry"):
        assert f'id="{name}-error"' in html
    # Local staff: no passport needed.
    response = client.post(new_url(world), data={**base, "category": local.id})
    assert response.status_code == 302


def test_fields_the_user_may_not_set_change_nothing(app, world, as_role):
    client = as_role("focal_point")
    data = valid_data(
        world.categories.delegate.id,
        save_draft="1",
        status="approved",
        delegation_id=str(world.b.id),
        role="admin",
        badge_secret="chosen-secret",
        created_by_id="1",
    )
    assert client.post(new_url(world), data=data).status_code == 302
    with app.app_context():
        p = db.session.scalar(
            sa.select(Participant).where(Participant.email == "bold.bat@example.org")
        )
        assert p.status == ParticipantStatus.DRAFT
        assert p.delegation_id == world.a.id
        assert p.badge_secret != "chosen-secret"
        pid = p.id
    # The same on edit, for the delegate editing their own profile too.
    for role, target in (("focal_point", pid), ("delegate", world.pa1.id)):
        client = as_role(role)
        with app.app_context():
            before = db.session.get(Participant, target)
            secret, status, cat = before.badge_secret, before.status, before.category_id
        data = valid_data(
            world.categories.delegate.id,
            email=f"{role}@example.org",
            save_draft="1",
            submit="1",
            status="approved" if status != ParticipantStatus.APPROVED else "rejected",
            delegation_id=str(world.b.id),
            role="admin",
            badge_secret="chosen",
        )
        response = client.post(f"/registration/{target}/edit", data=data)
        assert response.status_code == 302, response.get_data(as_text=True)[:3000]
        with app.app_context():
            after = db.session.get(Participant, target)
            assert after.badge_secret == secret
            assert after.delegation_id == world.a.id
            if role == "delegate":
                # A delegate cannot change their category either.
                assert after.category_id == cat
                assert db.session.get(User, world.users.delegate.id).role.value == "delegate"


def test_edit_keeps_the_passport_on_file_and_never_shows_it(app, world, as_role):
    client = as_role("focal_point")
    html = client.get(f"/registration/{world.pa1.id}/edit").get_data(as_text=True)
    assert "E1234567" not in html
    assert "•••••567" in html
    data = valid_data(
        world.categories.head.id, passport_number="", submit="1", email="bat@example.org"
    )
    response = client.post(f"/registration/{world.pa1.id}/edit", data=data)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Participant, world.pa1.id).passport_number == "E1234567"


def test_edit_deadline_only_organizers_may_change(app, world, as_role):
    from datetime import timedelta

    from app.models import ForumSettings, utcnow

    with app.app_context():
        db.session.get(ForumSettings, 1).edit_deadline = utcnow() - timedelta(days=1)
        db.session.commit()
    data = valid_data(
        world.categories.delegate.id, family_name="Late", email="late@example.org", save_draft="1"
    )
    response = as_role("focal_point").post(
        f"/registration/{world.pa2.id}/edit", data=data, follow_redirects=True
    )
    assert "deadline for changes has passed" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Participant, world.pa2.id).family_name == "Dorj"
    response = as_role("organizer").post(f"/registration/{world.pa2.id}/edit", data=data)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Participant, world.pa2.id).family_name == "Late"


def test_validate_row_validates_like_the_form(app, world):
    with app.test_request_context("/"):
        forum = db.session.get(type(world.forum), 1)
        delegation = db.session.get(Delegation, world.a.id)
        actor = db.session.get(User, world.users.focal_point.id)
        row = valid_data(
            "delegate", email="bad", phone="12", visa_letter_wanted="no", consent="yes"
        )
        form, errors = ParticipantForm.validate_row(row, forum, delegation, actor, submitting=True)
        assert set(errors) == {"email", "phone"}
        assert form.visa_letter_wanted.data is False
        form, errors = ParticipantForm.validate_row(
            valid_data("head", date_of_birth=None, passport_number=None),
            forum,
            delegation,
            actor,
            submitting=True,
        )
        assert set(errors) == {"date_of_birth", "passport_number"}
        form, errors = ParticipantForm.validate_row(
            valid_data("HEAD", date_of_birth=None, passport_number=None, consent="no"),
            forum,
            delegation,
            actor,
        )
        assert errors == {}
        assert form.category.data == db.session.scalar(
            sa.select(Category.id).where(Category.code == "head")
        )


def test_no_500_on_garbage(app, world, as_role):
    client = as_role("organizer")
    for data in (
        {},
        {"category": ""},
        {"family_name": "x" * 10_000},
        {"arrival_date": "\x07"},
        {"gender": "robot"},
    ):
        response = client.post(new_url(world), data=data)
        assert response.status_code == 422
    # A NUL byte never reaches the form: the request is refused whole.
    assert client.post(new_url(world), data={"family_name": "Bat\x00"}).status_code == 400
    assert (
        client.post(f"/registration/{world.pa2.id}/edit", data={"family_name": ""}).status_code
        == 422
    )
