"""More about a fault already reported in this conversation: added to its ticket, never a second ticket.

A tenant who writes "it's dripping through to downstairs now" after the ticket for the leak is telling us the same
leak got worse. The news joins the ticket's problem (with an audit event); a hazard in it raises the ticket's
priority (never lowers it) and, once an emergency, pages the on-call team for that ticket, or tells the person
already paged what is new.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import hours
from bot.alerts import outbox
from bot.associations import service as associations
from bot.tickets import service
from bot.tickets.models import OPEN_STATUSES, Ticket
from bot.triage.policy import RANK, Policy

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Added:
    reference: str
    priority: str
    raised: bool
    alerted: bool       # a page for this ticket is queued or out (only meaningful for an emergency)
    contact_phone: str


def open_ticket(*, session: Session, association_id: int, reference: str, conversation_id: str) -> Ticket | None:
    """The open ticket this conversation made under `reference` (another conversation's is never touched)."""
    return session.scalars(select(Ticket).where(
        Ticket.association_id == association_id, Ticket.reference == reference,
        Ticket.conversation_id == conversation_id, Ticket.status.in_(OPEN_STATUSES))).first()


def add_news(*, session: Session, association_ref: str | int | None, reference: str, conversation_id: str,
             news: str, priority: str | None, now: datetime) -> Added | None:
    """Add the tenant's news to their open ticket; None when there is no such ticket (then it is a new report)."""
    association = associations.resolve(session=session, ref=association_ref)
    if association is None:
        return None
    ticket = open_ticket(session=session, association_id=association.id, reference=reference,
                         conversation_id=conversation_id)
    if ticket is None:
        return None
    ticket.problem = service.joined("problem", ticket.problem, news)
    ticket.updated_at = now
    service.add_event(session=session, ticket=ticket, actor="tenant", kind="details_added", at=now,
                      fields=["problem"])
    raised = bool(priority) and RANK.get(priority, -1) > RANK.get(ticket.priority, -1)
    if raised:
        previous = ticket.priority
        policy = Policy.from_overrides(association.policy_overrides)
        ticket.priority = priority
        ticket.due_by = min(ticket.due_by, hours.due_by(priority, now, hours.OfficeHours.for_association(association),
                                                          policy)) if ticket.due_by else ticket.due_by
        service.add_event(session=session, ticket=ticket, actor="system", kind="priority_raised", at=now,
                          **{"from": previous, "to": priority})
    alerted = False
    if ticket.priority == "emergency":
        if outbox.page_statuses(session=session, ticket_id=ticket.id):
            outbox.follow_up(session=session, association=association, ticket=ticket, now=now, wait_for_name=False)
            alerted = True
        else:
            alerted = outbox.queue_for_ticket(session=session, association=association, ticket=ticket,
                                              now=now) is not None
            if not alerted:
                log.error("emergency ticket %s has nobody to alert", ticket.reference)
    session.flush()
    log.info("news added to ticket %s (priority %s%s)", ticket.reference, ticket.priority,
             ", raised" if raised else "")
    return Added(reference=ticket.reference, priority=ticket.priority, raised=raised, alerted=alerted,
                 contact_phone=ticket.contact_phone)
