"""Inbound message flows: store first, then the dialogue exactly once, then the reply."""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot import clock
from bot.alerts import ack
from bot.associations import service as associations
from bot.associations.models import Association
from bot.db import get_sessionmaker, session_scope
from bot.dialogue.client import BotMessage, DialogueUnavailable, RasaClient
from bot.messages import ids, render, service
from bot.messages.models import Message
from bot.phones import mask
from bot.sms import keywords, segments
from bot.triage import language

log = logging.getLogger(__name__)
DUPLICATE_WAIT_SECONDS = 8.0
# The dialogue calls still running after their webhook was answered, per gateway process (bounded: beyond it a
# webhook waits for a free thread within its budget, then is answered and its message replayed by the dispatcher).
DIALOGUE_THREADS = 32
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
# Rasa stamps tracker events with its own wall clock (same host or NTP-synchronised).
TRACKER_CLOCK_SKEW_SECONDS = 2.0

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
             text: str, language: str = "") -> tuple[list[BotMessage], list[dict]]:
    """Send one tenant message to the dialogue; returns the replies and the options they offer.

    `language` is the one the tenant chose in the widget ("da"/"en"); it reaches the dialogue as metadata.

    No transaction stays open during the HTTP call: the action server writes to the same store meanwhile.
    """
    with session_scope(settings.database_url) as session:
        text = render.answer_by_number(text, service.last_buttons(session=session, conversation_id=conversation_id))
    metadata = {"channel": channel, "association": association_id}
    if phone:
        metadata["phone"] = phone
    if language in ("da", "en"):
        metadata["language"] = language
    messages = rasa.send(sender=conversation_id, text=text, metadata=metadata)
    buttons = [b for m in messages for b in m.buttons]
    return messages, buttons


def _update_message(session: Session, message_id: int, **values) -> None:
    # Write first, read after: on SQLite a transaction that reads and then writes fails at once ("database is
    # locked", no busy wait) when another process committed in between; one that starts with a write waits its turn.
    session.execute(update(Message).where(Message.id == message_id).values(**values))


def handle_sms(*, settings, rasa: RasaClient, from_: str, to: str, body: str, sid: str) -> SmsResult:
    """A signed inbound SMS: store it, pass it to the dialogue once, and say what to answer."""
    now = clock.now()
    body = (body or "")[: settings.max_message_chars]
    with session_scope(settings.database_url) as session:
        association = associations.by_sms_number(session=session, number=to)
    conversation_id = ids.sms_conversation(association.sms_number if association else "", from_)
    with session_scope(settings.database_url) as session:
        message, created = service.store_inbound(
            session=session, association_id=association.id if association else None, channel="sms",
            conversation_id=conversation_id, phone=from_, body=body, provider_sid=sid, now=now,
        )
        message_id = message.id
        if created and association is None:
            message.status = "rejected"
            log.warning("sms %s to unknown number %s ignored", sid, to)
            return SmsResult(reply=None, status="unknown_number")
        if created and (handled := _handle_without_dialogue(session, association, message, now)) is not None:
            return handled
    if not created:
        return _repeat_reply(settings, message_id)

    # Twilio must never wait long (nor webhooks pile up unstored behind this one): wait for the dialogue only within
    # the budget; past it, answer with nothing now and send the dialogue's reply by SMS when it is ready.
    future = _dialogue_pool().submit(converse, settings=settings, rasa=rasa, association_id=association.id,
                                     channel="sms", conversation_id=conversation_id, phone=from_, text=body)
    try:
        replies, buttons = future.result(timeout=settings.dialogue_budget_seconds)
    except FutureTimeout:
        with session_scope(settings.database_url) as session:
            _update_message(session, message_id, status="deferred")
        future.add_done_callback(lambda done: _finish_deferred(settings, association, message_id, from_, body, done,
                                                               conversation_id=conversation_id))
        log.info("sms %s from %s: dialogue past its budget; the reply goes out by SMS", sid, mask(from_))
        return SmsResult(reply=None, status="deferred")
    except DialogueUnavailable as exc:
        log.error("dialogue unavailable for sms %s from %s: %s", sid, mask(from_), exc)
        return SmsResult(reply=_queue_for_replay(settings, association, message_id, body), status="queued")
    text, buttons = render.sms_text(replies)
    with session_scope(settings.database_url) as session:
        _update_message(session, message_id, status="done", reply=text, processed_at=clock.now())
        service.record_outbound(session=session, association_id=association.id, channel="sms",
                                conversation_id=conversation_id, phone=from_, body=text, buttons=buttons,
                                status="replied", now=clock.now())
    return SmsResult(reply=text, status="done")


def _dialogue_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=DIALOGUE_THREADS, thread_name_prefix="dialogue")
        return _pool


def _queue_for_replay(settings, association: Association, message_id: int, body: str) -> str:
    """The dialogue failed this message: the dispatcher replays it; returns the "saved, we will reply" text."""
    reply = down_reply(association, body)
    with session_scope(settings.database_url) as session:
        _update_message(session, message_id, status="queued", reply=reply,
                        next_attempt_at=clock.now() + timedelta(seconds=settings.replay_after_seconds))
    return reply


def _finish_deferred(settings, association: Association, message_id: int, phone: str, body: str,
                     done: Future, *, conversation_id: str) -> None:
    """The dialogue answered (or failed) a message whose webhook was already answered: its one reply goes by SMS.

    Queued after any reply recorded before it, and before the replies to the tenant's later messages, which wait
    behind this one (see _handle_without_dialogue), so the dispatcher sends them in order.
    """
    try:
        replies, buttons = done.result()
        text, buttons = render.sms_text(replies)
        status = "done"
    except Exception as exc:  # DialogueUnavailable, or anything else: the message must not stay deferred
        log.error("deferred dialogue call for message %s from %s failed: %s", message_id, mask(phone), exc)
        text, buttons, status = None, [], "queued"
    try:
        if status == "queued":
            # Tell the tenant now that the message is kept (the webhook said nothing); the replay answers later.
            text = _queue_for_replay(settings, association, message_id, body)
        with session_scope(settings.database_url) as session:
            if status == "done" and not session.execute(
                    update(Message).where(Message.id == message_id, Message.status == "deferred")
                    .values(status="done", reply=text, processed_at=clock.now())).rowcount:
                log.warning("message %s was replayed meanwhile; its late reply is not sent twice", message_id)
                return
            service.record_outbound(session=session, association_id=association.id, channel="sms",
                                    conversation_id=conversation_id, phone=phone, body=text, buttons=buttons,
                                    status="queued", now=clock.now())
            # Later messages of this conversation waited for this one: due now.
            session.execute(update(Message).where(
                Message.conversation_id == conversation_id, Message.direction == "in", Message.status == "queued",
                Message.id > message_id).values(next_attempt_at=clock.now()))
    except Exception:
        # The store is gone: the message stays deferred and the dispatcher replays it once it is stale.
        log.exception("could not record the deferred reply to message %s", message_id)


def _handle_without_dialogue(session: Session, association: Association, message: Message,
                             now: datetime) -> SmsResult | None:
    """Keywords, on-call acknowledgements and messages behind a backlog never reach the dialogue directly."""
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
        return _answered(session, message, keywords.reply(keyword, association, lang), f"keyword_{keyword}", now)
    if is_staff and ack.is_ack(body):
        text = ack.acknowledge(session=session, association=association, phone=phone, body=body, now=now)
        from bot.workorders import flows as workorders  # the emergency's job-page link for whoever accepted

        workorders.on_acknowledged(session=session, association=association, phone=phone, now=now)
        return _answered(session, message, segments.to_gsm_safe(text), "acknowledged", now)
    # Work orders: a "1"/"2" answering our "is it fixed?" SMS closes or reopens the job (bot.workorders).
    from bot.workorders import flows as workorders

    if (answer := workorders.tenant_reply(session=session, association=association, phone=phone, body=body,
                                          now=now)) is not None:
        return _answered(session, message, answer, "work_order_reply", now)
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
            return SmsResult(reply=None, status="queued")
        message.reply = down_reply(association, body)
        return SmsResult(reply=message.reply, status="queued")
    return None


def _answered(session: Session, message: Message, text: str, status: str, now: datetime) -> SmsResult:
    message.status, message.reply, message.processed_at = "done", text, now
    service.record_outbound(session=session, association_id=message.association_id, channel="sms",
                            conversation_id=message.conversation_id, phone=message.phone, body=text, buttons=[],
                            status="replied", now=now)
    return SmsResult(reply=text, status=status)


def replay(*, settings, rasa: RasaClient, message_id: int) -> str:
    """Give one claimed, queued inbound SMS to the dialogue; queue its reply for the dispatcher to send.

    A message the gateway gave up waiting for may still have been answered by a slow dialogue: then that answer is
    sent instead of giving the dialogue the same message twice. Raises DialogueUnavailable (the caller re-queues).
    """
    with session_scope(settings.database_url) as session:
        message = session.get(Message, message_id)
        association_id, phone, body, stored_at = message.association_id, message.phone, message.body, \
            message.first_attempt_at
        conversation_id = message.conversation_id
        sent_forms = {body, render.answer_by_number(body, service.last_buttons(session=session,
                                                                               conversation_id=conversation_id))}
    replies = answered_meanwhile(rasa=rasa, sender=conversation_id, texts=sent_forms, since=stored_at)
    if replies:
        log.warning("message %s from %s was answered by the dialogue after the gateway gave up; sending that answer",
                    message_id, mask(phone))
    else:
        replies, _ = converse(settings=settings, rasa=rasa, association_id=association_id, channel="sms",
                              conversation_id=conversation_id, phone=phone, text=body)
    text, buttons = render.sms_text(replies)
    now = clock.now()
    with session_scope(settings.database_url) as session:
        _update_message(session, message_id, status="done", reply=text, processed_at=now, next_attempt_at=None)
        service.record_outbound(session=session, association_id=association_id, channel="sms",
                                conversation_id=conversation_id, phone=phone, body=text, buttons=buttons,
                                status="queued", now=now)
    log.info("replayed message %s from %s", message_id, mask(phone))
    return text


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
