"""Every interface catalogue is complete, keeps its placeholders and has CLDR's plural forms."""

import re
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%")
# The UN's six languages less English, the source language.
CATALOGUES = ["ar", "es", "fr", "ru", "zh"]


def read_catalogue(lang):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh, locale=lang)


@pytest.mark.parametrize("lang", CATALOGUES)
def test_catalogue_is_complete_and_placeholders_match(lang):
    catalog = read_catalogue(lang)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        wanted = sorted(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            found = sorted(PLACEHOLDER.findall(text))
            # A singular may leave out the number ("un invité" for %(num)d guest).
            if found != wanted and not (len(ids) > 1 and set(found) <= set(wanted)):
                problems.append(f"placeholders differ: {ids[0]!r} -> {text!r}")
    assert problems == []


@pytest.mark.parametrize("lang", CATALOGUES)
def test_catalogue_has_the_cldr_plural_forms(lang):
    """Arabic has six forms, Russian three (one, few, many), Chinese one: a form short
    means gettext falls back to English for those numbers."""
    catalog = read_catalogue(lang)
    cldr = get_plural(lang)
    header = catalog.mime_headers
    plural_forms = dict(header)["Plural-Forms"]
    assert plural_forms.replace(" ", "") == (
        f"nplurals={cldr.num_plurals};plural={cldr.plural_expr};".replace(" ", "")
    )
    short = [
        message.id[0]
        for message in catalog
        if message.pluralizable and len(message.string) != cldr.num_plurals
    ]
    assert short == []
