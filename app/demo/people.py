"""Demo people: names drawn from a culture's pool, participant rows for one bulk INSERT."""

from __future__ import annotations

import random
import unicodedata
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from app.demo.data import CARRIERS, DIETS, HOTELS, LANGUAGES, NAMES, POSITIONS, TZ
from app.extensions import db
from app.models import (
    HEAD_CATEGORY,
    Category,
    Gender,
    Participant,
    ParticipantStatus,
    fold_for_search,
    new_badge_secret,
    utcnow,
)

S = ParticipantStatus
DECIDED = (S.APPROVED, S.REJECTED, S.WITHDRAWN, S.CANCELLED)
REASONS = {
    S.REJECTED: "Nomination received after the delegation was complete.",
    S.CANCELLED: "Cancelled at the request of the secretariat.",
    S.WITHDRAWN: "Withdrawn by the delegation.",
}


class Pool:
    """A culture's names, parsed once."""

    def __init__(self, spec: dict):
        self.order = spec.get("order", "")
        self.latin_native = spec.get("latin_native", False)

        def pairs(text: str) -> list[tuple[str, ...]]:
            return [
                tuple(part.replace("_", " ") for part in item.split("|")) for item in text.split()
            ]

        self.family = pairs(spec["family"])
        self.male = pairs(spec["male"])
        self.female = pairs(spec["female"])
        self.gendered_latin = spec.get("gendered", False)

    def person(self, rng: random.Random, gender: Gender) -> tuple[str, str, str]:
        """(given names, family name, name in own script)."""
        given = rng.choice(self.male if gender == Gender.MALE else self.female)
        fam = rng.choice(self.family)
        female = gender == Gender.FEMALE
        if len(fam) == 4:  # gendered family name with native script
            fam_latin, fam_native = (fam[2], fam[3]) if female else (fam[0], fam[1])
        elif self.gendered_latin and len(fam) == 2:
            fam_latin, fam_native = (fam[1] if female else fam[0]), ""
        else:
            fam_latin, fam_native = fam[0], fam[1] if len(fam) > 1 else ""
        given_latin, given_native = given[0], given[1] if len(given) > 1 else ""
        native = ""
        if self.latin_native:
            native = f"{fam_latin} {given_latin}"
        elif fam_native and given_native:
            if self.order == "fg":
                native = fam_native + given_native
            elif self.order == "f g":
                native = f"{fam_native} {given_native}"
            else:
                native = f"{given_native} {fam_native}"
        return given_latin, fam_latin, native


POOLS = {key: Pool(spec) for key, spec in NAMES.items()}


def ascii_of(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if c.isascii() and (c.isalnum() or c in ".-"))


def local(dt: datetime) -> datetime:
    return dt.replace(tzinfo=TZ).astimezone(UTC)


class Builder:
    """Makes participant rows (plain dicts for one bulk INSERT).

    Every draw from `rng` happens in a fixed order, so a seed builds the same forum."""

    def __init__(self, rng: random.Random, categories: dict[str, int]):
        self.rng = rng
        self.categories = categories
        self.now = utcnow()
        self.emails: set[str] = set()

    def email_for(self, given: str, family: str, domain: str) -> str:
        base = f"{ascii_of(given.split()[0])}.{ascii_of(family.replace(' ', ''))}".strip(".")
        email = f"{base}@{domain}"
        n = 2
        while email in self.emails:
            email = f"{base}{n}@{domain}"
            n += 1
        self.emails.add(email)
        return email

    def row(
        self,
        *,
        delegation_id: int,
        delegation_code: str,
        category: str,
        status: ParticipantStatus,
        culture: str,
        nationality: str | None,
        organization: str,
        phone_prefix: str,
        domain: str,
        position: str | None = None,
        abroad: bool = True,
    ) -> dict:
        row = self._person(category, culture, position, phone_prefix, domain)
        row.update(
            delegation_id=delegation_id,
            category_id=self.categories[category],
            status=status,
            nationality=nationality,
            organization=organization,
            self_registered=status == S.PENDING_ENDORSEMENT,
        )
        self._timestamps(row, status)
        if abroad:
            self._documents(row)
        if status not in (S.REJECTED, S.DRAFT):
            self._travel(row, abroad)
        return row

    def _person(
        self, category: str, culture: str, position: str | None, phone_prefix: str, domain: str
    ) -> dict:
        rng = self.rng
        gender = Gender.FEMALE if rng.random() < 0.38 else Gender.MALE
        given, family, native = POOLS[culture].person(rng, gender)
        senior = category in ("head_of_delegation", "vip")
        if senior and rng.random() < 0.6:
            honorific = "H.E. Mr." if gender == Gender.MALE else "H.E. Ms."
        elif category in ("expert", "speaker") and rng.random() < 0.5:
            honorific = rng.choice(["Dr.", "Prof."])
        else:
            honorific = "Mr." if gender == Gender.MALE else "Ms."
        if position is None:
            position = rng.choice(POSITIONS.get(category, POSITIONS["delegate"]))
        email = self.email_for(given, family, domain)
        return dict(
            honorific=honorific,
            given_names=given,
            family_name=family,
            native_name=native,
            gender=gender,
            position=position,
            email=email,
            phone=f"{phone_prefix} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            languages=LANGUAGES.get(culture, "English"),
            badge_secret=new_badge_secret(),
            search_text=fold_for_search(given, family, native, email)[:600],
            **_EMPTY,
        )

    def _timestamps(self, row: dict, status: ParticipantStatus) -> None:
        """Workflow timestamps that fit the status."""
        rng = self.rng
        base = datetime(2025, 7, 1, 10, tzinfo=UTC) + timedelta(
            days=rng.randint(0, 50), minutes=rng.randint(0, 600)
        )
        if status != S.DRAFT:
            row["consent_at"] = base
        if status not in (S.DRAFT, S.PENDING_ENDORSEMENT):
            row["submitted_at"] = base + timedelta(hours=1)
        if status in DECIDED:
            row["decided_at"] = base + timedelta(days=rng.randint(1, 5))
        if status == S.WAITLISTED:
            row["waitlisted_at"] = base + timedelta(hours=1)
        row["status_reason"] = REASONS.get(status, "")

    def _documents(self, row: dict) -> None:
        """Identity documents of those who come from abroad."""
        rng = self.rng
        if rng.random() < 0.7:
            row["passport_number"] = f"{rng.choice('ABCEGKNPRSTX')}{rng.randint(1000000, 99999999)}"
            row["passport_expiry"] = date(2027 + rng.randint(0, 7), rng.randint(1, 12), 1)
            row["date_of_birth"] = date(
                rng.randint(1962, 1996), rng.randint(1, 12), rng.randint(1, 28)
            )
        row["visa_letter_wanted"] = rng.random() < 0.3

    def _travel(self, row: dict, abroad: bool) -> None:
        """Flights of those who come from abroad; hotel, diet and needs of everyone."""
        rng = self.rng
        arrival = date(2025, 9, 16) - timedelta(days=rng.choice([0, 0, 0, 1]))
        departure = date(2025, 9, 19) + timedelta(days=rng.choice([-1, 0, 0, 1]))
        if abroad:
            via_shanghai = rng.random() < 0.35
            row.update(
                arrival_date=arrival,
                arrival_time=time(rng.randint(7, 22), rng.choice([0, 15, 30, 45])),
                arrival_flight=f"{rng.choice(CARRIERS)}{rng.randint(2000, 9899)}",
                arrival_airport="PVG" if via_shanghai else "LYG",
                departure_date=departure,
                departure_time=time(rng.randint(7, 21), rng.choice([0, 10, 35, 50])),
                departure_flight=f"{rng.choice(CARRIERS)}{rng.randint(2000, 9899)}",
                departure_airport="PVG" if via_shanghai else "LYG",
            )
        row["hotel"] = rng.choice(HOTELS)
        row["dietary"] = rng.choice(DIETS)
        if row["dietary"] == "kosher" or rng.random() < 0.03:
            row["dietary_notes"] = rng.choice(["Nut allergy", "No shellfish", "Lactose intolerant"])
        if rng.random() < 0.02:
            row["accessibility_needs"] = rng.choice(
                ["Wheelchair access", "Seat near the exit, please", "Hearing loop"]
            )


# Columns a row starts without; the steps above fill what fits the person.
_EMPTY = dict(
    date_of_birth=None,
    passport_number=None,
    passport_expiry=None,
    visa_letter_wanted=False,
    consent_at=None,
    submitted_at=None,
    decided_at=None,
    waitlisted_at=None,
    endorsed_at=None,
    arrival_date=None,
    arrival_time=None,
    arrival_flight="",
    arrival_airport="",
    departure_date=None,
    departure_time=None,
    departure_flight="",
    departure_airport="",
    hotel="",
    dietary="",
    dietary_notes="",
    accessibility_needs="",
    status_reason="",
)


def insert_participants(rows: list[dict]) -> list[int]:
    """One executemany INSERT (Core: the ORM's bulk path would split the rows into groups by
    their NULL columns); the ids are read back through the unique badge secrets."""
    if not rows:
        return []
    # Core inserts skip the ORM's events: is_head is written here, as the model keeps it.
    head = db.session.scalar(sa.select(Category.id).where(Category.code == HEAD_CATEGORY))
    for row in rows:
        row["is_head"] = row["category_id"] == head
    db.session.execute(sa.insert(Participant.__table__), rows)
    secrets_to_ids = dict(
        db.session.execute(sa.select(Participant.badge_secret, Participant.id)).all()
    )
    return [secrets_to_ids[r["badge_secret"]] for r in rows]
