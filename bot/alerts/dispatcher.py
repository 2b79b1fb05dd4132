"""The dispatcher: send queued alerts and outbound SMS, escalate unacknowledged alerts, replay queued inbound."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot import clock
from bot.alerts import escalation
from bot.alerts.models import Alert
from bot.associations import service as associations
from bot.associations.models import Association
from bot.db import session_scope, utcnow
from bot.dialogue.client import DialogueUnavailable, RasaClient
from bot.messages.models import Message
from bot.phones import mask
from bot.sms import keywords
from bot.sms.sender import SendError, SmsSender

log = logging.getLogger(__name__)
BACKOFF_SECONDS = (2, 5, 15, 30, 60, 120)
BATCH = 20
# Queued inbound messages are never given up on; the wait between replays grows to this at most.
REPLAY_BACKOFF_CAP_SECONDS = 600
# gunicorn's worker timeout (deploy/gunicorn.conf.py): an inbound SMS still "received" after this has no gateway
# request behind it.
GATEWAY_REQUEST_MAX_SECONDS = 30


@dataclass
class Job:
    """One claimed SMS to send, copied out of the store so no transaction is open while Twilio is called."""

    kind: str  # "alert" / "message"
    id: int
    to: str
    from_: str
    body: str
    attempts: int
    first_attempt_at: datetime
    opted_out: bool = False


def _claimable(model, now: datetime):
    # A "sending" row whose lease ran out belongs to a dispatcher that died between send and record.
    return (select(model)
            .where(model.status.in_(("queued", "sending")),
                   # Others queue SMS without a time (the console's tenant notifications): due at once.
                   or_(model.next_attempt_at.is_(None), model.next_attempt_at <= now))
            .order_by(model.id).limit(BATCH).with_for_update(skip_locked=True))


def claim(*, session: Session, settings, now: datetime) -> list[Job]:
    """Mark due alerts and outbound SMS as sending (rows locked with SKIP LOCKED, so two dispatchers split them)."""
    lease = now + timedelta(seconds=settings.send_lease_seconds)
    jobs: list[Job] = []
    for alert in session.scalars(_claimable(Alert, now)):
        if alert.status == "queued" and not escalation.still_needed(session=session, alert=alert):
            escalation.stop(alert=alert, now=now)  # the ticket was acknowledged, taken or closed meanwhile
            continue
        association = session.get(Association, alert.association_id)
        alert.status, alert.attempts, alert.next_attempt_at = "sending", alert.attempts + 1, lease
        alert.first_attempt_at = alert.first_attempt_at or now
        jobs.append(Job("alert", alert.id, alert.recipient, association.sms_number, alert.body, alert.attempts,
                        alert.first_attempt_at))
    outbound = _claimable(Message, now).where(Message.direction == "out", Message.channel == "sms")
    for message in session.scalars(outbound):
        # A notification queued without an association goes out from the first configured one's number.
        association = associations.resolve(session=session, ref=message.association_id)
        message.status, message.attempts, message.next_attempt_at = "sending", message.attempts + 1, lease
        message.first_attempt_at = message.first_attempt_at or now
        opted_out = keywords.is_opted_out(session=session, association_id=message.association_id, phone=message.phone)
        jobs.append(Job("message", message.id, message.phone, association.sms_number, message.body, message.attempts,
                        message.first_attempt_at, opted_out=opted_out))
    return jobs


def _record(settings, job: Job, *, sid: str | None = None, status: str | None = None,
            error: SendError | None = None, now: datetime) -> None:
    """Write the outcome, unless another dispatcher reclaimed the row meanwhile (a conditional update, written first
    so that SQLite waits for its turn instead of failing on a stale read)."""
    model = Alert if job.kind == "alert" else Message
    if error is None:
        values = {"status": status, "provider_sid": sid, "next_attempt_at": None,
                  ("sent_at" if job.kind == "alert" else "processed_at"): now}
    elif error.retryable and job.attempts < settings.alert_max_send_attempts:
        delay = BACKOFF_SECONDS[min(job.attempts - 1, len(BACKOFF_SECONDS) - 1)]
        values = {"status": "queued", "next_attempt_at": now + timedelta(seconds=delay)}
        log.warning("%s %s to %s failed (%s); retry in %ss", job.kind, job.id, mask(job.to), error, delay)
    else:
        values = {"status": "failed", "next_attempt_at": None}
        log.error("%s %s to %s failed for good: %s", job.kind, job.id, mask(job.to), error)
    if error is not None and job.kind == "alert":
        values["last_error"] = str(error)[:300]
    with session_scope(settings.database_url) as session:
        updated = session.execute(
            update(model).where(model.id == job.id, model.status == "sending", model.attempts == job.attempts)
            .values(**values)
        ).rowcount
    if not updated:
        log.warning("%s %s was reclaimed meanwhile; not recording", job.kind, job.id)


def deliver(*, settings, sender: SmsSender, job: Job) -> bool:
    """Send one claimed SMS; after an attempt that may have reached Twilio, adopt it instead of sending again."""
    if job.opted_out:
        _record(settings, job, status="opted_out", now=clock.now())
        log.info("message %s not sent: %s opted out", job.id, mask(job.to))
        return False
    try:
        if job.attempts > 1:
            found = sender.find_sent(to=job.to, from_=job.from_, body=job.body, since=job.first_attempt_at)
            if found is not None:
                log.warning("%s %s was already accepted by Twilio (%s); adopting it", job.kind, job.id, found.sid)
                _record(settings, job, sid=found.sid, status=_sent_status(found.status), now=clock.now())
                return True
        callback = f"{settings.public_base_url}/sms/status" if settings.twilio_configured else None
        result = sender.send(to=job.to, from_=job.from_, body=job.body, status_callback=callback)
    except SendError as exc:
        _record(settings, job, error=exc, now=clock.now())
        return False
    _record(settings, job, sid=result.sid, status=_sent_status(result.status), now=clock.now())
    log.info("%s %s sent to %s sid=%s", job.kind, job.id, mask(job.to), result.sid)
    return True


def _sent_status(provider_status: str) -> str:
    return "recorded" if provider_status == "recorded" else "sent"


def send_due(*, settings, sender: SmsSender, now: datetime | None = None) -> int:
    """Send every alert and outbound SMS that is due; returns how many went out."""
    now = now or clock.now()
    with session_scope(settings.database_url) as session:
        jobs = claim(session=session, settings=settings, now=now)
    # Alerts first: an emergency page must not wait behind tenant notifications.
    return sum(deliver(settings=settings, sender=sender, job=job) for job in sorted(jobs, key=lambda j: j.kind))


def escalate_due(*, settings, now: datetime | None = None) -> int:
    with session_scope(settings.database_url) as session:
        return len(escalation.escalate_due(session=session, settings=settings, now=now or clock.now()))


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


def _replay_delay(settings, attempts: int) -> float:
    """Doubling waits: a dialogue that keeps failing on one message is not hammered (each try is a tracker turn)."""
    return min(settings.replay_after_seconds * 2 ** attempts, REPLAY_BACKOFF_CAP_SECONDS)


def replay_due(*, settings, rasa: RasaClient, now: datetime | None = None) -> int:
    """Give queued inbound SMS to the dialogue in order per conversation; the replies go out by SMS."""
    from bot.messages import flows

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


def run_forever(settings, sender: SmsSender) -> None:  # pragma: no cover - exercised by the e2e tests
    """Two loops: sending and escalation never wait behind a slow dialogue replay."""
    log.info("alert dispatcher started")
    rasa = RasaClient.for_settings(settings)

    def replay_loop():
        while True:
            try:
                replay_due(settings=settings, rasa=rasa)
            except Exception:
                log.exception("replay pass failed; retrying")
            time.sleep(settings.dispatcher_poll_seconds)

    threading.Thread(target=replay_loop, name="replay", daemon=True).start()
    beat_due = 0.0
    while True:
        try:
            escalate_due(settings=settings)
            send_due(settings=settings, sender=sender)
            beat_due = heartbeat(settings, beat_due)
        except Exception:
            log.exception("dispatcher pass failed; retrying")
        time.sleep(settings.dispatcher_poll_seconds)


HEARTBEAT_EVERY_SECONDS = 5.0


def heartbeat(settings, due: float) -> float:
    """After a pass that completed, record it for /healthz at most every few seconds; returns when the next is due."""
    from bot.health import service as health

    if time.monotonic() < due:
        return due
    with session_scope(settings.database_url) as session:
        # The real wall clock, not REPAIRBOT_NOW: a frozen clock would make a dead dispatcher look alive.
        health.beat(session=session, kind="dispatcher", now=utcnow())
    return time.monotonic() + HEARTBEAT_EVERY_SECONDS
