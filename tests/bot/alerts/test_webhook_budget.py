"""A slow dialogue never makes Twilio wait: past the budget the webhook answers with nothing, the dialogue's one
reply goes out by SMS when ready, and the tenant's later messages are answered after it, in order."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import clock, dispatcher
from bot.channels import sms as flows
from bot.db import session_scope
from bot.dialogue.client import RasaClient
from bot.messages.models import Message
from tests.webhooks.test_sms import RasaStandIn

GLOSTRUP, ANNA = "+4589880000", "+4530123409"
BUDGET, SLOW = 0.3, 1.5


@pytest.fixture
def slow_rasa():
    rasa = RasaStandIn(slow_seconds=SLOW)
    rasa.mode = "slow"
    yield rasa
    rasa.server.shutdown()
    rasa.server.server_close()


@pytest.fixture
def budget_settings(alert_settings, slow_rasa):
    return alert_settings.replace(rasa_url=slow_rasa.url, dialogue_budget_seconds=BUDGET, rasa_timeout_seconds=5.0)


def inbound(settings, body: str):
    rasa = RasaClient.for_settings(settings)
    started = time.monotonic()
    result = flows.handle_sms(settings=settings, rasa=rasa, from_=ANNA, to=GLOSTRUP, body=body,
                              sid="SM" + uuid.uuid4().hex)
    return result, time.monotonic() - started


def statuses(settings) -> list[str]:
    with session_scope(settings.database_url) as session:
        return list(session.scalars(select(Message.status).where(Message.direction == "in").order_by(Message.id)))


def work(settings, sender, seconds: float) -> None:
    """The dispatcher's two loops, for a while."""
    rasa = RasaClient.for_settings(settings)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        dispatcher.replay_due(settings=settings, rasa=rasa,
                              now=clock.now() + timedelta(seconds=settings.replay_after_seconds + 1))
        dispatcher.send_due(settings=settings, sender=sender)
        time.sleep(0.1)


def test_past_the_budget_the_webhook_answers_at_once_and_the_reply_goes_by_sms_once(budget_settings, sender, stub,
                                                                                    slow_rasa):
    result, seconds = inbound(budget_settings, "radiatoren er kold")
    assert result.reply is None and result.status == "deferred"
    assert seconds < SLOW  # answered without waiting for the dialogue
    assert statuses(budget_settings) == ["deferred"]
    work(budget_settings, sender, SLOW + 1.5)
    assert stub.to(ANNA) == ["echo radiatoren er kold"]
    assert statuses(budget_settings) == ["done"]
    assert slow_rasa.texts() == ["radiatoren er kold"]  # the dialogue had it once


def test_later_messages_wait_behind_the_slow_one_and_are_answered_in_order(budget_settings, sender, stub,
                                                                          slow_rasa):
    first, _ = inbound(budget_settings, "A1")
    second, seconds = inbound(budget_settings, "A2")  # while A1 is still with the dialogue
    assert first.status == "deferred" and second.status == "queued"
    assert second.reply is None and seconds < SLOW  # no "we cannot answer" text: the dialogue is only slow
    work(budget_settings, sender, 0.5)
    assert slow_rasa.texts() == ["A1"]  # A2 is not given to the dialogue before A1 is answered
    slow_rasa.mode = "up"
    work(budget_settings, sender, SLOW + 2)
    assert slow_rasa.texts() == ["A1", "A2"]
    assert stub.to(ANNA) == ["echo A1", "echo A2"]
    assert statuses(budget_settings) == ["done", "done"]


def test_a_dialogue_that_never_answers_gets_the_saved_text_by_sms_then_the_reply_once_back(budget_settings, sender,
                                                                                          stub, slow_rasa):
    settings = budget_settings.replace(rasa_timeout_seconds=0.8)  # the dialogue takes longer than the gateway waits
    result, _ = inbound(settings, "vandet fosser ud")
    assert result.reply is None and result.status == "deferred"
    work(settings, sender, 3.0)  # (the first "saved" text builds the language detector: 1-2 s here)
    sent = stub.to(ANNA)
    assert sent and "112" in sent[0]  # told at once that the message is kept, and whom to call meanwhile
    slow_rasa.mode = "up"
    work(settings, sender, 1.5)
    # Then the dialogue's answer to that turn (it did finish it after the gateway stopped waiting), not a second turn.
    assert stub.to(ANNA) == [sent[0], "echo vandet fosser ud"]
    assert slow_rasa.texts() == ["vandet fosser ud"]
    assert statuses(settings) == ["done"]
