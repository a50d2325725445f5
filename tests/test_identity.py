"""The forum's identity and its e-mails: logo, emblem and colours set by an admin, HTML e-mails
with a text alternative in those colours, the outbox preview, and links that follow the
development server's address."""

from __future__ import annotations

import email
import io
import threading
from email import policy

import pytest
import sqlalchemy as sa
from PIL import Image

from app import identity
from app.extensions import db
from app.mail import build_message
from app.models import ForumSettings, OutboxMessage


def _png(size=(40, 20), colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def test_contrast_follows_wcag():
    assert identity.contrast("#000000", "#ffffff") == pytest.approx(21, rel=1e-3)
    assert identity.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert identity.colour_problem("#17365d") is None
    assert identity.colour_problem("#f0c000") == "white"  # yellow under white text
    assert identity.colour_problem("red") == "format"


def test_admin_sets_logo_and_colours_and_the_site_uses_them(app, world, as_role):
    admin = as_role("admin")
    response = admin.post(
        "/admin/identity",
        data={
            "brand_primary": "#0b4f3c",
            "brand_accent": "#8a1538",
            "logo": (io.BytesIO(_png()), "logo.png"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    page = as_role("anonymous").get("/").get_data(as_text=True)
    assert 'class="brand-logo"' in page
    css_url = page.split('href="/forum.css')[1].split('"')[0]
    css = as_role("anonymous").get("/forum.css" + css_url).get_data(as_text=True)
    assert "--forum:#0b4f3c" in css and "--forum-accent:#8a1538" in css
    logo = as_role("anonymous").get("/forum/logo.png")
    assert logo.status_code == 200 and logo.mimetype == "image/png"
    assert Image.open(io.BytesIO(logo.data)).size == (40, 20)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("brand_primary", "#ffd400", "hard to read"),
        ("brand_accent", "blue", "six hexadecimal digits"),
    ],
)
def test_colours_without_contrast_are_refused(app, world, as_role, field, value, message):
    data = {"brand_primary": "#17365d", "brand_accent": "#a4122a", field: value}
    page = as_role("admin").post("/admin/identity", data=data).get_data(as_text=True)
    assert message in page
    with app.app_context():
        assert getattr(db.session.get(ForumSettings, 1), field) != value


def test_only_png_images_are_taken(app, world, as_role):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    page = as_role("admin").post(
        "/admin/identity",
        data={
            "brand_primary": "#17365d",
            "brand_accent": "#a4122a",
            "emblem": (io.BytesIO(svg), "emblem.svg"),
        },
        content_type="multipart/form-data",
    )
    assert "Choose a PNG image" in page.get_data(as_text=True)


def _reset_email(app, client, world) -> OutboxMessage:
    client.post("/auth/forgot-password", data={"email": world.users.delegate.email})
    with app.app_context():
        row = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
        db.session.expunge(row)
        return row


def test_every_email_has_an_html_part_in_the_forums_colours(app, world, as_role):
    """A text-only template (the password reset) goes out with an HTML part too."""
    row = _reset_email(app, as_role("anonymous"), world)
    assert row.body_html and "Test Forum on Migration" in row.body_html
    assert identity.DEMO_PRIMARY not in row.body_html  # the world's forum keeps the default
    assert "#17365d" in row.body_html
    link = row.body_text.split("http://localhost")[1].split()[0]
    assert f'href="http://localhost{link}"' in row.body_html
    # No remote image: the logo travels inside the message.
    assert "cid:forum-logo" in row.body_html and "forum-logo" in row.inline_images
    assert 'src="http' not in row.body_html
    with app.app_context():
        msg = email.message_from_bytes(bytes(build_message(row)), policy=policy.default)
    assert msg.get_content_type() == "multipart/alternative"
    assert msg.get_body(("plain",)).get_content().strip().startswith("Hello")
    related = [p for p in msg.walk() if p.get("Content-ID") == "<forum-logo>"]
    assert related and related[0].get_content_type() == "image/png"


def test_email_text_becomes_escaped_paragraphs_with_links(app):
    from app.filters import email_paragraphs

    html = email_paragraphs("Hello <b>you</b>,\n\nOpen https://x.org/a?b=1&c=2.\nThanks")
    assert html.count("<p") == 2 and "&lt;b&gt;" in html
    assert '<a href="https://x.org/a?b=1&amp;c=2"' in html and "</a>.<br>Thanks" in html


def test_outbox_preview_shows_both_parts(app, world, as_role):
    row = _reset_email(app, as_role("anonymous"), world)
    admin = as_role("admin")
    page = admin.get(f"/admin/outbox/{row.id}").get_data(as_text=True)
    assert f'src="/admin/outbox/{row.id}/html"' in page
    assert 'class="border rounded p-3 bg-light email-text"' in page  # pre-wrap keeps lines
    framed = admin.get(f"/admin/outbox/{row.id}/html")
    assert "sandbox" in framed.headers["Content-Security-Policy"]
    assert "data:image/png;base64," in framed.get_data(as_text=True)
    assert "cid:" not in framed.get_data(as_text=True)


@pytest.mark.parametrize(
    ("server", "base_url", "expected"),
    [
        ("Werkzeug/3.1.3 Python/3.11", "", "http://127.0.0.1:5101"),
        ("gunicorn/23.0.0", "", "http://127.0.0.1:5000"),
        ("Werkzeug/3.1.3 Python/3.11", "https://forum.example.org", "https://forum.example.org"),
    ],
)
def test_links_follow_the_development_server_unless_base_url_is_set(
    app, server, base_url, expected
):
    from app.urls import absolute_url

    app.config["BASE_URL"] = base_url
    with app.test_request_context(
        "/", base_url="http://127.0.0.1:5101", environ_base={"SERVER_SOFTWARE": server}
    ):
        assert absolute_url("main.index") == expected + "/"


def test_self_registered_person_gets_a_link_they_can_open(app, world, as_role, client):
    """They have no account: the registration page would only show them a sign-in form."""
    from tests.delegations.test_delegations import _token, valid_data

    as_role("focal_point").post(f"/delegations/{world.a.id}/link/rotate")
    data = valid_data(world.categories.delegate.id, family_name="Zhang", email="zw@example.org")
    data["submit"] = "1"
    assert (
        client.post(f"/delegations/register/{_token(app, world.a.id)}", data=data).status_code
        == 302
    )
    with app.app_context():
        rows = db.session.scalars(sa.select(OutboxMessage)).all()
        to_person = next(r for r in rows if r.to_addr == "zw@example.org")
        to_focal = next(r for r in rows if r.to_addr == world.users.focal_point.email)
    assert "/registration/" not in to_person.body_text
    assert "http://localhost/programme/" in to_person.body_text
    assert "/registration/" in to_focal.body_text
    # The sign-in-free page really opens without an account.
    assert client.get("/programme/").status_code == 200


def test_development_server_delivers_the_outbox_by_itself(app, world, monkeypatch, tmp_path):
    """Under Werkzeug's server without SMTP a thread sends; under gunicorn nothing starts."""
    from pathlib import Path

    from app import devserver

    started = []

    class FakeThread:
        def __init__(self, **kwargs):
            self.name = kwargs["name"]

        def start(self):
            started.append(self.name)

    monkeypatch.setattr(devserver, "_sender_started", threading.Event())
    monkeypatch.setattr(devserver.threading, "Thread", FakeThread)
    app.testing = False
    for server in ("gunicorn/23.0.0", "Werkzeug/3.1.3 Python/3.11"):
        with app.test_request_context("/", environ_base={"SERVER_SOFTWARE": server}):
            devserver.start_mail_sender()
    app.testing = True
    assert started == ["dev-mail-sender"]

    # One round of that thread's loop delivers what is queued, to instance/mail/.
    row = _reset_email(app, app.test_client(), world)

    class Stop(BaseException):
        pass

    def stop(_seconds):
        raise Stop

    monkeypatch.setattr(devserver.time, "sleep", stop)
    with pytest.raises(Stop):
        devserver._send_loop(app, 3)
    assert (Path(app.instance_path) / "mail" / f"{row.id:06d}.eml").is_file()
