"""Staff login: growing waits per address and per account, one generic error, no lockout a stranger can hold."""

from __future__ import annotations

import uuid

import pytest
from limits import storage, strategies

from bot.access import throttle
from tests.webhooks.test_staff import PASSWORD, _csrf, users  # noqa: F401 (fixture)


def _login(client, email, password, address):
    token = _csrf(client, "/staff/login")
    return client.post("/staff/login", data={"csrf_token": token, "email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def _error(response) -> str:
    text = response.get_data(as_text=True)
    return text[text.index('role="alert">') + len('role="alert">'):].split("<", 1)[0]


@pytest.fixture
def app_client(app):
    from webhooks import deps

    deps._limiter.cache_clear()
    return app.test_client()


def test_a_stranger_failing_on_an_account_does_not_lock_its_owner_out(app_client, users):  # noqa: F811
    for _ in range(8):  # more than the five that used to lock the account for good measure
        assert _login(app_client, "dk@example.org", "wrong password!", "203.0.113.9").status_code in (401, 429)
    owner = _login(app_client.application.test_client(), "dk@example.org", PASSWORD, "198.51.100.7")
    assert owner.status_code == 302


def test_every_refusal_says_the_same_thing(app_client, users):  # noqa: F811
    wrong = _login(app_client, "dk@example.org", "wrong password!", "203.0.113.10")
    unknown = _login(app_client, "nobody@example.org", "wrong password!", "203.0.113.11")
    for _ in range(4):  # the fourth try within a minute waits
        throttled = _login(app_client, "dk@example.org", "wrong password!", "203.0.113.12")
    assert throttled.status_code == 429 and int(throttled.headers["Retry-After"]) <= 60
    assert _error(wrong) == _error(unknown) == _error(throttled) == throttle.GENERIC_ERROR
    assert "locked" not in throttled.get_data(as_text=True)


def test_a_throttled_address_is_refused_even_the_right_password_and_others_are_not(app_client, users):  # noqa: F811
    for _ in range(3):
        _login(app_client, "dk@example.org", "wrong password!", "203.0.113.20")
    assert _login(app_client, "dk@example.org", PASSWORD, "203.0.113.20").status_code == 429
    assert _login(app_client.application.test_client(), "uk@example.org", PASSWORD, "203.0.113.21").status_code == 302


def test_waits_grow_with_more_failures_and_always_end():
    limiter = strategies.MovingWindowRateLimiter(storage.MemoryStorage())
    keys = throttle.keys_for(email="a@example.org", address="203.0.113.30")
    waits = []
    for _ in range(120):
        throttle.record_failure(limiter, keys)
        waits.append(throttle.wait_seconds(limiter, keys))
    assert waits[:2] == [0, 0]  # a typo or two costs nothing
    assert 0 < waits[2] <= 60  # the third failure in a minute: wait up to a minute
    assert 60 < waits[5] <= 600  # the sixth in ten minutes: up to ten
    assert waits == sorted(waits)  # more failures never shorten the wait
    assert waits[-1] <= 24 * 3600  # at worst a day for one address: nothing is permanent
    other_address = throttle.keys_for(email="a@example.org", address="198.51.100.30")
    assert throttle.wait_seconds(limiter, other_address) <= 60  # the owner elsewhere waits a minute at most


def test_the_throttle_is_shared_through_redis_by_every_gateway_instance():
    uri = "redis://127.0.0.1:6379/0"
    first = strategies.MovingWindowRateLimiter(storage.storage_from_string(uri))
    second = strategies.MovingWindowRateLimiter(storage.storage_from_string(uri))
    keys = throttle.keys_for(email=f"{uuid.uuid4().hex}@example.org", address=f"10.{uuid.uuid4().int % 250}.0.1")
    for _ in range(3):
        throttle.record_failure(first, keys)
    assert throttle.wait_seconds(second, keys) > 0
