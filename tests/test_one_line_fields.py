"""One-line fields refuse line breaks and control characters at input, the calendar feeds
stay valid with older data that holds them, and every datetime a form produces is aware
(issue 9, findings 6, 7 and 9)."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import UTC, datetime

import flask_wtf
import sqlalchemy as sa
from icalendar import Calendar
from werkzeug.datastructures import MultiDict
from wtforms import EmailField, HiddenField, PasswordField, StringField, TextAreaField

import app as app_package
from app.extensions import db
from app.forms import FlaskForm, LocalDateTimeField, flatten_line
from app.models import Announcement, ForumSettings, ProgrammeSession, User
from tests.test_admin import _forum_data

BREAKS = [
    "News\r\nBcc: everyone@example.org",
    "a\rb",
    "a\nb",
    "tab\there",
    "esc\x1b[2J",
    "x\u2028y",
]


def _all_form_classes() -> list[type]:
    for info in pkgutil.walk_packages(app_package.__path__, "app."):
        importlib.import_module(info.name)
    out, todo = [], [flask_wtf.FlaskForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("app."):
                out.append(sub)
    return out


def test_every_form_of_the_app_derives_from_the_shared_base():
    forms = _all_form_classes()
    assert len(forms) > 25
    strays = [f"{f.__module__}.{f.__name__}" for f in forms if not issubclass(f, FlaskForm)]
    assert not strays, "use app.forms.FlaskForm: " + ", ".join(strays)


class _Sample(FlaskForm):
    name = StringField()
    email = EmailField()
    hidden = HiddenField()
    notes = TextAreaField()
    password = PasswordField()


def test_one_line_fields_refuse_breaks_and_control_characters(app):
    with app.test_request_context(method="POST"):
        for value in BREAKS:
            form = _Sample(formdata=MultiDict(dict.fromkeys(_Sample()._fields, value)))
            form.validate()
            assert {"name", "email", "hidden"} <= set(form.errors), value
            assert "notes" not in form.errors and "password" not in form.errors, value
        ok = _Sample(formdata=MultiDict({"name": "Zhāng Wěi 张伟 مُحَمَّد"}))
        ok.validate()
        assert "name" not in ok.errors


def test_an_announcement_title_with_a_line_break_is_refused(app, world, as_role):
    client = as_role("organizer")
    for title in BREAKS:
        response = client.post(
            "/announcements/new",
            data={"title": title, "body_markdown": "Buses at 8.", "audience": "public"},
        )
        assert response.status_code == 200, title
        html = response.get_data(as_text=True)
        assert "must be one line of text" in html or "characters that are not allowed" in html
    with app.app_context():
        assert not db.session.scalars(
            sa.select(Announcement).where(Announcement.title.contains("\r"))
        ).all()


def test_calendar_feeds_stay_valid_with_line_breaks_in_older_data(app, client, world):
    with app.app_context():  # written before input was checked
        db.session.execute(sa.update(ProgrammeSession).values(title_en="Opening\r\nceremony"))
        db.session.execute(sa.update(ForumSettings).values(short_name_en="Forum\r\n2025"))
        session_id = db.session.scalars(sa.select(ProgrammeSession.id)).first()
        token = db.session.get(User, world.users.organizer.id).feed_token
        db.session.commit()
    for url in (
        "/programme/agenda.ics",
        f"/programme/sessions/{session_id}.ics",
        f"/programme/calendar/{token}.ics",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        cal = Calendar.from_ical(response.data)
        summaries = [str(e["summary"]) for e in cal.walk("VEVENT")]
        assert "Opening  ceremony" in summaries, url
        assert "\n" not in str(cal["x-wr-calname"])


def test_flatten_line():
    assert flatten_line("a\r\nb\tc\u2029d") == "a  b c d"
    assert flatten_line(None) == ""


# --- finding 9: aware datetimes --------------------------------------------------------------


def test_forum_settings_with_a_time_left_out(app, world, as_role):
    """The field missing from the request: the form kept the database's aware value beside
    a naive one from the request, and comparing them was a 500."""
    client = as_role("admin")
    assert client.post("/admin/forum", data=_forum_data()).status_code == 302  # both times set
    data = _forum_data()
    del data["registration_opens_at"]
    assert client.post("/admin/forum", data=data).status_code == 302
    data = _forum_data()
    del data["registration_closes_at"]
    assert client.post("/admin/forum", data=data).status_code == 302
    with app.app_context():
        forum = ForumSettings.get()
        assert forum.registration_closes_at.tzinfo is not None


def test_local_datetime_field_is_always_aware(app, world):
    class _Times(FlaskForm):
        at = LocalDateTimeField()

    with app.test_request_context(method="POST"):
        typed = _Times(formdata=MultiDict({"at": "2025-09-17T09:00"}))
        assert typed.at.data == datetime(2025, 9, 17, 1, 0, tzinfo=UTC)  # Asia/Shanghai
        stored = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)
        kept = _Times(formdata=MultiDict({}), at=stored)
        assert kept.at.data == stored
        assert kept.at._value() == "2025-09-01T10:00"
        naive = _Times(formdata=None, at=datetime(2025, 9, 1, 10, 0))
        assert naive.at.data == stored
