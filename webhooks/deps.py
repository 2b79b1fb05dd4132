"""Accessors for what create_app put on the app (settings, Rasa client, rate limiter)."""

from __future__ import annotations

import threading
from functools import lru_cache

from flask import current_app

from bot.settings import Settings


def settings() -> Settings:
    return current_app.extensions["settings"]


def rasa():
    return current_app.extensions["rasa"]


_limiter_lock = threading.Lock()


@lru_cache(maxsize=4)
def _cached_limiter(storage_uri: str):
    from limits import storage, strategies

    return strategies.MovingWindowRateLimiter(storage.storage_from_string(storage_uri))


def _limiter(storage_uri: str):
    # One thread builds it: limits imports redis lazily, and threads racing that import see "redis 0.0.0" (500s
    # on the first concurrent webhooks of a fresh gateway worker with REDIS_URL set).
    with _limiter_lock:
        return _cached_limiter(storage_uri)


_limiter.cache_clear = _cached_limiter.cache_clear  # tests reset the in-memory store between runs


def limiter():
    """The shared moving-window limiter: Redis when REDIS_URL is set, else this process's memory."""
    return _limiter(settings().redis_url or "memory://")


def rate_limited(key: str, rule: str) -> bool:
    """True when `key` has used up `rule` (e.g. "8 per minute"); Redis shares the count across instances."""
    from limits import parse

    return not limiter().hit(parse(rule), key)
