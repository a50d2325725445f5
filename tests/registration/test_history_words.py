"""A participant's history reads as sentences, not as column names and ids."""

from __future__ import annotations

from app.extensions import db
from app.models import AuditLog


def test_history_says_what_changed_in_words(app, world, as_role):
    with app.app_context():
        db.session.add(
            AuditLog(
                action="participant.updated",
                object_type="participants",
                object_id=world.pa1.id,
                actor_id=world.users.organizer.id,
                changes={
                    "category_id": [world.categories.head.id, world.categories.delegate.id],
                    "status": ["submitted", "approved"],
                    "family_name": ["Erdene", "Erdenebat"],
                    "hotel": [None, "Hotel Lianyungang"],
                },
            )
        )
        db.session.commit()
    html = as_role("organizer").get(f"/registration/{world.pa1.id}/history").get_data(as_text=True)
    assert "Category changed from Head of delegation to Delegate" in html
    assert "Status changed from Submitted to Approved" in html
    assert "Family name changed from Erdene to Erdenebat" in html
    assert "Hotel set to Hotel Lianyungang" in html
    assert "category_id" not in html
