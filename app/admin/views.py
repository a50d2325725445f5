"""Administration pages: users and invitations, forum settings, categories, outbox, audit log."""

from __future__ import annotations

import sqlalchemy as sa
from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import defer, joinedload

from app.admin import bp, services
from app.admin import token_views as _token_views  # noqa: F401  (routes on the same blueprint)
from app.admin.forms import (
    CategoryForm,
    ChangeRoleForm,
    ForumSettingsForm,
    IdentityForm,
    InviteUserForm,
    SetActiveForm,
)
from app.auth.access import ORGANIZERS, roles_required
from app.devserver import mail_destination, served_by_dev_server
from app.extensions import db
from app.forms import EmptyForm
from app.integers import query_int
from app.mail import html_for_preview
from app.models import (
    AuditLog,
    Category,
    ForumSettings,
    Invitation,
    OutboxMessage,
    OutboxStatus,
    Role,
    User,
    utcnow,
)
from app.panels import register_panel
from app.security import is_safe_redirect

PAGE_SIZE = 50


def _page_arg() -> int:
    return query_int("page", 1) or 1


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like(text: str) -> str:
    return f"%{_escape_like(text)}%"


@bp.route("/")
@roles_required(*ORGANIZERS)
def index():
    overview = services.admin_overview() if current_user.role == Role.ADMIN else None
    return render_template("admin/index.html", overview=overview)


# --- users and invitations --------------------------------------------------------------------


@bp.route("/users")
@roles_required(Role.ADMIN)
def users():
    q = request.args.get("q", "").strip()[:100]
    role = request.args.get("role", "")
    state = request.args.get("state", "")
    stmt = sa.select(User).options(joinedload(User.delegation)).order_by(User.email)
    if q:
        pattern = _like(q.lower())
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(User.email).like(pattern, escape="\\"),
                sa.func.lower(User.full_name).like(pattern, escape="\\"),
            )
        )
    if role in {r.value for r in Role}:
        stmt = stmt.where(User.role == Role(role))
    if state == "active":
        stmt = stmt.where(User.active)
    elif state == "inactive":
        stmt = stmt.where(~User.active)
    page = db.paginate(stmt, page=_page_arg(), per_page=PAGE_SIZE, error_out=False)
    invitations = db.session.scalars(
        sa.select(Invitation)
        .options(joinedload(Invitation.delegation), joinedload(Invitation.invited_by))
        .where(Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
        .order_by(Invitation.created_at.desc())
        .limit(100)
    ).all()
    return render_template(
        "admin/users.html",
        page=page,
        q=q,
        role_filter=role,
        state=state,
        invitations=invitations,
        now=utcnow(),
        action_form=EmptyForm(),
    )


@bp.route("/users/invite", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def invite():
    form = InviteUserForm()
    if form.validate_on_submit():
        try:
            invitation = services.invite_user(
                form.email.data,
                Role(form.role.data),
                delegation_id=form.delegation_id.data or None,
                full_name=form.full_name.data or "",
                locale=form.locale.data or None,
                invited_by=current_user,
            )
        except services.AdminError as exc:
            flash(str(exc), "danger")
        else:
            db.session.commit()
            flash(_("An invitation has been sent to %(email)s.", email=invitation.email), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/invite.html", form=form)


@bp.route("/users/<int:user_id>")
@roles_required(Role.ADMIN)
def user(user_id: int):
    account = db.get_or_404(User, user_id)
    form = ChangeRoleForm(
        user=account,
        data={"role": account.role.value, "delegation_id": account.delegation_id or 0},
    )
    return _user_page(account, form)


def _user_page(account: User, form: ChangeRoleForm, status: int = 200):
    history = db.session.scalars(
        sa.select(AuditLog)
        .options(joinedload(AuditLog.actor))
        .where(AuditLog.object_type == "users", AuditLog.object_id == account.id)
        .order_by(AuditLog.at.desc())
        .limit(20)
    ).all()
    return (
        render_template(
            "admin/user.html",
            account=account,
            form=form,
            history=history,
            action_form=EmptyForm(),
        ),
        status,
    )


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@roles_required(Role.ADMIN)
def change_role(user_id: int):
    account = db.get_or_404(User, user_id)
    form = ChangeRoleForm(user=account)
    if not form.validate_on_submit():
        db.session.commit()  # keeps the audit entry of a wrong password, changes nothing else
        return _user_page(account, form, 400)
    try:
        services.change_role(account, Role(form.role.data), form.delegation_id.data, current_user)
    except services.AdminError as exc:
        flash(str(exc), "danger")
        return redirect(url_for("admin.user", user_id=account.id))
    db.session.commit()
    flash(
        _("The role of %(email)s is now %(role)s.", email=account.email, role=account.role.label),
        "success",
    )
    return redirect(url_for("admin.user", user_id=account.id))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@roles_required(Role.ADMIN)
def set_active(user_id: int):
    account = db.get_or_404(User, user_id)
    form = SetActiveForm()
    if not form.validate_on_submit():
        flash(_("Nothing was changed."), "warning")
        return redirect(url_for("admin.user", user_id=account.id))
    try:
        services.set_active(account, form.active.data == "1", current_user)
    except services.AdminError as exc:
        flash(str(exc), "danger")
        return redirect(url_for("admin.user", user_id=account.id))
    db.session.commit()
    if account.active:
        flash(_("%(email)s can sign in again.", email=account.email), "success")
    else:
        flash(_("%(email)s is deactivated and signed out.", email=account.email), "success")
    return redirect(url_for("admin.user", user_id=account.id))


@bp.route("/invitations/<int:invitation_id>/resend", methods=["POST"])
@roles_required(Role.ADMIN)
def resend_invitation(invitation_id: int):
    invitation = db.get_or_404(Invitation, invitation_id)
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            new = services.resend_invitation(invitation, current_user)
        except services.AdminError as exc:
            flash(str(exc), "danger")
        else:
            db.session.commit()
            flash(
                _("A new invitation link has been sent to %(email)s.", email=new.email), "success"
            )
    return redirect(url_for("admin.users"))


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["POST"])
@roles_required(Role.ADMIN)
def revoke_invitation(invitation_id: int):
    invitation = db.get_or_404(Invitation, invitation_id)
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            services.withdraw_invitation(invitation)
        except services.AdminError as exc:
            flash(str(exc), "danger")
        else:
            db.session.commit()
            flash(_("The invitation of %(email)s is withdrawn.", email=invitation.email), "success")
    return redirect(url_for("admin.users"))


# --- forum settings ---------------------------------------------------------------------------


@bp.route("/forum", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def forum_settings():
    forum = ForumSettings.get()
    form = ForumSettingsForm(obj=forum)
    if request.method == "GET" and forum is not None:
        for name in services.FORUM_TIMES:
            getattr(form, name).data = services.to_local_naive(getattr(forum, name), forum.timezone)
    if form.validate_on_submit():
        data = {name: getattr(form, name).data for name in services.FORUM_FIELDS}
        data.update({name: getattr(form, name).data for name in services.FORUM_TIMES})
        for name in services.FORUM_FIELDS:
            if isinstance(data[name], str):
                data[name] = data[name].strip()
        services.save_forum(data)
        db.session.commit()
        flash(_("The forum settings have been saved."), "success")
        return redirect(url_for("admin.forum_settings"))
    return render_template("admin/forum.html", form=form, forum=forum)


@bp.route("/identity", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def identity():
    forum = ForumSettings.get()
    if forum is None:
        flash(_("Fill in the forum settings first."), "warning")
        return redirect(url_for("admin.forum_settings"))
    form = IdentityForm(obj=forum)
    if form.validate_on_submit():
        services.save_identity(
            forum,
            primary=form.brand_primary.data,
            accent=form.brand_accent.data,
            logo=form.logo_png,
            emblem=form.emblem_png,
            remove_logo=form.remove_logo.data,
            remove_emblem=form.remove_emblem.data,
        )
        db.session.commit()
        flash(_("The forum's identity has been saved."), "success")
        return redirect(url_for("admin.identity"))
    return render_template("admin/identity.html", form=form, forum=forum)


# --- participant categories -------------------------------------------------------------------


@bp.route("/categories")
@roles_required(*ORGANIZERS)
def categories():
    items = db.session.scalars(sa.select(Category).order_by(Category.sort_order, Category.code))
    return render_template("admin/categories.html", categories=items.all())


@bp.route("/categories/new", methods=["GET", "POST"])
@roles_required(*ORGANIZERS)
def new_category():
    form = CategoryForm()
    if form.validate_on_submit():
        category = services.save_category(None, form.data)
        db.session.commit()
        flash(_("Category “%(name)s” created.", name=category.name_en), "success")
        return redirect(url_for("admin.categories"))
    return render_template("admin/category_form.html", form=form, category=None)


@bp.route("/categories/<int:category_id>", methods=["GET", "POST"])
@roles_required(*ORGANIZERS)
def edit_category(category_id: int):
    category = db.get_or_404(Category, category_id)
    form = CategoryForm(obj=category, category=category)
    if form.validate_on_submit():
        services.save_category(category, form.data)
        db.session.commit()
        flash(_("Category “%(name)s” saved.", name=category.name_en), "success")
        return redirect(url_for("admin.categories"))
    return render_template("admin/category_form.html", form=form, category=category)


# --- outbox -----------------------------------------------------------------------------------


@bp.route("/outbox")
@roles_required(Role.ADMIN)
def outbox():
    status = request.args.get("status", "")
    q = request.args.get("q", "").strip()[:100]
    stmt = sa.select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if status in {s.value for s in OutboxStatus}:
        stmt = stmt.where(OutboxMessage.status == OutboxStatus(status))
    if q:
        stmt = stmt.where(sa.func.lower(OutboxMessage.to_addr).like(_like(q.lower()), escape="\\"))
    # The bodies are not needed for the list.
    stmt = stmt.options(defer(OutboxMessage.body_text), defer(OutboxMessage.body_html))
    page = db.paginate(stmt, page=_page_arg(), per_page=PAGE_SIZE, error_out=False)
    counts = dict(
        db.session.execute(
            sa.select(OutboxMessage.status, sa.func.count()).group_by(OutboxMessage.status)
        ).all()
    )
    return render_template(
        "admin/outbox.html",
        page=page,
        status=status,
        q=q,
        counts=counts,
        statuses=list(OutboxStatus),
        action_form=EmptyForm(),
        smtp=bool(current_app.config["MAIL_SERVER"]),
        destination=mail_destination(),
        dev_sender=served_by_dev_server() and not current_app.testing,
    )


@bp.route("/outbox/<int:message_id>")
@roles_required(Role.ADMIN)
def outbox_message(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    return render_template("admin/outbox_message.html", message=message, action_form=EmptyForm())


@bp.route("/outbox/<int:message_id>/html")
@roles_required(Role.ADMIN)
def outbox_message_html(message_id: int):
    """The HTML part alone, framed by the message page: no script, no request leaves it."""

    html = html_for_preview(db.get_or_404(OutboxMessage, message_id))
    if html is None:
        abort(404)
    response = current_app.response_class(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        "frame-ancestors 'self'; sandbox allow-popups allow-popups-to-escape-sandbox"
    )
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.route("/outbox/<int:message_id>/retry", methods=["POST"])
@roles_required(Role.ADMIN)
def retry_message(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    form = EmptyForm()
    if form.validate_on_submit():
        try:
            services.retry_message(message)
        except services.AdminError as exc:
            flash(str(exc), "warning")
        else:
            db.session.commit()
            flash(
                _("The message to %(to)s is queued to be sent now.", to=message.to_addr), "success"
            )
    target = form.next.data
    return redirect(target if is_safe_redirect(target) else url_for("admin.outbox"))


# --- audit log --------------------------------------------------------------------------------


@bp.route("/audit")
@roles_required(*ORGANIZERS)
def audit_log():
    action = request.args.get("action", "").strip()[:60]
    object_type = request.args.get("object_type", "").strip()[:40]
    object_id = query_int("object_id")
    actor = request.args.get("actor", "").strip()[:100]
    stmt = (
        sa.select(AuditLog)
        .options(joinedload(AuditLog.actor))
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
    )
    if action:
        # "participant." lists every participant action; a full name matches exactly.
        if action.endswith("."):
            stmt = stmt.where(AuditLog.action.like(_escape_like(action) + "%", escape="\\"))
        else:
            stmt = stmt.where(AuditLog.action == action)
    if object_type:
        stmt = stmt.where(AuditLog.object_type == object_type)
    if object_id is not None:
        stmt = stmt.where(AuditLog.object_id == object_id)
    if actor:
        stmt = stmt.join(User, AuditLog.actor_id == User.id).where(
            sa.func.lower(User.email).like(_like(actor.lower()), escape="\\")
        )
    page = db.paginate(stmt, page=_page_arg(), per_page=PAGE_SIZE, error_out=False)
    object_types = db.session.scalars(
        sa.select(AuditLog.object_type).distinct().order_by(AuditLog.object_type)
    ).all()
    return render_template(
        "admin/audit.html",
        page=page,
        action=action,
        object_type=object_type,
        object_id=object_id,
        actor=actor,
        object_types=object_types,
    )


# --- the dashboard panel ------------------------------------------------------------------------


def _panel(user) -> dict | None:
    return services.admin_overview()


register_panel("admin", "admin/_panel.html", roles=(Role.ADMIN,), loader=_panel, order=900)
