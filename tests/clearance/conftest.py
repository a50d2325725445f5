"""A forum that requires clearance: an organizer, a security officer, three people."""

from __future__ import annotations

import io
from datetime import date
from types import SimpleNamespace

import pytest
from PIL import Image

from app.extensions import db
from app.models import ParticipantPhoto, Role, utcnow


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 75), (90, 120, 160)).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture
def vetting(app, make_forum, make_delegation, make_participant, make_user):
    make_forum(clearance_required=True)
    mn = make_delegation("MN", name_en="Mongolia")
    pe = make_delegation("PE", name_en="Peru")
    people = [
        make_participant(
            mn,
            given_names="Bat",
            family_name="Erdene",
            nationality="MN",
            passport_number="E1234567",
            date_of_birth=date(1975, 5, 1),
        ),
        make_participant(
            pe,
            given_names="Lucía",
            family_name="Quispe",
            nationality="PE",
            passport_number="P9876543",
            date_of_birth=date(1980, 2, 3),
        ),
        make_participant(pe, given_names="Ana", family_name="Flores", nationality="PE"),
    ]
    with app.app_context():
        db.session.add(
            ParticipantPhoto(participant_id=people[0].id, data=jpeg(), width=60, height=75)
        )
        db.session.get(type(people[0]), people[0].id).photo_updated_at = utcnow()
        db.session.commit()
    return SimpleNamespace(
        people=people,
        organizer=make_user(Role.ORGANIZER, email="organizer@example.org"),
        security=make_user(Role.SECURITY, email="security@example.org", locale="fr"),
        staff=make_user(Role.STAFF, email="staff@example.org"),
    )
