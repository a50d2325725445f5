"""Absolute links for e-mails, feeds and calendars, built from BASE_URL (requests may come
through a proxy, and CLI tasks have no request at all)."""

from __future__ import annotations

from flask import current_app, has_request_context, url_for

from app.devserver import public_base_url


def absolute_url(endpoint: str, **values) -> str:
    """An absolute link for e-mails, built from BASE_URL (requests may come via a proxy)."""
    base = public_base_url()
    if not has_request_context():  # CLI tasks and background senders
        with current_app.test_request_context("/"):
            return base + url_for(endpoint, _external=False, **values)
    return base + url_for(endpoint, _external=False, **values)
