"""What the demo forum and the synthetic forum share: the summary printed at the end, the
forum's settings, the categories, delegations, accounts and heads of delegation."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from app import identity
from app.demo.data import CATEGORIES, COUNTRIES, FORUM
from app.demo.people import POOLS, local
from app.extensions import db
from app.models import (
    Category,
    ChosenBy,
    Delegation,
    DelegationStatus,
    ForumSettings,
    Gender,
    Participant,
    Role,
    User,
    utcnow,
)
from app.models.participant import RESERVED_CATEGORIES


@dataclass
class Summary:
    lines: list[str] = field(default_factory=list)
    password: str = ""
    # (e-mail, role, what the account is for), printed at the end.
    accounts: list[tuple[str, str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    synthetic: bool = False

    def add(self, line: str) -> None:
        self.lines.append(line)

    def report(self) -> str:
        out = list(self.lines)
        if self.accounts:
            out.append("")
            out.append("Demo accounts (all with the same password):")
            width = max(len(a[0]) for a in self.accounts)
            shown = self.accounts
            focal = [a for a in self.accounts if a[1] == Role.FOCAL_POINT.value]
            if len(focal) > 12:
                named = {f"focal.{c}@example.org" for c in ("cn", "us", "ru", "mn", "pe", "iom")}
                shown = [a for a in self.accounts if a[1] != Role.FOCAL_POINT.value]
                shown += [a for a in focal if a[0] in named] or focal[:6]
            for email, role, note in shown:
                out.append(f"  {email.ljust(width)}  {role:<12} {note}")
            if len(shown) < len(self.accounts):
                out.append(
                    f"  … and {len(self.accounts) - len(shown)} more focal points: "
                    "focal.<delegation code in lower case>@example.org"
                )
            out.append(f"Password: {self.password}")
        return "\n".join(out)


def forum_settings() -> ForumSettings:
    forum = ForumSettings(id=1, **FORUM)
    # The demo's own marks, drawn now (no real government emblem, no image file in the repo).
    forum.brand_primary, forum.brand_accent = identity.DEMO_PRIMARY, identity.DEMO_ACCENT
    forum.logo_png = identity.draw_logo(identity.DEMO_PRIMARY, identity.DEMO_ACCENT)
    forum.emblem_png = identity.draw_emblem(identity.DEMO_PRIMARY, identity.DEMO_ACCENT)
    forum.has_logo = forum.has_emblem = True
    forum.registration_opens_at = local(datetime(2025, 6, 2, 9, 0))
    closes = local(datetime(2025, 9, 5, 23, 59))
    deadline = local(datetime(2025, 9, 12, 18, 0))
    # A demo seeded after the real forum keeps registration open for a month, so the
    # registration pages can be tried.
    now = utcnow()
    if now > closes:
        closes = now + timedelta(days=30)
        deadline = now + timedelta(days=35)
    forum.registration_closes_at = closes
    forum.edit_deadline = deadline
    db.session.add(forum)
    return forum


def categories() -> dict[str, int]:
    out = {}
    for n, (code, en, fr, zh, colour, text, passport) in enumerate(CATEGORIES, start=1):
        cat = Category(
            code=code,
            name_en=en,
            name_fr=fr,
            name_zh=zh,
            colour=colour,
            text_colour=text,
            sort_order=n * 10,
            requires_passport=passport,
            chosen_by=RESERVED_CATEGORIES.get(code, ChosenBy.ANYONE),
        )
        db.session.add(cat)
        out[code] = cat
    db.session.flush()
    return {code: cat.id for code, cat in out.items()}


def delegation(kind, code, names: dict[str, str], quota=5, status=DelegationStatus.CONFIRMED):
    delegation = Delegation(
        kind=kind,
        code=code,
        name_en=names["en"],
        name_fr=names["fr"],
        name_zh=names["zh"],
        quota=quota,
        status=status,
        registration_token=secrets.token_urlsafe(24),
        registration_token_created_at=utcnow(),
    )
    db.session.add(delegation)
    return delegation


def accounts(
    summary: Summary,
    password_hash: str,
    delegations: list[Delegation],
    delegate_participant: tuple[int, int] | None,
    rng: random.Random,
) -> None:
    users = [
        User(email="admin@example.org", role=Role.ADMIN, full_name="Zhou Lei"),
        User(email="organizer@example.org", role=Role.ORGANIZER, full_name="Chen Jing"),
        User(email="staff@example.org", role=Role.STAFF, full_name="Liu Yang"),
    ]
    summary.accounts += [
        ("admin@example.org", "admin", "secretariat IT lead: everything"),
        ("organizer@example.org", "organizer", "protocol officer: delegations, approvals"),
        ("staff@example.org", "staff", "badge and check-in desk"),
    ]
    for d in delegations:
        email = f"focal.{d.code.lower()}@example.org"
        culture = COUNTRIES.get(d.code, "en")
        gender = Gender.FEMALE if rng.random() < 0.5 else Gender.MALE
        given, family, _native = POOLS[culture].person(rng, gender)
        locale = {"CN": "zh", "FR": "fr", "HOST": "zh", "MEDIA": "zh"}.get(d.code)
        users.append(
            User(
                email=email,
                role=Role.FOCAL_POINT,
                full_name=f"{given} {family}",
                delegation_id=d.id,
                locale=locale,
            )
        )
        summary.accounts.append((email, "focal_point", d.name_en))
    if delegate_participant:
        participant_id, delegation_id = delegate_participant
        participant = db.session.get(Participant, participant_id)
        users.append(
            User(
                email="delegate@example.org",
                role=Role.DELEGATE,
                full_name=f"{participant.given_names} {participant.family_name}",
                delegation_id=delegation_id,
                participant_id=participant_id,
            )
        )
        summary.accounts.append(
            ("delegate@example.org", "delegate", f"{participant.full_name} (approved)")
        )
    for user in users:
        user.password_hash = password_hash
    db.session.add_all(users)
    db.session.flush()


def set_heads(heads: dict[int, int]) -> None:
    if heads:
        db.session.execute(
            sa.update(Delegation),
            [{"id": d, "head_participant_id": p} for d, p in heads.items()],
        )
