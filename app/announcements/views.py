"""Routes of the announcements area: announcements, their Atom feed, information pages."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from app.announcements import bp, services
from app.announcements.forms import AnnouncementForm, InfoPageForm
from app.auth.access import ALL_ROLES, ORGANIZERS, public, roles_required
from app.extensions import db, login_manager
from app.forms import EmptyForm
from app.i18n import LANGUAGE_NAMES, current_language, forum
from app.integers import query_int
from app.main.home import register_home_provider
from app.models import Announcement, Delegation, InfoPage, Visibility, utcnow
from app.panels import register_panel


def _forum_title() -> str:
    f = forum()
    return (f.localized("short_name") or f.localized("name")) if f else "Accredit"


def _tz():
    f = forum()

    return f.tz if f else ZoneInfo("UTC")


# --- reading -----------------------------------------------------------------------------


@bp.route("/")
@public
def index():
    page = db.paginate(
        services.announcements_for(current_user),
        page=query_int("page", 1) or 1,
        per_page=20,
        error_out=False,
    )
    return render_template("announcements/index.html", page=page)


@bp.route("/<int:announcement_id>")
@public
def detail(announcement_id: int):
    item = db.session.scalar(
        sa.select(Announcement).where(
            Announcement.id == announcement_id, services.visible_announcements(current_user)
        )
    )
    if item is None:
        abort(404)
    return render_template("announcements/detail.html", a=item, body=Markup(item.body_html))  # noqa: S704  (sanitized by nh3 when saved)


@bp.route("/feed.atom")
@public
def feed():
    items = list(db.session.scalars(services.announcements_for(None, limit=50)))
    return Response(services.atom_feed(items, _forum_title()), mimetype="application/atom+xml")


# --- writing (organizers) ----------------------------------------------------------------


def _delegation_choices() -> list[tuple[int, str]]:
    rows = db.session.scalars(sa.select(Delegation).order_by(Delegation.name_en)).all()
    return [(d.id, f"{d.name} ({d.code})") for d in rows]


@bp.route("/manage")
@roles_required(*ORGANIZERS)
def manage():
    page = db.paginate(
        services.all_announcements(),
        page=query_int("page", 1) or 1,
        per_page=30,
        error_out=False,
    )
    return render_template("announcements/manage.html", page=page, now=utcnow())


def _flash_sent(item: Announcement, before) -> None:
    if item.emailed_at is not None and before is None:
        flash(_("The announcement is being e-mailed to its audience."), "info")
    elif item.email_requested and item.emailed_at is None:
        flash(_("It will be e-mailed when it is published."), "info")


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*ORGANIZERS)
def new():
    form = AnnouncementForm(delegations=_delegation_choices(), tz=_tz())
    if form.validate_on_submit():
        item = services.save_announcement(None, form.values(), current_user)
        db.session.commit()
        flash(_("Announcement saved."), "success")
        _flash_sent(item, None)
        return redirect(url_for("announcements.manage"))
    return render_template("announcements/form.html", form=form, a=None)


@bp.route("/<int:announcement_id>/edit", methods=["GET", "POST"])
@roles_required(*ORGANIZERS)
def edit(announcement_id: int):
    item = db.get_or_404(Announcement, announcement_id)
    kwargs = {}
    if request.method == "GET":
        kwargs = dict(
            obj=item,
            audience=item.audience.value,
            delegation_id=item.delegation_id or 0,
            publish_at=item.publish_at.astimezone(_tz()).replace(tzinfo=None),
        )
    form = AnnouncementForm(delegations=_delegation_choices(), tz=_tz(), **kwargs)
    if form.validate_on_submit():
        before = item.emailed_at
        services.save_announcement(item, form.values(), current_user)
        db.session.commit()
        flash(_("Announcement saved."), "success")
        _flash_sent(item, before)
        return redirect(url_for("announcements.manage"))
    return render_template("announcements/form.html", form=form, a=item)


@bp.route("/<int:announcement_id>/delete", methods=["POST"])
@roles_required(*ORGANIZERS)
def delete(announcement_id: int):
    item = db.get_or_404(Announcement, announcement_id)
    if EmptyForm().validate_on_submit():
        services.delete_announcement(item)
        db.session.commit()
        flash(_("Announcement deleted."), "success")
    return redirect(url_for("announcements.manage"))


# --- information pages -------------------------------------------------------------------


@bp.route("/pages/<slug>")
@public
def info_page(slug: str):
    page = services.page_for(slug, current_language())
    if page is None:
        abort(404)
    if page.visibility != Visibility.PUBLIC and not current_user.is_authenticated:
        return login_manager.unauthorized()
    return render_template(
        "announcements/info_page.html",
        page=page,
        body=Markup(page.body_html),  # noqa: S704  (sanitized by nh3 when saved)
    )


@bp.route("/pages")
@roles_required(*ORGANIZERS)
def manage_pages():
    pages = services.all_pages()
    by_slug: dict[str, dict[str, InfoPage]] = {}
    for p in pages:
        by_slug.setdefault(p.slug, {})[p.locale] = p
    return render_template(
        "announcements/manage_pages.html", by_slug=by_slug, languages=LANGUAGE_NAMES
    )


@bp.route("/pages/new", methods=["GET", "POST"])
@roles_required(*ORGANIZERS)
def new_page():
    form = InfoPageForm(languages=LANGUAGE_NAMES)
    if request.method == "GET":
        form.slug.data = request.args.get("slug", "")
        form.locale.data = request.args.get("locale", "en")
        source = services.page_for(form.slug.data, "en") if form.slug.data else None
        if source is not None:  # a translation: start from the existing page's settings
            form.visibility.data = source.visibility.value
            form.sort_order.data = source.sort_order
    if form.validate_on_submit():
        if services.page_exists(form.slug.data, form.locale.data):
            form.slug.errors.append(_("This page already exists in that language; edit it."))
        else:
            services.save_page(None, form.values())
            db.session.commit()
            flash(_("Page saved."), "success")
            return redirect(url_for("announcements.manage_pages"))
    return render_template("announcements/page_form.html", form=form, page=None)


@bp.route("/pages/<slug>/<lang>/edit", methods=["GET", "POST"])
@roles_required(*ORGANIZERS)
def edit_page(slug: str, lang: str):
    page = db.session.scalar(
        sa.select(InfoPage).where(InfoPage.slug == slug, InfoPage.locale == lang)
    )
    if page is None:
        abort(404)
    kwargs = {}
    if request.method == "GET":
        kwargs = dict(obj=page, visibility=page.visibility.value)
    form = InfoPageForm(languages=LANGUAGE_NAMES, fixed=True, **kwargs)
    if form.validate_on_submit():
        values = form.values() | {"slug": page.slug, "locale": page.locale}
        services.save_page(page, values)
        db.session.commit()
        flash(_("Page saved."), "success")
        return redirect(url_for("announcements.manage_pages"))
    return render_template("announcements/page_form.html", form=form, page=page)


@bp.route("/pages/<slug>/<lang>/delete", methods=["POST"])
@roles_required(*ORGANIZERS)
def delete_page(slug: str, lang: str):
    page = db.session.scalar(
        sa.select(InfoPage).where(InfoPage.slug == slug, InfoPage.locale == lang)
    )
    if page is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        services.delete_page(page)
        db.session.commit()
        flash(_("Page deleted."), "success")
    return redirect(url_for("announcements.manage_pages"))


# --- navigation, home page, dashboards, command line -------------------------------------


def _nav_info_pages() -> list[InfoPage]:
    """Pages in the navigation: one statement per request, only when a page shows the menu."""
    if "nav_info_pages" not in g:
        try:
            g.nav_info_pages = services.nav_pages(current_user, current_language())
        except sa.exc.SQLAlchemyError:
            # The database is down: the error page still renders, without these links.
            db.session.rollback()
            g.nav_info_pages = []
    return g.nav_info_pages


@bp.app_context_processor
def _navigation() -> dict:
    return {"nav_info_pages": _nav_info_pages}


def _home() -> dict:
    return {"home_announcements": services.home_announcements()}


def _panel(user) -> dict:
    items = list(db.session.scalars(services.announcements_for(user, limit=8)))
    return {"items": items}


register_home_provider(_home)
register_panel(
    "announcements", "announcements/_panel.html", ALL_ROLES, _panel, order=50, wide=False
)
