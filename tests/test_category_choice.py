"""The forum decides which categories each chooser may give (issue 9, finding 11): people
registering themselves and focal points chose Security, Organizer, Staff or VIP at will."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Category, ChosenBy, Participant
from tests.delegations.test_import import _csv, _post, _row
from tests.registration.conftest import valid_data

TOKEN = "a-secret-link-token-000"


def _reserved(make_category):
    vip = make_category("vip", name_en="VIP", chosen_by=ChosenBy.ORGANIZERS)
    security = make_category("security", name_en="Security", chosen_by=ChosenBy.FOCAL_POINTS)
    return vip, security


def _named(app, family_name):
    with app.app_context():
        return db.session.scalar(
            sa.select(Participant).where(Participant.family_name == family_name)
        )


def test_self_registration_offers_and_accepts_only_open_categories(
    app, world, client, make_category
):
    vip, security = _reserved(make_category)
    with app.app_context():
        db.session.get(type(world.a), world.a.id).registration_token = TOKEN
        db.session.commit()
    page = client.get(f"/delegations/register/{TOKEN}").get_data(as_text=True)
    assert f'value="{world.categories.delegate.id}"' in page
    assert f'value="{vip.id}"' not in page and f'value="{security.id}"' not in page
    for n, category in enumerate((vip, security)):
        data = valid_data(category.id, family_name=f"Selfish{n}", email=f"s{n}@example.org")
        response = client.post(f"/delegations/register/{TOKEN}", data={**data, "submit": "1"})
        assert response.status_code == 200
        assert "The organizers assign this category" in response.get_data(as_text=True)
        assert _named(app, f"Selfish{n}") is None
    data = valid_data(world.categories.delegate.id, family_name="Modest", email="m@example.org")
    assert (
        client.post(f"/delegations/register/{TOKEN}", data={**data, "submit": "1"}).status_code
        == 302
    )


def test_focal_points_and_organizers(app, world, as_role, make_category):
    vip, security = _reserved(make_category)
    url = f"/registration/new/{world.a.id}"
    focal = as_role("focal_point")
    refused = focal.post(url, data=valid_data(vip.id, family_name="Vip", email="v@example.org"))
    assert refused.status_code in (200, 422) and _named(app, "Vip") is None
    ok = focal.post(url, data=valid_data(security.id, family_name="Guard", email="g@example.org"))
    assert ok.status_code == 302 and _named(app, "Guard").category_id == security.id
    organizer = as_role("organizer")
    ok = organizer.post(url, data=valid_data(vip.id, family_name="Vip", email="v@example.org"))
    assert ok.status_code == 302 and _named(app, "Vip").category_id == vip.id
    # The focal point may still edit the VIP an organizer registered, category kept.
    vip_person = _named(app, "Vip")
    data = valid_data(vip.id, family_name="Vip", email="v@example.org", position="Minister")
    response = focal.post(f"/registration/{vip_person.id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    assert _named(app, "Vip").position == "Minister"


def test_the_importer_applies_the_same_rule(app, world, as_role, make_category):
    _reserved(make_category)
    rows = [_row(world, 1, category="vip"), _row(world, 2, category="security")]
    response = _post(as_role("focal_point"), world.a.id, _csv(rows), "people.csv")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "The organizers assign this category" in html
    assert _named(app, "Family Bravo") is None and _named(app, "Family Charlie") is None
    response = _post(as_role("organizer"), world.a.id, _csv(rows), "people.csv")
    assert response.status_code == 302
    assert _named(app, "Family Bravo") is not None


def test_admins_set_who_may_choose_a_category(app, world, as_role):
    client = as_role("admin")
    category_id = world.categories.delegate.id
    page = client.get(f"/admin/categories/{category_id}").get_data(as_text=True)
    assert "Who may choose it" in page
    with app.app_context():
        c = db.session.get(Category, category_id)
        data = {
            "code": c.code,
            "name_en": c.name_en,
            "colour": c.colour,
            "text_colour": c.text_colour,
            "sort_order": c.sort_order,
            "requires_passport": "y",
            "chosen_by": "focal_points",
        }
    assert client.post(f"/admin/categories/{category_id}", data=data).status_code == 302
    with app.app_context():
        assert db.session.get(Category, category_id).chosen_by == ChosenBy.FOCAL_POINTS
    assert "Focal points and organizers" in client.get("/admin/categories").get_data(as_text=True)


def test_the_demo_reserves_the_forum_given_categories(app, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        levels = dict(db.session.execute(sa.select(Category.code, Category.chosen_by)).all())
    assert levels["vip"] == levels["staff"] == levels["organizer"] == ChosenBy.ORGANIZERS
    assert levels["security"] == ChosenBy.FOCAL_POINTS
    assert levels["delegate"] == ChosenBy.ANYONE
