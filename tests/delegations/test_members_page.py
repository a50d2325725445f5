"""The delegation page lists its members 50 a page: a focal point still reaches every member
(the page links, a search by name), and the counts above the list are the whole
delegation's, whatever page is shown."""

from __future__ import annotations

import re

import sqlalchemy as sa

from app.extensions import db
from app.models import Participant, ParticipantStatus

S = ParticipantStatus
ROW = re.compile(r'<tr data-participant="(\d+)"')


def _members(app, delegation_id: int) -> dict[int, ParticipantStatus]:
    with app.app_context():
        return dict(
            db.session.execute(
                sa.select(Participant.id, Participant.status).where(
                    Participant.delegation_id == delegation_id
                )
            ).all()
        )


def test_every_member_is_one_page_link_or_one_search_away(app, world, as_role, make_participant):
    statuses = (S.APPROVED, S.SUBMITTED, S.WAITLISTED, S.DRAFT, S.WITHDRAWN)
    for n in range(60):
        make_participant(world.a, family_name=f"Member{n:02d}", status=statuses[n % 5])
    members = _members(app, world.a.id)
    client = as_role("focal_point")
    url = f"/delegations/{world.a.id}"
    first = client.get(url).get_data(as_text=True)
    second = client.get(url + "?page=2").get_data(as_text=True)
    on_first, on_second = ROW.findall(first), ROW.findall(second)
    assert len(on_first) == 50 and 'rel="next"' in first
    assert {int(i) for i in on_first + on_second} == set(members)  # every member, once
    assert len(on_first) + len(on_second) == len(members)
    # Closed registrations come after everyone still in the delegation.
    closed = [int(i) for i in on_first + on_second if members[int(i)] == S.WITHDRAWN]
    assert [int(i) for i in (on_first + on_second)[-len(closed) :]] == closed
    # The counts above the list are the delegation's, not the page's.
    taken = sum(1 for s in members.values() if s in (S.SUBMITTED, S.APPROVED))
    for html in (first, second):
        assert f'<div class="stat">{taken}</div>' in html
    # A search by name finds a member of the second page, and only the matching ones.
    last = client.get(url + "?q=member59").get_data(as_text=True)
    assert len(ROW.findall(last)) == 1 and "MEMBER59" in last.upper()
    assert "Nobody matches" in client.get(url + "?q=nosuchname").get_data(as_text=True)


def test_the_head_can_be_any_active_member_beyond_the_first_page(
    app, world, as_role, make_participant
):
    people = [make_participant(world.a, family_name=f"Member{n:02d}") for n in range(55)]
    client = as_role("organizer")
    html = client.get(f"/delegations/{world.a.id}").get_data(as_text=True)
    select = html.split('id="participant_id"', 1)[1].split("</select>", 1)[0]
    active = [pid for pid, s in _members(app, world.a.id).items() if s != S.WITHDRAWN]
    assert {int(v) for v in re.findall(r'<option value="(\d+)"', select)} >= set(active)
    response = client.post(
        f"/delegations/{world.a.id}/head", data={"participant_id": people[-1].id}
    )
    assert response.status_code == 302
    html = client.get(f"/delegations/{world.a.id}").get_data(as_text=True)
    assert f'<option value="{people[-1].id}" selected>' in html
