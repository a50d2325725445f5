"""The forum's clock: its time zone, the UTC bounds of one of its days, today there.

One fallback for a forum not yet set up: the app's default time zone
(BABEL_DEFAULT_TIMEZONE), the zone pages are shown in then too (app/i18n.py).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app

from app.i18n import forum
from app.models import utcnow


def forum_tz() -> ZoneInfo:
    """The forum's time zone (the app's default zone before the forum is set up)."""
    settings = forum()
    return settings.tz if settings else ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def day_bounds(day: date, tz: ZoneInfo | None = None) -> tuple[datetime, datetime]:
    """The instants at which a day of the forum's calendar begins and ends."""
    tz = tz or forum_tz()
    start = datetime.combine(day, time.min, tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)


def local_today(tz: ZoneInfo | None = None) -> date:
    """Today's date at the forum."""
    return utcnow().astimezone(tz or forum_tz()).date()
