"""Ticket flows: one transaction per report with its audit event, duplicate link and alert."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock, hours
from bot.alerts import outbox
from bot.associations import service as associations
from bot.register.matching import match_address
from bot.tickets import service
from bot.tickets.models import OPEN_STATUSES, Ticket
from bot.triage.policy import Policy

log = logging.getLogger(__name__)
DUPLICATE_WINDOW = timedelta(hours=24)


@dataclass
class Submitted:
    reference: str
    ticket_id: int
    priority: str
    due_by: datetime
    contact_phone: str
    duplicate_of: str | None = None
    alerted: bool = False
    address_verified: bool = False


def find_duplicate(*, session: Session, association_id: int, unit_id: int | None, category: str,
                   now: datetime) -> Ticket | None:
    """An open ticket for the same home and category reported in the last 24 hours."""
    if unit_id is None:
        return None
    return session.scalars(
        select(Ticket)
        .where(
            Ticket.association_id == association_id,
            Ticket.unit_id == unit_id,
            Ticket.category == category,
            Ticket.status.in_(OPEN_STATUSES),
            Ticket.created_at >= now - DUPLICATE_WINDOW,
            Ticket.duplicate_of_id.is_(None),
        )
        .order_by(Ticket.id)
    ).first()


RESUBMIT_WINDOW = timedelta(minutes=30)


def already_submitted(*, session: Session, association_id: int, data: service.TicketInput,
                      now: datetime) -> Ticket | None:
    """The ticket this conversation already wrote for the same problem (a retried submit must not double it)."""
    if not data.conversation_id:
        return None
    return session.scalars(
        select(Ticket).where(
            Ticket.association_id == association_id,
            Ticket.conversation_id == data.conversation_id,
            Ticket.problem == data.problem,
            Ticket.created_at >= now - RESUBMIT_WINDOW,
        ).order_by(Ticket.id.desc())
    ).first()


def _submitted(ticket: Ticket, duplicate: Ticket | None, alerted: bool) -> Submitted:
    return Submitted(
        reference=ticket.reference, ticket_id=ticket.id, priority=ticket.priority, due_by=ticket.due_by,
        contact_phone=ticket.contact_phone, duplicate_of=duplicate.reference if duplicate else None,
        alerted=alerted, address_verified=ticket.address_verified,
    )


def submit_report(*, session: Session, association_ref: str | int | None, data: service.TicketInput,
                  now: datetime | None = None) -> Submitted:
    """Validate, match the home, link duplicates, write the ticket and its alert; raises ValidationError."""
    now = now or clock.now()
    association = associations.resolve(session=session, ref=association_ref)
    if association is None:
        raise RuntimeError("no association is configured")
    data = service.validate(data, region=association.country)
    earlier = already_submitted(session=session, association_id=association.id, data=data, now=now)
    if earlier is not None:
        duplicate = session.get(Ticket, earlier.duplicate_of_id) if earlier.duplicate_of_id else None
        return _submitted(earlier, duplicate, alerted=earlier.priority == "emergency")
    match = match_address(session=session, association_id=association.id, text=data.address)
    unit_id = match.unit.id if match.unit else None

    duplicate = find_duplicate(session=session, association_id=association.id, unit_id=unit_id,
                               category=data.category, now=now)
    policy = Policy.from_overrides(association.policy_overrides)
    office = hours.OfficeHours.for_association(association)
    ticket = service.create(
        session=session, association=association, data=data, now=now,
        due_by=hours.due_by(data.priority, now, office, policy),
        unit_id=unit_id, address_verified=match.verified,
    )
    alerted = False
    if duplicate is not None:
        ticket.duplicate_of_id = duplicate.id
        service.add_event(session=session, ticket=duplicate, actor="system", kind="duplicate_reported", at=now,
                          reference=ticket.reference)
    elif data.priority == "emergency":
        alerted = outbox.queue_for_ticket(session=session, association=association, ticket=ticket, now=now) is not None
        if not alerted:
            log.error("emergency ticket %s has nobody to alert", ticket.reference)
    session.flush()
    log.info("ticket %s created priority=%s category=%s verified=%s", ticket.reference, ticket.priority,
             ticket.category, match.verified)
    return _submitted(ticket, duplicate, alerted)
