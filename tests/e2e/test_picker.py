"""The searchable picker: a long list of people becomes a search box that finds by name."""

from __future__ import annotations

import pytest

from app.models import ParticipantStatus
from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


def test_speaker_is_found_by_name_and_added(live_server, page, world, make_participant):
    for n in range(55):
        make_participant(world.b, world.categories.delegate, family_name=f"Quispe{n:02d}")
    make_participant(
        world.b, world.categories.delegate, family_name="Hidden", status=ParticipantStatus.DRAFT
    )
    base = live_server.url
    sign_in(page, base, world.users.organizer.email, TEST_PASSWORD)
    page.goto(f"{base}/programme/sessions/{world.params['session_id']}/edit")
    listed = page.locator("#speakers li").get_by_text("Bat ERDENE (Mongolia)")
    before = listed.count()  # the world has him as a speaker already
    box = page.get_by_role("combobox", name="Participant")
    assert page.locator("#speaker-participant_id").is_hidden()  # the long list gives way
    box.fill("hidd")
    page.wait_for_timeout(400)
    suggestions = page.locator("#speaker-participant_id-options")
    assert suggestions.get_by_role("option").count() == 0  # drafts are not proposed
    box.fill("erdene")
    option = suggestions.get_by_role("option", name="Bat ERDENE — Mongolia")
    option.wait_for()
    box.press("ArrowDown")
    box.press("Enter")
    assert box.input_value() == "Bat ERDENE — Mongolia"
    page.locator("#speaker-role").select_option("chair")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_load_state()
    assert listed.count() == before + 1


def test_speaker_search_answers_json_to_organizers_only(app, world, as_role):
    found = as_role("organizer").get("/programme/speakers.json?q=quisp").get_json()["results"]
    assert [r["label"] for r in found] == ["Lucía QUISPE — Peru"]
    assert as_role("organizer").get("/programme/speakers.json?q=").get_json() == {"results": []}
    assert as_role("focal_point").get("/programme/speakers.json?q=a").status_code == 403
