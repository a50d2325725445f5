"""Hostile input to every form: no server error, nothing reflected unescaped, no secret in logs.

For each POST route (read from `app.url_map`) and each of two roles (organizer, focal point),
Hypothesis posts generated values — any Unicode, NUL and control characters, 1 MB strings,
integers at and beyond the database's limits (2³¹ on PostgreSQL, 2⁶³ on SQLite), spreadsheet
formulas, HTML and script payloads — into every field of the forms that post to that route;
then each of the LIMITS values goes into every field at once, so no field escapes them by
chance. The fields are found by reading the site's own pages as that role (html.parser), so a
form an area adds is covered without listing it here. A passport-number canary goes into
every passport field and must never reach a log record.

Every GET route is then opened with the same values in every query parameter the site's
links and filter forms use, and with out-of-range numbers in its `<int:…>` path parts.
Runs on SQLite and on PostgreSQL (CI runs the suite on both).
"""

from __future__ import annotations

import io
import logging
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import FileStorage
from werkzeug.routing import IntegerConverter
from werkzeug.test import encode_multipart

from tests.conftest import client_for
from tests.test_security import changed_tables, rules, snapshot, url_of

SCRIPT_CANARY = "<script>alert("
PASSPORT_CANARY = "ZQ7CANARY4471"
ROBUST_ROLES = ("organizer", "focal_point")
REFUSAL_MAY_WRITE = {"audit_log", "check_ins"}

HOSTILE = [
    "<script>alert(1)</script>",
    '"><script>alert(document.cookie)</script>',
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "\x00",
    "a\x00b",
    "\u202eevil\u202c",
    "\ufeff",
    "Ω≈ç√∫˜µ≤≥÷ 李小龙 محمد 𝕳𝖊𝖑𝖑𝖔 🚀",
    "'; DROP TABLE participants; --",
    "{{ 7*7 }}{% raw %}",
    "%s%s%n",
    "../../../../etc/passwd",
    " ",
    "",
    "9" * 40,
    "-1",
    "2025-02-30",
    "1e309",
]

# Integers a 32-bit or 64-bit column cannot hold, and their neighbours, as a client types them.
INTEGERS = [
    str(2**31 - 1),
    str(2**31),
    str(-(2**31) - 1),
    str(2**63 - 1),
    str(2**63),
    str(-(2**63) - 1),
    str(2**64 + 1),
    "9" * 40,
    "-1",
    "0",
    "+5",
    "١٢",  # Arabic-Indic digits: int() accepts them
]
CONTROL = [
    "a\rb",
    "line\nbreak",
    "\r\n",
    "tab\there",
    "\x0b\x0c",
    "\x1b[31mred",
    "\x7f",
    "x\u2028y",
]
# Each goes into every field of every form (and every query parameter) once.
LIMITS = [str(2**31), str(2**63), str(-(2**63) - 1), "a\r\nb\x0b\x1f"]

values = st.one_of(
    st.sampled_from(INTEGERS),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(CONTROL),
    st.text(alphabet=st.characters(max_codepoint=0x9F, exclude_characters="\x00"), max_size=20),
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
    st.sampled_from(HOSTILE),
    st.builds(lambda a, b: a + "\x00" + b, st.text(max_size=10), st.text(max_size=10)),
    st.builds(lambda s: s + "<script>alert(1)</script>", st.text(max_size=20)),
    st.just("x" * 1_000_000),
)


# --- reading the forms of the site ------------------------------------------------------------


class _Forms(HTMLParser):
    """Every <form method=post>: its action and its fields (name -> kind, options)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.query_names: set[str] = set()  # of links and GET forms
        self._form: dict | None = None
        self._select: str | None = None
        self._get_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "?" in (a.get("href") or ""):
            self.query_names.update(parse_qs(urlsplit(a["href"]).query, keep_blank_values=True))
        if tag == "form":
            self._get_form = (a.get("method") or "get").lower() == "get"
            if not self._get_form:
                self._form = {"action": a.get("action") or "", "fields": {}}
                self.forms.append(self._form)
            return
        if self._get_form and tag in ("input", "select", "textarea") and a.get("name"):
            self.query_names.add(a["name"])
        if self._form is None or not a.get("name"):
            if tag == "option" and self._form is not None and self._select:
                self._form["fields"][self._select]["options"].append(a.get("value", ""))
            return
        name = a["name"]
        fields = self._form["fields"]
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                fields[name] = {"kind": "button", "options": [a.get("value") or "y"]}
            elif kind in ("checkbox", "radio"):
                fields.setdefault(name, {"kind": kind, "options": []})
                fields[name]["options"].append(a.get("value") or "y")
            else:
                fields[name] = {"kind": kind, "options": [a.get("value") or ""]}
        elif tag == "button":
            fields[name] = {"kind": "button", "options": [a.get("value") or "y"]}
        elif tag == "textarea":
            fields[name] = {"kind": "textarea", "options": []}
        elif tag == "select":
            fields[name] = {"kind": "select", "options": []}
            self._select = name
        elif tag == "option" and self._select:
            fields[self._select]["options"].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
            self._get_form = False
        elif tag == "select":
            self._select = None


def forms_in(html: str, page_url: str, query_names: set[str] | None = None):
    parser = _Forms()
    parser.feed(html)
    out = []
    for form in parser.forms:
        action = urlsplit(urljoin("http://localhost" + page_url, form["action"])).path
        out.append((action, form["fields"]))
    if query_names is not None:
        query_names.update(parser.query_names)
    return out


_crawls: dict[str, dict[str, list[dict]]] = {}
_query_names: dict[str, set[str]] = {}


def crawl(app, world, role: str) -> dict[str, list[dict]]:
    """Forms by the path they post to, read from every GET page the role may open (and the
    names of the query parameters its links and filters use, in _query_names[role])."""
    if role in _crawls:
        return _crawls[role]
    found: dict[str, list[dict]] = {}
    names = _query_names.setdefault(role, set())
    client = client_for(app, world, role)
    for rule in rules(app, "GET"):
        if any(arg not in world.params for arg in rule.arguments):
            continue  # the access test reports a missing parameter
        url = url_of(app, rule, world.params)
        try:
            response = client.get(url)
        except Exception:  # noqa: S112  (a broken page is the access test's finding)
            continue
        if response.status_code != 200 or "html" not in response.content_type:
            response.close()
            continue
        for action, fields in forms_in(response.get_data(as_text=True), url, names):
            found.setdefault(action, [])
            if fields not in found[action]:
                found[action].append(fields)
    _crawls[role] = found
    return found


# --- the test ------------------------------------------------------------------------------


def _value_for(draw, name: str, spec: dict):
    if "passport" in name.lower() and spec["kind"] not in ("button", "file"):
        return PASSPORT_CANARY
    kind, options = spec["kind"], spec["options"]
    if kind == "file":
        payload = draw(
            st.sampled_from([b"", b"\x00" * 64, b"<script>alert(1)</script>", b"GIF89a"])
        )
        filename = draw(st.sampled_from(["x.jpg", "<b>.pdf", "a\x00.png"]))
        return FileStorage(io.BytesIO(payload), filename=filename)
    if kind == "button":
        return options[0]
    if options and kind in ("select", "checkbox", "radio", "hidden"):
        return draw(st.one_of(st.sampled_from(options), values))
    return draw(values)


def _assert_clean(response, where: str) -> None:
    assert response.status_code < 500, f"{where} -> {response.status_code}"
    if "html" in (response.content_type or "") or "xml" in (response.content_type or ""):
        body = response.get_data(as_text=True)
        assert SCRIPT_CANARY not in body, f"{where}: script payload reflected unescaped"


# A form field over Flask's MAX_FORM_MEMORY_SIZE (500 kB) ends the parse with a 413 before
# Werkzeug closes the temporary file of an upload already read: its leak, not the app's.
@pytest.mark.filterwarnings(
    "ignore:Exception ignored in. <function SpooledTemporaryFile:pytest.PytestUnraisableExceptionWarning",
    "ignore:Exception ignored in. <_io.FileIO name=[0-9]+ mode='rb.':pytest.PytestUnraisableExceptionWarning",
)
@pytest.mark.parametrize("role", ROBUST_ROLES)
def test_hostile_input_to_every_form(app, world, caplog, role):
    """One world per role (building one per route would cost minutes); every POST route in
    turn; failures are collected so one broken form does not hide the others."""
    caplog.set_level(logging.DEBUG)
    forms_by_url = crawl(app, world, role)
    # A form another role sees (e.g. the organizer's) is posted too: refused, never a 500.
    others = {k: v for r in ROBUST_ROLES if r != role for k, v in crawl(app, world, r).items()}
    failures: list[str] = []
    for rule in rules(app, "POST"):
        if rule.rule == "/auth/logout":
            continue  # would end the session the other routes are tried in
        url = url_of(app, rule, world.params)
        forms = (
            forms_by_url.get(url)
            or others.get(url)
            or [
                {
                    "name": {"kind": "text", "options": []},
                    "submit": {"kind": "button", "options": ["y"]},
                }
            ]
        )
        client = client_for(app, world, role)
        try:
            _post_hostile(app, client, rule, url, forms, role, caplog)
        except Exception as exc:  # noqa: BLE001  (collected and reported below)
            failures.append(f"POST {url} as {role}: {type(exc).__name__}: {str(exc)[:600]}")
    assert not failures, "\n\n".join(failures)


def _post_and_check(app, client, rule, url, form: dict, role, caplog) -> None:
    # Encoded in memory: the test client would spool a large body to an unclosed file.
    boundary, body = encode_multipart(form)
    before = snapshot(app)
    response = client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")
    where = f"POST {url} as {role} ({_describe(form)})"
    _assert_clean(response, where)
    if response.status_code >= 400:
        # Refused: nothing half-saved (the audit log and the record of a refused badge
        # scan are the only writes a refusal may make).
        changed = set(changed_tables(before, snapshot(app))) - REFUSAL_MAY_WRITE
        assert not changed, f"{where} -> {response.status_code} yet changed {sorted(changed)}"
    location = response.headers.get("Location", "")
    if response.status_code in (301, 302, 303) and location.startswith("/"):
        _assert_clean(client.get(location), f"{where}, then GET {location}")
    elif "GET" in rule.methods:
        _assert_clean(client.get(url), f"{where}, then GET {url}")
    leaked = [r.getMessage() for r in caplog.records if PASSPORT_CANARY in r.getMessage()]
    assert not leaked, f"{where}: passport number in the log: {leaked[:1]}"
    assert PASSPORT_CANARY not in caplog.text


def _describe(form: dict) -> str:
    shown = {k: v for k, v in form.items() if isinstance(v, str)}
    return ", ".join(f"{k}={v[:40]!r}" for k, v in list(shown.items())[:8])


def _limit_value(name: str, spec: dict, limit: str):
    if spec["kind"] == "button":
        return spec["options"][0]
    if spec["kind"] == "file":
        return FileStorage(io.BytesIO(b"GIF89a"), filename=f"{limit}.png")
    return PASSPORT_CANARY if "passport" in name.lower() else limit


def _post_hostile(app, client, rule, url, forms, role, caplog) -> None:
    # Every limit value in every field at once (buttons keep theirs, files stay files).
    for fields in forms:
        for limit in LIMITS:
            form = {name: _limit_value(name, spec, limit) for name, spec in fields.items()}
            _post_and_check(app, client, rule, url, form, role, caplog)

    @settings(
        max_examples=5,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: keeps the run bounded
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(st.data())
    def post_hostile(data):
        fields = data.draw(st.sampled_from(forms))
        form = {name: _value_for(data.draw, name, spec) for name, spec in fields.items()}
        _post_and_check(app, client, rule, url, form, role, caplog)

    post_hostile()


# --- query strings and path numbers ------------------------------------------------------------

PATH_LIMITS = [2**31, 2**63, 2**64]


@pytest.mark.parametrize("role", ("anonymous", *ROBUST_ROLES))
def test_hostile_query_strings_and_path_numbers(app, world, role):
    """Every GET route with LIMITS in every query parameter the site uses, and every
    `<int:…>` part of its path beyond the database's range: never a server error, and a
    number out of range is "not found", never an error page of another kind."""
    names = set()
    for r in ROBUST_ROLES:
        crawl(app, world, r)
        names |= _query_names[r]
    names -= {"next", "csrf_token"}
    assert {"topic", "object_id", "point"} <= names, sorted(names)  # the crawl found filters
    names |= {"page", "per_page"}  # pagination links appear only on long lists
    client = client_for(app, world, role) if role != "anonymous" else app.test_client()
    failures: list[str] = []
    for rule in rules(app, "GET"):
        url = url_of(app, rule, world.params)
        for limit in LIMITS:
            query = urlencode(dict.fromkeys(names, limit))
            status = _status(client, f"{url}?{query}")
            if not isinstance(status, int) or status >= 500:
                failures.append(f"GET {url}?<every parameter>={limit!r} as {role}: {status}")
        int_args = [a for a, c in rule._converters.items() if isinstance(c, IntegerConverter)]
        for arg in int_args:
            for number in PATH_LIMITS:
                path = _with_number(app, rule, world.params, arg, number)
                status = _status(client, path)
                if status not in (302, 404):
                    failures.append(f"GET {path} as {role}: {status}")
    assert not failures, "\n".join(failures)


def _status(client, url: str) -> int | str:
    try:
        response = client.get(url)
    except Exception as exc:  # noqa: BLE001  (collected and reported by the caller)
        return f"{type(exc).__name__}: {str(exc)[:200]}"
    response.close()
    return response.status_code


def _with_number(app, rule, params: dict, arg: str, number: int) -> str:
    """The rule's URL with `number` in place of `arg` (built past the converter's bounds)."""
    marker = 987654321
    url = url_of(app, rule, dict(params, **{arg: marker}))
    return url.replace(str(marker), str(number), 1)
