"""Routes of the programme area for organizers: the sessions, speakers, topics and rooms
editors. The blueprint is the programme's; views.py imports this module."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from app.auth.access import roles_required
from app.auth.policy import ORGANIZERS
from app.extensions import db
from app.forms import EmptyForm
from app.models import Participant, ProgrammeSession, Room, SessionSpeaker, Topic
from app.programme import bp, queries, services
from app.programme.forms import RoomForm, SessionForm, SpeakerForm, TopicForm

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
