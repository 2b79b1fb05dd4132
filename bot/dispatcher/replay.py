"""Inbound replay: SMS the dialogue could not answer in time (queued, deferred, or left by a dead gateway) are given
to it again, oldest first and one at a time per conversation; the replies go out by SMS."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot import clock
from bot.channels import sms as flows
from bot.db import session_scope, utcnow
from bot.dialogue.client import DialogueUnavailable, RasaClient
from bot.messages.models import Message
from bot.settings import Settings

log = logging.getLogger(__name__)
# Queued inbound messages are never given up on; the wait between replays grows to this at most.
REPLAY_BACKOFF_CAP_SECONDS = 600
# gunicorn's worker timeout (deploy/gunicorn.conf.py): an inbound SMS still "received" after this has no gateway
# request behind it.
GATEWAY_REQUEST_MAX_SECONDS = 30


def _next_to_replay(session: Session, now: datetime, stale_before: datetime) -> list[Message]:
    """The oldest replayable inbound SMS of each conversation that has nothing being replayed right now."""
    candidates = session.scalars(
        select(Message)
        .where(Message.direction == "in", Message.channel == "sms",
               or_(Message.status.in_(("queued", "replaying", "deferred")),
                   # The gateway stored it but never finished (it died, or the store went away meanwhile).
                   (Message.status == "received") & (Message.created_at <= stale_before)))
        .order_by(Message.id)
    ).all()
    chosen, seen = [], set()
    for message in candidates:
        if message.conversation_id in seen:
            continue
        seen.add(message.conversation_id)
        # A gateway is still waiting for the dialogue on it (its reply will go out by SMS): the conversation waits,
        # unless that gateway died (then it is replayed like a stale "received" one).
        # (created_at is the real wall clock: compare with it, not with a frozen REPAIRBOT_NOW.)
        if message.status == "deferred" and message.created_at > utcnow() - timedelta(
                seconds=GATEWAY_REQUEST_MAX_SECONDS):
            continue
        # Not due (backing off, or another dispatcher's lease): the whole conversation waits, to keep order.
        if message.next_attempt_at is None or message.next_attempt_at <= now:
            chosen.append(message)
    return chosen


def _replay_delay(settings: Settings, attempts: int) -> float:
    """Doubling waits: a dialogue that keeps failing on one message is not hammered (each try is a tracker turn)."""
    return min(settings.replay_after_seconds * 2 ** attempts, REPLAY_BACKOFF_CAP_SECONDS)


def replay_due(*, settings: Settings, rasa: RasaClient, now: datetime | None = None) -> int:
    """Give queued inbound SMS to the dialogue in order per conversation; the replies go out by SMS."""
    now = now or clock.now()
    stale_before = now - timedelta(seconds=max(settings.replay_after_seconds, GATEWAY_REQUEST_MAX_SECONDS))
    with session_scope(settings.database_url) as session:
        pending = [(m.id, m.status, m.attempts) for m in _next_to_replay(session, now, stale_before)]
    replayed = 0
    for message_id, status, attempts in pending:
        lease = clock.now() + timedelta(seconds=settings.send_lease_seconds)
        with session_scope(settings.database_url) as session:
            # Claim with a conditional update: a second dispatcher that raced us updates nothing.
            claimed = session.execute(
                update(Message).where(Message.id == message_id, Message.status == status)
                .values(status="replaying", next_attempt_at=lease, attempts=Message.attempts + 1)
            ).rowcount
        if not claimed:
            continue
        try:
            flows.replay(settings=settings, rasa=rasa, message_id=message_id)
        except DialogueUnavailable as exc:
            # Rasa unreachable: nothing reached the tracker, try again soon. Rasa up but failing this message (the
            # action server, a bad model): each try adds a turn to the tracker, so wait longer every time.
            delay = _replay_delay(settings, attempts) if rasa.healthy() else settings.replay_after_seconds
            with session_scope(settings.database_url) as session:
                session.execute(update(Message).where(Message.id == message_id).values(
                    status="queued", next_attempt_at=clock.now() + timedelta(seconds=delay)))
            log.warning("replay of message %s postponed: dialogue unavailable (%s)", message_id, exc)
            break  # the dialogue is down for everyone; try again later
        replayed += 1
    return replayed
