"""Per-address limits on new chat sessions and messages, behind a configured number of proxies, shared in Redis."""

from __future__ import annotations

import uuid

import pytest

from tests.webhooks.test_sms import rasa  # noqa: F401 (fixture)

SITE = "http://localhost:8000"


def _app(demo, rasa_url, **changes):  # noqa: F811
    from webhooks import create_app

    application = create_app(demo.replace(rasa_url=rasa_url, rasa_timeout_seconds=2.0, **changes))
    application.config["TESTING"] = True
    return application.test_client()


@pytest.fixture(autouse=True)
def fresh_limits():
    from webhooks import deps

    deps._limiter.cache_clear()


def _session(client, address, forwarded=None):
    headers = {"Origin": SITE}
    if forwarded:
        headers["X-Forwarded-For"] = forwarded
    return client.post("/chat/session", json={"association": 1}, headers=headers,
                       environ_base={"REMOTE_ADDR": address})


def test_new_sessions_are_limited_per_client_address(demo, rasa):  # noqa: F811
    client = _app(demo, rasa.url, chat_session_rate_limit="5 per 10 minutes")
    assert [_session(client, "203.0.113.5").status_code for _ in range(6)] == [200] * 5 + [429]
    assert _session(client, "203.0.113.6").status_code == 200


def test_messages_are_limited_per_address_across_sessions(demo, rasa):  # noqa: F811
    client = _app(demo, rasa.url, chat_address_rate_limit="4 per minute")
    statuses = []
    for _ in range(5):
        token = _session(client, "203.0.113.8").json["token"]  # a fresh session each time does not help
        statuses.append(client.post("/chat/message", json={"text": "hej"}, headers={"X-Chat-Token": token},
                                    environ_base={"REMOTE_ADDR": "203.0.113.8"}).status_code)
    assert statuses == [200] * 4 + [429]


def test_behind_a_trusted_proxy_the_forwarded_client_address_is_limited(demo, rasa):  # noqa: F811
    client = _app(demo, rasa.url, chat_session_rate_limit="2 per 10 minutes", trusted_proxies=1)
    proxy = "10.0.0.1"
    assert [_session(client, proxy, "203.0.113.20").status_code for _ in range(3)] == [200, 200, 429]
    assert _session(client, proxy, "203.0.113.21").status_code == 200  # another tenant behind the same proxy


def test_without_trusted_proxies_a_forged_forwarded_header_changes_nothing(demo, rasa):  # noqa: F811
    client = _app(demo, rasa.url, chat_session_rate_limit="2 per 10 minutes")
    statuses = [_session(client, "203.0.113.30", f"198.51.100.{i}").status_code for i in range(3)]
    assert statuses == [200, 200, 429]


def test_the_limits_are_shared_through_redis_by_every_instance(demo, rasa):  # noqa: F811
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.9"
    first = _app(demo, rasa.url, chat_session_rate_limit="3 per 10 minutes", redis_url="redis://127.0.0.1:6379/0")
    second = _app(demo, rasa.url, chat_session_rate_limit="3 per 10 minutes", redis_url="redis://127.0.0.1:6379/0")
    assert [_session(first, address).status_code for _ in range(3)] == [200] * 3
    assert _session(second, address).status_code == 429
