"""The public self-registration page is rate-limited per address, with a clear page."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Delegation


@pytest.fixture
def app_config(app_config):
    return {
        **app_config,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_KEY_PREFIX": "delegations-test",
        "PUBLIC_FORM_RATE_LIMIT": "3 per hour",
    }


def test_self_registration_posts_are_rate_limited(app, world, client):
    with app.app_context():
        db.session.get(Delegation, world.a.id).registration_token = "rate-limited-link-token"
        db.session.commit()
    url = "/delegations/register/rate-limited-link-token"
    statuses = [client.post(url, data={"family_name": ""}).status_code for _ in range(4)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3] == 429
    response = client.post(url, data={})
    assert response.status_code == 429
    assert "Too many requests from your address" in response.get_data(as_text=True)
    # Reading the page is not limited.
    assert client.get(url).status_code == 200
