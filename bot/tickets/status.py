"""Tenant-facing status lookup and cancellation (reference plus the reporting phone or conversation)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot import clock
from bot.associations import service as associations
from bot.conversation import wording
from bot.tickets import references
from bot.tickets.models import OPEN_STATUSES, Ticket
from bot.tickets.service import add_event

STATUS_TEXT = {
    "en": {"open": "received", "acknowledged": "seen by staff", "assigned": "given to a repairer",
           "booked": "booked", "completed": "completed", "cancelled": "cancelled"},
    "da": {"open": "modtaget", "acknowledged": "set af personalet", "assigned": "sendt til håndværker",
           "booked": "booket", "completed": "udført", "cancelled": "annulleret"},
}
CATEGORY_TEXT = {
    "en": {"heating": "heating", "hot_water": "hot water", "water": "water", "drainage": "drains",
           "electrical": "electrics", "gas": "gas", "doors_windows": "doors/windows", "fire_safety": "fire safety",
           "structure": "building", "damp_mould": "damp/mould", "fixtures": "fittings", "communal": "shared areas",
           "pests": "pests"},
    "da": {"heating": "varme", "hot_water": "varmt vand", "water": "vand", "drainage": "afløb",
           "electrical": "el", "gas": "gas", "doors_windows": "døre/vinduer", "fire_safety": "brandsikring",
           "structure": "bygning", "damp_mould": "fugt/skimmel", "fixtures": "inventar", "communal": "fællesarealer",
           "pests": "skadedyr"},
}


def _owned(session: Session, association_id: int, text: str, phone: str | None, conversation_id: str):
    """The tenant's ticket: named by reference (and theirs), else their latest open one."""
    owner = [Ticket.conversation_id == conversation_id]
    if phone:
        owner.append(Ticket.contact_phone == phone)
    query = select(Ticket).where(Ticket.association_id == association_id, or_(*owner))
    reference = references.find_in_text(text)
    if reference:
        return session.scalars(query.where(Ticket.reference == reference)).first()
    return session.scalars(query.where(Ticket.status.in_(OPEN_STATUSES)).order_by(Ticket.id.desc())).first()


def _format_due(moment: datetime, tz: str, language: str) -> str:
    return wording.day(moment.astimezone(ZoneInfo(tz)), language)


def lookup(*, session: Session, association_ref, text: str, phone: str | None, conversation_id: str,
           language: str) -> dict | None:
    association = associations.resolve(session=session, ref=association_ref)
    ticket = _owned(session, association.id, text, phone, conversation_id)
    if ticket is None:
        return None
    return {
        "reference": ticket.reference,
        "status": STATUS_TEXT[language][ticket.status],
        "category": CATEGORY_TEXT[language][ticket.category],
        "due": _format_due(ticket.due_by, association.timezone, language),
    }


def cancel(*, session: Session, association_ref, text: str, phone: str | None, conversation_id: str) -> str | None:
    association = associations.resolve(session=session, ref=association_ref)
    ticket = _owned(session, association.id, text, phone, conversation_id)
    if ticket is None or ticket.status not in OPEN_STATUSES:
        return None
    ticket.status = "cancelled"
    add_event(session=session, ticket=ticket, actor="tenant", kind="cancelled", at=clock.now())
    return ticket.reference
