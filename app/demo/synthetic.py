"""A large synthetic forum for benchmarks (seed-demo --participants N): every country and
region CLDR knows, then numbered delegations, members spread evenly."""

from __future__ import annotations

import random

import sqlalchemy as sa

from app.demo.data import (
    AGENCIES,
    COUNTRIES,
    GENERIC_AGENCIES,
    ORGANIZATIONS,
    OTHERS,
    SYNTHETIC_CATEGORIES,
    SYNTHETIC_STATUSES,
)
from app.demo.people import POOLS, Builder, insert_participants
from app.demo.setup import Summary, accounts, categories, delegation
from app.extensions import db
from app.i18n import country_names, territory_codes
from app.models import Delegation, DelegationKind, ParticipantStatus


def build(
    summary: Summary,
    password_hash: str,
    rng: random.Random,
    n_participants: int,
    n_delegations: int,
) -> None:
    builder = Builder(rng, categories())
    n_delegations = max(1, n_delegations)
    n_orgs = min(len(ORGANIZATIONS), n_delegations // 20)
    n_other = min(len(OTHERS), n_delegations // 40)
    n_countries = n_delegations - n_orgs - n_other
    delegations = _delegations(n_countries, n_orgs, n_other)
    rows, first_of = _rows(builder, rng, delegations, n_participants)
    ids = insert_participants(rows)
    _quotas_and_heads(delegations, rows, ids, first_of)
    delegate = next(
        (
            (ids[k], r["delegation_id"])
            for k, r in enumerate(rows)
            if r["status"] == ParticipantStatus.APPROVED
        ),
        None,
    )
    accounts(summary, password_hash, delegations, delegate, rng)
    summary.counts.update(delegations=len(delegations), participants=len(rows))
    summary.add(
        f"Synthetic forum: {len(rows)} participants in {len(delegations)} delegations "
        f"({n_countries} countries, regions or synthetic, {n_orgs} organizations, {n_other} others)."
    )


def _delegations(n_countries: int, n_orgs: int, n_other: int) -> list[Delegation]:
    codes = list(COUNTRIES) + [c for c in territory_codes() if c not in COUNTRIES]
    delegations: list[Delegation] = []
    for i in range(n_countries):
        if i < len(codes):
            code = codes[i]
            d = delegation(DelegationKind.COUNTRY, code, country_names(code))
        else:
            code = f"SYN{i:04d}"
            name = f"Synthetic delegation {i}"
            d = delegation(DelegationKind.OTHER, code, {"en": name, "fr": name, "zh": name})
        delegations.append(d)
    for code, en, fr, zh, _phone in ORGANIZATIONS[:n_orgs]:
        delegations.append(
            delegation(DelegationKind.ORGANIZATION, code, {"en": en, "fr": fr, "zh": zh})
        )
    for code, en, fr, zh in OTHERS[:n_other]:
        delegations.append(delegation(DelegationKind.OTHER, code, {"en": en, "fr": fr, "zh": zh}))
    db.session.flush()
    return delegations


def _rows(
    builder: Builder, rng: random.Random, delegations: list[Delegation], n_participants: int
) -> tuple[list[dict], dict[int, int]]:
    """Participant rows, spread evenly; the first of each delegation heads it."""
    statuses = [s for s, w in SYNTHETIC_STATUSES for _ in range(w)]
    cats = [c for c, w in SYNTHETIC_CATEGORIES for _ in range(w)]
    cultures = list(POOLS)
    rows: list[dict] = []
    per = [n_participants // len(delegations)] * len(delegations)
    for i in range(n_participants % len(delegations)):
        per[i] += 1
    first_of: dict[int, int] = {}
    for d, size in zip(delegations, per, strict=True):
        culture = COUNTRIES.get(d.code) or rng.choice(cultures)
        for i in range(size):
            if i == 0:
                first_of[d.id] = len(rows)
            rows.append(
                builder.row(
                    delegation_id=d.id,
                    delegation_code=d.code,
                    category="head_of_delegation" if i == 0 else rng.choice(cats),
                    status=ParticipantStatus.APPROVED if i == 0 else rng.choice(statuses),
                    culture=culture,
                    nationality=d.code if d.kind == DelegationKind.COUNTRY else None,
                    organization=AGENCIES.get(d.code)
                    or GENERIC_AGENCIES[i % len(GENERIC_AGENCIES)],
                    phone_prefix="+86",
                    domain=f"{d.code.lower()}.example.net",
                )
            )
    return rows, first_of


def _quotas_and_heads(
    delegations: list[Delegation], rows: list[dict], ids: list[int], first_of: dict[int, int]
) -> None:
    seats: dict[int, int] = {}
    for r in rows:
        if r["status"] in (ParticipantStatus.SUBMITTED, ParticipantStatus.APPROVED):
            seats[r["delegation_id"]] = seats.get(r["delegation_id"], 0) + 1
    db.session.execute(
        sa.update(Delegation),
        [
            {
                "id": d.id,
                "quota": seats.get(d.id, 0) + 2,
                "head_participant_id": ids[first_of[d.id]] if d.id in first_of else None,
            }
            for d in delegations
        ],
    )
