"""Tenant-facing status lookup and cancellation: only of tickets the asking conversation owns (bot.access)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot import clock, texts
from bot.access import ownership
from bot.conversation import wording
from bot.tickets import lifecycle, references
from bot.tickets.models import OPEN_STATUSES, Ticket
from bot.triage import categories


@dataclass
class Lookup:
    """What a conversation may learn about the ticket it asked for."""

    ticket: Ticket | None = None  # the requester's own ticket
    named: Ticket | None = None  # a ticket named by reference that this conversation does not own (yet)
    reference: str | None = None  # the reference the message gave, whether or not it exists


def facts_of(ticket: Ticket) -> ownership.TicketFacts:
    return ownership.TicketFacts(reference=ticket.reference, conversation_id=ticket.conversation_id,
                                 contact_phone=ticket.contact_phone)


def find(*, session: Session, association_id: int, text: str, requester: ownership.Requester) -> Lookup:
    """The requester's ticket: the one named by reference if theirs, else their latest open one."""
    reference = references.find_in_text(text)
    if reference:
        ticket = session.scalars(select(Ticket).where(Ticket.association_id == association_id,
                                                      Ticket.reference == reference)).first()
        if ticket is None:
            return Lookup(reference=reference)
        if ownership.owns(requester, facts_of(ticket)):
            return Lookup(ticket=ticket, reference=reference)
        return Lookup(named=ticket, reference=reference)
    owner = [Ticket.conversation_id == requester.conversation_id]
    if requester.phone:
        owner.append(Ticket.contact_phone == requester.phone)
    if requester.confirmed_references:
        owner.append(Ticket.reference.in_(sorted(requester.confirmed_references)))
    candidates = list(session.scalars(select(Ticket).where(
        Ticket.association_id == association_id, Ticket.status.in_(OPEN_STATUSES), or_(*owner))
        .order_by(Ticket.id.desc())))
    # Rules decide, the query only narrows: a ticket is shown only when ownership.owns says it is theirs.
    owned = [t for t in candidates if ownership.owns(requester, facts_of(t))]
    return Lookup(ticket=owned[0] if owned else None)


def describe(*, ticket: Ticket, timezone: str, language: str) -> dict:
    return {
        "reference": ticket.reference,
        "status": texts.text(f"ticket_status_{ticket.status}", language),
        "category": categories.name(ticket.category, "tenant", language),
        "due": _format_due(ticket.due_by, timezone, language),
    }


def _format_due(moment: datetime, tz: str, language: str) -> str:
    return wording.day(moment.astimezone(ZoneInfo(tz)), language)


def cancel(*, session: Session, ticket: Ticket, actor: str = "tenant", now: datetime | None = None) -> str | None:
    """Cancel the requester's own open ticket (ownership is checked by find); returns its reference, or None when
    it is no longer open."""
    if ticket.status not in OPEN_STATUSES:
        return None
    lifecycle.change_status(session=session, ticket=ticket, status="cancelled", actor=actor, now=now or clock.now())
    return ticket.reference
