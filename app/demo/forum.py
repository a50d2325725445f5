"""The demo forum of DESIGN.md (seed-demo): about 60 delegations and 230 participants.

Everything is drawn from a seeded random generator, so two runs build the same forum
(secrets and tokens excepted): the steps below run in a fixed order and each draws in a fixed
order. Participants are written with one bulk INSERT … RETURNING, which skips ORM events:
search_text and badge_secret are filled by the builder.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import sqlalchemy as sa
from phonenumbers import country_code_for_region

from app.demo.data import (
    AGENCIES,
    COUNTRIES,
    FORUM,
    GENERIC_AGENCIES,
    HOST_POSITIONS,
    HOST_ROLES,
    INSTITUTES,
    INTERPRETER_LANGUAGES,
    NAMED_SIZES,
    ORGANIZATIONS,
    OTHER_STATUSES,
    OTHERS,
    OUTLETS,
    SIZES,
)
from app.demo.people import Builder, insert_participants
from app.demo.setup import Summary, accounts, categories, delegation, set_heads
from app.extensions import db
from app.i18n import country_names
from app.models import Delegation, DelegationKind, DelegationStatus, Participant, ParticipantStatus

A = ParticipantStatus.APPROVED
# Columns a member handed another status takes from a fresh row of that status.
_WORKFLOW = ("consent_at", "submitted_at", "decided_at", "waitlisted_at", "status_reason")


@dataclass
class _Demo:
    rng: random.Random
    categories: dict[str, int]
    builder: Builder
    countries: list[Delegation] = field(default_factory=list)
    orgs: list[Delegation] = field(default_factory=list)
    others: list[Delegation] = field(default_factory=list)
    plan: list[tuple[Delegation, list[dict]]] = field(default_factory=list)
    # Members who are not heads of delegation, to hand the other statuses to.
    assignable: list[dict] = field(default_factory=list)
    speakers_left: int = 10

    def row(self, d: Delegation, category: str, **values) -> dict:
        return self.builder.row(
            delegation_id=d.id, delegation_code=d.code, category=category, **values
        )


def build(summary: Summary, password_hash: str, rng: random.Random) -> None:
    cats = categories()
    demo = _Demo(rng, cats, Builder(rng, cats))
    _delegations(demo)
    _country_members(demo)
    _organization_members(demo)
    _expert_members(demo)
    _media_members(demo)
    _host_members(demo)
    _other_statuses(demo)
    all_rows = _insert(demo)
    _quotas_and_heads(demo)
    _accounts(demo, summary, password_hash)
    _summarize(demo, summary, len(all_rows))


def _delegations(demo: _Demo) -> None:
    """Countries and regions, organizations, others."""
    for n, code in enumerate(COUNTRIES):
        status = DelegationStatus.INVITED if n in (23, 37, 44) else DelegationStatus.CONFIRMED
        demo.countries.append(
            delegation(DelegationKind.COUNTRY, code, country_names(code), status=status)
        )
    demo.orgs = [
        delegation(DelegationKind.ORGANIZATION, code, {"en": en, "fr": fr, "zh": zh})
        for code, en, fr, zh, _phone in ORGANIZATIONS
    ]
    demo.others = [
        delegation(DelegationKind.OTHER, code, {"en": en, "fr": fr, "zh": zh}, quota=40)
        for code, en, fr, zh in OTHERS
    ]
    db.session.flush()


def _country_category(demo: _Demo, i: int, size: int) -> str:
    if i == 0:
        return "head_of_delegation"
    if i == size - 1 and size >= 4:
        return "observer"
    if demo.speakers_left and demo.rng.random() < 0.25:
        demo.speakers_left -= 1
        return "speaker"
    return "delegate"


def _country_members(demo: _Demo) -> None:
    rng = demo.rng
    for n, d in enumerate(demo.countries):
        size = NAMED_SIZES.get(d.code) or SIZES[n % len(SIZES)]
        agency = AGENCIES.get(d.code) or rng.choice(GENERIC_AGENCIES)
        phone = f"+{country_code_for_region(d.code)}"
        rows = []
        for i in range(size):
            row = demo.row(
                d,
                _country_category(demo, i, size),
                status=A,
                culture=COUNTRIES[d.code],
                nationality=d.code,
                organization=agency,
                phone_prefix=phone,
                domain=f"{d.code.lower()}.example.org",
                abroad=d.code != "CN",
            )
            rows.append(row)
            if i and not (d.code == "CN" and i == 1):
                demo.assignable.append(row)
        if d.code == "CN":
            rows[1]["category_id"] = demo.categories["vip"]
            rows[1]["position"] = "Vice Minister of Public Security"
        demo.plan.append((d, rows))


def _organization_members(demo: _Demo) -> None:
    rng = demo.rng
    for d, (code, _en, _fr, _zh, phone) in zip(demo.orgs, ORGANIZATIONS, strict=True):
        rows = []
        for i, category in enumerate(("head_of_delegation", "speaker", "delegate")):
            culture = rng.choice(list(COUNTRIES.values()))
            nationality = rng.choice([c for c, v in COUNTRIES.items() if v == culture])
            position = {
                "head_of_delegation": "Chief of Mission in China"
                if code in ("IOM", "UNHCR")
                else "Regional Representative",
                "speaker": "Senior Migration Policy Officer",
                "delegate": "Programme Officer",
            }[category]
            row = demo.row(
                d,
                category,
                status=A,
                culture=culture,
                nationality=nationality,
                organization=d.name_en,
                phone_prefix=phone,
                domain=f"{code.lower()}.example.org",
                position=position,
            )
            rows.append(row)
            if i:
                demo.assignable.append(row)
        demo.plan.append((d, rows))


def _expert_members(demo: _Demo) -> None:
    rng = demo.rng
    experts = demo.others[0]
    rows = []
    for i in range(14):
        culture = "zh" if i % 2 == 0 else rng.choice(["en", "fr", "de", "ru", "es", "ja", "ko"])
        nat = (
            "CN"
            if culture == "zh"
            else rng.choice([c for c, v in COUNTRIES.items() if v == culture])
        )
        rows.append(
            demo.row(
                experts,
                "speaker" if i < 3 else "expert",
                status=A if i % 5 else ParticipantStatus.SUBMITTED,
                culture=culture,
                nationality=nat,
                organization=INSTITUTES[i % len(INSTITUTES)],
                phone_prefix="+86 25",
                domain="experts.example.org",
                position=rng.choice(
                    ["Professor", "Senior Research Fellow", "Researcher", "Director"]
                ),
                abroad=culture != "zh",
            )
        )
    demo.plan.append((experts, rows))


def _media_members(demo: _Demo) -> None:
    media = demo.others[1]
    rows = [
        demo.row(
            media,
            "media",
            status=[A, A, A, ParticipantStatus.SUBMITTED][i % 4],
            culture="zh",
            nationality="CN",
            organization=OUTLETS[i % len(OUTLETS)],
            phone_prefix="+86 10",
            domain="media.example.org",
            position=demo.rng.choice(
                ["Correspondent", "Photographer", "Camera operator", "Editor"]
            ),
            abroad=False,
        )
        for i in range(12)
    ]
    demo.plan.append((media, rows))


def _host_members(demo: _Demo) -> None:
    host = demo.others[2]
    rows = [
        demo.row(
            host,
            category,
            status=A,
            culture="zh",
            nationality="CN",
            organization="National Immigration Administration"
            if category != "interpreter"
            else "Lianyungang Foreign Affairs Office",
            phone_prefix="+86 518",
            domain="host.example.org",
            position=HOST_POSITIONS[category],
            abroad=False,
        )
        for category in HOST_ROLES
    ]
    # The host head of delegation goes first, as in every delegation.
    rows.insert(0, rows.pop(2))
    for r in rows:
        if r["category_id"] == demo.categories["interpreter"]:
            r["languages"] = demo.rng.choice(INTERPRETER_LANGUAGES)
    demo.plan.append((host, rows))


def _other_statuses(demo: _Demo) -> None:
    """Hand out the other statuses; a delegation with someone waitlisted is full."""
    demo.rng.shuffle(demo.assignable)
    it = iter(demo.assignable)
    for status, count in OTHER_STATUSES.items():
        for _ in range(count):
            r = next(it)
            r["status"] = status
            r["self_registered"] = status == ParticipantStatus.PENDING_ENDORSEMENT
            fresh = demo.builder.row(
                delegation_id=r["delegation_id"],
                delegation_code="",
                category="delegate",
                status=status,
                culture="en",
                nationality=None,
                organization="",
                phone_prefix="",
                domain="x.example.org",
            )
            for key in _WORKFLOW:
                r[key] = fresh[key]
            if status in (ParticipantStatus.DRAFT, ParticipantStatus.REJECTED):
                for key in ("arrival_date", "departure_date", "arrival_time", "departure_time"):
                    r[key] = None
                for key in ("arrival_flight", "arrival_airport", "departure_flight"):
                    r[key] = ""
                r["departure_airport"] = ""


def _insert(demo: _Demo) -> list[dict]:
    all_rows = [r for _d, rows in demo.plan for r in rows]
    ids = insert_participants(all_rows)
    for r, pid in zip(all_rows, ids, strict=True):
        r["id"] = pid
    return all_rows


def _quotas_and_heads(demo: _Demo) -> None:
    heads = {}
    head_category = demo.categories["head_of_delegation"]
    for d, rows in demo.plan:
        seats = sum(
            1
            for r in rows
            if r["status"] in (ParticipantStatus.SUBMITTED, ParticipantStatus.APPROVED)
        )
        waiting = any(r["status"] == ParticipantStatus.WAITLISTED for r in rows)
        spare = 0 if waiting else demo.rng.randint(0, 2)
        d.quota = max(seats + spare, 40 if d.kind == DelegationKind.OTHER else 0)
        head = next((r for r in rows if r["category_id"] == head_category), None)
        if head:
            heads[d.id] = head["id"]
    db.session.flush()
    set_heads(heads)


def _accounts(demo: _Demo, summary: Summary, password_hash: str) -> None:
    """Staff accounts, a focal point per delegation, and the delegate account: an approved
    delegate of Peru."""
    peru = next(d for d, _rows in demo.plan if d.code == "PE")
    candidate = next(
        r
        for d, rows in demo.plan
        if d is peru
        for r in rows
        if r["status"] == A and r["category_id"] != demo.categories["head_of_delegation"]
    )
    db.session.execute(
        sa.update(Participant)
        .where(Participant.id == candidate["id"])
        .values(email="delegate@example.org")
        .execution_options(synchronize_session=False)
    )
    everyone = demo.countries + demo.orgs + demo.others
    accounts(summary, password_hash, everyone, (candidate["id"], peru.id), demo.rng)


def _summarize(demo: _Demo, summary: Summary, participants: int) -> None:
    countries, orgs, others = len(demo.countries), len(demo.orgs), len(demo.others)
    summary.counts.update(
        countries=countries,
        organizations=orgs,
        others=others,
        delegations=countries + orgs + others,
        participants=participants,
        categories=len(demo.categories),
    )
    summary.add(f"Demo forum: {FORUM['name_en']}, Lianyungang, 17–18 September 2025.")
    summary.add(
        f"{countries} countries and regions, {orgs} international organizations, "
        f"{others} other delegations (experts, media, host secretariat); "
        f"{participants} participants in {len(demo.categories)} categories."
    )
