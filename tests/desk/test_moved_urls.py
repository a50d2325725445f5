"""The desk's URLs from before its sub-packages redirect to the new ones, with the query
string, keeping POST a POST (308); the redirects are the desk's: others are refused."""

from __future__ import annotations

import pytest
from flask import url_for


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/desk/roster?status=approved&sort=name", "/desk/rosters?status=approved&sort=name"),
        ("/desk/roster.csv?kind=country", "/desk/rosters/export.csv?kind=country"),
        ("/desk/roster.xlsx", "/desk/rosters/export.xlsx"),
        (
            "/desk/list-of-participants.pdf?lang=fr",
            "/desk/rosters/list-of-participants.pdf?lang=fr",
        ),
        ("/desk/pickup", "/desk/badges/pickup"),
        ("/desk/arrivals?direction=departures", "/desk/logistics/arrivals?direction=departures"),
        ("/desk/rooming", "/desk/logistics/rooming"),
        ("/desk/needs", "/desk/logistics/needs"),
        ("/desk/visa-letters", "/desk/logistics/visa-letters"),
        ("/desk/checkin-list.pdf", "/desk/logistics/checkin-list.pdf"),
    ],
)
def test_old_desk_urls_redirect(as_role, old, new):
    response = as_role("staff").get(old)
    assert response.status_code == 308
    assert response.headers["Location"] == new
    assert as_role("focal_point").get(old).status_code == 403


def test_old_photo_url_and_pickup_post_redirect(world, as_role):
    staff = as_role("staff")
    response = staff.get(f"/desk/photo/{world.pa1.id}")
    assert response.status_code == 308
    assert response.headers["Location"] == f"/desk/checkin/photo/{world.pa1.id}"
    response = staff.post("/desk/pickup", data={"code": "x"})
    assert response.status_code == 308  # the browser repeats the POST at the new address
    assert response.headers["Location"] == "/desk/badges/pickup"


def test_old_endpoint_names_still_build_urls(app):
    with app.test_request_context():
        assert url_for("desk.roster", status="approved") == "/desk/roster?status=approved"
        assert url_for("desk.rosters.index") == "/desk/rosters"
        assert url_for("desk.checkin.index") == "/desk/checkin"
