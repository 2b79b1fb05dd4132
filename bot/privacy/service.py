"""Anonymise tickets and delete messages and photos; keyword-only functions taking a session."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from bot.alerts.models import Alert
from bot.media.models import Photo
from bot.messages.models import Message
from bot.register.matching import format_unit
from bot.register.models import Unit
from bot.tickets.models import Ticket, TicketEvent
from bot.workorders.service import redact_for_tickets as redact_work_orders

# Audit-event data that says what happened to a ticket, never who or what they wrote; the rest is dropped.
SAFE_EVENT_KEYS = {"priority", "category", "channel", "reference", "incident_id", "status", "from", "to",
                   "previous", "level", "reason", "contractor", "booked_for"}
ALERT_REDACTED = "[anonymised]"
# Statements carry at most this many ids (SQLite's and drivers' parameter limits).
BATCH = 500


def anonymise_tickets(*, session: Session, tickets: list[Ticket], now: datetime, actor: str) -> int:
    """Strip who reported each ticket and what they wrote; keep the home, category, priority and dates.

    The repair history of a home stays useful (recurring damp, a boiler that keeps failing) without
    saying who lived there: the address becomes the register's address of the unit, or nothing.
    """
    count = 0
    units = {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_({t.unit_id for t in tickets
                                                                              if t.unit_id})))}
    for ticket in tickets:
        if ticket.anonymised_at is not None:
            continue
        unit = units.get(ticket.unit_id)
        ticket.reporter_name = ""
        ticket.contact_phone = ""
        ticket.access_notes = ""
        ticket.problem = ""
        ticket.conversation_id = ""
        ticket.address = format_unit(unit) if unit else ""
        ticket.anonymised_at = now
        ticket.updated_at = now
        for event in ticket.events:
            if event.data and set(event.data) - SAFE_EVENT_KEYS:
                event.data = {k: v for k, v in event.data.items() if k in SAFE_EVENT_KEYS}
        session.add(TicketEvent(ticket=ticket, actor=actor, kind="anonymised", at=now, data={}))
        count += 1
    ids = [t.id for t in tickets]
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        # Alert texts quote the tenant's phone, address and words.
        session.execute(update(Alert).where(Alert.ticket_id.in_(chunk)).values(body=ALERT_REDACTED)
                        .execution_options(synchronize_session=False))
        session.execute(delete(Photo).where(Photo.ticket_id.in_(chunk)).execution_options(synchronize_session=False))
        redact_work_orders(session=session, ticket_ids=chunk)  # contractors' emails and notes quote the tenant
    session.flush()
    return count


def tickets_of(*, session: Session, phone: str) -> list[Ticket]:
    """Tickets whose contact phone is this number or that were reported by SMS from it (to any association)."""
    return list(session.scalars(
        select(Ticket).where(or_(Ticket.contact_phone == phone, Ticket.conversation_id == phone,
                                 Ticket.conversation_id.like(f"%:{phone}")))
        .order_by(Ticket.id)
    ))


def mentions(phone: str, regions=("DK", "GB")):
    """A test for free text: does it contain this number, written any way a tenant might type it?"""
    from bot import phones

    def test(text: str) -> bool:
        return any(found == phone for region in regions for found in phones.all_in_text(text, region))

    return test


def sms_conversations_of(*, session: Session, phone: str) -> set[str]:
    """Every SMS conversation id this phone can have: the bare number, and one per association number."""
    from bot.associations.models import Association
    from bot.messages import ids

    numbers = session.scalars(select(Association.sms_number)).all()
    return {phone} | {ids.sms_conversation(number, phone) for number in numbers if number}


def web_chats_mentioning(*, session: Session, phone: str) -> set[str]:
    """Web-chat conversations in which someone typed this number, ticket or not (the body is all we have)."""
    national = phone[-8:]  # the last eight digits: a Danish number whole, most of a British one
    test = mentions(phone)
    found = set()
    rows = session.execute(select(Message.conversation_id, Message.body).where(
        Message.channel == "web", Message.direction == "in").execution_options(yield_per=1000))
    for conversation_id, body in rows:
        if conversation_id not in found and national in re.sub(r"\D", "", body or "") and test(body):
            found.add(conversation_id)
    return found


def delete_messages(*, session: Session, phone: str | None = None, conversation_ids: Iterable[str] = (),
                    before: datetime | None = None) -> int:
    """Delete messages by phone/conversation, or every message older than `before`."""
    conditions = []
    if phone:
        conditions.append(Message.phone == phone)
    conversations = sorted({c for c in conversation_ids if c})
    total = 0
    if before is not None:
        total += session.execute(delete(Message).where(Message.created_at < before)
                                 .execution_options(synchronize_session=False)).rowcount
    if conditions:
        total += session.execute(delete(Message).where(or_(*conditions))
                                 .execution_options(synchronize_session=False)).rowcount
    for start in range(0, len(conversations), BATCH):
        chunk = conversations[start:start + BATCH]
        total += session.execute(delete(Message).where(Message.conversation_id.in_(chunk))
                                 .execution_options(synchronize_session=False)).rowcount
    return total


def delete_photos(*, session: Session, conversation_ids: Iterable[str] = (), before: datetime | None = None) -> int:
    """Delete photos of these conversations, or photos older than `before` that never joined a ticket."""
    total = 0
    if before is not None:
        total += session.execute(delete(Photo).where(Photo.created_at < before, Photo.ticket_id.is_(None))
                                 .execution_options(synchronize_session=False)).rowcount
    conversations = sorted({c for c in conversation_ids if c})
    for start in range(0, len(conversations), BATCH):
        chunk = conversations[start:start + BATCH]
        total += session.execute(delete(Photo).where(Photo.conversation_id.in_(chunk))
                                 .execution_options(synchronize_session=False)).rowcount
    return total
