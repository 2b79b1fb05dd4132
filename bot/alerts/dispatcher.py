"""The alert dispatcher loop: send queued alerts, retry with backoff, escalate unacknowledged ones."""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot.alerts.models import Alert
from bot.db import session_scope
from bot.phones import mask
from bot.sms.sender import SendError, SmsSender

log = logging.getLogger(__name__)
BACKOFF_SECONDS = (2, 5, 15, 30, 60, 120)


def _claim(session: Session, now: datetime, limit: int = 10) -> list[Alert]:
    """Lock due alerts so a second dispatcher skips them (FOR UPDATE SKIP LOCKED on PostgreSQL)."""
    query = (
        select(Alert)
        .where(Alert.status == "queued", Alert.next_attempt_at <= now)
        .order_by(Alert.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(session.scalars(query))


def send_due(*, settings, sender: SmsSender, now: datetime | None = None) -> int:
    """Send every queued alert that is due; returns how many were sent."""
    from bot.associations.models import Association

    now = now or clock.now()
    sent = 0
    with session_scope(settings.database_url) as session:
        alerts = _claim(session, now)
        for alert in alerts:
            association = session.get(Association, alert.association_id)
            # Mark before sending: if we die between send and record, it is never sent again blind.
            alert.status = "sending"
            alert.attempts += 1
            session.flush()
            try:
                result = sender.send(
                    to=alert.recipient, from_=association.sms_number, body=alert.body,
                    status_callback=f"{settings.public_base_url}/sms/status" if settings.twilio_configured else None,
                )
            except SendError as exc:
                alert.last_error = str(exc)[:300]
                if exc.retryable and alert.attempts < settings.alert_max_send_attempts:
                    delay = BACKOFF_SECONDS[min(alert.attempts - 1, len(BACKOFF_SECONDS) - 1)]
                    alert.status = "queued"
                    alert.next_attempt_at = now + timedelta(seconds=delay)
                    log.warning("alert %s to %s failed (%s); retry in %ss", alert.id, mask(alert.recipient), exc, delay)
                else:
                    alert.status = "failed"
                    log.error("alert %s to %s failed for good: %s", alert.id, mask(alert.recipient), exc)
                continue
            alert.status = "sent" if result.status != "recorded" else "recorded"
            alert.provider_sid = result.sid
            alert.sent_at = now
            sent += 1
            log.info("alert %s sent to %s sid=%s", alert.id, mask(alert.recipient), result.sid)
    return sent


def run_forever(settings, sender: SmsSender) -> None:  # pragma: no cover - exercised by the e2e tests
    log.info("alert dispatcher started")
    while True:
        try:
            send_due(settings=settings, sender=sender)
        except Exception:
            log.exception("dispatcher pass failed; retrying")
        time.sleep(settings.dispatcher_poll_seconds)
