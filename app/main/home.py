"""What the home page shows: the forum, and whatever areas contribute."""

from __future__ import annotations

from collections.abc import Callable

# Areas add context for the home page (upcoming sessions, public announcements …).
_HOME_PROVIDERS: list[Callable[[], dict]] = []


def register_home_provider(provider: Callable[[], dict]) -> None:
    _HOME_PROVIDERS.append(provider)


def home_context() -> dict:
    context: dict = {}
    for provider in _HOME_PROVIDERS:
        context.update(provider())
    return context
