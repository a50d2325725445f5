"""Fixtures: an app per test on SQLite or PostgreSQL (DATABASE_URL), factories, logins."""

from __future__ import annotations

import os
import shutil
import time
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from app import create_app
from app.extensions import db
from app.models import (
    Category,
    Delegation,
    DelegationKind,
    DelegationStatus,
    ForumSettings,
    Participant,
    ParticipantStatus,
    Role,
    User,
)

DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = DATABASE_URL.startswith("postgres")
TEST_PASSWORD = "correct-battery-staple-42"
DATA_KEY = "mG7Gk2l3gQy3b3Kx8Kq8Z9S8k8h6sF2m1dHk1Yb8pXo="

_schema_ready: set[str] = set()


def pytest_configure(config):
    """Compile the message catalogues (.po -> .mo, never committed) once per run."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    if list((root / "translations").glob("*/LC_MESSAGES/messages.po")):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "babel.messages.frontend",
                "compile",
                "-d",
                str(root / "translations"),
                "-f",
            ],
            check=True,
            capture_output=True,
        )


def _test_config(tmp_path) -> dict:
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "test-secret-key",
        "DATA_KEY": DATA_KEY,
        "SQLALCHEMY_DATABASE_URI": DATABASE_URL or "sqlite:///" + str(tmp_path / "test.db"),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "PASSWORD_RESET_ANSWER_SECONDS": 0,  # tests/test_reset_timing.py sets its own
        "BASE_URL": "http://localhost",
        "SERVER_NAME": None,
    }


_sqlite_template: dict[str, str] = {}


def _sqlite_schema_template(tmp_path_factory) -> str:
    """An empty SQLite database with the schema, made once per run and copied per test."""
    if "path" not in _sqlite_template:
        folder = tmp_path_factory.mktemp("schema")
        path = folder / "template.db"
        config = _test_config(folder)
        config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(path)
        template_app = create_app(config)
        with template_app.app_context():
            db.create_all()
            db.session.remove()
            db.engine.dispose()  # the last connection closing checkpoints the WAL
        _sqlite_template["path"] = str(path)
    return _sqlite_template["path"]


def _reset_database(app) -> None:
    """A clean schema: on SQLite a fresh copy of the template; on PostgreSQL create once, then truncate."""
    with app.app_context():
        if not ON_POSTGRES:
            return
        if DATABASE_URL not in _schema_ready:
            db.drop_all()
            db.create_all()
            _schema_ready.add(DATABASE_URL)
        tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.session.commit()


@pytest.fixture
def app_config(tmp_path):
    """Override in a test module to change settings (e.g. enable CSRF or rate limits)."""
    return _test_config(tmp_path)


@pytest.fixture
def app(app_config, tmp_path_factory):
    uri = app_config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and not os.path.exists(uri[len("sqlite:///") :]):
        shutil.copyfile(_sqlite_schema_template(tmp_path_factory), uri[len("sqlite:///") :])
    app = create_app(app_config)
    _reset_database(app)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def detach(obj):
    """Commit, load the columns, and detach: tests read ids and values outside a context."""
    db.session.commit()
    db.session.refresh(obj)
    db.session.expunge(obj)
    return obj


# --- factories ------------------------------------------------------------------------------


@pytest.fixture
def make_forum(app):
    def make(**kw):
        with app.app_context():
            values = dict(
                name_en="Test Forum on Migration",
                name_fr="Forum d’essai sur la migration",
                name_zh="移民测试论坛",
                short_name_en="Test Forum",
                venue="Conference Centre",
                city="Lianyungang",
                country_code="CN",
                starts_on=date(2025, 9, 17),
                ends_on=date(2025, 9, 18),
                timezone="Asia/Shanghai",
                contact_email="secretariat@example.org",
            )
            values.update(kw)
            forum = ForumSettings(id=1, **values)
            db.session.add(forum)
            return detach(forum)

    return make


@pytest.fixture
def make_category(app):
    counter = iter(range(1, 10_000))

    def make(code=None, **kw):
        with app.app_context():
            n = next(counter)
            code = code or f"cat{n}"
            existing = db.session.scalar(sa.select(Category).where(Category.code == code))
            if existing:
                return detach(existing)
            values = dict(
                code=code, name_en=code.replace("_", " ").title(), colour="#1f4e79", sort_order=n
            )
            values.update(kw)
            cat = Category(**values)
            db.session.add(cat)
            return detach(cat)

    return make


@pytest.fixture
def make_delegation(app):
    counter = iter(range(1, 10_000))

    def make(code=None, **kw):
        with app.app_context():
            n = next(counter)
            values = dict(
                kind=DelegationKind.COUNTRY,
                code=code or f"X{n}",
                name_en=f"Delegation {n}",
                quota=5,
                status=DelegationStatus.CONFIRMED,
            )
            values.update(kw)
            delegation = Delegation(**values)
            db.session.add(delegation)
            return detach(delegation)

    return make


@pytest.fixture
def make_participant(app, make_category):
    counter = iter(range(1, 100_000))

    def make(delegation, category=None, **kw):
        category = category or make_category("delegate", name_en="Delegate")
        with app.app_context():
            n = next(counter)
            values = dict(
                delegation_id=delegation.id if hasattr(delegation, "id") else delegation,
                category_id=category.id,
                given_names=f"Given{n}",
                family_name=f"Family{n}",
                email=f"person{n}@example.org",
                status=ParticipantStatus.APPROVED,
            )
            values.update(kw)
            participant = Participant(**values)
            db.session.add(participant)
            return detach(participant)

    return make


@pytest.fixture
def make_user(app):
    counter = iter(range(1, 10_000))

    def make(role=Role.ORGANIZER, email=None, password=TEST_PASSWORD, **kw):
        with app.app_context():
            n = next(counter)
            user = User(
                email=email or f"{Role(role).value}{n}@example.org",
                role=Role(role),
                full_name=f"User {n}",
                **kw,
            )
            user.set_password(password)
            db.session.add(user)
            return detach(user)

    return make


def login(client, user) -> None:
    """Fast login: put the user's session into the cookie (the login form has its own test)."""
    with client.session_transaction() as sess:
        sess["_user_id"] = user.get_id()
        sess["_fresh"] = True
        sess["seen"] = time.time()


@pytest.fixture
def login_as(app):
    def do(user, client=None):
        client = client or app.test_client()
        login(client, user)
        return client

    return do


# --- the world: one of everything, for walks over every route -------------------------------


@pytest.fixture
def world(app, make_forum, make_category, make_delegation, make_participant, make_user):
    """Two delegations (A with a focal point and a delegate, B another), one of each object,
    and `params`: a value for every URL parameter name the routes use."""
    from tests import world_extras

    forum = make_forum()
    head = make_category("head", name_en="Head of delegation", colour="#8b0000", sort_order=1)
    delegate_cat = make_category("delegate", name_en="Delegate", colour="#1f4e79", sort_order=2)
    a = make_delegation("MN", name_en="Mongolia", name_fr="Mongolie", name_zh="蒙古", quota=3)
    b = make_delegation("PE", name_en="Peru", name_fr="Pérou", name_zh="秘鲁", quota=3)
    org = make_delegation(
        "IOM", kind=DelegationKind.ORGANIZATION, name_en="International Organization for Migration"
    )
    pa1 = make_participant(
        a,
        head,
        given_names="Bat",
        family_name="Erdene",
        native_name="Бат-Эрдэнэ",
        passport_number="E1234567",
        date_of_birth=date(1975, 5, 1),
        visa_letter_wanted=True,
    )
    pa2 = make_participant(
        a, delegate_cat, given_names="Saraa", family_name="Dorj", status=ParticipantStatus.DRAFT
    )
    pb1 = make_participant(
        b, head, given_names="Lucía", family_name="Quispe", passport_number="P9876543"
    )
    users = SimpleNamespace(
        admin=make_user(Role.ADMIN, email="admin@example.org"),
        organizer=make_user(Role.ORGANIZER, email="organizer@example.org"),
        staff=make_user(Role.STAFF, email="staff@example.org"),
        focal_point=make_user(Role.FOCAL_POINT, email="focal.mn@example.org", delegation_id=a.id),
        delegate=make_user(
            Role.DELEGATE, email="delegate@example.org", delegation_id=a.id, participant_id=pa1.id
        ),
        focal_point_b=make_user(Role.FOCAL_POINT, email="focal.pe@example.org", delegation_id=b.id),
        security=make_user(Role.SECURITY, email="security@example.org"),
    )
    w = SimpleNamespace(
        forum=forum,
        categories=SimpleNamespace(head=head, delegate=delegate_cat),
        a=a,
        b=b,
        org=org,
        pa1=pa1,
        pa2=pa2,
        pb1=pb1,
        users=users,
        now=datetime.now(UTC),
    )
    w.params = {
        "delegation_id": a.id,
        "participant_id": pa1.id,
        "category_id": delegate_cat.id,
        "user_id": users.delegate.id,
        "token": "not-a-valid-token",
        "secret": pa1.badge_secret,
        "lang": "en",
        "day": forum.starts_on.isoformat(),
    }
    # Each area adds its objects and parameters (sessions, announcements, documents …).
    world_extras.extend(app, w)
    return w


ROLES = ("anonymous", "admin", "organizer", "staff", "focal_point", "delegate", "security")


def client_for(app, world, role: str):
    client = app.test_client()
    if role != "anonymous":
        login(client, getattr(world.users, role))
    return client


@pytest.fixture
def as_role(app, world):
    return lambda role: client_for(app, world, role)


__all__ = ["ON_POSTGRES", "TEST_PASSWORD", "login", "detach", "timedelta"]
