"""A stateful property test of the rules through the services: random sequences of submit,
approve, reject, withdraw, cancel, quota changes, session sign-ups and cancellations, lost
badges, heads of delegation and scans at every door, with the invariants checked after every
step:

- the seats taken never exceed the quota, nor the confirmed sign-ups a session's capacity;
- nobody withdrawn, cancelled or rejected holds a seat or a session place;
- waitlists move up in order, and nobody waits while a seat is free;
- at most one active head per delegation;
- every change is audited; no e-mail is queued twice;
- a revoked badge or a pick-up code never passes a door.

Derandomized (the same sequences on every run, so a failure reproduces), a few hundred steps.
"""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from app.delegations.services import DelegationError, update_delegation
from app.desk.badges import services as badges
from app.desk.checkin import services as checkin
from app.extensions import db
from app.models import (
    HEAD_CATEGORY,
    AuditLog,
    Category,
    CheckInResult,
    Delegation,
    DelegationKind,
    DelegationStatus,
    OutboxMessage,
    Participant,
    ParticipantStatus,
    ProgrammeSession,
    Role,
    SessionKind,
    SessionSignup,
    SignupStatus,
    User,
    utcnow,
)
from app.programme import services as programme
from app.registration import rules, services
from tests.conftest import timedelta

S = ParticipantStatus
PEOPLE = 6
STEPS = 15
EXAMPLES = 30  # 30 sequences of up to 15 steps, from a forum already under way

# Each rule mostly picks someone the action applies to (so sequences get far: approved people
# signing up, losing badges, leaving), sometimes anyone (so refusals are exercised too).
people = st.tuples(st.booleans(), st.integers(0, 10_000))
sessions = st.integers(0, 1)


class _StubForm:
    """What update_participant reads of a form: only the category changes."""

    processed_photo = None

    def __init__(self, category_id: int):
        self.category_id = category_id

    def populate_participant(self, p):
        p.category_id = self.category_id


def _category(code: str, **kw) -> int:
    found = db.session.scalar(sa.select(Category.id).where(Category.code == code))
    if found:
        return found
    c = Category(code=code, name_en=code.title(), requires_passport=False, **kw)
    db.session.add(c)
    db.session.flush()
    return c.id


def machine_for(app):
    class Registration(RuleBasedStateMachine):
        @initialize()
        def setup(self):
            self.revoked: dict[int, list[str]] = {}
            with app.app_context():
                head = _category(HEAD_CATEGORY, sort_order=1)
                ordinary = _category("delegate", sort_order=2)
                n = db.session.scalar(sa.select(sa.func.count(Delegation.id)))
                d = Delegation(
                    kind=DelegationKind.COUNTRY,
                    code=f"Z{n}",
                    name_en=f"Stateful {n}",
                    quota=3,
                    status=DelegationStatus.CONFIRMED,
                )
                db.session.add(d)
                db.session.flush()
                self.delegation_id = d.id
                self.head, self.ordinary = head, ordinary
                self.organizer = User(
                    email=f"org{n}@stateful.example.org", role=Role.ORGANIZER, active=True
                )
                self.focal = User(
                    email=f"fp{n}@stateful.example.org",
                    role=Role.FOCAL_POINT,
                    delegation_id=d.id,
                    active=True,
                )
                db.session.add_all([self.organizer, self.focal])
                people_ = [
                    Participant(
                        delegation_id=d.id,
                        category_id=head if i == 0 else ordinary,
                        given_names=f"P{i}",
                        family_name=f"Person {n}-{i}",
                        email=f"p{n}-{i}@stateful.example.org",
                        consent_at=utcnow(),
                        status=S.DRAFT,
                    )
                    for i in range(PEOPLE)
                ]
                db.session.add_all(people_)
                start = utcnow() + timedelta(hours=1)
                sessions_ = [
                    ProgrammeSession(
                        kind=SessionKind.WORKSHOP,
                        title_en=f"Stateful {n} workshop {k}",
                        starts_at=start,
                        ends_at=start + timedelta(hours=1),
                        signup_required=True,
                        capacity=k + 1,
                        door_refuses_unsigned=k == 0,
                    )
                    for k in range(2)
                ]
                db.session.add_all(sessions_)
                db.session.commit()
                self.ids = [p.id for p in people_]
                self.session_ids = [s.id for s in sessions_]
                self.organizer_id, self.staff_id = self.organizer.id, self.focal.id
            # Under way: everyone but one submitted (three seated, the rest waiting), three
            # approved and signed up for the one-seat session: one holds it, two wait.
            for i in range(PEOPLE - 1):
                self._act(lambda a, i=i: services.submit_participant(self._p(i), a))
            for i in (0, 1, 2):
                self._act(lambda a, i=i: services.approve_participant(self._p(i), a))
                self._act(lambda a, i=i: programme.sign_up(self.session_ids[0], self._p(i), a))
            self._snapshot()

        # --- running a step -----------------------------------------------------------

        def _act(self, fn, *errors):
            errors = errors or (services.RegistrationError,)
            with app.test_request_context("/", method="POST"):
                actor = db.session.get(User, self.organizer_id)
                try:
                    result = fn(actor)
                except errors:
                    db.session.rollback()
                    return None
                db.session.commit()
                return result

        def _p(self, i) -> Participant:
            return db.session.get(Participant, self.ids[i])

        def _who(self, pick, *statuses) -> int:
            """An index into self.ids: someone in one of `statuses` when pick[0], else anyone."""
            anyone, n = pick
            if statuses and not anyone:
                with app.app_context():
                    ids = db.session.scalars(
                        sa.select(Participant.id)
                        .where(Participant.id.in_(self.ids), Participant.status.in_(statuses))
                        .order_by(Participant.id)
                    ).all()
                if ids:
                    return self.ids.index(ids[n % len(ids)])
            return n % PEOPLE

        # --- the workflow -------------------------------------------------------------

        @rule(pick=people)
        def submit(self, pick):
            i = self._who(pick, S.DRAFT)
            self._act(lambda a: services.submit_participant(self._p(i), a))

        @rule(pick=people)
        def approve(self, pick):
            i = self._who(pick, S.SUBMITTED, S.WAITLISTED)
            self._act(lambda a: services.approve_participant(self._p(i), a))

        @rule(pick=people)
        def reject(self, pick):
            i = self._who(pick, S.SUBMITTED, S.WAITLISTED)
            self._act(lambda a: services.reject_participant(self._p(i), a, "No seat"))

        @rule(pick=people)
        def withdraw(self, pick):
            i = self._who(pick, S.APPROVED, S.SUBMITTED)
            self._act(lambda a: services.withdraw_participant(self._p(i), a))

        @rule(pick=people)
        def cancel(self, pick):
            i = self._who(pick, S.APPROVED, S.WAITLISTED)
            self._act(lambda a: services.cancel_participant(self._p(i), a, "Cancelled"))

        @rule(quota=st.integers(0, 4))
        def change_quota(self, quota):
            def change(actor):
                d = db.session.get(Delegation, self.delegation_id)
                update_delegation(d, {"quota": quota}, actor)

            self._act(change, DelegationError)

        @rule(pick=people, head=st.booleans())
        def change_category(self, pick, head):
            i = self._who(pick)
            category = self.head if head else self.ordinary
            self._act(lambda a: services.update_participant(self._p(i), _StubForm(category), a))

        # --- sessions -----------------------------------------------------------------

        @rule(pick=people, k=sessions)
        def sign_up(self, pick, k):
            i = self._who(pick, S.APPROVED)
            self._act(
                lambda a: programme.sign_up(self.session_ids[k], self._p(i), a),
                programme.SignupError,
            )

        @rule(pick=people, k=sessions)
        def cancel_signup(self, pick, k):
            i = self._who(pick, S.APPROVED)
            self._act(lambda a: programme.cancel_signup(self.session_ids[k], self.ids[i], a))

        # --- the desk -----------------------------------------------------------------

        @rule(pick=people)
        def badge_lost(self, pick):
            i = self._who(pick, S.APPROVED)

            def lose(actor):
                p = self._p(i)
                old = p.badge_secret
                badges.report_lost_badge(p, actor)
                self.revoked.setdefault(i, []).append(old)

            self._act(lose)

        @rule(pick=people, door=st.sampled_from(["entrance", 0, 1, "pickup"]))
        def scan(self, pick, door):
            """Every credential the person ever had, at one door."""
            i = self._who(pick, S.APPROVED, S.WITHDRAWN, S.CANCELLED)
            with app.test_request_context("/", method="POST"):
                p = self._p(i)
                codes = [
                    ("pickup_code", p.pickup_code),
                    ("unknown", "no-such-code"),
                    *(("revoked", old) for old in self.revoked.get(i, [])),
                    ("badge", p.badge_secret),
                ]
                status = p.status
                for credential, code in codes:
                    if door == "pickup":
                        decision, _who = checkin.pickup(code)
                        admitted = decision.decision == rules.ADMIT
                        assert admitted == (
                            credential in ("badge", "pickup_code") and status == S.APPROVED
                        ), (credential, decision)
                        continue
                    session_id = None if door == "entrance" else self.session_ids[door]
                    outcome = checkin.record_scan(
                        session_id, code, by=db.session.get(User, self.staff_id)
                    )
                    passed = outcome.result in (CheckInResult.ADMITTED, CheckInResult.ALREADY)
                    if credential != "badge" or rules.is_closed(status.value):
                        assert outcome.result == CheckInResult.REFUSED, (credential, outcome)
                    if status != S.APPROVED:
                        assert not passed
                    if credential == "badge" and status == S.APPROVED and session_id is None:
                        assert passed
                db.session.commit()

        # --- the invariants -----------------------------------------------------------

        def _snapshot(self):
            with app.app_context():
                self.before = self._state()

        def _state(self) -> dict:
            d = db.session.get(Delegation, self.delegation_id)
            participants = {
                p.id: (p.status, p.badge_secret, p.category_id, p.waitlisted_at)
                for p in db.session.scalars(
                    sa.select(Participant).where(Participant.delegation_id == d.id)
                )
            }
            signups = {
                (s.session_id, s.participant_id): (s.status, s.created_at, s.id)
                for s in db.session.scalars(
                    sa.select(SessionSignup).where(SessionSignup.session_id.in_(self.session_ids))
                )
            }
            return {
                "quota": d.quota,
                "participants": participants,
                "signups": signups,
                "audit": db.session.scalar(sa.select(sa.func.max(AuditLog.id))) or 0,
                "outbox": db.session.scalar(sa.select(sa.func.max(OutboxMessage.id))) or 0,
            }

        @invariant()
        def rules_hold(self):
            if not hasattr(self, "before"):
                return
            with app.app_context():
                now = self._state()
                self._check(self.before, now)
            self.before = now

        def _check(self, before, now):
            people_ = now["participants"]
            seated = [pid for pid, (st_, *_r) in people_.items() if st_ in services.SEAT_STATUSES]
            waiting = [pid for pid, (st_, *_r) in people_.items() if st_ == S.WAITLISTED]
            assert len(seated) <= now["quota"]
            assert not waiting or len(seated) >= now["quota"], "waiting while a seat is free"
            closed = {pid for pid, (st_, *_r) in people_.items() if rules.is_closed(st_.value)}
            active_heads = [
                pid
                for pid, (st_, _b, cat, _w) in people_.items()
                if cat == self.head and pid not in closed
            ]
            assert len(active_heads) <= 1
            for k, session_id in enumerate(self.session_ids):
                mine = {pid: v for (sid, pid), v in now["signups"].items() if sid == session_id}
                confirmed = [pid for pid, v in mine.items() if v[0] == SignupStatus.CONFIRMED]
                waitlisted = [pid for pid, v in mine.items() if v[0] == SignupStatus.WAITLISTED]
                assert len(confirmed) <= k + 1
                assert not waitlisted or len(confirmed) >= k + 1, "waiting while a place is free"
                held = {pid for pid, v in mine.items() if v[0] != SignupStatus.CANCELLED}
                assert not (held & closed), "someone who left holds a session place"
                # In order: those who moved up were ahead of those still waiting.
                old_queue = sorted(
                    (v[1], v[2], pid)
                    for (sid, pid), v in before["signups"].items()
                    if sid == session_id and v[0] == SignupStatus.WAITLISTED
                )
                order = [pid for *_k, pid in old_queue]
                moved = [
                    pid for pid in order if mine.get(pid, (None,))[0] == SignupStatus.CONFIRMED
                ]
                still = [pid for pid in order if pid in waitlisted]
                if moved and still:
                    assert max(order.index(m) for m in moved) < min(order.index(s) for s in still)
            old_wait = sorted(
                (v[3], pid) for pid, v in before["participants"].items() if v[0] == S.WAITLISTED
            )
            order = [pid for _w, pid in old_wait]
            promoted = [pid for pid in order if people_[pid][0] == S.SUBMITTED]
            still = [pid for pid in order if pid in waiting]
            if promoted and still:
                assert max(order.index(m) for m in promoted) < min(order.index(s) for s in still)

            # Every change audited, every e-mail queued once.
            entries = db.session.execute(
                sa.select(AuditLog.object_type, AuditLog.object_id).where(
                    AuditLog.id > before["audit"]
                )
            ).all()
            audited = {(t, i) for t, i in entries}
            for pid, value in people_.items():
                if before["participants"].get(pid) != value:
                    assert ("participants", pid) in audited, ("unaudited change", pid, value)
            for key, value in now["signups"].items():
                old = before["signups"].get(key)
                if old is None or old[0] != value[0]:
                    assert ("session_signups", value[2]) in audited, ("unaudited sign-up", key)
            mails = db.session.execute(
                sa.select(OutboxMessage.to_addr, OutboxMessage.subject).where(
                    OutboxMessage.id > before["outbox"]
                )
            ).all()
            twice = [m for m, n in Counter(mails).items() if n > 1]
            assert not twice, f"e-mail queued twice: {twice}"

    return Registration


def test_the_rules_hold_through_random_sequences(app):
    machine = machine_for(app)
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
