"""Outbound SMS: claim due pages and tenant/contractor SMS, send each through the SmsSender, record the outcome."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot import clock
from bot.alerts import escalation
from bot.alerts.models import Alert
from bot.associations import service as associations
from bot.associations.models import Association
from bot.db import session_scope
from bot.messages.models import Message
from bot.phones import mask
from bot.settings import Settings
from bot.sms import keywords
from bot.sms.sender import SendError, SmsSender

log = logging.getLogger(__name__)
BACKOFF_SECONDS = (2, 5, 15, 30, 60, 120)
BATCH = 20


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


def claim(*, session: Session, settings: Settings, now: datetime) -> list[Job]:
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


def _record(settings: Settings, job: Job, *, sid: str | None = None, status: str | None = None,
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
        if not updated and error is None and job.kind == "alert":
            # The person paged answered "OK" before this send was recorded: keep their status, but the page did go
            # out, so its sending time and Twilio's id belong on the record (the audit trail and escalation use them).
            updated = session.execute(
                update(Alert).where(Alert.id == job.id, Alert.attempts == job.attempts, Alert.sent_at.is_(None),
                                    Alert.status == "acknowledged")
                .values(sent_at=now, provider_sid=sid)
            ).rowcount
    if not updated:
        log.warning("%s %s was reclaimed meanwhile; not recording", job.kind, job.id)


def deliver(*, settings: Settings, sender: SmsSender, job: Job) -> bool:
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


def send_due(*, settings: Settings, sender: SmsSender, now: datetime | None = None) -> int:
    """Send every alert and outbound SMS that is due; returns how many went out."""
    now = now or clock.now()
    with session_scope(settings.database_url) as session:
        jobs = claim(session=session, settings=settings, now=now)
    # Alerts first: an emergency page must not wait behind tenant notifications.
    return sum(deliver(settings=settings, sender=sender, job=job) for job in sorted(jobs, key=lambda j: j.kind))
