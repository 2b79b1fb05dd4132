"""Twilio delivery reports for the alerts and outbound SMS we sent."""

from __future__ import annotations

import logging

from sqlalchemy import select

from bot import clock
from bot.alerts.models import Alert
from bot.db import session_scope
from bot.messages.models import Message
from bot.settings import Settings

log = logging.getLogger(__name__)
FAILED = ("failed", "undelivered")


def record_status(*, settings: Settings, sid: str, status: str) -> None:
    """Delivered or failed; a failed alert is escalated at once by the dispatcher's next pass."""
    if not sid:
        return
    with session_scope(settings.database_url) as session:
        alert = session.scalars(select(Alert).where(Alert.provider_sid == sid)).first()
        if alert is not None:
            if status == "delivered" and alert.status == "sent":
                alert.status = "delivered"
                alert.delivered_at = clock.now()
            elif status in FAILED and alert.status in ("sent", "sending", "delivered"):
                alert.status = "failed"
                alert.last_error = f"twilio status {status}"
                log.error("alert %s was not delivered (%s)", alert.id, status)
            return
        message = session.scalars(select(Message).where(Message.provider_sid == sid,
                                                        Message.direction == "out")).first()
        if message is None:
            return
        if status == "delivered" and message.status == "sent":
            message.status = "delivered"
        elif status in FAILED and message.status in ("sent", "sending"):
            message.status = "failed"
            log.error("message %s was not delivered (%s)", message.id, status)
