"""Check-ins over the forum's two days, for the report's tests (and the browser's)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.extensions import db
from app.models import CheckIn, CheckInMethod, CheckInResult, DelegationKind, RefusalReason, Role


@pytest.fixture
def attended(app, make_forum, make_delegation, make_participant, make_category, make_user):
    """Scans over the two forum days (Asia/Shanghai): admitted, repeated, refused."""
    make_forum()
    head = make_category("head_of_delegation", name_en="Head of delegation", sort_order=1)
    countries = [
        make_delegation(c, name_en=n)
        for c, n in (("MN", "Mongolia"), ("PE", "Peru"), ("FR", "France"))
    ]
    iom = make_delegation("IOM", kind=DelegationKind.ORGANIZATION, name_en="IOM")
    media = make_delegation("MEDIA", kind=DelegationKind.OTHER, name_en="Media")
    people = [
        make_participant(countries[0], head),
        make_participant(countries[0]),
        make_participant(countries[1], head),
        make_participant(countries[2]),  # refused at the door only: did not attend
        make_participant(iom),
        make_participant(media),
    ]
    day1 = datetime(2025, 9, 17, 1, 0, tzinfo=UTC)  # 09:00 in Lianyungang
    day2_late = datetime(2025, 9, 17, 17, 0, tzinfo=UTC)  # 01:00 on the 18th there
    scans = [
        (people[0], day1, CheckInResult.ADMITTED),
        (people[0], day2_late, CheckInResult.ADMITTED),
        (people[1], day1, CheckInResult.ADMITTED),
        (people[1], day1, CheckInResult.ALREADY),
        (people[2], day2_late, CheckInResult.ADMITTED),
        (people[3], day1, CheckInResult.REFUSED),
        (people[4], day1, CheckInResult.ADMITTED),
        (people[5], day2_late, CheckInResult.ADMITTED),
    ]
    with app.app_context():
        for person, at, result in scans:
            db.session.add(
                CheckIn(
                    participant_id=person.id,
                    at=at,
                    method=CheckInMethod.SCAN,
                    result=result,
                    reason=RefusalReason.NOT_APPROVED if result == CheckInResult.REFUSED else None,
                )
            )
        db.session.commit()
    return make_user(Role.ORGANIZER)
