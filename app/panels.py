"""The dashboard's panel registry: each area registers what it shows to which roles.

An area calls register_panel() at import time; /dashboard (app/main) renders, in order, every
panel whose roles include the user's. A panel's loader returns the template context (or
None to hide the panel), so each area loads its own data with its own queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.models import Role


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    roles: frozenset[Role]
    loader: Callable[[object], dict | None]
    order: int = 100
    wide: bool = False


_PANELS: dict[str, Panel] = {}


def register_panel(
    name: str,
    template: str,
    roles,
    loader: Callable[[object], dict | None],
    order: int = 100,
    wide: bool = False,
) -> None:
    _PANELS[name] = Panel(name, template, frozenset(roles), loader, order, wide)


def panels_for(user) -> list[tuple[Panel, dict]]:
    out = []
    for panel in sorted(_PANELS.values(), key=lambda p: p.order):
        if user.role in panel.roles:
            context = panel.loader(user)
            if context is not None:
                out.append((panel, context))
    return out
