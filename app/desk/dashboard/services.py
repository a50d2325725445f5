"""The organizers' and staff's dashboard figures: a handful of GROUP BY queries, whatever the
number of participants, and the small data shapes the SVG chart macros draw."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.extensions import db
from app.forum_time import day_bounds, forum_tz, local_today
from app.i18n import current_language
from app.models import (
    Category,
    CheckIn,
    CheckInResult,
    Delegation,
    DelegationKind,
    DelegationStatus,
    Document,
    Participant,
    ParticipantStatus,
    ProgrammeSession,
    VisaLetter,
    tallies,
)

ACTIVE = (ParticipantStatus.SUBMITTED, ParticipantStatus.APPROVED)
ACTIVE_ARG = ",".join(s.value for s in ACTIVE)
DAYS_OF_REGISTRATIONS = 30
STATUS_VALUES = frozenset(s.value for s in ParticipantStatus)
# Visa letters still owed: to everyone not rejected, withdrawn or cancelled.
VISA_STATUSES = tuple(
    s
    for s in ParticipantStatus
    if s
    not in (ParticipantStatus.REJECTED, ParticipantStatus.WITHDRAWN, ParticipantStatus.CANCELLED)
)
VISA_STATUS_ARG = ",".join(s.value for s in VISA_STATUSES)

STATUS_COLOURS = {
    "draft": "#adb5bd",
    "pending_endorsement": "#6ec1e4",
    "submitted": "#0d6efd",
    "approved": "#198754",
    "waitlisted": "#ffc107",
    "rejected": "#dc3545",
    "withdrawn": "#495057",
    "cancelled": "#343a40",
}
DELEGATION_COLOURS = {"confirmed": "#198754", "invited": "#0d6efd", "declined": "#dc3545"}
KIND_COLOURS = {"country": "#17365d", "organization": "#2a7ab0", "other": "#8c9bab"}


@dataclass
class Bar:
    """One bar of a chart: a label, a value, a colour and where a click goes."""

    label: str
    value: int
    colour: str = "#17365d"
    href: dict | None = None  # url_for arguments of desk.rosters.index
    second: int = 0  # a second, stacked value (e.g. submitted on top of approved)
    second_colour: str = "#9ec5fe"

    @property
    def total(self) -> int:
        return self.value + self.second


@dataclass
class DayCount:
    day: date
    value: int


@dataclass
class SessionCount:
    title: str
    starts_at: object
    admitted: int
    admitted_today: int


@dataclass
class Figures:
    today: date
    delegations: list[Bar] = field(default_factory=list)
    statuses: list[Bar] = field(default_factory=list)
    categories: list[Bar] = field(default_factory=list)
    kinds: list[Bar] = field(default_factory=list)
    per_day: list[DayCount] = field(default_factory=list)
    per_day_is_recent: bool = True
    approved: int = 0
    printed: int = 0
    checked_in_today: int = 0
    checked_in: int = 0
    entrance_today: int = 0
    refused_today: int = 0
    sessions: list[SessionCount] = field(default_factory=list)
    pending_approvals: int = 0
    missing_photos: int = 0
    unverified_documents: int = 0
    visa_pending: int = 0

    @property
    def printed_share(self) -> float:
        return self.printed / self.approved if self.approved else 0.0

    @property
    def actions(self) -> int:
        return (
            self.pending_approvals
            + self.missing_photos
            + self.unverified_documents
            + self.visa_pending
        )


def participant_counts() -> dict[ParticipantStatus, dict[str, int]]:
    """Per status: participants, badges printed, photos missing, checked in (ever), visa
    letters still owed; summed from the tallies (app/models/tallies.py), whatever the size."""
    T = tallies.delegation_rows().c
    rows = db.session.execute(
        sa.select(
            T.status,
            sa.func.sum(T.n),
            sa.func.sum(T.printed),
            sa.func.sum(T.no_photo),
            sa.func.sum(T.checked_in),
            sa.func.sum(T.visa_wanted),
        ).group_by(T.status)
    ).all()
    counts = {
        ParticipantStatus(status): dict(
            count=n, printed=printed, no_photo=no_photo, checked_in=ci, visa=wanted
        )
        for status, n, printed, no_photo, ci, wanted in rows
        if status in STATUS_VALUES
    }
    # Letters already issued to those who wanted one: as many rows as letters, not people.
    P = Participant
    issued = db.session.execute(
        sa.select(P.status, sa.func.count())
        .where(P.id.in_(sa.select(VisaLetter.participant_id)), P.visa_letter_wanted.is_(True))
        .group_by(P.status)
    ).all()
    for status, n in issued:
        if status in counts:
            counts[status]["visa"] -= n
    return counts


def checked_in_on(day: date) -> int:
    """Participants whose first check-in fell on day: a range of the checked_in_at index."""
    start, end = day_bounds(day)
    P = Participant
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(P)
            .where(P.checked_in_at >= start, P.checked_in_at < end)
        )
        or 0
    )


def submissions_per_day(first: date, last: date, tz: ZoneInfo) -> dict[date, int]:
    """Submissions per day of the forum's calendar, first to last, from the hourly tallies.

    An hour is counted on the local day it begins in, exact for zones whose offset is a
    whole number of hours (a +05:30 zone may move half an hour's submissions a day over).
    """
    start, _end = day_bounds(first, tz)
    _start, end = day_bounds(last, tz)
    S = tallies.hour_rows().c
    rows = db.session.execute(
        sa.select(S.hour, sa.func.sum(S.n))
        .where(S.hour >= int(start.timestamp()) // 3600, S.hour < int(end.timestamp()) // 3600)
        .group_by(S.hour)
    ).all()
    out: dict[date, int] = {}
    for hour, n in rows:
        day = datetime.fromtimestamp(hour * 3600, tz).date()
        out[day] = out.get(day, 0) + n
    return out


def _delegation_figures(fig: Figures) -> None:
    """Delegations by status."""
    by_status = dict(
        db.session.execute(
            sa.select(Delegation.status, sa.func.count()).group_by(Delegation.status)
        ).all()
    )
    fig.delegations = [
        Bar(str(s.label), by_status.get(s, 0), DELEGATION_COLOURS[s.value], {"status": s.value})
        for s in DelegationStatus
    ]


def _participant_figures(fig: Figures) -> None:
    """Participants by status, with badges, photos, check-ins and visa letters."""
    counts = participant_counts()
    fig.statuses = [
        Bar(
            str(s.label),
            counts.get(s, {}).get("count", 0),
            STATUS_COLOURS[s.value],
            {"status": s.value},
        )
        for s in ParticipantStatus
    ]
    approved = counts.get(ParticipantStatus.APPROVED, {})
    fig.approved = approved.get("count", 0)
    fig.printed = approved.get("printed", 0)
    fig.checked_in = sum(c["checked_in"] for c in counts.values())
    fig.checked_in_today = checked_in_on(fig.today)
    fig.pending_approvals = counts.get(ParticipantStatus.SUBMITTED, {}).get("count", 0)
    fig.missing_photos = sum(counts.get(s, {}).get("no_photo", 0) for s in ACTIVE)
    fig.visa_pending = sum(c["visa"] for s, c in counts.items() if s in VISA_STATUSES)


def _category_figures(fig: Figures) -> None:
    """Submitted and approved participants by category (approved, submitted stacked)."""
    active = [s.value for s in ACTIVE]
    by_category_rows = tallies.category_rows()
    C = by_category_rows.c
    rows = db.session.execute(
        sa.select(Category, C.status, sa.func.sum(C.n))
        .join(by_category_rows, C.category_id == Category.id)
        .where(C.status.in_(active))
        .group_by(Category.id, C.status)
        .having(sa.func.sum(C.n) > 0)
        .order_by(Category.sort_order, Category.id)
    ).all()
    by_category: dict[int, Bar] = {}
    for category, status, n in rows:
        bar = by_category.setdefault(
            category.id,
            Bar(
                category.name,
                0,
                category.colour,
                {"category_id": category.id, "status": ACTIVE_ARG},
            ),
        )
        if status == ParticipantStatus.APPROVED:
            bar.value += n
        else:
            bar.second += n
    fig.categories = list(by_category.values())


def _kind_figures(fig: Figures) -> None:
    """Submitted and approved participants by delegation kind."""
    active = [s.value for s in ACTIVE]
    by_delegation_rows = tallies.delegation_rows()
    T = by_delegation_rows.c
    rows = db.session.execute(
        sa.select(Delegation.kind, T.status, sa.func.sum(T.n))
        .join(by_delegation_rows, T.delegation_id == Delegation.id)
        .where(T.status.in_(active))
        .group_by(Delegation.kind, T.status)
    ).all()
    kinds = {
        k: Bar(str(k.label), 0, KIND_COLOURS[k.value], {"kind": k.value, "status": ACTIVE_ARG})
        for k in DelegationKind
    }
    for kind, status, n in rows:
        if status == ParticipantStatus.APPROVED:
            kinds[kind].value += n
        else:
            kinds[kind].second += n
    fig.kinds = list(kinds.values())


def _registration_figures(fig: Figures) -> None:
    """Registrations (submissions) per day: the last 30 days, or, when registration has
    been quiet for longer, the 30 days up to the last submission."""
    tz = forum_tz()
    day = fig.today
    P = Participant
    last = db.session.scalar(sa.select(sa.func.max(P.submitted_at)))
    end_day = day
    if last is not None:
        last_day = last.astimezone(tz).date()
        if last_day < day - timedelta(days=DAYS_OF_REGISTRATIONS - 1):
            end_day = last_day
    first = end_day - timedelta(days=DAYS_OF_REGISTRATIONS - 1)
    per_day = submissions_per_day(first, end_day, tz)
    fig.per_day = [
        DayCount(first + timedelta(days=i), per_day.get(first + timedelta(days=i), 0))
        for i in range(DAYS_OF_REGISTRATIONS)
    ]
    fig.per_day_is_recent = end_day == day


def organizer_figures() -> Figures:
    """Everything the organizers' panels show, in nine statements."""
    tallies.compact_now()
    fig = Figures(today=local_today())
    _delegation_figures(fig)
    _participant_figures(fig)
    _category_figures(fig)
    _kind_figures(fig)
    _registration_figures(fig)
    # 6. Check-ins: at the entrance today, and per session.
    fig.entrance_today, fig.refused_today, fig.sessions = checkin_counts(fig.today)

    # 7. Nomination letters and notes verbales not verified yet.
    fig.unverified_documents = (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Document).where(Document.verified_at.is_(None))
        )
        or 0
    )
    return fig


def checkin_counts(day: date) -> tuple[int, int, list[SessionCount]]:
    """People admitted at the entrance on day, scans refused on day, and per session the
    people admitted (ever and on day): one GROUP BY over the check-ins."""
    start, end = day_bounds(day)
    admitted = CheckIn.result == CheckInResult.ADMITTED
    on_day = sa.and_(CheckIn.at >= start, CheckIn.at < end)
    S = ProgrammeSession
    rows = db.session.execute(
        sa.select(
            CheckIn.session_id,
            S.title_en,
            S.title_fr,
            S.title_zh,
            S.starts_at,
            sa.func.count(sa.distinct(sa.case((admitted, CheckIn.participant_id)))),
            sa.func.count(
                sa.distinct(sa.case((sa.and_(admitted, on_day), CheckIn.participant_id)))
            ),
            sa.func.coalesce(
                sa.func.sum(
                    sa.case((sa.and_(CheckIn.result == CheckInResult.REFUSED, on_day), 1), else_=0)
                ),
                0,
            ),
        )
        .outerjoin(S, S.id == CheckIn.session_id)
        .group_by(CheckIn.session_id, S.title_en, S.title_fr, S.title_zh, S.starts_at)
    ).all()
    entrance_today = refused_today = 0
    sessions = []
    for session_id, en, fr, zh, starts_at, n_all, n_day, refused in rows:
        refused_today += refused
        if session_id is None:
            entrance_today = n_day
            continue
        title = {"en": en, "fr": fr, "zh": zh}.get(current_language()) or en or ""
        sessions.append(SessionCount(title, starts_at, n_all, n_day))
    sessions.sort(key=lambda s: (s.starts_at is None, s.starts_at))
    return entrance_today, refused_today, sessions


@dataclass
class StaffFigures:
    today: date
    approved: int
    printed: int
    checked_in: int
    checked_in_today: int
    entrance_today: int
    refused_today: int


def staff_figures() -> StaffFigures:
    tallies.compact_now()
    day = local_today()
    counts = participant_counts()
    approved = counts.get(ParticipantStatus.APPROVED, {})
    entrance_today, refused_today, _sessions = checkin_counts(day)
    return StaffFigures(
        today=day,
        approved=approved.get("count", 0),
        printed=approved.get("printed", 0),
        checked_in=sum(c["checked_in"] for c in counts.values()),
        checked_in_today=checked_in_on(day),
        entrance_today=entrance_today,
        refused_today=refused_today,
    )
