"""The interface other areas use: ParticipantForm, validate_row and the workflow services."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Delegation, OutboxMessage, Participant, ParticipantStatus, User
from app.registration import services
from app.registration.forms import ParticipantForm
from tests.registration.conftest import valid_data


def test_validate_row_and_submit(app, world):
    with app.test_request_context("/", method="POST"):
        forum = db.session.get(type(world.forum), 1)
        delegation = db.session.get(Delegation, world.a.id)
        actor = db.session.get(User, world.users.focal_point.id)
        form, errors = ParticipantForm.validate_row(
            valid_data("delegate"), forum, delegation, actor, submitting=True
        )
        assert errors == {}
        p = services.create_participant(delegation, form, actor)
        assert services.submit_participant(p, actor) == ParticipantStatus.SUBMITTED
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) >= 1
        assert db.session.get(Participant, p.id).family_name == "Bat"
