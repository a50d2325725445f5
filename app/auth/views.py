"""Sign-in, sign-out, password reset, invitation acceptance and the account page."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import bp, services, throttle
from app.auth.access import login_required_any, public
from app.auth.forms import (
    AcceptInvitationForm,
    AccountForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
)
from app.extensions import db, limiter
from app.forms import EmptyForm
from app.security import is_safe_redirect


def _login_limit():
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
def login():
    # The per-account counters (app/auth/throttle.py) are consulted only once the form is
    # valid: a refused or oversized request never writes a key.
    form = LoginForm()
    if form.validate_on_submit():
        if throttle.pair_refused(form.email.data):
            abort(429)
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            services.start_session(user, remember=form.remember.data)
            db.session.commit()
            target = request.args.get("next")
            return redirect(target if is_safe_redirect(target) else url_for("main.dashboard"))
        db.session.commit()  # keep the failure count
        flash(_("The e-mail or password is not right."), "danger")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@public
def logout():
    form = EmptyForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        services.end_session()
        db.session.commit()
        flash(_("You have signed out."), "info")
    response = redirect(url_for("main.index"))
    # The offline desk's manifest and queued scans, its cached pages and its service worker
    # go with the session (static/js/app.js does the same for browsers without this header).
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.route("/forgot-password", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["PUBLIC_FORM_RATE_LIMIT"], methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        with services.answer_no_sooner(current_app.config["PASSWORD_RESET_ANSWER_SECONDS"]):
            services.request_password_reset(form.email.data)
            db.session.commit()
        flash(
            _("If an account exists for that address, a link to set a new password is on its way."),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["PUBLIC_FORM_RATE_LIMIT"], methods=["POST"])
def reset_password(token: str):
    user = services.user_for_reset_token(token)
    if user is None:
        return render_template("auth/link_invalid.html", kind="reset"), 400
    form = ResetPasswordForm()
    form.email_for_check = user.email
    if form.validate_on_submit():
        services.reset_password(user, form.password.data)
        db.session.commit()
        flash(_("Your password has been changed. Please sign in."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["PUBLIC_FORM_RATE_LIMIT"], methods=["POST"])
def accept_invitation(token: str):
    invitation = services.invitation_for_token(token)
    if invitation is None or not invitation.is_usable():
        return render_template("auth/link_invalid.html", kind="invitation"), 400
    form = AcceptInvitationForm()
    form.email_for_check = invitation.email
    if request.method == "GET":
        form.full_name.data = invitation.full_name
        form.locale.data = session.get("lang") or "en"
    if form.validate_on_submit():
        user = services.accept_invitation(
            invitation, form.password.data, form.full_name.data, form.locale.data
        )
        services.start_session(user)
        db.session.commit()
        flash(_("Welcome! Your account is ready."), "success")
        return redirect(url_for("main.dashboard"))
    return render_template("auth/accept_invitation.html", form=form, invitation=invitation)


@bp.route("/account", methods=["GET", "POST"])
@login_required_any
def account():
    form = AccountForm(obj=current_user)
    password_form = ChangePasswordForm(prefix="pw")
    password_form.email_for_check = current_user.email
    if form.submit.data and form.validate_on_submit():
        current_user.full_name = form.full_name.data
        current_user.locale = form.locale.data
        session["lang"] = form.locale.data
        db.session.commit()
        flash(_("Your account has been saved."), "success")
        return redirect(url_for("auth.account"))
    if password_form.submit.data and password_form.validate_on_submit():
        if not current_user.check_password(password_form.current.data):
            password_form.current.errors.append(_("This is not your current password."))
        else:
            user = current_user._get_current_object()
            services.change_password(user, password_form.password.data)
            # The new session token signs every other device out; keep this one in.
            services.start_session(user)
            db.session.commit()
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form, password_form=password_form)
