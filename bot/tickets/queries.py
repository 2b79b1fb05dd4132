"""Read side of tickets for the staff API and exports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import phones
from bot.alerts.models import Alert
from bot.associations.models import Association
from bot.clock import parse_instant
from bot.tickets import references
from bot.tickets.models import STATUSES, Ticket
from bot.triage.policy import PRIORITIES

MAX_RESULTS = 500


@dataclass
class TicketFilters:
    contact_phone: str | None = None
    priority: str | None = None
    status: str | None = None
    since: datetime | None = None
    association_id: int | None = None
    limit: int = MAX_RESULTS

    @classmethod
    def from_args(cls, args) -> TicketFilters:
        phone = args.get("contact_phone")
        if phone:
            normalised = phones.to_e164(phone, "DK")
            if normalised is None:
                raise ValueError("contact_phone is not a valid phone number")
            phone = normalised
        priority = args.get("priority") or None
        if priority and priority not in PRIORITIES:
            raise ValueError(f"priority must be one of {', '.join(PRIORITIES)}")
        status = args.get("status") or None
        if status and status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        since = None
        if args.get("since"):
            try:
                since = parse_instant(args["since"])
            except ValueError as exc:
                raise ValueError("since must be an ISO-8601 instant") from exc
        return cls(contact_phone=phone, priority=priority, status=status, since=since)


def search(*, session: Session, filters: TicketFilters) -> list[Ticket]:
    query = select(Ticket).order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(filters.limit)
    if filters.contact_phone:
        query = query.where(Ticket.contact_phone == filters.contact_phone)
    if filters.priority:
        query = query.where(Ticket.priority == filters.priority)
    if filters.status:
        query = query.where(Ticket.status == filters.status)
    if filters.since:
        query = query.where(Ticket.created_at >= filters.since)
    if filters.association_id:
        query = query.where(Ticket.association_id == filters.association_id)
    return list(session.scalars(query))


def by_reference(*, session: Session, reference: str, association_id: int | None = None) -> Ticket | None:
    ref = references.normalise(reference)
    if ref is None:
        return None
    query = select(Ticket).where(Ticket.reference == ref)
    if association_id is not None:
        query = query.where(Ticket.association_id == association_id)
    return session.scalars(query).first()


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def as_dict(*, session: Session, ticket: Ticket) -> dict:
    association = session.get(Association, ticket.association_id)
    alerts = session.scalars(select(Alert).where(Alert.ticket_id == ticket.id).order_by(Alert.id))
    return {
        "reference": ticket.reference,
        "status": ticket.status,
        "category": ticket.category,
        "priority": ticket.priority,
        "language": ticket.language,
        "channel": ticket.channel,
        "problem": ticket.problem,
        "location_in_home": ticket.location_in_home,
        "address": ticket.address,
        "address_verified": ticket.address_verified,
        "reporter_name": ticket.reporter_name,
        "contact_phone": ticket.contact_phone,
        "access_notes": ticket.access_notes,
        "association": association.name if association else None,
        "created_at": _iso(ticket.created_at),
        "due_by": _iso(ticket.due_by),
        "duplicate_of": ticket.duplicate_of_id and session.get(Ticket, ticket.duplicate_of_id).reference,
        "alerts": [
            {
                "recipient": a.recipient,
                "status": a.status,
                "sent_at": _iso(a.sent_at),
                "acknowledged_at": _iso(a.acknowledged_at),
            }
            for a in alerts
        ],
    }
