"""Acknowledging a page from the console: the same acknowledgement as an "OK <ref>" SMS from the person paged,
plus an audit entry naming the staff user who pressed the button."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.alerts import ack
from bot.alerts.models import Alert
from bot.associations.models import Association
from bot.tickets.models import Ticket
from bot.tickets.service import add_event

AWAITING = ack.PENDING  # statuses of a page that an acknowledgement still stops


class NotAcknowledgeable(Exception):
    pass


def may_acknowledge(alert: Alert, ticket: Ticket | None) -> bool:
    return ticket is not None and alert.status in AWAITING and alert.acknowledged_at is None


def acknowledge_alert(*, session: Session, alert: Alert, staff_email: str, now: datetime) -> Ticket:
    """Stop the escalation of `alert`'s ticket in the name of its recipient; raises NotAcknowledgeable."""
    ticket = session.get(Ticket, alert.ticket_id) if alert.ticket_id else None
    if not may_acknowledge(alert, ticket):
        raise NotAcknowledgeable(alert.status)
    association = session.get(Association, alert.association_id)
    ack.acknowledge(session=session, association=association, phone=alert.recipient,
                    body=f"OK {ticket.reference}", now=now)
    add_event(session=session, ticket=ticket, actor=staff_email, kind="alert_acknowledged_in_console", at=now,
              alert_id=alert.id, paged=alert.recipient_name or "on-call")
    return ticket
