"""seed-demo's entry point: the forum (the demo one or a synthetic one), then each area's
demo data, in the order of STEPS."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime

from flask import current_app
from werkzeug.security import generate_password_hash

from app.demo import forum, synthetic
from app.demo.announcements import seed_announcements
from app.demo.data import SEED, TZ
from app.demo.programme import seed_programme
from app.demo.setup import Summary, forum_settings
from app.extensions import db
from app.models import tallies

# Each area's demo data, run after the delegations and participants exist. An area that
# brings demo data adds one line here.
STEPS: list[Callable[[Summary], None]] = [
    seed_programme,
    seed_announcements,
]


def seed(password: str, participants: int | None = None, delegations: int | None = None) -> Summary:
    """Build the demo forum, or a synthetic one with that many participants and delegations.

    Flushes but does not commit: the caller (the CLI) commits once.
    """
    rng = random.Random(SEED)
    summary = Summary(password=password)
    # Hashing is slow on purpose; every demo account shares one hash.
    password_hash = generate_password_hash(
        password, method=current_app.config["PASSWORD_HASH_METHOD"]
    )
    settings = forum_settings()
    if participants is None and delegations is None:
        forum.build(summary, password_hash, rng)
    else:
        summary.synthetic = True
        n_part = participants if participants is not None else 10_000
        n_del = delegations if delegations is not None else max(1, n_part // 50)
        synthetic.build(summary, password_hash, rng, n_part, n_del)
    db.session.flush()
    if settings.registration_closes_at > datetime(2025, 9, 6, tzinfo=UTC):
        summary.add(
            "Registration stays open until "
            f"{settings.registration_closes_at.astimezone(TZ):%Y-%m-%d %H:%M} (Asia/Shanghai), "
            "so that the demo can be tried after the real forum."
        )
    for step in STEPS:
        step(summary)
    db.session.flush()
    # The dashboard's tallies: thousands of inserts folded in now, not on the first view.
    tallies.compact(db.session.connection())
    return summary
