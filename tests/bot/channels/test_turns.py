"""One turn, whichever channel: the tenant's message is stored before the dialogue sees it, the dialogue sees it
once, and the reply and the message's status are recorded; a dialogue that is down leaves the message kept."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from bot.associations import service as associations
from bot.channels import sms as flows
from bot.channels import web
from bot.db import session_scope
from bot.dialogue.client import RasaClient
from bot.messages.models import Message
from tests.webhooks.test_sms import GLOSTRUP, rasa  # noqa: F401 (fixture: Rasa's REST channel over real HTTP)

TENANT = "+4530123499"


def _association(settings):
    with session_scope(settings.database_url) as session:
        association = associations.by_sms_number(session=session, number=GLOSTRUP)
        session.expunge(association)
        return association


def _turn(channel: str, settings, rasa_url: str, text: str):  # noqa: F811
    client = RasaClient(rasa_url, settings.rasa_token, 2.0)
    if channel == "sms":
        return flows.handle_sms(settings=settings, rasa=client, from_=TENANT, to=GLOSTRUP, body=text,
                                sid="SM" + uuid.uuid4().hex)
    return web.handle_web(settings=settings, rasa=client, association=_association(settings),
                          conversation_id="web-" + uuid.uuid4().hex[:12], text=text)


def _stored(settings) -> list[tuple[str, str, str, str]]:
    with session_scope(settings.database_url) as session:
        messages = session.scalars(select(Message).order_by(Message.id))
        return [(m.direction, m.channel, m.body, m.status) for m in messages]


@pytest.mark.parametrize("channel", ["sms", "web"])
def test_a_turn_is_stored_answered_once_and_recorded(channel, demo, rasa):  # noqa: F811
    result = _turn(channel, demo, rasa.url, "vandhanen drypper")
    assert result.status == "done" and result.reply == "echo vandhanen drypper"
    assert result.messages == [{"text": "echo vandhanen drypper", "buttons": []}]
    assert [p["message"] for p in rasa.received] == ["vandhanen drypper"]
    assert _stored(demo) == [("in", channel, "vandhanen drypper", "done"),
                             ("out", channel, "echo vandhanen drypper", "replied")]


@pytest.mark.parametrize("channel", ["sms", "web"])
def test_a_turn_the_dialogue_cannot_answer_is_kept_and_says_so(channel, demo, rasa):  # noqa: F811
    rasa.mode = "down"
    result = _turn(channel, demo, rasa.url, "vandhanen drypper")
    assert result.status == "queued" and result.degraded
    assert "112" in result.reply and result.messages == [{"text": result.reply, "buttons": []}]
    assert _stored(demo) == [("in", channel, "vandhanen drypper", "queued")]


def test_a_web_message_longer_than_allowed_is_cut_before_it_is_stored(demo, rasa):  # noqa: F811
    _turn("web", demo, rasa.url, "a" * (demo.max_message_chars + 50))
    assert [len(body) for direction, _, body, _ in _stored(demo) if direction == "in"] == [demo.max_message_chars]
