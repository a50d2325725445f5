"""Accredit: registration and accreditation for an international forum."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from cryptography.fernet import Fernet
from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.middleware.proxy_fix import ProxyFix

from app import (
    filters,
    integers,
    models,  # noqa: F401  (registers every table before the first query)
    pagecache,
)
from app.admin import views as admin_views
from app.announcements import views as announcements_views
from app.api import errors as api_errors
from app.api import setup as api_setup
from app.api.tokens import API_PREFIX
from app.auth import policy
from app.auth import views as auth_views
from app.auth.access import enforce_access
from app.auth.services import end_idle_session, load_user
from app.bilaterals import views as bilaterals_views
from app.certificates import views as certificates_views
from app.clearance import views as clearance_views
from app.cli import register as register_cli
from app.config import Defaults, from_environment, instance_secret
from app.correspondence import views as correspondence_views
from app.db import configure_engine
from app.delegations import views as delegations_views
from app.desk import views as desk_views
from app.devserver import start_mail_sender
from app.extensions import babel, csrf, db, limiter, login_manager, migrate
from app.i18n import select_locale, select_timezone, template_globals
from app.main import views as main_views
from app.models.base import render_item
from app.programme import views as programme_views
from app.registration import views as registration_views
from app.report import views as report_views
from app.seating import views as seating_views
from app.security import refuse_nul_bytes, set_security_headers

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=(test_config or {}).get("INSTANCE_PATH")
        or os.environ.get("ACCREDIT_INSTANCE_PATH")
        or str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    configure(app, test_config)
    integers.register(app)  # before any route: `<int:…>` bounded to what the database holds
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        # Behind nginx: client address, scheme and host come from the X-Forwarded-* headers
        # that exactly this many proxies set (rate limits, audit IPs, secure cookies).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_hooks(app)
    register_commands(app)
    return app


def configure(app: Flask, test_config: dict | None) -> None:
    """Defaults, then instance/config.py, then the environment, then the test mapping."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(from_environment())
    if test_config:
        app.config.update(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(app.instance_path, "secret_key")
    if not app.config.get("DATA_KEY"):
        app.config["DATA_KEY"] = instance_secret(
            app.instance_path, "data_key", make=lambda: Fernet.generate_key().decode()
        )
    uri = app.config.get("SQLALCHEMY_DATABASE_URI") or (
        "sqlite:///" + str(Path(app.instance_path) / "accredit.db")
    )
    # psycopg 3 is the PostgreSQL driver; accept the usual URL spellings.
    for prefix in ("postgres://", "postgresql://"):
        if uri.startswith(prefix):
            uri = "postgresql+psycopg://" + uri[len(prefix) :]
    app.config["SQLALCHEMY_DATABASE_URI"] = uri
    if uri.startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 30}}
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(ROOT / "translations"))
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(
        minutes=int(app.config["SESSION_IDLE_MINUTES"])
    )
    if app.config.get("SECURE_COOKIES"):
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    # Rate-limit counters: in this process unless Redis is configured (several processes).
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = app.config.get("REDIS_URL") or "memory://"


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    migrate.init_app(
        app,
        db,
        directory=str(ROOT / "migrations"),
        render_as_batch=True,
        compare_type=True,
        render_item=render_item,
    )
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user)


def register_blueprints(app: Flask) -> None:
    api_setup.register(app)  # the API (flask-smorest) and its description
    # Importing an area's views attached its routes to its blueprint.
    for views in (
        main_views,
        auth_views,
        admin_views,
        delegations_views,
        registration_views,
        programme_views,
        announcements_views,
        desk_views,
        clearance_views,
        report_views,
        correspondence_views,
        bilaterals_views,
        seating_views,
        certificates_views,
    ):
        app.register_blueprint(views.bp)


def register_errorhandlers(app: Flask) -> None:
    def render(code: int, title: str, message: str):
        if request.path.startswith(API_PREFIX):  # a route the API does not have
            return api_errors.response(code)
        return render_template("errors/error.html", code=code, title=title, message=message), code

    @app.errorhandler(400)
    def bad_request(e):
        return render(400, _("Bad request"), _("The request could not be understood."))

    @app.errorhandler(CSRFError)
    def csrf_error(e):
        return render(
            400,
            _("The form has expired"),
            _(
                "For your security the form could not be accepted. Go back, reload the page and try again."
            ),
        )

    @app.errorhandler(403)
    def forbidden(e):
        return render(403, _("Access denied"), _("You do not have permission to open this page."))

    @app.errorhandler(404)
    def not_found(e):
        return render(404, _("Page not found"), _("There is no page at this address."))

    @app.errorhandler(405)
    def not_allowed(e):
        return render(405, _("Method not allowed"), _("This page cannot be used that way."))

    @app.errorhandler(413)
    def too_large(e):
        mb = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        return render(
            413,
            _("File too large"),
            _("The upload is larger than %(mb)s MB. Choose a smaller file.", mb=mb),
        )

    @app.errorhandler(429)
    def too_many(e):
        return render(
            429,
            _("Too many attempts"),
            _("Too many requests from your address. Please wait a few minutes and try again."),
        )

    @app.errorhandler(500)
    def server_error(e):
        db.session.rollback()
        return render(
            500,
            _("Something went wrong"),
            _("The error has been logged. Please try again; nothing you entered was saved."),
        )


def register_hooks(app: Flask) -> None:
    app.before_request(refuse_nul_bytes)
    app.before_request(end_idle_session)
    app.before_request(enforce_access)
    app.before_request(start_mail_sender)
    app.after_request(set_security_headers)
    app.context_processor(template_globals)
    filters.register(app)
    # Templates ask the same role predicates as routes and services (app/auth/policy.py);
    # registered here, in the top layer, so that app/filters.py imports no area.
    app.jinja_env.globals["policy"] = policy
    pagecache.register(app)


def register_commands(app: Flask) -> None:
    register_cli(app)
