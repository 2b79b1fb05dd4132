"""A tenant reports a repair: validate, match the home, write the ticket, link and page it, route its work order.

Each function runs in the caller's transaction (`session`): the dialogue's action opens it with bot.db.session_scope
and commits the ticket, its audit event, its page and its work order together.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock, hours
from bot.alerts import outbox, paging, rules
from bot.associations import service as associations
from bot.associations.models import Association
from bot.register.matching import match_address
from bot.register.models import Unit
from bot.tickets import service
from bot.tickets.models import OPEN_STATUSES, Ticket
from bot.triage.policy import Policy
from bot.workorders import flows as workorders

log = logging.getLogger(__name__)


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
    # The report joined an estate incident the on-call team was already alerted about.
    incident_known: bool = False


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
            Ticket.problem == data.problem, Ticket.address_pending.is_(False),
            Ticket.created_at >= now - RESUBMIT_WINDOW, Ticket.created_at <= now,
        ).order_by(Ticket.id.desc())
    ).first()


def _submitted(ticket: Ticket, duplicate: Ticket | None, alerted: bool, incident_known: bool = False) -> Submitted:
    return Submitted(
        reference=ticket.reference, ticket_id=ticket.id, priority=ticket.priority, due_by=ticket.due_by,
        contact_phone=ticket.contact_phone, duplicate_of=duplicate.reference if duplicate else None,
        alerted=alerted, address_verified=ticket.address_verified, incident_known=incident_known,
    )


def provisional_for(*, session: Session, association_id: int, conversation_id: str, now: datetime) -> Ticket | None:
    """The ticket paged for this conversation's emergency before its form was complete, if it is still open."""
    if not conversation_id:
        return None
    return session.scalars(
        select(Ticket).where(
            Ticket.association_id == association_id, Ticket.conversation_id == conversation_id,
            Ticket.address_pending.is_(True), Ticket.status.in_(OPEN_STATUSES),
            Ticket.created_at >= now - rules.PROVISIONAL_WINDOW, Ticket.created_at <= now,
        ).order_by(Ticket.id.desc())
    ).first()


@dataclass
class Paged:
    reference: str
    ticket_id: int
    alerted: bool  # a page for this report is queued or out (its own, or one it joined)
    queued_now: bool  # this call queued the page


ON_CALL_FIELDS = ("address", "reporter_name", "contact_phone")


def _matched(session: Session, association: Association, address: str, ticket: Ticket | None = None):
    """(unit, unit id, verified) for `address`; the ticket's own when it already has this address."""
    if not address:
        return None, None, False
    if ticket is not None and ticket.address == address:
        unit = session.get(Unit, ticket.unit_id) if ticket.unit_id else None
        return unit, ticket.unit_id, ticket.address_verified
    match = match_address(session=session, association_id=association.id, text=address)
    return match.unit, (match.unit.id if match.unit else None), match.verified


def page_first_signal(*, session: Session, association_ref: str | int | None, data: service.TicketInput,
                      now: datetime | None = None) -> Paged:
    """An emergency judged before its form is complete: write a provisional ticket (address pending) and page at
    once; later calls for the same conversation add what the tenant said since, and the person paged gets one
    short follow-up once the address (and name) are known. Raises ValidationError."""
    now = now or clock.now()
    association = associations.resolve(session=session, ref=association_ref)
    if association is None:
        raise RuntimeError("no association is configured")
    data = service.validate(replace(data, priority="emergency"), region=association.country, provisional=True)
    ticket = provisional_for(session=session, association_id=association.id, conversation_id=data.conversation_id,
                             now=now)
    unit, unit_id, verified = _matched(session, association, data.address, ticket)
    if ticket is not None:
        changed = service.update_details(session=session, ticket=ticket, data=data, now=now, unit_id=unit_id,
                                         address_verified=verified, address_pending=True)
        if "address" in changed and ticket.duplicate_of_id is None and ticket.incident_id is None:
            # Now we know the home: link it (a home already paged keeps one escalation, see escalation.py).
            paging.link_and_page(session=session, association=association, ticket=ticket,
                          estate_id=unit.estate_id if unit else None, now=now, paged=True)
        queued = paging.page_again_if_unpaged(session, association, ticket, now)
        if set(changed) & set(ON_CALL_FIELDS) and ticket.address and not queued:
            outbox.follow_up(session=session, association=association, ticket=ticket, now=now,
                             wait_for_name=not ticket.reporter_name)
        session.flush()
        return Paged(ticket.reference, ticket.id, alerted=paging.is_covered(session=session, ticket=ticket),
                     queued_now=queued)
    policy = Policy.from_overrides(association.policy_overrides)
    office = hours.OfficeHours.for_association(association)
    ticket = service.create(session=session, association=association, data=data, now=now,
                            due_by=hours.due_by("emergency", now, office, policy), unit_id=unit_id,
                            address_verified=verified, address_pending=True)
    linked = paging.link_and_page(session=session, association=association, ticket=ticket,
                           estate_id=unit.estate_id if unit else None, now=now)
    session.flush()
    queued = rules.is_live(outbox.page_statuses(session=session, ticket_id=ticket.id))
    log.info("provisional ticket %s for an emergency (category %s); paged=%s covered=%s", ticket.reference,
             ticket.category, queued, linked.alerted)
    return Paged(ticket.reference, ticket.id, alerted=linked.alerted, queued_now=queued)


def _complete(session: Session, association: Association, ticket: Ticket, data: service.TicketInput,
              now: datetime) -> Submitted:
    """The form is done: the provisional ticket gets the full report; the person paged learns what is new."""
    unit, unit_id, verified = _matched(session, association, data.address, ticket)
    had_follow_up = any(a.kind == "follow_up" and a.status == "queued"
                        for a in outbox.pages_of(session=session, ticket=ticket))
    changed = service.update_details(session=session, ticket=ticket, data=data, now=now, unit_id=unit_id,
                                     address_verified=verified, address_pending=False)
    linked = paging.Linked(alerted=True)
    if ticket.duplicate_of_id is None and ticket.incident_id is None:
        linked = paging.link_and_page(session=session, association=association, ticket=ticket,
                               estate_id=unit.estate_id if unit else None, now=now, paged=True)
    if not paging.page_again_if_unpaged(session, association, ticket, now) and \
            (had_follow_up or set(changed) & set(ON_CALL_FIELDS)):
        outbox.follow_up(session=session, association=association, ticket=ticket, now=now, wait_for_name=False)
    session.flush()
    duplicate = linked.duplicate or (session.get(Ticket, ticket.duplicate_of_id) if ticket.duplicate_of_id else None)
    log.info("provisional ticket %s completed (verified=%s)", ticket.reference, ticket.address_verified)
    return _submitted(ticket, duplicate, paging.is_covered(session=session, ticket=ticket),
                      incident_known=linked.incident_known)


def submit_report(*, session: Session, association_ref: str | int | None, data: service.TicketInput,
                  now: datetime | None = None) -> Submitted:
    """Validate, match the home, link duplicates, write the ticket and its alert; raises ValidationError.

    An emergency this conversation already paged (a provisional ticket) is completed, not written twice."""
    now = now or clock.now()
    association = associations.resolve(session=session, ref=association_ref)
    if association is None:
        raise RuntimeError("no association is configured")
    data = service.validate(data, region=association.country)
    earlier = already_submitted(session=session, association_id=association.id, data=data, now=now)
    if earlier is not None:
        duplicate = session.get(Ticket, earlier.duplicate_of_id) if earlier.duplicate_of_id else None
        return _submitted(earlier, duplicate, alerted=paging.is_covered(session=session, ticket=earlier),
                          incident_known=earlier.incident_id is not None)
    if data.priority == "emergency":
        provisional = provisional_for(session=session, association_id=association.id,
                                      conversation_id=data.conversation_id, now=now)
        if provisional is not None:
            return _complete(session, association, provisional, data, now)
    unit, unit_id, verified = _matched(session, association, data.address)
    policy = Policy.from_overrides(association.policy_overrides)
    office = hours.OfficeHours.for_association(association)
    ticket = service.create(
        session=session, association=association, data=data, now=now,
        due_by=hours.due_by(data.priority, now, office, policy),
        unit_id=unit_id, address_verified=verified,
    )
    linked = paging.link_and_page(session=session, association=association, ticket=ticket,
                           estate_id=unit.estate_id if unit else None, now=now)
    session.flush()
    # Work orders: route non-emergency work to its contractor in this transaction (its own savepoint; a failure
    # there leaves the ticket for staff and never loses it).
    workorders.on_ticket_created(session=session, association=association, ticket=ticket, now=now)
    log.info("ticket %s created priority=%s category=%s verified=%s incident=%s", ticket.reference,
             ticket.priority, ticket.category, verified, ticket.incident_id)
    return _submitted(ticket, linked.duplicate, linked.alerted, incident_known=linked.incident_known)
