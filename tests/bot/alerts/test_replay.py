"""Queued inbound SMS (dialogue down) are replayed by the dispatcher in order per conversation; replies go by SMS."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

from sqlalchemy import select

from bot import clock, dispatcher
from bot.channels import sms as flows
from bot.db import session_scope
from bot.dialogue.client import RasaClient
from bot.messages.models import Message
from tests.webhooks.test_sms import RasaStandIn

GLOSTRUP = "+4589880000"
ANNA, BO = "+4530123401", "+4530123402"


def inbound(settings, rasa_url: str, phone: str, body: str):
    rasa = RasaClient(rasa_url, settings.rasa_token, 1.0)
    return flows.handle_sms(settings=settings, rasa=rasa, from_=phone, to=GLOSTRUP, body=body,
                            sid="SM" + uuid.uuid4().hex)


def replay_until_idle(settings, rasa_url: str, sender, rounds: int = 10):
    rasa = RasaClient(rasa_url, settings.rasa_token, 1.0)
    later = clock.now() + timedelta(seconds=settings.replay_after_seconds + 1)
    for _ in range(rounds):
        if not dispatcher.replay_due(settings=settings, rasa=rasa, now=later):
            break
    dispatcher.send_due(settings=settings, sender=sender)


def test_messages_queued_while_the_dialogue_was_down_are_answered_in_order(alert_settings, sender, stub):
    rasa = RasaStandIn()
    try:
        rasa.mode = "down"
        for phone, body in ((ANNA, "A1"), (BO, "B1"), (ANNA, "A2"), (ANNA, "A3")):
            result = inbound(alert_settings, rasa.url, phone, body)
            assert result.status == "queued" and "112" in result.reply
        # Still down: the dispatcher tries, nothing is lost or sent.
        replay_until_idle(alert_settings, rasa.url, sender)
        assert stub.messages == []
        rasa.received.clear()
        rasa.mode = "up"
        replay_until_idle(alert_settings, rasa.url, sender)
        anna_turns = [p["message"] for p in rasa.received if p["sender"] == f"{GLOSTRUP}:{ANNA}"]
        assert anna_turns == ["A1", "A2", "A3"]
        assert [p["message"] for p in rasa.received if p["sender"] == f"{GLOSTRUP}:{BO}"] == ["B1"]
        assert stub.to(ANNA) == ["echo A1", "echo A2", "echo A3"]
        assert stub.to(BO) == ["echo B1"]
        with session_scope(alert_settings.database_url) as session:
            statuses = session.scalars(select(Message.status).where(Message.direction == "in")).all()
        assert set(statuses) == {"done"}
        # Nothing is replayed twice.
        replay_until_idle(alert_settings, rasa.url, sender)
        assert len(stub.messages) == 4 and len(rasa.received) == 4
    finally:
        rasa.server.shutdown()
        rasa.server.server_close()


def test_a_message_the_slow_dialogue_did_answer_is_not_given_to_it_again(alert_settings, sender, stub):
    rasa = RasaStandIn(slow_seconds=2.0)  # the gateway waits 1 s in these tests
    try:
        rasa.mode = "slow"
        result = inbound(alert_settings, rasa.url, ANNA, "radiatoren er kold")
        assert result.status == "queued" and "112" in result.reply
        time.sleep(rasa.slow_seconds)  # the dialogue finishes the turn after the gateway gave up
        rasa.mode = "up"
        replay_until_idle(alert_settings, rasa.url, sender)
        assert rasa.texts() == ["radiatoren er kold"]  # given to the dialogue once
        assert stub.to(ANNA) == ["echo radiatoren er kold"]  # and its answer reached the tenant
    finally:
        rasa.server.shutdown()
        rasa.server.server_close()
