"""Schemathesis fuzzing of the gateway's OpenAPI document: generated good and bad requests to /api, /open311 and
/chat never get a 5xx, and every chat message the gateway accepted is stored and answered or queued.

A short run (>= 500 requests) is part of the suite; `make fuzz` sets FUZZ_EXAMPLES and FUZZ_MIN_REQUESTS for
>= 10,000 requests.
"""

from __future__ import annotations

import os
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from sqlalchemy import func, select

from bot.db import session_scope
from bot.messages.models import Message
from tests.webhooks.test_sms import rasa  # noqa: F401 (fixture: Rasa's REST channel over real HTTP)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))
# The suite's short run is the same every time (a failure reproduces); `make fuzz` explores afresh each run.
DERANDOMIZE = os.environ.get("FUZZ_RANDOM", "") == ""
MIN_REQUESTS = int(os.environ.get("FUZZ_MIN_REQUESTS", "500"))
SITE = "http://localhost:8000"


@pytest.fixture
def fuzzed_app(demo, rasa):  # noqa: F811
    from webhooks import create_app, deps

    deps._limiter.cache_clear()
    # Limits are tested on their own; here they would turn most of the run into 429s.
    settings = demo.replace(rasa_url=rasa.url, rasa_timeout_seconds=2.0, chat_rate_limit="100000 per minute",
                            chat_session_rate_limit="100000 per minute", chat_address_rate_limit="100000 per minute")
    application = create_app(settings)
    # Not TESTING: an exception in a view must come back as the 500 a client would see, not be raised here.
    application.config["TESTING"] = False
    return application, settings


def test_generated_requests_never_get_a_server_error_and_lose_nothing(fuzzed_app):
    app, app_settings = fuzzed_app
    client = app.test_client()
    chat_token = client.post("/chat/session", json={"association": 1}).json["token"]
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
    statuses: Counter = Counter()
    server_errors: list[str] = []
    accepted_messages = 0
    unsendable: Counter = Counter()

    def run(operation, mode):
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=DERANDOMIZE,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=mode), authed=st.booleans(),
               origin=st.sampled_from([None, SITE, "https://evil.example"]))
        def check(case, authed, origin):
            nonlocal accepted_messages
            headers = {}
            if authed:
                headers = {"Authorization": f"Bearer {app_settings.staff_api_token}", "X-Chat-Token": chat_token}
            if origin:
                headers["Origin"] = origin
            try:
                response = case.call(headers={**(case.headers or {}), **headers})
            except (AttributeError, TypeError, ValueError):
                unsendable[operation.path] += 1  # a negative body the WSGI test client cannot even encode
                return
            statuses[response.status_code] += 1
            if response.status_code >= 500:
                server_errors.append(f"{case.method} {case.formatted_path} {case.query} {case.body!r:.200} -> "
                                     f"{response.status_code} {response.text[:200]}")
            if operation.path == "/chat/message" and response.status_code == 200:
                accepted_messages += 1

        check()

    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            try:
                run(operation, mode)
            except Unsatisfiable:
                pass  # no negative case exists for an operation without inputs

    total = sum(statuses.values())
    print(f"fuzz: {total} requests, statuses {dict(sorted(statuses.items()))}, not encodable {dict(unsendable)}")
    assert server_errors == [], "\n".join(server_errors[:20])
    assert total >= MIN_REQUESTS
    assert accepted_messages > 0
    with session_scope(app_settings.database_url) as session:
        inbound = dict(session.execute(select(Message.status, func.count()).where(
            Message.direction == "in", Message.channel == "web").group_by(Message.status)).all())
    # Nothing lost: every message the chat accepted was stored, then answered (done) or kept for replay (queued).
    assert set(inbound) <= {"done", "queued"}
    assert sum(inbound.values()) == accepted_messages
