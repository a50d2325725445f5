"""One head per delegation (the form's message, the database's index), a delegate by default,
blank optional import cells, and personal-data exports in the audit log."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditLog, Participant, ParticipantStatus
from tests.registration.conftest import valid_data


@pytest.fixture
def heads(world, make_category):
    return make_category("head_of_delegation", name_en="Head of delegation", sort_order=0)


def test_a_new_participant_is_a_delegate_by_default(world, heads, as_role):
    html = as_role("focal_point").get(f"/registration/new/{world.a.id}").get_data(as_text=True)
    assert f'<option selected value="{world.categories.delegate.id}">' in html


def test_a_second_head_is_refused_with_a_message(app, world, heads, as_role, make_participant):
    make_participant(world.a, heads, family_name="First", status=ParticipantStatus.APPROVED)
    client = as_role("focal_point")
    data = valid_data(heads.id, family_name="Second", email="second@example.org")
    data["save_draft"] = "y"
    url = f"/registration/new/{world.a.id}"
    r = client.post(url, data=data)
    assert r.status_code in (200, 422)
    assert "is already head of this delegation" in r.get_data(as_text=True)
    with app.app_context():
        assert not db.session.scalar(
            sa.select(Participant.id).where(Participant.family_name == "Second")
        )
    # Another delegation may have its own head.
    make_participant(world.b, heads, family_name="Other head")


def test_the_database_holds_one_active_head_per_delegation(app, world, heads, make_participant):
    make_participant(world.a, heads, family_name="First")
    with pytest.raises(sa.exc.IntegrityError):
        make_participant(world.a, heads, family_name="Second")
    # A withdrawn head does not count.
    make_participant(world.b, heads, family_name="Gone", status=ParticipantStatus.WITHDRAWN)
    make_participant(world.b, heads, family_name="New head")


def test_personal_export_is_audited_with_its_row_count(app, world, as_role):
    organizer = as_role("organizer")
    r = organizer.get(f"/desk/rosters/export.csv?personal=1&delegation_id={world.a.id}")
    assert r.status_code == 200
    body = r.get_data(as_text=True)
    assert "E1234567" in body  # the passport column is there
    r = as_role("staff").get("/desk/rosters/export.csv?personal=1")
    assert r.status_code == 403
    with app.app_context():
        entries = db.session.scalars(
            sa.select(AuditLog).where(AuditLog.action == "roster.exported_personal")
        ).all()
        assert len(entries) == 1
        entry = entries[0]
        assert entry.actor_id == world.users.organizer.id
        assert entry.changes["personal_data"] is True and entry.changes["format"] == "csv"
        assert entry.changes["rows"] == len(body.strip().splitlines()) - 1
    page = organizer.get("/admin/audit?action=roster.").get_data(as_text=True)
    assert "roster.exported_personal" in page
    assert f"{entry.changes['rows']}" in page


def test_import_accepts_blank_optional_cells(app, world, as_role):
    from tests.delegations.test_import import _csv, _people, _post, _row

    before = len(_people(app, world.a.id))
    row = _row(world, 1, locale="", gender="", phone="", arrival_time="  ", dietary="")
    response = _post(as_role("focal_point"), world.a.id, _csv([row]), "people.csv")
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    people = _people(app, world.a.id)
    assert len(people) == before + 1
    assert people[-1].locale == "en" and people[-1].gender is None


def test_a_second_head_saved_at_the_same_time_gets_the_message(app, world, heads):
    """Past the form's check (two forms saved at once), the database's index answers, and the
    service turns it into the same kind of message."""
    from app.models import Delegation, User
    from app.registration import services

    class Form:
        processed_photo = None

        def populate_participant(self, p):
            p.family_name = "Racer"
            p.category_id = heads.id

    with app.test_request_context("/", method="POST"):
        organizer = db.session.get(User, world.users.organizer.id)
        d = db.session.get(Delegation, world.a.id)
        services.create_participant(d, Form(), organizer)
        with pytest.raises(services.RegistrationError, match="already has a head"):
            services.create_participant(d, Form(), organizer)
        db.session.rollback()
