"""Staff login throttling: growing waits per address and per account, never a lockout a stranger can hold.

Failed logins are counted in tiers of moving windows (the `limits` package: in memory, or shared by every
gateway instance through Redis). More failures reach longer tiers, so the wait grows: seconds, then minutes,
at most a day for one address. The account's own count, over all addresses, only ever costs its owner a
minute: a stranger can slow an account down, not shut its owner out. A login from an address that has not
failed on that account is held back only by that short account tier.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from limits import parse

# Failures allowed per window before the next attempt must wait for the window to move on.
ADDRESS_TIERS = ("10 per 1 minute", "20 per 10 minutes", "40 per 1 hour", "100 per 1 day")
ACCOUNT_AT_ADDRESS_TIERS = ("3 per 1 minute", "6 per 10 minutes", "10 per 1 hour")
ACCOUNT_TIERS = ("10 per 1 minute",)
# The one answer to every refused login: it says nothing about whether the account exists or is throttled.
GENERIC_ERROR = "Wrong email or password, or too many attempts. Wait a little and try again."


@dataclass(frozen=True)
class LoginKeys:
    address: str
    account: str
    account_at_address: str


def keys_for(*, email: str, address: str) -> LoginKeys:
    """Keys for the limiter; the email is hashed so Redis holds no address book of staff accounts."""
    account = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return LoginKeys(address=f"login-ip:{address}", account=f"login-account:{account}",
                     account_at_address=f"login-account-ip:{account}:{address}")


def _tiers(keys: LoginKeys):
    for key, tiers in ((keys.address, ADDRESS_TIERS), (keys.account_at_address, ACCOUNT_AT_ADDRESS_TIERS),
                       (keys.account, ACCOUNT_TIERS)):
        for tier in tiers:
            yield key, parse(tier)


def wait_seconds(limiter, keys: LoginKeys, *, now: float | None = None) -> int:
    """Seconds before this address may try this account again (0: go ahead)."""
    now = time.time() if now is None else now  # the limiter's windows run on the wall clock
    wait = 0.0
    for key, rule in _tiers(keys):
        if not limiter.test(rule, key):
            wait = max(wait, limiter.get_window_stats(rule, key).reset_time - now)
    return max(1, math.ceil(wait)) if wait > 0 else 0


def record_failure(limiter, keys: LoginKeys) -> None:
    for key, rule in _tiers(keys):
        limiter.hit(rule, key)


def record_success(limiter, keys: LoginKeys) -> None:
    """The owner got in: their own address's count on the account starts again."""
    for tier in ACCOUNT_AT_ADDRESS_TIERS:
        limiter.clear(parse(tier), keys.account_at_address)
