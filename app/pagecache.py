"""Micro-caching of public pages that every visitor sees alike (the agenda).

A page rendered for anonymous visitors is kept for a few seconds per key (language, filter)
in this process: under load most requests are then answered without a database query or a
template. The CSRF token of the language switcher is the one per-visitor part: the cached
copy holds a marker that each response replaces with the visitor's own token. Writers call
`invalidate(name)` so that this process shows an edit at once; other processes within TTL.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import sqlalchemy as sa
from flask import current_app, has_app_context, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy.orm import Session

from app.models import (
    ForumSettings,
    InfoPage,
    ProgrammeSession,
    Room,
    SessionSignup,
    SessionSpeaker,
    Topic,
)

CSRF_MARK = "\x1ecsrf-token\x1e"
_lock = threading.Lock()


def _pages() -> dict[tuple, tuple[float, str]]:
    """This app's cached pages (each app has its own: tests make many)."""
    return current_app.extensions.setdefault("pagecache", {})


def cacheable() -> bool:
    """Only anonymous visitors without pending flash messages see the shared copy."""
    return (
        not current_user.is_authenticated
        and "_flashes" not in session
        and current_app.config.get("PAGE_CACHE_SECONDS", 10) > 0
    )


def cached_page(name: str, key: tuple, render: Callable[..., str]) -> str:
    """The page `name` for `key`, rendered by render(csrf_token=...) at most once per TTL."""
    if not cacheable():
        return render()
    full_key = (name, *key)
    now = time.monotonic()
    pages = _pages()
    hit = pages.get(full_key)
    if hit is None or hit[0] <= now:
        html = render(csrf_token=lambda: CSRF_MARK)
        with _lock:
            pages[full_key] = (now + current_app.config.get("PAGE_CACHE_SECONDS", 10), html)
    else:
        html = hit[1]
    return html.replace(CSRF_MARK, generate_csrf()) if CSRF_MARK in html else html


def cached_fragment(name: str, key: tuple, render: Callable[[], object]) -> object:
    """A part of a page that many visitors share, e.g. the agenda's sessions for everyone
    signed in: render() at most once per TTL per key, for any visitor; key must hold all it
    depends on, and it must hold nothing of one visitor's (no form, no CSRF token)."""
    full_key = (name, "fragment", *key)
    now = time.monotonic()
    pages = _pages()
    hit = pages.get(full_key)
    if hit is not None and hit[0] > now and current_app.config.get("PAGE_CACHE_SECONDS", 10) > 0:
        return hit[1]
    value = render()
    with _lock:
        pages[full_key] = (now + current_app.config.get("PAGE_CACHE_SECONDS", 10), value)
    return value


def invalidate(name: str) -> None:
    if not has_app_context():
        return
    pages = _pages()
    with _lock:
        for key in [k for k in pages if k[0] == name]:
            del pages[key]


# --- invalidation on commit ------------------------------------------------------------------

_watched: dict[str, tuple[type, ...]] = {}


def watch(name: str, *models: type) -> None:
    """Invalidate page `name` whenever a commit wrote a row of one of these models."""
    _watched[name] = models


def _after_flush(session, _flush_context) -> None:
    changed = session.new | session.dirty | session.deleted
    if not changed or not _watched:
        return
    stale = session.info.setdefault("stale_pages", set())
    for name, models in _watched.items():
        if any(isinstance(obj, models) for obj in changed):
            stale.add(name)


def _after_commit(session) -> None:
    for name in session.info.pop("stale_pages", ()):
        invalidate(name)


def _after_rollback(session, _previous_transaction) -> None:
    session.info.pop("stale_pages", None)


def register(app) -> None:
    watch(
        "agenda",
        ProgrammeSession,
        SessionSpeaker,
        SessionSignup,
        Topic,
        Room,
        InfoPage,
        ForumSettings,
    )
    if not sa.event.contains(Session, "after_flush", _after_flush):
        sa.event.listen(Session, "after_flush", _after_flush)
        sa.event.listen(Session, "after_commit", _after_commit)
        sa.event.listen(Session, "after_soft_rollback", _after_rollback)
