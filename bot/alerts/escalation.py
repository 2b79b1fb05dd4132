"""Escalation: an unacknowledged or undelivered page goes to the next person, loops, then the duty manager; it
follows the ticket, so it stops once the ticket is acknowledged, taken, closed or cancelled."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from bot.alerts import outbox, rules
from bot.alerts.models import Alert
from bot.alerts.rota import duty_manager, on_call
from bot.associations.models import Association, Estate
from bot.phones import mask
from bot.settings import Settings
from bot.tickets.grouping import INCIDENT_WINDOW
from bot.tickets.models import Incident, Ticket

log = logging.getLogger(__name__)
AWAITING_ACK = ("sent", "recorded", "delivered")


def next_recipient(*, session: Session, association: Association, level: int, now: datetime,
                   loops: int, duty_manager_pages: int) -> tuple[str, str] | None:
    """Who gets page number `level` (0-based): the rota in order `loops` times, then the duty manager.

    Whoever texted STOP is left out (Twilio would refuse the text anyway)."""
    people = on_call(session=session, association=association, at=now)
    rota_pages = len(people) * max(loops, 1)
    if level < rota_pages:
        person = people[level % len(people)]
        return person.phone, person.name
    manager = duty_manager(session=session, association=association)
    if manager is not None and level < rota_pages + duty_manager_pages:
        return manager
    return None


def group_statuses(*, session: Session, ticket: Ticket, incident_id: int | None) -> list[str]:
    """Statuses of the other reports this ticket's page speaks for: its duplicates and its estate incident."""
    linked = select(Ticket.status).where(Ticket.id != ticket.id, Ticket.duplicate_of_id == ticket.id)
    statuses = list(session.scalars(linked))
    if incident_id:
        statuses += list(session.scalars(select(Ticket.status).where(Ticket.incident_id == incident_id,
                                                                     Ticket.id != ticket.id)))
    return statuses


def still_needed(*, session: Session, alert: Alert) -> bool:
    """Is this page still worth sending or escalating? (rules.still_needed over the store)"""
    if alert.ticket_id is None or alert.kind != "page":
        return True
    ticket = session.get(Ticket, alert.ticket_id)
    if ticket.duplicate_of_id and alert.incident_id is None:
        root = session.get(Ticket, ticket.duplicate_of_id)
        root_pages = select(Alert.status).where(Alert.ticket_id == root.id, Alert.kind == "page")
        if root.status == "open" and rules.is_live(tuple(session.scalars(root_pages))):
            # Paged before we knew it was the same home (SMS pages before the address): the first report's page
            # now speaks for both, so one escalation chain, not two.
            return False
    scope = (Alert.incident_id == alert.incident_id) if alert.incident_id else (Alert.ticket_id == alert.ticket_id)
    acknowledged = session.scalar(select(Alert.id).where(scope, Alert.status == "acknowledged").limit(1)) is not None
    return rules.still_needed(own_status=ticket.status,
                              group_statuses=group_statuses(session=session, ticket=ticket,
                                                            incident_id=alert.incident_id),
                              acknowledged=acknowledged)


def page_body(*, session: Session, association: Association, alert: Alert) -> str:
    """The page written from the ticket as it is now: an escalated page carries what the tenant added since."""
    ticket = session.get(Ticket, alert.ticket_id)
    if alert.incident_id:
        incident = session.get(Incident, alert.incident_id)
        estate = session.get(Estate, incident.estate_id) if incident else None
        homes = len(set(session.scalars(select(Ticket.unit_id).where(Ticket.incident_id == alert.incident_id))))
        if incident is not None and estate is not None:
            return outbox.incident_text(association=association, category=incident.category, homes=homes,
                                        estate=estate.name, minutes=int(INCIDENT_WINDOW.total_seconds() // 60),
                                        ticket=ticket)
    return outbox.alert_text(ticket, association)


def stop(*, alert: Alert, now: datetime) -> None:
    alert.status = "cancelled"
    alert.next_attempt_at = None
    log.info("alert %s for ticket %s: escalation stopped (ticket handled or closed)", alert.id, alert.ticket_id)


def escalate_due(*, session: Session, settings: Settings, now: datetime) -> list[Alert]:
    """Page the next person for every ticket page unacknowledged past the timeout or failed to deliver."""
    timeout = timedelta(seconds=settings.alert_ack_timeout_seconds)
    due = session.scalars(
        select(Alert)
        .where(Alert.ticket_id.is_not(None), Alert.kind == "page",
               or_(and_(Alert.status.in_(AWAITING_ACK), Alert.sent_at <= now - timeout), Alert.status == "failed"))
        .order_by(Alert.id)
        .with_for_update(skip_locked=True)
    ).all()
    created = []
    for alert in due:
        if not still_needed(session=session, alert=alert):
            stop(alert=alert, now=now)
            continue
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
                     kind="page", recipient=recipient, recipient_name=name,
                     body=page_body(session=session, association=association, alert=alert), status="queued",
                     level=alert.level + 1, created_at=now, next_attempt_at=now)
        session.add(page)
        created.append(page)
        log.warning("alert %s %s: paging level %s to %s", alert.id, reason, page.level, mask(recipient))
    session.flush()
    return created
