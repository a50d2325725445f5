"""Administration → API tokens: create (the token is shown once), list, revoke."""

from __future__ import annotations

from flask import flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.forms import ApiTokenForm
from app.api import tokens
from app.auth.access import roles_required
from app.extensions import db
from app.forms import EmptyForm
from app.models import ApiToken, Role, User

NEW_TOKEN_KEY = "new_api_token"  # noqa: S105 (a session key, not a secret)


@bp.route("/api-tokens", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def api_tokens():
    form = ApiTokenForm()
    if form.validate_on_submit():
        owner = db.get_or_404(User, form.user_id.data)
        _token, plain = tokens.create(
            name=form.name.data, scope=form.scope.data, user=owner, by=current_user
        )
        db.session.commit()
        # Shown by the next page only (a reload then neither shows it nor makes another).
        session[NEW_TOKEN_KEY] = plain
        return redirect(url_for("admin.api_tokens"))
    response = make_response(
        render_template(
            "admin/api_tokens.html",
            form=form,
            created=session.pop(NEW_TOKEN_KEY, None) if request.method == "GET" else None,
            tokens=tokens.listing(),
            revoke_form=EmptyForm(),
        )
    )
    # The page that shows a new token is never kept by a browser or a proxy.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/api-tokens/<int:token_id>/revoke", methods=["POST"])
@roles_required(Role.ADMIN)
def revoke_api_token(token_id: int):
    token = db.get_or_404(ApiToken, token_id)
    if EmptyForm().validate_on_submit():
        tokens.revoke(token)
        db.session.commit()
        flash(_("The token “%(name)s” no longer works.", name=token.name), "success")
    return redirect(url_for("admin.api_tokens"))
