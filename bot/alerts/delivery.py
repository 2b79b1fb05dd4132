"""Twilio delivery reports for the alerts we sent."""

from __future__ import annotations

import logging

from sqlalchemy import select

from bot import clock
from bot.alerts.models import Alert
from bot.db import session_scope

log = logging.getLogger(__name__)
FAILED = ("failed", "undelivered")


def record_status(*, settings, sid: str, status: str) -> None:
    if not sid:
        return
    with session_scope(settings.database_url) as session:
        alert = session.scalars(select(Alert).where(Alert.provider_sid == sid)).first()
        if alert is None:
            return
        if status == "delivered" and alert.status == "sent":
            alert.status = "delivered"
            alert.delivered_at = clock.now()
        elif status in FAILED and alert.status in ("sent", "sending"):
            alert.status = "failed"
            alert.last_error = f"twilio status {status}"
            log.error("alert %s was not delivered (%s)", alert.id, status)
