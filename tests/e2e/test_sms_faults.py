"""Faults over the real processes on PostgreSQL, Twilio played by the local stand-in: nothing lost, nothing twice."""

from __future__ import annotations

import re
import signal
import socket
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from xml.etree import ElementTree

import pytest
import requests
from sqlalchemy import create_engine, select, text

from bot.alerts.models import Alert
from bot.db import session_scope
from bot.messages.models import Message
from harness.databases import scratch_postgres
from harness.signing import twilio_signature
from harness.stack import Stack
from harness.twilio_stub import ACCOUNT_SID, TwilioStub
from tests.conftest import PG_ADMIN_URL
from tests.e2e.conftest import TEST_ENV

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
REFERENCE = re.compile(r"\b(\d{3}-\d{4})\b")
GLOSTRUP = "+4589880000"
LARS, METTE = "+4520000001", "+4520000002"
TWILIO_WINDOW_SECONDS = 15
ACK_TIMEOUT = 8
TWILIO_TIMEOUT = 4


@pytest.fixture(scope="module")
def twilio():
    stub = TwilioStub().start()
    yield stub
    stub.stop()


@pytest.fixture(scope="module")
def faults(twilio):
    """A stack of its own (its processes get killed here) on its own PostgreSQL database."""
    with scratch_postgres(PG_ADMIN_URL, "repairbot_faults") as url:
        env = dict(TEST_ENV, DATABASE_URL=url, TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_API_BASE=twilio.base_url,
                   TWILIO_TIMEOUT_SECONDS=str(TWILIO_TIMEOUT), ALERT_ACK_TIMEOUT_SECONDS=str(ACK_TIMEOUT),
                   REPLAY_AFTER_SECONDS="2", SEND_LEASE_SECONDS="6", RASA_TIMEOUT_SECONDS="6",
                   # These faults are about a dialogue that fails within the webhook's wait (test_webhook_budget:
                   # past it).
                   DIALOGUE_BUDGET_SECONDS="10")
        # Not under pytest's tmp dirs, which other sessions prune: the logs outlive a failure.
        stack = Stack(env=env, instance=Path(tempfile.mkdtemp(prefix="repairbot-sms-faults-")))
        try:
            stack.start()
            yield stack
        finally:
            stack.stop()


@pytest.fixture
def stub(twilio):
    twilio.reset()
    return twilio


def new_tenant() -> str:
    return "+4530" + str(uuid.uuid4().int)[:6]


def sms(stack, sender: str, body: str, sid: str | None = None) -> tuple[requests.Response, float]:
    params = {"From": sender, "To": GLOSTRUP, "Body": body, "MessageSid": sid or "SM" + uuid.uuid4().hex,
              "AccountSid": "AC" + "0" * 32}
    url = f"{stack.gateway}/sms/inbound"
    headers = {"X-Twilio-Signature": twilio_signature(stack.env["TWILIO_AUTH_TOKEN"], url, params)}
    started = time.monotonic()
    response = requests.post(url, data=params, headers=headers, timeout=30)
    return response, time.monotonic() - started


def said(response) -> str:
    return "\n".join((m.text or "") for m in ElementTree.fromstring(response.text).iter("Message"))


# A different home for every report: a second report from the same home is a duplicate and pages nobody.
HOMES = (f"{street} {number}, {floor}. {door}, 2600 Glostrup" for street in ("Søndervangen", "Stationsparken")
         for number in (10, 12, 14) for floor in (1, 2, 3) for door in ("th", "tv"))


def report_gas_leak(stack, tenant: str) -> str:
    """The emergency a tenant texts in; returns the ticket reference from the last reply."""
    start_gas_leak(stack, tenant)
    return finish_gas_leak(stack, tenant)


def start_gas_leak(stack, tenant: str) -> str:
    """The first message: the on-call team is paged on it, before the address is known."""
    return said(sms(stack, tenant, "det lugter af gas i opgangen")[0])


def finish_gas_leak(stack, tenant: str) -> str:
    """The answers to the emergency's few questions; returns the ticket reference from the last reply."""
    replies = [said(sms(stack, tenant, body)[0]) for body in (next(HOMES), "Mette Hansen")]
    for answer in ("ja", "nej", "nej"):
        if REFERENCE.search(replies[-1]):
            break
        replies.append(said(sms(stack, tenant, answer)[0]))
    found = REFERENCE.search(replies[-1])
    assert found, replies
    return found.group(1)


def alerts_for(stack, reference: str) -> list[Alert]:
    """The pages for a ticket (not the follow-up that later tells the person paged the address)."""
    from bot.tickets.models import Ticket

    with session_scope(stack.env["DATABASE_URL"]) as session:
        return list(session.scalars(select(Alert).join(Ticket, Alert.ticket_id == Ticket.id)
                                    .where(Ticket.reference == reference, Alert.kind == "page")
                                    .order_by(Alert.id)))


def pages(stub, about: str, *phones: str) -> list[str]:
    """Pages that name `about` (a reference or the tenant's number) sent to these phones, follow-ups left out."""
    return [b for phone in phones for b in stub.to(phone) if about in b and not b.startswith("OPDATERING")]


def acknowledge(stack, reference: str, phone: str = LARS) -> str:
    return said(sms(stack, phone, f"OK {reference}")[0])


def test_concurrent_duplicates_of_one_message_sid_reach_the_dialogue_once(faults):
    tenant, sid = new_tenant(), "SM" + uuid.uuid4().hex
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda _: sms(faults, tenant, "radiatoren i stuen er kold", sid=sid)[0], range(6)))
    replies = {said(r) for r in results}
    assert all(r.status_code == 200 for r in results)
    assert len(replies) == 1 and replies != {""}
    user_turns = [e for e in faults.rasa_tracker(f"{GLOSTRUP}:{tenant}")["events"] if e["event"] == "user"]
    assert [e["text"] for e in user_turns] == ["radiatoren i stuen er kold"]


def test_emergency_pages_on_call_once_through_429_500_and_an_ambiguous_timeout(faults, stub):
    stub.hang_seconds = TWILIO_TIMEOUT + 2  # Twilio takes the message but our request times out
    stub.fail_next("429", "500", "hang")
    tenant = new_tenant()
    start_gas_leak(faults, tenant)  # paged on the first message
    paged = stub.wait_for(lambda: pages(stub, tenant, LARS), timeout=60)
    time.sleep(TWILIO_TIMEOUT + 4)  # time for a wrongful second send to show up
    assert len(pages(stub, tenant, LARS)) == 1, paged
    assert stub.create_attempts.count(LARS) == 3  # 429, 500, the timeout; then adopted, not sent again
    reference = finish_gas_leak(faults, tenant)
    assert "Ref " + reference in paged[0] and tenant in paged[0]
    assert stub.wait_for(lambda: alerts_for(faults, reference)[0].status == "sent", timeout=20)
    assert "kvitteret" in acknowledge(faults, reference)
    assert alerts_for(faults, reference)[0].status == "acknowledged"


def test_no_acknowledgement_pages_the_next_person_and_ok_stops_it(faults, stub):
    tenant = new_tenant()
    start_gas_leak(faults, tenant)  # and nothing more: the page is out, and nobody answers it
    paged = stub.wait_for(lambda: pages(stub, tenant, LARS), timeout=20)
    reference = REFERENCE.search(paged[0]).group(1)
    escalated = stub.wait_for(lambda: pages(stub, reference, METTE), timeout=ACK_TIMEOUT + 10)
    assert len(escalated) == 1
    # Someone who is not on the rota cannot acknowledge it.
    assert "kvitteret" not in said(sms(faults, new_tenant(), f"OK {reference}")[0])
    assert "kvitteret" in acknowledge(faults, reference, METTE)
    time.sleep(ACK_TIMEOUT + 3)
    assert len(pages(stub, reference, LARS, METTE)) == 2
    assert [a.status for a in alerts_for(faults, reference)] == ["escalated", "acknowledged"]


def test_dispatcher_killed_between_send_and_record_sends_once(faults, stub):
    stub.hang_seconds = 3  # answered within the client's timeout, but the dispatcher dies first
    stub.fail_next("hang")
    tenant = new_tenant()
    start_gas_leak(faults, tenant)
    paged = stub.wait_for(lambda: pages(stub, tenant, LARS), timeout=20)
    faults.stop_process("dispatcher", signal.SIGKILL)
    reference = REFERENCE.search(paged[0]).group(1)
    assert alerts_for(faults, reference)[0].status == "sending"
    faults.start_process("dispatcher")
    assert stub.wait_for(lambda: alerts_for(faults, reference)[0].status == "sent", timeout=30)
    assert len(pages(stub, reference, LARS)) == 1
    assert alerts_for(faults, reference)[0].provider_sid == stub.messages[0]["sid"]
    assert finish_gas_leak(faults, tenant) == reference
    acknowledge(faults, reference)


def kill_database_connections(stack) -> int:
    """A database restart as every process sees it, without stopping the PostgreSQL server others share."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    database = stack.env["DATABASE_URL"].rsplit("/", 1)[1]
    try:
        with admin.connect() as conn:
            return conn.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                     "WHERE datname = :db AND pid <> pg_backend_pid()"), {"db": database}).scalar()
    finally:
        admin.dispose()


def test_database_connections_killed_nothing_is_lost(faults, stub):
    assert kill_database_connections(faults) > 0
    tenant = new_tenant()
    # Gateway, action server and dispatcher reconnect: the report goes through and the page goes out once.
    start_gas_leak(faults, tenant)
    paged = stub.wait_for(lambda: pages(stub, tenant, LARS), timeout=20)
    reference = REFERENCE.search(paged[0]).group(1)
    assert "kvitteret" in acknowledge(faults, reference)
    assert finish_gas_leak(faults, tenant) == reference
    # Killed again after the conversation (Rasa's own tracker store falls back to memory on a dead connection and
    # would forget a conversation in progress): the gateway reconnects for the next acknowledgement.
    assert kill_database_connections(faults) > 0
    assert "kvitteret" in acknowledge(faults, reference)
    time.sleep(ACK_TIMEOUT + 3)
    assert len(pages(stub, reference, LARS, METTE)) == 1
    with session_scope(faults.env["DATABASE_URL"]) as session:
        statuses = session.scalars(select(Message.status).where(Message.phone == tenant,
                                                                Message.direction == "in")).all()
    assert len(statuses) >= 3 and set(statuses) == {"done"}


def test_action_server_killed_mid_conversation_is_answered_when_back(faults, stub):
    tenant = new_tenant()
    first = said(sms(faults, tenant, "vandhanen i køkkenet drypper")[0])
    assert "adresse" in first.lower()
    faults.stop_process("actions", signal.SIGKILL)
    response, seconds = sms(faults, tenant, "Hovedgaden 12, 2. tv, 2600 Glostrup")
    reply = said(response)
    assert seconds < TWILIO_WINDOW_SECONDS
    assert "112" in reply and "+4543439999" in reply
    faults.start_process("actions")
    faults.wait_ready()
    # The dispatcher replays the queued message; the dialogue's next question arrives by SMS.
    followup = stub.wait_for(lambda: stub.to(tenant), timeout=40)
    assert len(followup) == 1 and "navn" in followup[0].lower()
    with session_scope(faults.env["DATABASE_URL"]) as session:
        assert session.scalars(select(Message.status).where(Message.phone == tenant, Message.direction == "in")
                               .order_by(Message.id)).all() == ["done", "done"]


def test_rasa_hung_then_down_tenant_told_at_once_messages_replayed_in_order(faults, stub):
    tenant = new_tenant()
    faults.stop_process("rasa")
    # First Rasa hangs (its port accepts connections and never answers), then it is simply down.
    hung = socket.socket()
    hung.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    hung.bind(("127.0.0.1", faults.rasa_port))
    hung.listen(16)
    try:
        replies = []
        for body in ("der er ingen varme i lejligheden", "Hovedgaden 12, 2. tv, 2600 Glostrup"):
            response, seconds = sms(faults, tenant, body)
            assert response.status_code == 200 and seconds < TWILIO_WINDOW_SECONDS
            replies.append(said(response))
            hung.close()
        assert all("112" in r and "+4543439999" in r for r in replies)
        assert stub.to(tenant) == []
    finally:
        hung.close()
        faults.start_process("rasa")
        faults.wait_ready()
    answers = stub.wait_for(lambda: len(stub.to(tenant)) >= 2 and stub.to(tenant), timeout=60)
    time.sleep(3)
    assert len(stub.to(tenant)) == 2, answers
    assert "adresse" in answers[0].lower()  # the first message was answered first...
    assert "navn" in answers[1].lower()     # ...and the address then moved the form on
    user_turns = [e["text"] for e in faults.rasa_tracker(f"{GLOSTRUP}:{tenant}")["events"] if e["event"] == "user"]
    assert user_turns == ["der er ingen varme i lejligheden", "Hovedgaden 12, 2. tv, 2600 Glostrup"]
