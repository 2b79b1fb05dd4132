"""Ticket services: validation, creation, lookup; keyword-only functions taking a session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import phones
from bot.associations.models import Association
from bot.tickets import references
from bot.tickets.models import Ticket, TicketEvent
from bot.triage.categories import CATEGORIES
from bot.triage.policy import PRIORITIES

LIMITS = {
    "problem": 2000,
    "location_in_home": 200,
    "address": 300,
    "reporter_name": 120,
    "access_notes": 1000,
}
CHANNELS = ("sms", "web", "rest")


def clip(field: str, text: str | None) -> str:
    """A tenant's words for `field`, cut to what the ticket stores (the dialogue keeps no more than that)."""
    return (text or "").strip()[:LIMITS[field]]


def joined(field: str, earlier: str | None, more: str) -> str:
    """Later words added to a field's earlier ones ("leaking / now through the ceiling"), within its limit."""
    return clip(field, f"{earlier} / {more.strip()}" if earlier else more)


class ValidationError(ValueError):
    """A field a tenant gave cannot be stored; `field` says which, `code` why (for a translated reply)."""

    def __init__(self, field: str, code: str, message: str):
        super().__init__(message)
        self.field = field
        self.code = code


@dataclass
class TicketInput:
    category: str
    priority: str
    language: str
    channel: str
    problem: str
    location_in_home: str
    address: str
    reporter_name: str
    contact_phone: str
    access_notes: str = ""
    conversation_id: str = ""


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def validate(data: TicketInput, *, region: str, provisional: bool = False) -> TicketInput:
    """Check every field before anything is written; returns the cleaned input.

    `provisional`: an emergency paged before the form is complete may lack the address, name or phone (not all
    three of phone and address: the on-call team must be able to do something with it)."""
    if data.category not in CATEGORIES:
        raise ValidationError("category", "invalid", f"unknown category {data.category!r}")
    if data.priority not in PRIORITIES:
        raise ValidationError("priority", "invalid", f"unknown priority {data.priority!r}")
    if data.language not in ("da", "en"):
        raise ValidationError("language", "invalid", f"unknown language {data.language!r}")
    if data.channel not in CHANNELS:
        raise ValidationError("channel", "invalid", f"unknown channel {data.channel!r}")
    cleaned = {}
    for name, limit in LIMITS.items():
        value = _clean(getattr(data, name))
        required = ("problem",) if provisional else ("problem", "address", "reporter_name")
        if name in required and not value:
            raise ValidationError(name, "missing", f"{name} is required")
        if len(value) > limit:
            raise ValidationError(name, "too_long", f"{name} is longer than {limit} characters")
        cleaned[name] = value
    phone = phones.to_e164(data.contact_phone, region) if data.contact_phone or not provisional else ""
    if phone is None or (provisional and not phone and not cleaned["address"]):
        raise ValidationError("contact_phone", "invalid_phone", "contact phone is not a valid number")
    return TicketInput(
        category=data.category, priority=data.priority, language=data.language, channel=data.channel,
        contact_phone=phone, conversation_id=data.conversation_id[:80], **cleaned,
    )


def add_event(*, session: Session, ticket: Ticket, actor: str, kind: str, at: datetime, **data) -> TicketEvent:
    event = TicketEvent(ticket=ticket, actor=actor, kind=kind, at=at, data=data)
    session.add(event)
    return event


def new_reference(*, session: Session, association_id: int) -> str:
    """A reference not yet used in this association."""
    for _ in range(20):
        ref = references.generate()
        exists = session.scalar(
            select(Ticket.id).where(Ticket.association_id == association_id, Ticket.reference == ref)
        )
        if not exists:
            return ref
    raise RuntimeError("could not find a free ticket reference")


def create(
    *, session: Session, association: Association, data: TicketInput, now: datetime, due_by: datetime,
    unit_id: int | None, address_verified: bool, actor: str = "tenant", address_pending: bool = False,
) -> Ticket:
    ticket = Ticket(
        association_id=association.id,
        reference=new_reference(session=session, association_id=association.id),
        status="open",
        category=data.category,
        priority=data.priority,
        language=data.language,
        channel=data.channel,
        conversation_id=data.conversation_id,
        problem=data.problem,
        location_in_home=data.location_in_home,
        address=data.address,
        unit_id=unit_id,
        address_verified=address_verified,
        address_pending=address_pending,
        reporter_name=data.reporter_name,
        contact_phone=data.contact_phone,
        access_notes=data.access_notes,
        created_at=now,
        updated_at=now,
        due_by=due_by,
    )
    session.add(ticket)
    try:
        session.flush()
    except IntegrityError:
        raise
    add_event(session=session, ticket=ticket, actor=actor, kind="created", at=now, priority=data.priority,
              category=data.category, channel=data.channel, **({"address_pending": True} if address_pending else {}))
    return ticket


def update_details(*, session: Session, ticket: Ticket, data: TicketInput, now: datetime, unit_id: int | None,
                   address_verified: bool, address_pending: bool) -> list[str]:
    """What the tenant told us since a provisional ticket was written; returns the fields that changed."""
    changed = []
    for name in ("category", "problem", "location_in_home", "address", "reporter_name", "contact_phone",
                 "access_notes"):
        value = getattr(data, name)
        if value and value != getattr(ticket, name):
            setattr(ticket, name, value)
            changed.append(name)
    if "address" in changed or ticket.unit_id != unit_id:
        ticket.unit_id, ticket.address_verified = unit_id, address_verified
    if ticket.address_pending != address_pending:
        ticket.address_pending = address_pending
        changed.append("address_pending")
    if changed:
        ticket.updated_at = now
        add_event(session=session, ticket=ticket, actor="tenant", kind="details_added", at=now, fields=changed)
    return changed
