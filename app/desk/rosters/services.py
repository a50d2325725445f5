"""The roster's downloads: streamed CSV and write-only XLSX (both injection-safe), and the
printed lists (List of Participants, check-in list) built as plain rows for app/documents.

The roster export reads plain column tuples in chunks (no ORM objects, no per-row queries),
so 10,000 rows take well under a second to stream. Passport numbers and dates of birth are
columns only when the caller asks for personal data (organizers only; the view checks).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app import audit
from app.desk.rosters.queries import RosterFilter, protocol_groups
from app.documents import lists
from app.documents.spreadsheets import CHUNK_ROWS, Sheet, csv_stream, xlsx_bytes
from app.extensions import db
from app.forum_time import forum_tz
from app.i18n import current_language, forum
from app.identity import forum_emblem
from app.models import (
    Category,
    Delegation,
    DelegationKind,
    Participant,
    ParticipantStatus,
    utcnow,
)
from app.registration.fields import DIETARY_LABELS


@dataclass(frozen=True)
class Column:
    key: str
    header: object  # a lazy string
    width: int = 14
    personal: bool = False


ROSTER_COLUMNS = (
    Column("id", _l("ID"), 7),
    Column("honorific", _l("Honorific"), 10),
    Column("given_names", _l("Given names"), 18),
    Column("family_name", _l("Family name"), 18),
    Column("native_name", _l("Name in own script"), 18),
    Column("gender", _l("Gender"), 9),
    Column("delegation", _l("Delegation"), 28),
    Column("delegation_kind", _l("Kind"), 16),
    Column("category", _l("Category"), 18),
    Column("position", _l("Position"), 28),
    Column("organization", _l("Organization"), 28),
    Column("email", _l("E-mail"), 28),
    Column("phone", _l("Phone"), 16),
    Column("nationality", _l("Nationality"), 12),
    Column("date_of_birth", _l("Date of birth"), 12, personal=True),
    Column("passport_number", _l("Passport number"), 16, personal=True),
    Column("passport_expiry", _l("Passport expiry"), 12, personal=True),
    Column("status", _l("Status"), 12),
    Column("arrival_date", _l("Arrival date"), 12),
    Column("arrival_time", _l("Arrival time"), 8),
    Column("arrival_flight", _l("Arrival flight"), 10),
    Column("arrival_airport", _l("Arrival airport"), 16),
    Column("departure_date", _l("Departure date"), 12),
    Column("departure_time", _l("Departure time"), 8),
    Column("departure_flight", _l("Departure flight"), 10),
    Column("departure_airport", _l("Departure airport"), 16),
    Column("hotel", _l("Hotel"), 20),
    Column("dietary", _l("Dietary needs"), 14),
    Column("dietary_notes", _l("Dietary notes"), 20),
    Column("accessibility_needs", _l("Accessibility needs"), 20),
    Column("visa_letter_wanted", _l("Visa letter wanted"), 8),
    Column("badge_printed_at", _l("Badge printed"), 16),
    Column("checked_in_at", _l("Checked in"), 16),
    Column("submitted_at", _l("Submitted"), 16),
)


# Columns read as they are (text, or the id); the others go through the Formatter.
PLAIN_KEYS = frozenset(
    {
        "id",
        "honorific",
        "given_names",
        "family_name",
        "native_name",
        "delegation",
        "category",
        "position",
        "organization",
        "email",
        "phone",
        "nationality",
        "passport_number",
        "arrival_flight",
        "arrival_airport",
        "departure_flight",
        "departure_airport",
        "hotel",
        "dietary_notes",
        "accessibility_needs",
    }
)


def roster_columns(personal: bool) -> list[Column]:
    return [c for c in ROSTER_COLUMNS if personal or not c.personal]


class Formatter:
    """Turns column values into the text of a cell, in the current language and time zone."""

    def __init__(self):
        self.tz = forum_tz()
        self.statuses = {s: str(s.label) for s in ParticipantStatus}
        self.kinds = {k: str(k.label) for k in DelegationKind}
        self.yes, self.no = _("Yes"), _("No")
        self.diets = {code: str(label) for code, label in DIETARY_LABELS.items() if code}

    def row_formatter(self, columns: list[Column]):
        """A function from a row of column values to cell values (text as it is)."""
        convs = [
            None if c.key in PLAIN_KEYS else (self.diet if c.key == "dietary" else self)
            for c in columns
        ]

        def format_row(row) -> list:
            return [v if conv is None else conv(v) for conv, v in zip(convs, row, strict=True)]

        return format_row

    def diet(self, code: str | None) -> str:
        return self.diets.get(code, code) if code else ""

    def __call__(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, ParticipantStatus):
            return self.statuses[value]
        if isinstance(value, DelegationKind):
            return self.kinds[value]
        if isinstance(value, bool):
            return self.yes if value else self.no
        if isinstance(value, datetime):
            value = value.astimezone(self.tz)
            return value.strftime("%Y-%m-%d %H:%M")
        if isinstance(value, time):
            return value.strftime("%H:%M")
        if isinstance(value, date):
            return value.isoformat()
        if hasattr(value, "value"):  # other enums (gender)
            return str(value.value)
        return str(value)


def _roster_select(filt: RosterFilter, columns: list[Column], lang: str) -> sa.Select:
    P = Participant
    dname = getattr(Delegation, f"name_{lang}", Delegation.name_en)
    cname = getattr(Category, f"name_{lang}", Category.name_en)
    exprs = {
        "delegation": sa.func.coalesce(dname, Delegation.name_en),
        "delegation_kind": Delegation.kind,
        "category": sa.func.coalesce(cname, Category.name_en),
    }
    selected = [exprs.get(c.key, getattr(P, c.key, None)) for c in columns]
    stmt = sa.select(*selected).select_from(P).join(P.delegation).join(P.category)
    return filt.where(stmt).order_by(*filt.order_by(lang))


def roster_rows(filt: RosterFilter, personal: bool = False) -> Iterator[list[str]]:
    """The filtered participants as rows of text, read from the database in chunks."""
    columns = roster_columns(personal)
    format_row = Formatter().row_formatter(columns)
    stmt = _roster_select(filt, columns, current_language())
    result = db.session.execute(stmt.execution_options(yield_per=CHUNK_ROWS))
    for row in result:
        yield format_row(row)


def roster_csv_stream(filt: RosterFilter, personal: bool = False) -> Iterator[str]:
    """The filtered roster as CSV chunks.

    Everything is prepared here, in the request; the returned generator needs no request
    context (which a streamed response outlives): it reads on a connection of its own, a
    chunk at a time, and closes it at the end or when the client goes away. The connection
    is opened only once the body is read, so a response that is never sent holds none.
    """
    app = current_app._get_current_object()  # noqa: SLF001  (the app, not the proxy)
    engine = db.engine
    columns = roster_columns(personal)
    header = roster_header(personal)
    format_row = Formatter().row_formatter(columns)
    stmt = _roster_select(filt, columns, current_language())

    def generate() -> Iterator[str]:
        with engine.connect() as conn:
            result = conn.execution_options(yield_per=CHUNK_ROWS).execute(stmt)

            def rows() -> Iterator[list[str]]:
                while True:
                    # Decrypting passport numbers (personal=1) reads the key from the config.
                    with app.app_context():
                        batch = result.fetchmany(CHUNK_ROWS)
                        formatted = [format_row(row) for row in batch]
                    if not formatted:
                        return
                    yield from formatted

            try:
                yield from csv_stream(header, rows())
            finally:
                result.close()

    return generate()


def record_roster_export(filt: RosterFilter, personal: bool, fmt: str, user) -> int:
    """Audit one roster export: who, the filter, how many rows, with personal data or not.

    The rows are counted with the export's own filter, before the body is streamed, so the
    entry commits with the request whatever happens to the download.
    """
    stmt = _roster_select(filt, roster_columns(False), current_language())
    rows = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery()))
    audit.record(
        "roster.exported_personal" if personal else "roster.exported",
        object_type="participants",
        changes={
            "format": fmt,
            "filter": filt.to_args(),
            "rows": rows,
            "personal_data": personal,
        },
        actor_id=getattr(user, "id", None),
    )
    return rows


def roster_header(personal: bool) -> list[str]:
    return [str(c.header) for c in roster_columns(personal)]


def roster_xlsx(filt: RosterFilter, personal: bool = False) -> bytes:
    columns = roster_columns(personal)
    return xlsx_bytes(
        [
            Sheet(
                _("Participants"),
                roster_header(personal),
                roster_rows(filt, personal),
                [c.width for c in columns],
            )
        ]
    )


# --- printed lists -----------------------------------------------------------------------


def _kind_heading(kind: DelegationKind) -> str:
    return {
        DelegationKind.COUNTRY: _("Countries and regions"),
        DelegationKind.ORGANIZATION: _("International organizations"),
        DelegationKind.OTHER: _("Others"),
    }[kind]


def list_heading(lang: str) -> lists.ListHeading:
    """The forum's name, place and dates in lang, for the first page of a printed list."""
    settings = forum()
    if not settings:
        return lists.ListHeading("", "", utcnow(), forum_emblem())
    with force_locale(lang):
        dates = (
            f"{format_date(settings.starts_on, 'long')} – {format_date(settings.ends_on, 'long')}"
        )
    place = ", ".join(p for p in (settings.venue, settings.city) if p)
    return lists.ListHeading(
        settings.localized("name", lang),
        " · ".join(p for p in (place, dates) if p),
        utcnow(),
        forum_emblem(),
    )


def list_groups(filt: RosterFilter, lang: str):
    """protocol_groups as the documents' rows: each delegation's name in lang and the heading
    of its kind (translated when drawn: the renderer reads this inside its force_locale)."""
    for delegation, members in protocol_groups(filt, lang):
        yield (
            lists.Group(delegation.localized("name", lang), _kind_heading(delegation.kind)),
            members,
        )


def list_of_participants_pdf(filt: RosterFilter, lang: str) -> bytes:
    return lists.list_of_participants_pdf(list_groups(filt, lang), list_heading(lang), lang)


def checkin_list_pdf(filt: RosterFilter, lang: str) -> bytes:
    category_names = {
        c.id: c.localized("name", lang) for c in db.session.scalars(sa.select(Category))
    }
    return lists.checkin_list_pdf(list_groups(filt, lang), category_names, list_heading(lang), lang)


def list_language(requested: str | None) -> str:
    """The language a printed list was asked for, if the app has it; else the page's."""
    return requested if requested in current_app.config["LANGUAGES"] else current_language()
