"""Routes of the programme area: agenda, sessions, sign-ups, calendar feeds; the editors
are in editing_views.py (imported here)."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from app import pagecache
from app.auth.access import login_required_any, public, roles_required
from app.auth.policy import ORGANIZERS, is_organizer
from app.downloads import calendar_response, csv_response, xlsx_response
from app.extensions import db
from app.forms import EmptyForm
from app.i18n import current_language, forum
from app.integers import query_int
from app.main.home import register_home_provider
from app.models import Participant, ProgrammeSession, Role, SignupStatus, utcnow
from app.panels import register_panel
from app.programme import (
    bp,
    editing_views,  # noqa: F401  (its routes join the blueprint)
    ical,
    queries,
    services,
)
from app.programme.forms import MoveSignupForm


def _forum_name() -> str:
    f = forum()
    return (f.localized("short_name") or f.localized("name")) if f else "Accredit"


def _delegate_participant() -> Participant:
    """The signed-in delegate's participant record (a delegate without one cannot sign up)."""
    if not current_user.participant_id:
        abort(404)
    participant = db.session.get(Participant, current_user.participant_id)
    if participant is None:
        abort(404)
    return participant


# --- agenda ------------------------------------------------------------------------------


@bp.route("/")
@public
def agenda():
    topic_id = query_int("topic")

    def render(**extra):
        sessions = queries.agenda_sessions(current_user, topic_id)
        return render_template(
            "programme/agenda.html",
            days=queries.group_by_day(sessions),
            topics=queries.topics(),
            topic_id=topic_id,
            counts=queries.signup_counts(),
            mine=queries.user_signups(current_user),
            tz=services.forum_tz(),
            **extra,
        )

    if pagecache.cacheable():
        # The public agenda is the busiest page; anonymous visitors share a copy for a few
        # seconds.
        return pagecache.cached_page("agenda", (current_language(), topic_id), render)
    # Signed in: the page around the sessions is each visitor's (menu, buttons), the sessions
    # are shared by everyone who may see the same ones; only the visitor's sign-up badges are
    # filled in.
    level = queries.may_see_participants_only(current_user)
    days, html = pagecache.cached_fragment(
        "agenda", (current_language(), topic_id, level), lambda: _agenda_days(topic_id)
    )
    mine = queries.user_signups(current_user)
    badges = {
        status: render_template("programme/_signup_badge.html", status=status)
        for status in set(mine.values())
    }
    html = SIGNUP_MARK.sub(lambda m: badges.get(mine.get(int(m.group(1))), ""), html)
    return render_template(
        "programme/agenda.html",
        days=[(day, ()) for day in days],
        days_html=Markup(html),  # noqa: S704  (rendered by Jinja with autoescape)
        topics=queries.topics(),
        topic_id=topic_id,
    )


SIGNUP_MARK = re.compile("\x1esignup:(\\d+)\x1e")


def _agenda_days(topic_id: int | None) -> tuple[list, str]:
    days = queries.group_by_day(queries.agenda_sessions(current_user, topic_id))
    html = render_template(
        "programme/_agenda_days.html",
        days=days,
        counts=queries.signup_counts(),
        signup_marks=True,
        signup_mark=lambda session_id: Markup(f"\x1esignup:{int(session_id)}\x1e"),  # noqa: S704
        tz=services.forum_tz(),
    )
    return [day for day, _items in days], html


@bp.route("/sessions/<int:session_id>")
@public
def session(session_id: int):
    item = queries.session_or_404(session_id, current_user, options=queries.agenda_options())
    organizer = is_organizer(current_user)
    signups = services.session_signups(item.id) if organizer else None
    return render_template(
        "programme/session.html",
        s=item,
        signups=signups,
        move_form=_move_form(item) if organizer else None,
        counts=queries.signup_counts([item.id]).get(item.id, {}),
        mine=queries.user_signups(current_user).get(item.id),
        form=EmptyForm(),
    )


@bp.route("/my")
@roles_required(Role.DELEGATE)
def my_agenda():
    sessions = (
        queries.my_sessions(current_user.participant_id) if current_user.participant_id else []
    )
    return render_template(
        "programme/my_agenda.html",
        days=[(d, items) for d, items in queries.group_by_day(sessions) if items],
        mine=queries.user_signups(current_user),
        counts=queries.signup_counts([s.id for s in sessions]),
        form=EmptyForm(),
    )


# --- calendar feeds ----------------------------------------------------------------------


@bp.route("/agenda.ics")
@public
def feed():
    sessions = queries.agenda_sessions(None)  # the public programme, whoever asks
    return calendar_response(ical.calendar_for(sessions, _forum_name()), "programme.ics")


@bp.route("/sessions/<int:session_id>.ics")
@public
def session_ics(session_id: int):
    item = queries.session_or_404(session_id, current_user, options=queries.agenda_options())
    return calendar_response(ical.calendar_for([item], item.title), f"session-{item.id}.ics")


@bp.route("/calendar/<feed_token>.ics")
@public
def personal_feed(feed_token: str):
    # Calendar apps do not sign in: the unguessable token is the credential.
    user = services.user_for_feed_token(feed_token)
    if user is None:
        abort(404)
    sessions = queries.feed_sessions(user)
    return calendar_response(ical.calendar_for(sessions, _forum_name()), "my-programme.ics")


@bp.route("/calendar")
@login_required_any
def calendar():
    return render_template("programme/calendar.html", form=EmptyForm())


@bp.route("/calendar/rotate", methods=["POST"])
@login_required_any
def rotate_feed():
    if EmptyForm().validate_on_submit():
        services.rotate_feed_token(current_user)
        db.session.commit()
        flash(_("Your calendar address has changed; the old one no longer works."), "success")
    return redirect(url_for("programme.calendar"))


# --- sign-up -----------------------------------------------------------------------------


@bp.route("/sessions/<int:session_id>/signup", methods=["POST"])
@roles_required(Role.DELEGATE)
def sign_up(session_id: int):
    item = queries.session_or_404(session_id, current_user)
    participant = _delegate_participant()
    if EmptyForm().validate_on_submit():
        try:
            result = services.sign_up(item.id, participant, current_user)
        except services.SignupError as exc:
            db.session.rollback()
            flash(str(exc), "warning")
        else:
            db.session.commit()
            if result.status == SignupStatus.CONFIRMED:
                flash(_("You are signed up."), "success")
            else:
                flash(_("The session is full: you are on the waitlist."), "info")
    return redirect(url_for("programme.session", session_id=item.id))


@bp.route("/sessions/<int:session_id>/cancel", methods=["POST"])
@roles_required(Role.DELEGATE)
def cancel_signup(session_id: int):
    item = queries.session_or_404(session_id, current_user)
    participant = _delegate_participant()
    if EmptyForm().validate_on_submit():
        services.cancel_signup(item.id, participant.id, current_user)
        db.session.commit()
        flash(_("Your sign-up is cancelled."), "info")
    return redirect(url_for("programme.session", session_id=item.id))


@bp.route("/sessions/<int:session_id>/signups/<int:participant_id>/cancel", methods=["POST"])
@roles_required(*ORGANIZERS)
def cancel_participant_signup(session_id: int, participant_id: int):
    item = db.get_or_404(ProgrammeSession, session_id)
    if EmptyForm().validate_on_submit():
        promoted = services.cancel_signup(item.id, participant_id, current_user)
        db.session.commit()
        flash(_("The sign-up is cancelled."), "info")
        if promoted is not None:
            flash(_("The first on the waitlist now has the seat."), "info")
    return redirect(url_for("programme.session", session_id=item.id) + "#signups")


def _move_form(item: ProgrammeSession, formdata=None) -> MoveSignupForm:
    others = [s for s in services.signup_sessions() if s.id != item.id]
    return MoveSignupForm(formdata=formdata, sessions=others)


@bp.route("/sessions/<int:session_id>/signups/<int:participant_id>/move", methods=["POST"])
@roles_required(*ORGANIZERS)
def move_participant_signup(session_id: int, participant_id: int):
    item = db.get_or_404(ProgrammeSession, session_id)
    form = _move_form(item, request.form)
    if form.validate_on_submit():
        try:
            result, _promoted = services.move_signup(
                item.id, participant_id, form.to_session.data, current_user
            )
        except services.SignupError as exc:
            db.session.rollback()
            flash(str(exc), "warning")
        else:
            db.session.commit()
            if result.status == SignupStatus.CONFIRMED:
                flash(_("The sign-up is moved."), "success")
            else:
                flash(_("The sign-up is moved to the other session's waitlist."), "info")
    else:
        flash(_("Choose another session."), "warning")
    return redirect(url_for("programme.session", session_id=item.id) + "#signups")


@bp.route("/sessions/<int:session_id>/signups.csv")
@roles_required(*ORGANIZERS)
def signups_csv(session_id: int):
    item = db.get_or_404(ProgrammeSession, session_id)
    body = services.signups_csv(services.session_signups(item.id))
    return csv_response(body, f"signups-session-{item.id}.csv")


@bp.route("/sessions/<int:session_id>/signups.xlsx")
@roles_required(*ORGANIZERS)
def signups_xlsx(session_id: int):
    item = db.get_or_404(ProgrammeSession, session_id)
    body = services.signups_xlsx(services.session_signups(item.id), item.title_en)
    return xlsx_response(body, f"signups-session-{item.id}.xlsx")


# --- home page and dashboards ------------------------------------------------------------


def _home() -> dict:
    return {"next_sessions": queries.upcoming_sessions()}


def _my_panel(user) -> dict | None:
    if not user.participant_id:
        return None
    sessions = queries.my_sessions(user.participant_id)
    upcoming = [s for s in sessions if s.ends_at > _now()] or sessions  # after the forum: all
    return {"sessions": upcoming[:5], "mine": queries.user_signups(user)}


def _organizer_panel(user) -> dict:
    total, with_signup = queries.signup_panel_sessions(user)
    return {"sessions": with_signup, "total": total, "counts": queries.signup_counts()}


def _now():
    return utcnow()


register_home_provider(_home)
register_panel("programme.mine", "programme/_panel_mine.html", [Role.DELEGATE], _my_panel, order=40)
register_panel(
    "programme.signups",
    "programme/_panel_signups.html",
    ORGANIZERS,
    _organizer_panel,
    order=60,
)
