"""`make run-scaled`: two Rasa servers, two action servers, two dispatchers and four gateway workers on PostgreSQL
and Redis. One conversation's turns sent at once through both Rasa servers are processed one at a time (Rasa's
Redis lock store) and none is lost (the shared SQL tracker store); the gateway serves SMS over both."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import create_engine, text

from harness.served import STARTUP_SECONDS, Served, stop
from harness.twilio_stub import TwilioStub
from tests.conftest import PG_ADMIN_URL
from tests.e2e.test_supervision import said

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
# A Redis database of its own: the lock keys of this test's conversations meet nobody else's.
REDIS_URL = "redis://127.0.0.1:6379/11"


@pytest.fixture(scope="module")
def scaled():
    twilio = TwilioStub().start()
    name = f"repairbot_scaled_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    served = Served(twilio, "run-scaled", DATABASE_URL=PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}",
                    REDIS_URL=REDIS_URL)
    try:
        served.wait_healthy(STARTUP_SECONDS)
        deadline = time.monotonic() + STARTUP_SECONDS  # /healthz is 200 with one Rasa up: wait for both
        while not all(served.health()[1].get("instances", {"": False}).values()):
            assert time.monotonic() < deadline, served.health()
            time.sleep(1)
        yield served
    finally:
        stop(served)
        twilio.stop()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def rasa(served: Served, number: int) -> str:
    return f"http://127.0.0.1:{served.rasa_port + number}"


def test_two_of_each_process_are_served_and_healthy(scaled):
    status, body = scaled.health()
    assert status == 200
    assert sum(kind.startswith("rasa ") and ok for kind, ok in body["instances"].items()) == 2
    assert sum(kind.startswith("actions ") and ok for kind, ok in body["instances"].items()) == 2
    names = [p.cmdline() for p in scaled.supervisord().children()]
    assert sum("dispatcher" in " ".join(c) for c in names) == 2


def test_one_conversation_sent_through_both_rasa_servers_at_once_is_processed_in_turn_and_complete(scaled):
    sender = "+4531" + str(uuid.uuid4().int)[:6]
    texts = ["vandhanen i køkkenet drypper", "Hovedgaden 12, 2. tv, 2600 Glostrup", "Anna Jensen", "ja",
             "hjemme efter 16", "tak"]

    def turn(index: int) -> list[dict]:
        response = requests.post(f"{rasa(scaled, index % 2)}/webhooks/rest/webhook", timeout=120,
                                 json={"sender": sender, "message": texts[index], "metadata": {"channel": "sms",
                                                                                             "phone": sender}})
        response.raise_for_status()
        return response.json()

    with ThreadPoolExecutor(max_workers=len(texts)) as pool:
        replies = list(pool.map(turn, range(len(texts))))
    assert all(replies), replies  # every turn answered, by whichever server had it
    events = requests.get(f"{rasa(scaled, 0)}/conversations/{sender}/tracker",
                          params={"token": scaled.env["RASA_TOKEN"]}, timeout=30).json()["events"]
    user_turns = [e["text"] for e in events if e["event"] == "user"]
    assert sorted(user_turns) == sorted(texts)  # none lost, none twice
    # Turn by turn: each user message's processing ends (action_listen) before the next message is read.
    kinds = [("user" if e["event"] == "user" else "listen") for e in events
             if e["event"] == "user" or (e["event"] == "action" and e.get("name") == "action_listen")]
    first = kinds.index("user")
    assert kinds[first:] == ["user", "listen"] * len(texts), kinds


def test_sms_through_the_gateway_is_answered_by_the_scaled_stack(scaled):
    tenants = ["+4530" + str(uuid.uuid4().int)[:6] for _ in range(6)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        replies = list(pool.map(lambda t: said(scaled.sms(t, "vandhanen i køkkenet drypper")), tenants))
    assert all("adresse" in r.lower() for r in replies), replies
