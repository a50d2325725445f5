"""Languages and time zone: who sees which language, country names from CLDR."""

from __future__ import annotations

from functools import cache

import sqlalchemy as sa
from babel import Locale
from flask import current_app, g, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user

from app.extensions import db
from app.models import ForumSettings, Role

LANGUAGE_NAMES = {"en": "English", "fr": "Français", "zh": "中文"}


def supported() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    """The user's saved language, else the one chosen this visit, else the browser's."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    langs = supported()
    if current_user and current_user.is_authenticated and current_user.locale in langs:
        return current_user.locale
    chosen = session.get("lang")
    if chosen in langs:
        return chosen
    best = request.accept_languages.best_match(langs) if request else None
    if best:
        return best
    # zh-CN, zh-Hans, fr-CA … : match on the primary language tag.
    for value, _q in request.accept_languages if request else ():
        primary = value.split("-")[0].split("_")[0].lower()
        if primary in langs:
            return primary
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def forum():
    """The forum settings row, loaded once per request."""
    if "forum" not in g:
        try:
            g.forum = ForumSettings.get()
        except sa.exc.SQLAlchemyError:
            # The database is down or broken: pages (the error page first) render without
            # the forum's name rather than failing a second time.
            db.session.rollback()
            g.forum = None
    return g.forum


def select_timezone() -> str:
    f = forum()
    return f.timezone if f else current_app.config["BABEL_DEFAULT_TIMEZONE"]


def current_language() -> str:
    loc = get_locale()
    return loc.language if loc else "en"


def _babel_locale(lang: str) -> Locale:
    return Locale.parse({"zh": "zh_Hans_CN"}.get(lang, lang))


@cache
def _territories(lang: str) -> dict[str, str]:
    names = _babel_locale(lang).territories
    # Countries and regions: two-letter codes only (CLDR also keys continents by number),
    # without the pseudo-regions EU, EZ, UN, QO, XA, XB, ZZ.
    return {
        code: name
        for code, name in names.items()
        if len(code) == 2
        and code.isalpha()
        and code not in {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
    }


def territory_codes() -> list[str]:
    """The two-letter codes of every country and region CLDR knows."""
    return sorted(_territories("en"))


def country_name(code: str | None, lang: str | None = None) -> str:
    if not code:
        return ""
    return _territories(lang or current_language()).get(code.upper(), code)


def country_names(code: str) -> dict[str, str]:
    """The name of a country or region in each supported language (for a new delegation)."""
    return {lang: _territories(lang).get(code.upper(), code) for lang in ("en", "fr", "zh")}


def country_choices(lang: str | None = None) -> list[tuple[str, str]]:
    lang = lang or current_language()
    items = _territories(lang)
    return sorted(items.items(), key=lambda kv: kv[1].casefold())


def is_country_code(code: str) -> bool:
    return code.upper() in _territories("en")


def template_globals() -> dict:
    return {
        "forum": forum(),
        "LANGUAGE_NAMES": LANGUAGE_NAMES,
        "current_language": current_language(),
        "Role": Role,
        "country_name": country_name,
    }
