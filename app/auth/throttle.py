"""Sign-in throttling: guessing is slowed, and nobody can lock another person out.

OWASP's Authentication Cheat Sheet asks for a failure counter tied to the account, so that a
guesser cannot escape it by changing address, and warns in the same breath that a lockout
refusing the account is a denial of service for anyone who knows the e-mail address: five
wrong passwords a quarter of an hour kept the check-in desk's accounts shut. Its remedies
are a lockout that only the guesser meets, delays instead of walls, and a way in that the
owner always has (the reset link). So there are three counters:

- per client address (LOGIN_RATE_LIMIT, declared on the route): what one source may try;
- per account *and* client address (LOGIN_FAILURE_LIMIT): the wall, after five failures for
  one address from one source. The guesser stops; the owner, from their own device, never
  meets another source's wall;
- per account from anywhere (LOGIN_SLOWDOWN_AFTER failures within LOGIN_SLOWDOWN_WINDOW):
  not a wall but a slower path. Every attempt on that account, right password or wrong
  (the delay must not tell which), first waits a delay that doubles with each further
  failure, up to LOGIN_SLOWDOWN_MAX_SECONDS. A guesser spread over many addresses is slowed
  down; the owner still signs in, a few seconds later, or resets the password by e-mail
  (which works whatever the counters say).

Known and unknown addresses are counted alike, so the throttle does not reveal which
accounts exist. Keys are digests of fixed length whatever was typed, only a failure writes
them, and a request refused with 429 writes nothing.
"""

from __future__ import annotations

import time

from flask import current_app
from limits import RateLimitItem, parse

from app.extensions import limiter
from app.security import client_address, rate_key


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED"))


def _prefix() -> str:
    return current_app.config.get("RATELIMIT_KEY_PREFIX") or "accredit"


def _pair_limit() -> RateLimitItem:
    return parse(current_app.config["LOGIN_FAILURE_LIMIT"])


def _account_counter() -> RateLimitItem:
    # Counted, never refused: a ceiling no real flood reaches, over the configured window.
    window = parse(f"1 per {current_app.config['LOGIN_SLOWDOWN_WINDOW']}")
    return type(window)(10**9, window.multiples)


def _pair_key(email: str) -> str:
    return rate_key("login-pair", email, client_address())


def _account_key(email: str) -> str:
    return rate_key("login-account", email)


def pair_refused(email: str) -> bool:
    """True when this source has used up its failures for this address (answer 429)."""
    if not _enabled():
        return False
    return not limiter.limiter.test(_pair_limit(), _prefix(), _pair_key(email))


def account_failures(email: str) -> int:
    if not _enabled():
        return 0
    counter = _account_counter()
    stats = limiter.limiter.get_window_stats(counter, _prefix(), _account_key(email))
    return counter.amount - stats.remaining


def delay_for(failures: int) -> float:
    """Seconds an attempt waits once the account has seen `failures` recent failures."""
    cfg = current_app.config
    over = failures - int(cfg["LOGIN_SLOWDOWN_AFTER"])
    if over < 0:
        return 0.0
    base = float(cfg["LOGIN_SLOWDOWN_SECONDS"])
    return min(base * 2 ** min(over, 30), float(cfg["LOGIN_SLOWDOWN_MAX_SECONDS"]))


def slow_down(email: str) -> float:
    """Wait as long as the account's recent failures ask; returns the delay."""
    delay = delay_for(account_failures(email))
    if delay:
        time.sleep(delay)
    return delay


def record_failure(email: str) -> None:
    if not _enabled():
        return
    prefix = _prefix()
    limiter.limiter.hit(_pair_limit(), prefix, _pair_key(email))
    limiter.limiter.hit(_account_counter(), prefix, _account_key(email))


def record_success(email: str) -> None:
    """The owner got in from here: this source's failures are forgiven (not the account's,
    or a guesser with the owner's help could reset the slow path)."""
    if _enabled():
        limiter.limiter.clear(_pair_limit(), _prefix(), _pair_key(email))
