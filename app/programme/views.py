"""Routes of the programme area: agenda, sessions, sign-ups, calendar feeds, editing."""

from __future__ import annotations

import re

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import selectinload

from app import pagecache
from app.auth.access import login_required_any, public, roles_required
from app.auth.policy import ORGANIZERS, is_organizer
from app.desk.dashboard.panels import register_panel
from app.extensions import db
from app.forms import EmptyForm
from app.i18n import current_language, forum
from app.integers import query_int
from app.main.home import register_home_provider
from app.models import (
    Participant,
    ProgrammeSession,
    Role,
    Room,
    SessionSpeaker,
    SignupStatus,
    Topic,
    utcnow,
)
from app.programme import bp, ical, queries, services
from app.programme.forms import MoveSignupForm, RoomForm, SessionForm, SpeakerForm, TopicForm


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


def _ics(body: bytes, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Cache-Control": "no-cache",
        },
    )


@bp.route("/agenda.ics")
@public
def feed():
    sessions = queries.agenda_sessions(None)  # the public programme, whoever asks
    return _ics(ical.calendar_for(sessions, _forum_name()), "programme.ics")


@bp.route("/sessions/<int:session_id>.ics")
@public
def session_ics(session_id: int):
    item = queries.session_or_404(session_id, current_user, options=queries.agenda_options())
    return _ics(ical.calendar_for([item], item.title), f"session-{item.id}.ics")


@bp.route("/calendar/<feed_token>.ics")
@public
def personal_feed(feed_token: str):
    # Calendar apps do not sign in: the unguessable token is the credential.
    user = services.user_for_feed_token(feed_token)
    if user is None:
        abort(404)
    sessions = queries.feed_sessions(user)
    return _ics(ical.calendar_for(sessions, _forum_name()), "my-programme.ics")


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
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="signups-session-{item.id}.csv"'},
    )


@bp.route("/sessions/<int:session_id>/signups.xlsx")
@roles_required(*ORGANIZERS)
def signups_xlsx(session_id: int):
    item = db.get_or_404(ProgrammeSession, session_id)
    body = services.signups_xlsx(services.session_signups(item.id), item.title_en)
    return Response(
        body,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="signups-session-{item.id}.xlsx"'},
    )


# --- editing (organizers) ----------------------------------------------------------------


@bp.route("/manage")
@roles_required(*ORGANIZERS)
def manage():
    sessions = queries.agenda_sessions(current_user)
    return render_template(
        "programme/manage.html",
        days=queries.group_by_day(sessions),
        topics=queries.topics(),
        rooms=queries.rooms(),
        counts=queries.signup_counts(),
        form=EmptyForm(),
    )


def _session_form(item: ProgrammeSession | None = None) -> SessionForm:
    kwargs = {}
    if item is not None and request.method == "GET":
        start, end = services.local(item.starts_at), services.local(item.ends_at)
        kwargs = dict(
            obj=item,
            day=start.date().isoformat(),
            start=start.time(),
            end=end.time(),
            kind=item.kind.value,
            visibility=item.visibility.value,
        )
    return SessionForm(
        days=services.forum_days(), topics=queries.topics(), rooms=queries.rooms(), **kwargs
    )


def _warn_room_conflicts(item: ProgrammeSession) -> None:
    for other in services.room_conflicts(item):
        flash(
            _(
                "Warning: %(room)s is also booked for “%(title)s” (%(start)s – %(end)s).",
                room=item.room.name if item.room else "",
                title=other.title,
                start=format_datetime(other.starts_at, "short"),
                end=format_datetime(other.ends_at, "short"),
            ),
            "warning",
        )


@bp.route("/sessions/new", methods=["GET", "POST"])
@roles_required(*ORGANIZERS)
def new_session():
    form = _session_form()
    if form.validate_on_submit():
        item = services.save_session(None, form.values())
        _warn_room_conflicts(item)
        db.session.commit()
        flash(_("Session created."), "success")
        return redirect(url_for("programme.edit_session", session_id=item.id))
    return render_template("programme/session_form.html", form=form, s=None)


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@roles_required(*ORGANIZERS)
def edit_session(session_id: int):
    item = db.session.get(
        ProgrammeSession,
        session_id,
        options=[
            selectinload(ProgrammeSession.speakers)
            .selectinload(SessionSpeaker.participant)
            .selectinload(Participant.delegation)
        ],
    )
    if item is None:
        abort(404)
    form = _session_form(item)
    if form.validate_on_submit():
        services.save_session(item, form.values())
        _warn_room_conflicts(item)
        db.session.commit()
        flash(_("Session saved."), "success")
        return redirect(url_for("programme.edit_session", session_id=item.id))
    speaker_form = SpeakerForm(participants=services.speaker_choices(), prefix="speaker")
    return render_template(
        "programme/session_form.html",
        form=form,
        s=item,
        speaker_form=speaker_form,
        conflicts=services.room_conflicts(item),
        delete_form=EmptyForm(),
    )


@bp.route("/sessions/<int:session_id>/delete", methods=["POST"])
@roles_required(*ORGANIZERS)
def delete_session(session_id: int):
    item = db.get_or_404(ProgrammeSession, session_id)
    if EmptyForm().validate_on_submit():
        services.delete_session(item)
        db.session.commit()
        flash(_("Session deleted."), "success")
    return redirect(url_for("programme.manage"))


@bp.route("/speakers.json")
@roles_required(*ORGANIZERS)
def speaker_search():
    """Approved participants matching ?q=, for the speaker picker (static/js/app.js)."""
    query = request.args.get("q", "")[:100]
    return {
        "results": [
            {"id": pid, "label": label} for pid, label in services.speaker_choices(query, limit=20)
        ]
    }


@bp.route("/sessions/<int:session_id>/speakers", methods=["POST"])
@roles_required(*ORGANIZERS)
def add_speaker(session_id: int):
    item = db.get_or_404(ProgrammeSession, session_id)
    form = SpeakerForm(participants=services.speaker_choices(), prefix="speaker")
    if form.validate_on_submit():
        services.add_speaker(item, form.values())
        db.session.commit()
        flash(_("Speaker added."), "success")
    else:
        for field, errors in form.errors.items():
            label = form[field].label.text if field in form else field
            for error in errors:
                flash(f"{label}: {error}", "danger")
    return redirect(url_for("programme.edit_session", session_id=item.id) + "#speakers")


@bp.route("/sessions/<int:session_id>/speakers/<int:speaker_id>/delete", methods=["POST"])
@roles_required(*ORGANIZERS)
def remove_speaker(session_id: int, speaker_id: int):
    speaker = db.get_or_404(SessionSpeaker, speaker_id)
    if speaker.session_id != session_id:
        abort(404)
    if EmptyForm().validate_on_submit():
        services.remove_speaker(speaker)
        db.session.commit()
        flash(_("Speaker removed."), "success")
    return redirect(url_for("programme.edit_session", session_id=session_id) + "#speakers")


@bp.route("/topics/new", methods=["GET", "POST"])
@roles_required(*ORGANIZERS)
def new_topic():
    form = TopicForm()
    if form.validate_on_submit():
        services.save_topic(None, form.values())
        db.session.commit()
        flash(_("Topic created."), "success")
        return redirect(url_for("programme.manage"))
    return render_template("programme/simple_form.html", form=form, title=_("New topic"))


@bp.route("/topics/<int:topic_id>/edit", methods=["GET", "POST"])
@roles_required(*ORGANIZERS)
def edit_topic(topic_id: int):
    topic = db.get_or_404(Topic, topic_id)
    form = TopicForm(obj=topic)
    if form.validate_on_submit():
        services.save_topic(topic, form.values())
        db.session.commit()
        flash(_("Topic saved."), "success")
        return redirect(url_for("programme.manage"))
    return render_template(
        "programme/simple_form.html",
        form=form,
        title=_("Edit topic"),
        delete_url=url_for("programme.delete_topic", topic_id=topic.id),
        delete_confirm=_("Delete this topic? Its sessions stay, without a topic."),
    )


@bp.route("/topics/<int:topic_id>/delete", methods=["POST"])
@roles_required(*ORGANIZERS)
def delete_topic(topic_id: int):
    topic = db.get_or_404(Topic, topic_id)
    if EmptyForm().validate_on_submit():
        services.delete_topic(topic)
        db.session.commit()
        flash(_("Topic deleted."), "success")
    return redirect(url_for("programme.manage"))


@bp.route("/rooms/new", methods=["GET", "POST"])
@roles_required(*ORGANIZERS)
def new_room():
    form = RoomForm()
    if form.validate_on_submit():
        services.save_room(None, {"name": form.name.data, "capacity": form.capacity.data})
        db.session.commit()
        flash(_("Room created."), "success")
        return redirect(url_for("programme.manage"))
    return render_template("programme/simple_form.html", form=form, title=_("New room"))


@bp.route("/rooms/<int:room_id>/edit", methods=["GET", "POST"])
@roles_required(*ORGANIZERS)
def edit_room(room_id: int):
    room = db.get_or_404(Room, room_id)
    form = RoomForm(obj=room, room_id=room.id)
    if form.validate_on_submit():
        services.save_room(room, {"name": form.name.data, "capacity": form.capacity.data})
        db.session.commit()
        flash(_("Room saved."), "success")
        return redirect(url_for("programme.manage"))
    return render_template(
        "programme/simple_form.html",
        form=form,
        title=_("Edit room"),
        delete_url=url_for("programme.delete_room", room_id=room.id),
        delete_confirm=_("Delete this room? Its sessions stay, without a room."),
    )


@bp.route("/rooms/<int:room_id>/delete", methods=["POST"])
@roles_required(*ORGANIZERS)
def delete_room(room_id: int):
    room = db.get_or_404(Room, room_id)
    if EmptyForm().validate_on_submit():
        services.delete_room(room)
        db.session.commit()
        flash(_("Room deleted."), "success")
    return redirect(url_for("programme.manage"))


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
