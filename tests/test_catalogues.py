"""The French and Chinese catalogues are complete and every translation keeps its placeholders."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%")


@pytest.mark.parametrize("lang", ["fr", "zh"])
def test_catalogue_is_complete_and_placeholders_match(lang):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        catalog = read_po(fh, locale=lang)
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
