"""What the check-in desk reads: the name search, the doors, the counts and who is inside."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from app.desk.checkin.services import DOOR_LOAD, counts_exits
from app.extensions import db
from app.forum_time import day_bounds, forum_tz, local_today
from app.i18n import current_language, forum
from app.models import (
    CheckIn,
    CheckInResult,
    Direction,
    Participant,
    ParticipantStatus,
    ProgrammeSession,
    fold_for_search,
    name_search_candidates,
)

SEARCH_LIMIT = 20


def search(query: str, limit: int = SEARCH_LIMIT) -> list[Participant]:
    """Participants whose names (any script) or e-mail contain every word of the query."""
    words = fold_for_search(query).split()
    if not words:
        return []
    # First the ids, scanning only the participants table; then the few rows the desk shows,
    # with only the columns it shows (no passport to decrypt, no travel details).
    ids_stmt = sa.select(Participant.id)
    for word in words[:5]:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        ids_stmt = ids_stmt.where(Participant.search_text.like(f"%{escaped}%", escape="\\"))
    # The trigram index names the few rows that can match (flat in the size of the forum);
    # the LIKEs above decide.
    if (narrowed := name_search_candidates(words[:5])) is not None:
        ids_stmt = ids_stmt.where(narrowed)
    ids_stmt = ids_stmt.order_by(Participant.family_name, Participant.given_names, Participant.id)
    ids = list(db.session.scalars(ids_stmt.limit(limit)))
    if not ids:
        return []
    rows = db.session.scalars(
        sa.select(Participant).where(Participant.id.in_(ids)).options(*DOOR_LOAD)
    ).unique()
    by_id = {p.id: p for p in rows}
    return [by_id[i] for i in ids if i in by_id]


def sessions_for_doors() -> list[ProgrammeSession]:
    return list(
        db.session.scalars(sa.select(ProgrammeSession).order_by(ProgrammeSession.starts_at))
    )


def session_or_none(session_id: int | None) -> ProgrammeSession | None:
    return db.session.get(ProgrammeSession, session_id) if session_id else None


def _forum_days(tz) -> list[date]:
    settings = forum()
    days: list[date] = []
    if settings:
        d = settings.starts_on
        while d <= settings.ends_on and len(days) < 31:
            days.append(d)
            d += timedelta(days=1)
    today = local_today(tz)
    if today not in days:
        days.append(today)
    return sorted(days)


def _admitted_people(*conditions) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count(sa.distinct(CheckIn.participant_id))).where(
                CheckIn.result == CheckInResult.ADMITTED, *conditions
            )
        )
        or 0
    )


def _point_count_statement(at_entrance: bool) -> sa.Select:
    entry = sa.and_(CheckIn.result == CheckInResult.ADMITTED, CheckIn.direction == Direction.IN)
    return sa.select(
        sa.func.count(sa.distinct(sa.case((entry, CheckIn.participant_id)))),
        sa.func.count(sa.case((CheckIn.result == CheckInResult.REFUSED, 1))),
    ).where(
        CheckIn.session_id.is_(None)
        if at_entrance
        else CheckIn.session_id == sa.bindparam("session_id"),
        CheckIn.result.in_((CheckInResult.ADMITTED, CheckInResult.REFUSED)),
        CheckIn.at >= sa.bindparam("start"),
        CheckIn.at < sa.bindparam("end"),
    )


# Built once (asked after every scan): reads only today's admissions and refusals at the
# point, along the index's point, result, time.
_POINT_COUNT = {True: _point_count_statement(True), False: _point_count_statement(False)}


def point_count_today(session_id: int | None) -> dict[str, int]:
    """People admitted, and scans refused, at one point today (one statement)."""
    start, end = day_bounds(local_today(), forum_tz())
    params = {"start": start, "end": end}
    if session_id is not None:
        params["session_id"] = session_id
    admitted, refused = db.session.execute(_POINT_COUNT[session_id is None], params).one()
    return {"admitted": admitted or 0, "refused": refused or 0}


@dataclass
class PointPresence:
    session_id: int | None
    title: str  # "" for the entrance
    counts_exits: bool
    entries: int
    exits: int
    inside: int | None  # None where the point does not count exits


def inside_now() -> list[PointPresence]:
    """Per check-in point with passages today: admissions in and out, and the people whose
    last passage today was an entry (inside now, where the point counts exits). One
    statement: the last passage per person and point comes from a window function."""
    start, end = day_bounds(local_today(), forum_tz())
    passages = (
        sa.select(
            CheckIn.session_id,
            CheckIn.direction,
            sa.func.row_number()
            .over(
                partition_by=(CheckIn.session_id, CheckIn.participant_id),
                order_by=(CheckIn.at.desc(), CheckIn.id.desc()),
            )
            .label("nth_last"),
        )
        .where(
            CheckIn.result == CheckInResult.ADMITTED,
            CheckIn.participant_id.is_not(None),
            CheckIn.at >= start,
            CheckIn.at < end,
        )
        .subquery()
    )
    S = ProgrammeSession
    entering = passages.c.direction == Direction.IN
    rows = db.session.execute(
        sa.select(
            passages.c.session_id,
            S.title_en,
            S.title_fr,
            S.title_zh,
            S.counts_exits,
            sa.func.count(sa.case((entering, 1))),
            sa.func.count(sa.case((passages.c.direction == Direction.OUT, 1))),
            sa.func.count(sa.case((sa.and_(entering, passages.c.nth_last == 1), 1))),
        )
        .outerjoin(S, S.id == passages.c.session_id)
        .group_by(passages.c.session_id, S.title_en, S.title_fr, S.title_zh, S.counts_exits)
        .order_by(passages.c.session_id.is_not(None), passages.c.session_id)
    ).all()
    entrance_exits = counts_exits(None)
    out = []
    for session_id, en, fr, zh, session_exits, entries, exits, inside in rows:
        exits_counted = entrance_exits if session_id is None else bool(session_exits)
        title = "" if session_id is None else ({"fr": fr, "zh": zh}.get(current_language()) or en)
        out.append(
            PointPresence(
                session_id, title, exits_counted, entries, exits, inside if exits_counted else None
            )
        )
    return out


def stats() -> dict:
    """People admitted at the entrance per forum day (and today), and at each session door."""
    tz = forum_tz()
    today = local_today(tz)
    per_day = []
    for day in _forum_days(tz):
        start, end = day_bounds(day, tz)
        per_day.append(
            {
                "day": day,
                "today": day == today,
                "admitted": _admitted_people(
                    CheckIn.session_id.is_(None), CheckIn.at >= start, CheckIn.at < end
                ),
            }
        )
    rows = db.session.execute(
        sa.select(
            ProgrammeSession.id,
            ProgrammeSession.title_en,
            ProgrammeSession.starts_at,
            sa.func.count(sa.distinct(CheckIn.participant_id)),
        )
        .join(CheckIn, CheckIn.session_id == ProgrammeSession.id)
        .where(CheckIn.result == CheckInResult.ADMITTED)
        .group_by(ProgrammeSession.id, ProgrammeSession.title_en, ProgrammeSession.starts_at)
        .order_by(ProgrammeSession.starts_at)
    ).all()
    sessions = (
        {
            s.id: s
            for s in db.session.scalars(
                sa.select(ProgrammeSession).where(ProgrammeSession.id.in_([r[0] for r in rows]))
            )
        }
        if rows
        else {}
    )
    per_session = [
        {"session": sessions.get(sid), "id": sid, "admitted": n} for sid, _t, _s, n in rows
    ]
    approved = (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Participant)
            .where(Participant.status == ParticipantStatus.APPROVED)
        )
        or 0
    )
    checked_in = (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Participant)
            .where(Participant.checked_in_at.is_not(None))
        )
        or 0
    )
    return {
        "per_day": per_day,
        "per_session": per_session,
        "approved": approved,
        "checked_in": checked_in,
    }
