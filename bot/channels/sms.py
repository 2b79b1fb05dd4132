"""Inbound SMS: what answers before the dialogue, a reply past the webhook's budget, replays and retried
webhooks. The turn itself (store, dialogue once, record) is bot.channels.turns, shared with the web chat."""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future
from datetime import datetime
from functools import partial

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot import clock
from bot.alerts import ack
from bot.associations import service as associations
from bot.associations.models import Association
from bot.channels import turns
from bot.channels.turns import TurnResult
from bot.db import get_sessionmaker, session_scope
from bot.dialogue.client import BotMessage, DialogueUnavailable, RasaClient
from bot.messages import ids, render, service
from bot.messages.models import Message
from bot.phones import mask
from bot.settings import Settings
from bot.sms import keywords, segments

log = logging.getLogger(__name__)
DUPLICATE_WAIT_SECONDS = 8.0
# Rasa stamps tracker events with its own wall clock (same host or NTP-synchronised).
TRACKER_CLOCK_SKEW_SECONDS = 2.0


def handle_sms(*, settings: Settings, rasa: RasaClient, from_: str, to: str, body: str, sid: str) -> TurnResult:
    """A signed inbound SMS: store it, pass it to the dialogue once, and say what to answer."""
    body = (body or "")[: settings.max_message_chars]
    with session_scope(settings.database_url) as session:
        association = associations.by_sms_number(session=session, number=to)
    result = turns.take_turn(
        settings=settings, rasa=rasa, channel="sms", association=association,
        conversation_id=ids.sms_conversation(association.sms_number if association else "", from_), phone=from_,
        body=body, provider_sid=sid, before_dialogue=partial(_handle_without_dialogue, association=association, to=to),
        # Twilio must never wait long: past the budget the dialogue's reply goes out by SMS when it is ready.
        budget_seconds=settings.dialogue_budget_seconds, late=partial(_finish_deferred, settings, association))
    if result.status == "duplicate":
        return _repeat_reply(settings, result.message_id)
    if result.status == "deferred":
        log.info("sms %s from %s: dialogue past its budget; the reply goes out by SMS", sid, mask(from_))
    return result


def _finish_deferred(settings: Settings, association: Association, inbound: turns.Inbound, done: Future) -> None:
    """The dialogue answered (or failed) a message whose webhook was already answered: its one reply goes by SMS.

    Queued after any reply recorded before it, and before the replies to the tenant's later messages, which wait
    behind this one (see _handle_without_dialogue), so the dispatcher sends them in order.
    """
    try:
        replies, _ = done.result()
    except Exception as exc:  # DialogueUnavailable, or anything else: the message must not stay deferred
        log.error("deferred dialogue call for message %s from %s failed: %s", inbound.id, mask(inbound.phone), exc)
        replies = None
    try:
        now = clock.now(settings)
        if replies is None:
            # Tell the tenant now that the message is kept (the webhook said nothing); the replay answers later.
            text = turns.queue_for_replay(settings, association, inbound.id, inbound.body)
        with session_scope(settings.database_url) as session:
            if replies is None:
                service.record_outbound(session=session, association_id=inbound.association_id, channel="sms",
                                        conversation_id=inbound.conversation_id, phone=inbound.phone, body=text,
                                        buttons=[], status="queued", now=now)
            elif turns.record_replies(session=session, inbound=inbound, replies=replies, outbound_status="queued",
                                      now=now, only_if_status="deferred") is None:
                log.warning("message %s was replayed meanwhile; its late reply is not sent twice", inbound.id)
                return
            # Later messages of this conversation waited for this one: due now.
            session.execute(update(Message).where(
                Message.conversation_id == inbound.conversation_id, Message.direction == "in",
                Message.status == "queued", Message.id > inbound.id).values(next_attempt_at=now))
    except Exception:
        # The store is gone: the message stays deferred and the dispatcher replays it once it is stale.
        log.exception("could not record the deferred reply to message %s", inbound.id)


def _handle_without_dialogue(session: Session, message: Message, now: datetime, *,
                             association: Association | None, to: str) -> TurnResult | None:
    """Unknown numbers, keywords, on-call acknowledgements and messages behind a backlog never reach the dialogue
    directly."""
    if association is None:
        message.status = "rejected"
        log.warning("sms %s to unknown number %s ignored", message.provider_sid, to)
        return TurnResult(reply=None, status="unknown_number", message_id=message.id)
    phone, body = message.phone, message.body
    keyword = keywords.classify(body)
    is_staff = phone in ack.staff_phones(session=session, association=association)
    if keyword is not None:
        lang = keywords.language_of(body, association.language)
        if keyword == "stop":
            keywords.opt_out(session=session, association_id=association.id, phone=phone, now=now)
            if ack.stop_alarm(session=session, association=association, phone=phone, now=now) is not None:
                log.error("on-call %s texted STOP: duty manager alarmed", mask(phone))
        elif keyword == "start":
            keywords.opt_in(session=session, association_id=association.id, phone=phone)
            ack.start_again(session=session, association=association, phone=phone)
        return turns.answered(session, message, keywords.reply(keyword, association, lang), f"keyword_{keyword}", now)
    if is_staff and ack.is_ack(body):
        text = ack.acknowledge(session=session, association=association, phone=phone, body=body, now=now)
        from bot.workorders import flows as workorders  # the emergency's job-page link for whoever accepted

        workorders.on_acknowledged(session=session, association=association, phone=phone, now=now)
        return turns.answered(session, message, segments.to_gsm_safe(text), "acknowledged", now)
    # Work orders: a "1"/"2" answering our "is it fixed?" SMS closes or reopens the job (bot.workorders).
    from bot.workorders import flows as workorders

    if (answer := workorders.tenant_reply(session=session, association=association, phone=phone, body=body,
                                          now=now)) is not None:
        return turns.answered(session, message, answer, "work_order_reply", now)
    backlog = list(session.scalars(select(Message).where(
        Message.conversation_id == message.conversation_id, Message.direction == "in", Message.id != message.id,
        Message.status.in_(("queued", "replaying", "deferred")))))
    if backlog:
        # Earlier messages are still waiting for the dialogue: this one waits behind them, to keep the order.
        for earlier in backlog:
            if earlier.status == "queued":
                earlier.next_attempt_at = now
        message.status, message.next_attempt_at = "queued", now
        if all(earlier.status == "deferred" for earlier in backlog):
            # The dialogue is only slow: its replies come by SMS in order, this one's after the earlier ones.
            return TurnResult(reply=None, status="queued", message_id=message.id)
        message.reply = turns.down_reply(association, body)
        return TurnResult(reply=message.reply, status="queued", message_id=message.id)
    return None


def replay(*, settings: Settings, rasa: RasaClient, message_id: int) -> str:
    """Give one claimed, queued inbound SMS to the dialogue; queue its reply for the dispatcher to send.

    A message the gateway gave up waiting for may still have been answered by a slow dialogue: then that answer is
    sent instead of giving the dialogue the same message twice. Raises DialogueUnavailable (the caller re-queues).
    """
    with session_scope(settings.database_url) as session:
        message = session.get(Message, message_id)
        inbound = turns.Inbound(id=message.id, association_id=message.association_id, channel="sms",
                                conversation_id=message.conversation_id, phone=message.phone, body=message.body)
        stored_at = message.first_attempt_at
        sent_forms = {inbound.body, render.answer_by_number(inbound.body, service.last_buttons(
            session=session, conversation_id=inbound.conversation_id))}
    replies = answered_meanwhile(rasa=rasa, sender=inbound.conversation_id, texts=sent_forms, since=stored_at)
    if replies:
        log.warning("message %s from %s was answered by the dialogue after the gateway gave up; sending that answer",
                    message_id, mask(inbound.phone))
    else:
        replies, _ = turns.converse(settings=settings, rasa=rasa, association_id=inbound.association_id,
                                    channel="sms", conversation_id=inbound.conversation_id, phone=inbound.phone,
                                    text=inbound.body)
    with session_scope(settings.database_url) as session:
        result = turns.record_replies(session=session, inbound=inbound, replies=replies, outbound_status="queued",
                                      now=clock.now(settings), next_attempt_at=None)
    log.info("replayed message %s from %s", message_id, mask(inbound.phone))
    return result.reply


def answered_meanwhile(*, rasa: RasaClient, sender: str, texts: set[str], since: datetime | None) -> list[BotMessage]:
    """The dialogue's replies to one of `texts` sent at or after `since` (wall clock), from Rasa's tracker."""
    if since is None:
        return []
    try:
        events = rasa.tracker(sender).get("events") or []
    except Exception as exc:  # the tracker API down is the dialogue down: do not replay blind
        raise DialogueUnavailable(f"tracker unavailable: {exc}") from exc
    earliest = since.timestamp() - TRACKER_CLOCK_SKEW_SECONDS
    replies: list[BotMessage] | None = None
    for event in events:
        if event.get("event") == "user":
            if replies:
                break
            matched = event.get("text") in texts and (event.get("timestamp") or 0) >= earliest
            replies = [] if matched else None
        elif event.get("event") == "bot" and replies is not None:
            data = event.get("data") or {}
            replies.append(BotMessage(text=event.get("text") or "", buttons=data.get("buttons") or [],
                                      custom=data.get("custom")))
    return [r for r in replies or [] if r.text or r.buttons]


def _repeat_reply(settings: Settings, message_id: int) -> TurnResult:
    """A retried MessageSid: give the reply the first delivery got (waiting briefly if it is still running)."""
    deadline = time.monotonic() + DUPLICATE_WAIT_SECONDS
    maker = get_sessionmaker(settings.database_url)
    while True:
        with maker() as session:
            message = session.get(Message, message_id)
            if message.reply is not None or message.status in ("rejected",):
                return TurnResult(reply=message.reply, status="duplicate")
        if time.monotonic() > deadline:
            return TurnResult(reply=None, status="duplicate_pending")
        time.sleep(0.2)
