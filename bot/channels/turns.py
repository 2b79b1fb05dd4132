"""One turn of a conversation, SMS or web chat: store the tenant's message first, then give it to the dialogue
exactly once, then record the replies and the message's status. The channels differ only in what answers before
the dialogue (keywords and on-call acknowledgements by SMS, one-time codes in the chat) and in how long Twilio can
wait for the dialogue."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot import clock, phones, texts
from bot.associations.models import Association
from bot.db import session_scope
from bot.dialogue.client import BotMessage, DialogueUnavailable, RasaClient
from bot.messages import render, service
from bot.messages.models import Message
from bot.settings import Settings
from bot.triage import language as languages

log = logging.getLogger(__name__)
# The dialogue calls still running after their webhook was answered, per gateway process (bounded: beyond it a
# webhook waits for a free thread within its budget, then is answered and its message replayed by the dispatcher).
DIALOGUE_THREADS = 32
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


@dataclass(frozen=True)
class Inbound:
    """A stored inbound message, as the turn needs it outside the transaction that stored it."""

    id: int
    association_id: int | None
    channel: str  # "sms" or "web"
    conversation_id: str
    phone: str
    body: str


@dataclass
class TurnResult:
    reply: str | None  # the one text answered (an SMS body); None: nothing now (empty TwiML)
    status: str
    messages: list[dict] = field(default_factory=list)  # the replies one by one, with their options (web chat)
    degraded: bool = False  # the dialogue could not answer: the reply says the message is kept
    message_id: int | None = None


# What answers a stored message before the dialogue: a TurnResult ends the turn there; a string is the text the
# dialogue gets instead of the tenant's (a confirmed code becomes the request it was sent for); None: the dialogue.
BeforeDialogue = Callable[[Session, Message, datetime], "TurnResult | str | None"]
# Called with the stored message and the dialogue's finished call when the turn stopped waiting for it.
Late = Callable[[Inbound, Future], None]


def down_reply(association: Association, text: str) -> str:
    lang = languages.detect(text, default=association.language)
    return texts.text("dialogue_down", lang, emergency=association.emergency_number,
                      ooh=association.out_of_hours_phone or association.call_centre_phone)


def converse(*, settings: Settings, rasa: RasaClient, association_id: int, channel: str, conversation_id: str,
             phone: str, text: str, language: str = "") -> tuple[list[BotMessage], list[dict]]:
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
    # Numbers as tenants read them on both channels (the widget also links them); the dialogue writes E.164.
    messages = [replace(m, text=phones.readable(m.text)) for m in rasa.send(sender=conversation_id, text=text,
                                                                             metadata=metadata)]
    buttons = [b for m in messages for b in m.buttons]
    return messages, buttons


def update_message(session: Session, message_id: int, **values) -> None:
    # Write first, read after: on SQLite a transaction that reads and then writes fails at once ("database is
    # locked", no busy wait) when another process committed in between; one that starts with a write waits its turn.
    session.execute(update(Message).where(Message.id == message_id).values(**values))


def rendered(channel: str, replies: list[BotMessage]) -> tuple[str, list[dict]]:
    """The dialogue's replies as the channel shows them: one SMS with numbered options, or the chat's lines."""
    if channel == "sms":
        return render.sms_text(replies)
    return "\n".join(m.text for m in replies if m.text), [b for m in replies for b in m.buttons]


def record_replies(*, session: Session, inbound: Inbound, replies: list[BotMessage], outbound_status: str,
                   now: datetime, only_if_status: str | None = None, **values) -> TurnResult | None:
    """The inbound message answered: marked done with its reply, and the reply recorded as an outbound message.

    `outbound_status`: "replied" when the webhook's own answer carries it, "queued" when the dispatcher sends it.
    `only_if_status`: record nothing (and return None) unless the message is still in that status.
    """
    body, buttons = rendered(inbound.channel, replies)
    query = update(Message).where(Message.id == inbound.id)
    if only_if_status is not None:
        query = query.where(Message.status == only_if_status)
    if not session.execute(query.values(status="done", reply=body, processed_at=now, **values)).rowcount:
        return None
    service.record_outbound(session=session, association_id=inbound.association_id, channel=inbound.channel,
                            conversation_id=inbound.conversation_id, phone=inbound.phone, body=body, buttons=buttons,
                            status=outbound_status, now=now)
    return TurnResult(reply=body, status="done", message_id=inbound.id,
                      messages=[{"text": m.text, "buttons": m.buttons} for m in replies])


def answered(session: Session, message: Message, text: str, status: str, now: datetime) -> TurnResult:
    """A stored message answered without the dialogue (a keyword, an acknowledgement, a code): recorded as such."""
    message.status, message.reply, message.processed_at = "done", text, now
    service.record_outbound(session=session, association_id=message.association_id, channel=message.channel,
                            conversation_id=message.conversation_id, phone=message.phone, body=text, buttons=[],
                            status="replied", now=now)
    return TurnResult(reply=text, status=status, message_id=message.id, messages=[{"text": text, "buttons": []}])


def queue_for_replay(settings: Settings, association: Association, message_id: int, body: str) -> str:
    """The dialogue failed this message: kept for the dispatcher to replay; returns the "kept, we will reply" text.

    The dispatcher replays SMS only: a web chat message stays queued, for the staff transcript to show.
    """
    reply = down_reply(association, body)
    with session_scope(settings.database_url) as session:
        update_message(session, message_id, status="queued", reply=reply,
                       next_attempt_at=clock.now(settings) + timedelta(seconds=settings.replay_after_seconds))
    return reply


def _dialogue_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=DIALOGUE_THREADS, thread_name_prefix="dialogue")
        return _pool


def take_turn(*, settings: Settings, rasa: RasaClient, channel: str, association: Association | None,
              conversation_id: str, phone: str, body: str, provider_sid: str | None = None, language: str = "",
              before_dialogue: BeforeDialogue | None = None, budget_seconds: float | None = None,
              late: Late | None = None) -> TurnResult:
    """One tenant message, stored, answered and recorded. The one path of both channels.

    A repeated `provider_sid` stores nothing and returns status "duplicate" (the first delivery answers it).
    With `budget_seconds`, the dialogue is waited for that long only: past it the message is "deferred" and
    `late` gets the dialogue's call when it finishes.
    """
    now = clock.now(settings)
    association_id = association.id if association is not None else None
    with session_scope(settings.database_url) as session:
        message, created = service.store_inbound(
            session=session, association_id=association_id, channel=channel, conversation_id=conversation_id,
            phone=phone, body=body, provider_sid=provider_sid, now=now)
        if not created:
            return TurnResult(reply=None, status="duplicate", message_id=message.id)
        inbound = Inbound(id=message.id, association_id=association_id, channel=channel,
                          conversation_id=conversation_id, phone=phone, body=body)
        early = before_dialogue(session, message, now) if before_dialogue is not None else None
        if isinstance(early, TurnResult):
            return early
    call = partial(converse, settings=settings, rasa=rasa, association_id=association_id, channel=channel,
                   conversation_id=conversation_id, phone=phone, text=early or body, language=language)
    try:
        if budget_seconds is None:
            replies, _ = call()
        else:
            # Never wait long (nor let webhooks pile up unstored behind this one): past the budget, answer with
            # nothing now and let `late` deliver the dialogue's reply when it is ready.
            future = _dialogue_pool().submit(call)
            try:
                replies, _ = future.result(timeout=budget_seconds)
            except FutureTimeout:
                with session_scope(settings.database_url) as session:
                    update_message(session, inbound.id, status="deferred")
                if late is not None:
                    future.add_done_callback(partial(late, inbound))
                return TurnResult(reply=None, status="deferred", message_id=inbound.id)
    except DialogueUnavailable as exc:
        log.error("dialogue unavailable for %s message %s: %s", channel, inbound.id, exc)
        reply = queue_for_replay(settings, association, inbound.id, body)
        return TurnResult(reply=reply, status="queued", degraded=True, message_id=inbound.id,
                          messages=[{"text": reply, "buttons": []}])
    with session_scope(settings.database_url) as session:
        return record_replies(session=session, inbound=inbound, replies=replies, outbound_status="replied",
                              now=clock.now(settings))
