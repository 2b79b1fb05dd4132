"""Message services: store inbound before processing, record outbound, find the last options offered."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db import utcnow
from bot.messages.models import Message


def store_inbound(*, session: Session, association_id: int | None, channel: str, conversation_id: str, phone: str,
                  body: str, provider_sid: str | None, now: datetime) -> tuple[Message, bool]:
    """Insert the inbound message; returns (message, created). A repeated provider_sid returns the first one."""
    # first_attempt_at: the real wall clock (not a frozen REPAIRBOT_NOW), to find this message in Rasa's tracker.
    message = Message(association_id=association_id, direction="in", channel=channel, conversation_id=conversation_id,
                      phone=phone, body=body, provider_sid=provider_sid, status="received", created_at=now,
                      first_attempt_at=utcnow())
    if provider_sid is None:
        session.add(message)
        session.flush()
        return message, True
    try:
        with session.begin_nested():
            session.add(message)
            session.flush()
        return message, True
    except IntegrityError:
        existing = session.scalars(select(Message).where(Message.provider_sid == provider_sid)).one()
        return existing, False


def record_outbound(*, session: Session, association_id: int | None, channel: str, conversation_id: str,
                    phone: str, body: str, buttons: list | None, status: str, now: datetime,
                    provider_sid: str | None = None) -> Message:
    message = Message(association_id=association_id, direction="out", channel=channel, conversation_id=conversation_id,
                      phone=phone, body=body, buttons=buttons or [], status=status, provider_sid=provider_sid,
                      created_at=now, processed_at=now)
    session.add(message)
    session.flush()
    return message


def last_buttons(*, session: Session, conversation_id: str) -> list:
    """The options of the last reply to this conversation (SMS answers them by number)."""
    last = session.scalars(
        select(Message)
        .where(Message.conversation_id == conversation_id, Message.direction == "out")
        .order_by(Message.id.desc())
        .limit(1)
    ).first()
    return list(last.buttons or []) if last else []


def transcript(*, session: Session, conversation_id: str, association_id: int | None = None) -> list[Message]:
    """A conversation's messages; with `association_id`, only that association's (a phone may text several)."""
    query = select(Message).where(Message.conversation_id == conversation_id)
    if association_id is not None:
        query = query.where(Message.association_id == association_id)
    return list(session.scalars(query.order_by(Message.id)))
