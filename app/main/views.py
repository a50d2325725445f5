"""Home, dashboard, language switch, health check."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from app.auth.access import login_required_any, public
from app.extensions import csrf, db
from app.forms import EmptyForm
from app.identity import stylesheet
from app.main import bp
from app.main.home import home_context
from app.models import ForumSettings
from app.panels import panels_for
from app.security import is_safe_redirect


@bp.route("/")
@public
def index():
    return render_template("main/index.html", **home_context())


@bp.get("/participants/", defaults={"rest": ""})
@bp.get("/participants/<path:rest>")
@public
def old_registration_address(rest: str):
    """The registration area was served at /participants until issue 11: old links (e-mails,
    bookmarks) move on permanently. The target page checks access itself."""
    target = f"{request.script_root}/registration/{rest.lstrip('/')}"
    if request.query_string:
        target += "?" + request.query_string.decode("latin-1")
    return redirect(target, 301)


@bp.route("/dashboard")
@login_required_any
def dashboard():
    return render_template("main/dashboard.html", panels=panels_for(current_user))


@bp.route("/language", methods=["POST"])
@public
def set_language():
    form = EmptyForm()
    lang = request.form.get("lang", "")
    if form.validate_on_submit() and lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    target = request.form.get("next")
    return redirect(target if is_safe_redirect(target) else url_for("main.index"))


@bp.route("/healthz")
@public
@csrf.exempt
def healthz():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}


@bp.route("/forum.css")
@public
def forum_css():
    """The brand colours as CSS custom properties (a file, so the CSP needs no inline style)."""

    forum = ForumSettings.get()
    css = stylesheet(forum.brand_primary, forum.brand_accent) if forum else ""
    response = current_app.response_class(css, mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 86400  # the URL carries the settings' version
    return response


@bp.route("/forum/<any(logo, emblem):kind>.png")
@public
def forum_image(kind: str):
    forum = ForumSettings.get()
    data = getattr(forum, f"{kind}_png") if forum else None
    if not data:
        abort(404)
    response = current_app.response_class(data, mimetype="image/png")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response
