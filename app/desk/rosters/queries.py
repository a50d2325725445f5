"""The roster filter: one parsed set of criteria that the page, the exports and the PDFs share.

A download is always "exactly the rows the page shows", so every list of participants on the
desk goes through RosterFilter.apply(). Bad values in the query string are ignored, never a
500: a filter that cannot be parsed simply does not filter.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, defer, load_only, raiseload

from app.documents.lists import Member
from app.extensions import db
from app.forum_time import day_bounds
from app.i18n import current_language
from app.integers import optional_id
from app.models import (
    Category,
    Delegation,
    DelegationKind,
    Participant,
    ParticipantStatus,
    VisaLetter,
    fold_for_search,
    tallies,
)

YES_NO = ("yes", "no")
VISA_CHOICES = ("wanted", "not_wanted", "pending", "issued")
SORTS = ("name", "delegation", "category", "status", "created")
HEAD_CATEGORY_CODES = ("head_of_delegation", "head")


def parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _choice(value: str | None, choices) -> str | None:
    return value if value in choices else None


@dataclass
class RosterFilter:
    delegation_id: int | None = None
    kind: DelegationKind | None = None
    category_id: int | None = None
    statuses: list[ParticipantStatus] = field(default_factory=list)
    checked_in: str | None = None  # yes / no
    badge_printed: str | None = None  # yes / no
    photo: str | None = None  # yes / no
    arrival_day: date | None = None
    submitted_on: date | None = None  # in the forum's time zone
    checked_in_on: date | None = None  # first check-in, in the forum's time zone
    visa: str | None = None  # wanted / not_wanted / pending / issued
    q: str = ""
    sort: str = "name"
    desc: bool = False

    @classmethod
    def from_args(cls, args) -> RosterFilter:
        statuses = []
        for value in args.getlist("status"):
            for part in value.split(","):
                try:
                    status = ParticipantStatus(part.strip())
                except ValueError:
                    continue
                if status not in statuses:
                    statuses.append(status)
        try:
            kind = DelegationKind(args.get("kind", ""))
        except ValueError:
            kind = None
        sort = args.get("sort", "name")
        desc = sort.startswith("-")
        sort = sort.lstrip("-")
        return cls(
            delegation_id=optional_id(args.get("delegation_id")),
            kind=kind,
            category_id=optional_id(args.get("category_id")),
            statuses=statuses,
            checked_in=_choice(args.get("checked_in"), YES_NO),
            badge_printed=_choice(args.get("badge_printed"), YES_NO),
            photo=_choice(args.get("photo"), YES_NO),
            arrival_day=parse_day(args.get("arrival_day")),
            submitted_on=parse_day(args.get("submitted_on")),
            checked_in_on=parse_day(args.get("checked_in_on")),
            visa=_choice(args.get("visa"), VISA_CHOICES),
            q=(args.get("q") or "").strip()[:100],
            sort=sort if sort in SORTS else "name",
            desc=desc,
        )

    def to_args(self, *, with_sort: bool = True) -> dict:
        """The query-string arguments that reproduce this filter (for links and downloads)."""
        out: dict = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ("sort", "desc"):
                continue
            if f.name == "statuses":
                if value:
                    # One comma-joined value, so links that copy request.args keep them all.
                    out["status"] = ",".join(s.value for s in value)
            elif isinstance(value, date):
                out[f.name] = value.isoformat()
            elif value not in (None, "", False):
                out[f.name] = value.value if hasattr(value, "value") else value
        if with_sort and (self.sort != "name" or self.desc):
            out["sort"] = ("-" if self.desc else "") + self.sort
        return out

    @property
    def active(self) -> bool:
        return bool(self.to_args(with_sort=False))

    def with_default_statuses(self, *statuses: ParticipantStatus) -> RosterFilter:
        """A copy that falls back to these statuses when none was chosen."""
        if self.statuses:
            return self
        copy = RosterFilter(**{f.name: getattr(self, f.name) for f in fields(self)})
        copy.statuses = list(statuses)
        return copy

    # --- the query --------------------------------------------------------------------------

    def where(self, stmt: sa.Select) -> sa.Select:
        """Add this filter's conditions to a select that already joins Delegation."""
        P = Participant
        if self.delegation_id is not None:
            stmt = stmt.where(P.delegation_id == self.delegation_id)
        if self.kind is not None:
            stmt = stmt.where(Delegation.kind == self.kind)
        if self.category_id is not None:
            stmt = stmt.where(P.category_id == self.category_id)
        if self.statuses:
            stmt = stmt.where(P.status.in_(self.statuses))
        if self.checked_in:
            col = P.checked_in_at
            stmt = stmt.where(col.is_not(None) if self.checked_in == "yes" else col.is_(None))
        if self.badge_printed:
            col = P.badge_printed_at
            stmt = stmt.where(col.is_not(None) if self.badge_printed == "yes" else col.is_(None))
        if self.photo:
            col = P.photo_updated_at
            stmt = stmt.where(col.is_not(None) if self.photo == "yes" else col.is_(None))
        if self.arrival_day:
            stmt = stmt.where(P.arrival_date == self.arrival_day)
        if self.submitted_on:
            start, end = day_bounds(self.submitted_on)
            stmt = stmt.where(P.submitted_at >= start, P.submitted_at < end)
        if self.checked_in_on:
            start, end = day_bounds(self.checked_in_on)
            stmt = stmt.where(P.checked_in_at >= start, P.checked_in_at < end)
        if self.visa:
            issued = sa.exists().where(VisaLetter.participant_id == P.id)
            stmt = stmt.where(
                {
                    "wanted": P.visa_letter_wanted.is_(True),
                    "not_wanted": P.visa_letter_wanted.is_(False),
                    "pending": sa.and_(P.visa_letter_wanted.is_(True), ~issued),
                    "issued": issued,
                }[self.visa]
            )
        for word in fold_for_search(self.q).split():
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            stmt = stmt.where(P.search_text.like(f"%{escaped}%", escape="\\"))
        return stmt

    def order_by(self, lang: str | None = None) -> list:
        P = Participant
        name = [sa.func.lower(P.family_name), sa.func.lower(P.given_names)]
        keys = {
            "name": name,
            "delegation": [*delegation_order(lang), *name],
            "category": [Category.sort_order, Category.name_en, *name],
            "status": [P.status, *name],
            "created": [P.created_at],
        }[self.sort]
        if self.desc:
            keys = [k.desc() for k in keys]
        return [*keys, P.id.desc() if self.desc else P.id]

    def count_from_tallies(self) -> int | None:
        """The number of participants that match, read from the tallies kept by the
        database (app/models/tallies.py), or None when this filter needs a real count."""
        rest = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in ("delegation_id", "kind", "category_id", "statuses", "sort", "desc"):
            rest.pop(name)
        if any(v not in (None, "") for v in rest.values()):
            return None
        statuses = [s.value for s in self.statuses]
        if self.category_id is not None:
            if self.delegation_id is not None or self.kind is not None:
                return None
            C = tallies.category_rows().c
            stmt = sa.select(sa.func.sum(C.n)).where(C.category_id == self.category_id)
            if statuses:
                stmt = stmt.where(C.status.in_(statuses))
            return db.session.scalar(stmt) or 0
        T = tallies.delegation_rows().c
        stmt = sa.select(sa.func.sum(T.n))
        if self.delegation_id is not None:
            stmt = stmt.where(T.delegation_id == self.delegation_id)
        if self.kind is not None:
            stmt = stmt.join(Delegation, Delegation.id == T.delegation_id).where(
                Delegation.kind == self.kind
            )
        if statuses:
            stmt = stmt.where(T.status.in_(statuses))
        return db.session.scalar(stmt) or 0

    def select(self, lang: str | None = None) -> sa.Select:
        """Participants with their delegation and category in one statement, sorted."""
        return self.where(participants_with_relations()).order_by(*self.order_by(lang))

    def id_select(self, lang: str | None = None) -> sa.Select:
        """Only the ids, sorted: the database sorts narrow rows, then a page loads in full."""
        stmt = sa.select(Participant.id)
        # Joined only when a condition or the order needs them: counting 10,000 rows
        # without joins is several times faster (the foreign keys are NOT NULL).
        if self.kind is not None or self.sort == "delegation":
            stmt = stmt.join(Participant.delegation)
        if self.sort == "category":
            stmt = stmt.join(Participant.category)
        return self.where(stmt).order_by(*self.order_by(lang))


def participants_with_relations() -> sa.Select:
    return (
        sa.select(Participant)
        .join(Participant.delegation)
        .join(Participant.category)
        .options(
            contains_eager(Participant.delegation),
            contains_eager(Participant.category),
            # Never loaded for lists: staff must not see them, and nothing decrypts a
            # passport number per row.
            defer(Participant.passport_number, raiseload=True),
            defer(Participant.date_of_birth, raiseload=True),
            defer(Participant.passport_expiry, raiseload=True),
        )
    )


# What a roster row shows (templates/desk/roster.html): building 50 objects of every
# column was a third of the page. Anything else raises instead of costing a query per row.
_ROSTER_ROW = (
    load_only(
        Participant.id,
        Participant.delegation_id,
        Participant.category_id,
        Participant.status,
        Participant.honorific,
        Participant.given_names,
        Participant.family_name,
        Participant.native_name,
        Participant.position,
        Participant.organization,
        Participant.badge_printed_at,
        Participant.checked_in_at,
        Participant.created_at,
        Participant.photo_updated_at,
        raiseload=True,
    ),
    raiseload(Participant.delegation),
    contains_eager(Participant.category).load_only(Category.colour, raiseload=True),
)


def load_in_order(ids: list[int]) -> list[Participant]:
    """The roster's page: the participants with these ids, in this order (the columns a
    row shows, and their category's colour)."""
    if not ids:
        return []
    stmt = (
        sa.select(Participant)
        .join(Participant.category)
        .where(Participant.id.in_(ids))
        .options(*_ROSTER_ROW)
    )
    by_id = {p.id: p for p in db.session.scalars(stmt)}
    return [by_id[i] for i in ids if i in by_id]


def localized_name(model, lang: str, field: str = "name"):
    """SQL for model.localized(field, lang): the language's column, else English."""
    column = getattr(model, f"{field}_{lang}", None)
    english = getattr(model, f"{field}_en")
    if column is None or column is english:
        return english
    return sa.func.coalesce(sa.func.nullif(column, ""), english)


def distinct_values(column) -> list:
    """The distinct non-null values of an indexed column, in order, in one statement that
    jumps from each value to the next in the index (a recursive CTE): a few index lookups
    per value instead of reading every row."""
    found = sa.select(sa.func.min(column).label("v")).cte("found", recursive=True)
    following = sa.select(sa.func.min(column)).where(column > found.c.v).scalar_subquery()
    found = found.union_all(sa.select(following).where(found.c.v.is_not(None)))
    return list(db.session.scalars(sa.select(found.c.v).where(found.c.v.is_not(None))))


def delegation_order(lang: str | None = None) -> list:
    """SQL ordering of delegations in protocol order (kind, sort key, name in lang)."""
    lang = lang or current_language()
    name = getattr(Delegation, f"name_{lang}", Delegation.name_en)
    rank = sa.case(
        {DelegationKind.COUNTRY.value: 0, DelegationKind.ORGANIZATION.value: 1},
        value=Delegation.kind,
        else_=2,
    )
    return [
        rank,
        Delegation.sort_key,
        sa.func.lower(sa.func.coalesce(name, Delegation.name_en)),
        Delegation.id,
    ]


# --- protocol order in Python (lists and PDFs) ------------------------------------------------


def collation_key(text: str) -> str:
    """A sort key for names: case and accents folded (É sorts with E).

    Han characters keep their code-point order, which follows radical and stroke count.
    """
    text = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def delegation_protocol_key(delegation: Delegation, lang: str) -> tuple:
    """Countries and regions alphabetically in lang, then organizations, then others."""
    return (
        delegation.kind.protocol_rank,
        delegation.sort_key or "",
        collation_key(delegation.localized("name", lang)),
        delegation.id,
    )


def member_key(member: Member, category_order: int) -> tuple:
    """Within a delegation: the head first, then by category order and family name."""
    return (
        0 if member.head else 1,
        category_order,
        collation_key(member.family_name),
        collation_key(member.given_names),
        member.id,
    )


def protocol_groups(filt: RosterFilter, lang: str) -> Iterator[tuple[Delegation, list[Member]]]:
    """The filtered participants by delegation in protocol order, the head of each first
    (the delegation's named head, else the head-of-delegation category): read one delegation
    at a time (the (delegation_id, status) index), so memory stays flat however many."""
    delegations = sa.select(Delegation)
    if filt.delegation_id is not None:
        delegations = delegations.where(Delegation.id == filt.delegation_id)
    if filt.kind is not None:
        delegations = delegations.where(Delegation.kind == filt.kind)
    ordered = sorted(
        db.session.scalars(delegations), key=lambda d: delegation_protocol_key(d, lang)
    )
    categories = {c.id: c for c in db.session.scalars(sa.select(Category))}
    P = Participant
    columns = sa.select(
        P.id,
        P.honorific,
        P.given_names,
        P.family_name,
        P.native_name,
        P.position,
        P.organization,
        P.category_id,
    )
    stmt = filt.where(columns.join(P.delegation).join(P.category))
    for delegation in ordered:
        head_id = delegation.head_participant_id
        members = [
            Member(
                *row,
                head=row.id == head_id
                if head_id is not None
                else categories[row.category_id].code in HEAD_CATEGORY_CODES,
            )
            for row in db.session.execute(stmt.where(P.delegation_id == delegation.id))
        ]
        if members:
            members.sort(key=lambda m: member_key(m, categories[m.category_id].sort_order))
            yield delegation, members
