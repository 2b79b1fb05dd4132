"""With REDIS_URL set, the first webhooks a fresh gateway worker takes at once are all rate-limited through Redis
(none fails with a 500 while the Redis client is imported)."""

from __future__ import annotations

import threading
import uuid

import pytest
from flask import Flask

from bot.settings import Settings
from webhooks import deps

REDIS_URL = "redis://127.0.0.1:6379/11"


@pytest.fixture
def fresh_worker():
    deps._limiter.cache_clear()
    app = Flask(__name__)
    app.extensions["settings"] = Settings(redis_url=REDIS_URL)
    yield app
    deps._limiter.cache_clear()


def test_concurrent_first_requests_all_reach_the_shared_limiter(fresh_worker):
    results, errors = [], []
    key = uuid.uuid4().hex

    def hit():
        with fresh_worker.app_context():
            try:
                results.append(deps.rate_limited(f"test:{key}", "10 per minute"))
            except Exception as exc:  # what became a 500
                errors.append(repr(exc))

    threads = [threading.Thread(target=hit) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [False] * 10 + [True] * 6  # one count for all of them, in Redis
