"""Escalation: an unacknowledged or undelivered page goes to the next person, loops, then the duty manager."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from bot.alerts.models import Alert
from bot.alerts.rota import on_call
from bot.associations.models import Association
from bot.phones import mask

log = logging.getLogger(__name__)
AWAITING_ACK = ("sent", "recorded", "delivered")


def next_recipient(*, session: Session, association: Association, level: int, now: datetime,
                   loops: int, duty_manager_pages: int) -> tuple[str, str] | None:
    """Who gets page number `level` (0-based): the rota in order `loops` times, then the duty manager."""
    people = on_call(session=session, association=association, at=now)
    rota_pages = len(people) * max(loops, 1)
    if level < rota_pages:
        person = people[level % len(people)]
        return person.phone, person.name
    if association.duty_manager_phone and level < rota_pages + duty_manager_pages:
        return association.duty_manager_phone, association.duty_manager_name or "duty manager"
    return None


def escalate_due(*, session: Session, settings, now: datetime) -> list[Alert]:
    """Page the next person for every ticket alert unacknowledged past the timeout or failed to deliver."""
    timeout = timedelta(seconds=settings.alert_ack_timeout_seconds)
    due = session.scalars(
        select(Alert)
        .where(Alert.ticket_id.is_not(None),
               or_(and_(Alert.status.in_(AWAITING_ACK), Alert.sent_at <= now - timeout), Alert.status == "failed"))
        .order_by(Alert.id)
        .with_for_update(skip_locked=True)
    ).all()
    created = []
    for alert in due:
        association = session.get(Association, alert.association_id)
        reason = "failed" if alert.status == "failed" else "unacknowledged"
        alert.status = "escalated"
        target = next_recipient(session=session, association=association, level=alert.level + 1, now=now,
                                loops=settings.alert_escalation_loops,
                                duty_manager_pages=settings.alert_duty_manager_pages)
        if target is None:
            log.critical("alert %s for ticket %s: %s and nobody left to page", alert.id, alert.ticket_id, reason)
            continue
        recipient, name = target
        page = Alert(association_id=alert.association_id, ticket_id=alert.ticket_id, incident_id=alert.incident_id,
                     recipient=recipient, recipient_name=name, body=alert.body, status="queued",
                     level=alert.level + 1, created_at=now, next_attempt_at=now)
        session.add(page)
        created.append(page)
        log.warning("alert %s %s: paging level %s to %s", alert.id, reason, page.level, mask(recipient))
    session.flush()
    return created
