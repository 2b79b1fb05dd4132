"""Inbound message flows: store first, then the dialogue exactly once, then the reply."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from bot import clock
from bot.associations import service as associations
from bot.associations.models import Association
from bot.db import get_sessionmaker, session_scope
from bot.dialogue.client import BotMessage, DialogueUnavailable, RasaClient
from bot.messages import render, service
from bot.messages.models import Message
from bot.phones import mask
from bot.triage import language

log = logging.getLogger(__name__)
DUPLICATE_WAIT_SECONDS = 8.0

DOWN_REPLY = {
    "da": "Vi har modtaget din besked, men kan ikke svare lige nu. Vi svarer snarest. "
          "Er nogen i fare, ring {emergency}. Akut skade: ring {ooh}.",
    "en": "We have your message but cannot answer right now. We will reply shortly. If anyone is in danger, call "
          "{emergency}. Urgent damage: call {ooh}.",
}


@dataclass
class SmsResult:
    reply: str | None  # None: answer with empty TwiML
    status: str


def down_reply(association: Association, text: str) -> str:
    lang = language.detect(text, default=association.language)
    return DOWN_REPLY[lang].format(emergency=association.emergency_number,
                                   ooh=association.out_of_hours_phone or association.call_centre_phone)


def converse(*, settings, rasa: RasaClient, association_id: int, channel: str, conversation_id: str, phone: str,
             text: str) -> tuple[list[BotMessage], list[dict]]:
    """Send one tenant message to the dialogue; returns the replies and the options they offer.

    No transaction stays open during the HTTP call: the action server writes to the same store meanwhile.
    """
    with session_scope(settings.database_url) as session:
        text = render.answer_by_number(text, service.last_buttons(session=session, conversation_id=conversation_id))
    metadata = {"channel": channel, "association": association_id}
    if phone:
        metadata["phone"] = phone
    messages = rasa.send(sender=conversation_id, text=text, metadata=metadata)
    buttons = [b for m in messages for b in m.buttons]
    return messages, buttons


def handle_sms(*, settings, rasa: RasaClient, from_: str, to: str, body: str, sid: str) -> SmsResult:
    """A signed inbound SMS: store it, pass it to the dialogue once, and say what to answer."""
    now = clock.now()
    body = (body or "")[: settings.max_message_chars]
    with session_scope(settings.database_url) as session:
        association = associations.by_sms_number(session=session, number=to)
        message, created = service.store_inbound(
            session=session, association_id=association.id if association else None, channel="sms",
            conversation_id=from_, phone=from_, body=body, provider_sid=sid, now=now,
        )
        message_id = message.id
        if created and association is None:
            message.status = "rejected"
            log.warning("sms %s to unknown number %s ignored", sid, to)
            return SmsResult(reply=None, status="unknown_number")
        association_id = association.id if association else None
    if not created:
        return _repeat_reply(settings, message_id)

    try:
        replies, buttons = converse(settings=settings, rasa=rasa, association_id=association_id, channel="sms",
                                    conversation_id=from_, phone=from_, text=body)
    except DialogueUnavailable as exc:
        log.error("dialogue unavailable for sms %s from %s: %s", sid, mask(from_), exc)
        with session_scope(settings.database_url) as session:
            message = session.get(Message, message_id)
            reply = down_reply(session.get(Association, association_id), body)
            message.status = "queued"
            message.reply = reply
        return SmsResult(reply=reply, status="queued")
    text, buttons = render.sms_text(replies)
    with session_scope(settings.database_url) as session:
        message = session.get(Message, message_id)
        message.status = "done"
        message.reply = text
        message.processed_at = clock.now()
        service.record_outbound(session=session, association_id=association_id, channel="sms", conversation_id=from_,
                                phone=from_, body=text, buttons=buttons, status="replied", now=clock.now())
    return SmsResult(reply=text, status="done")


def _repeat_reply(settings, message_id: int) -> SmsResult:
    """A retried MessageSid: give the reply the first delivery got (waiting briefly if it is still running)."""
    deadline = time.monotonic() + DUPLICATE_WAIT_SECONDS
    maker = get_sessionmaker(settings.database_url)
    while True:
        with maker() as session:
            message = session.get(Message, message_id)
            if message.reply is not None or message.status in ("rejected",):
                return SmsResult(reply=message.reply, status="duplicate")
        if time.monotonic() > deadline:
            return SmsResult(reply=None, status="duplicate_pending")
        time.sleep(0.2)
