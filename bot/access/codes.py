"""One-time codes: six digits texted to a ticket's phone, valid ten minutes, five tries, for one conversation."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot import texts
from bot.access.models import OneTimeCode
from bot.associations.models import Association
from bot.messages import ids
from bot.messages.models import Message
from bot.tickets.models import Ticket

DIGITS = 6
LIFETIME = timedelta(minutes=10)
MAX_TRIES = 5
# A confirmed reference stays open in its conversation for as long as a chat session lives.
CONFIRMED_FOR = timedelta(hours=24)
PURPOSES = ("status", "cancel")
# Codes per ticket per hour: five tries each, so at most 15 guesses an hour at a million codes.
MAX_SENDS_PER_HOUR = 3
# The dialogue acts on a just-confirmed reference when asked within this long after the code was typed.
JUST_CONFIRMED = timedelta(minutes=2)

@dataclass(frozen=True)
class Verdict:
    outcome: str  # "confirmed", "wrong", "expired", "locked" (out of tries), "none" (no code pending)
    reference: str | None = None
    purpose: str | None = None
    tries_left: int = 0


def _digest(secret: str, code_id: int, code: str) -> str:
    return hmac.new(secret.encode(), f"{code_id}:{code}".encode(), hashlib.sha256).hexdigest()


def looks_like_code(text: str) -> bool:
    digits = "".join((text or "").split())
    return len(digits) == DIGITS and digits.isascii() and digits.isdigit()


def send(*, session: Session, ticket: Ticket, conversation_id: str, purpose: str, secret: str, now: datetime,
         rand=secrets.randbelow) -> str:
    """Replace any pending code of this conversation with a new one and queue the SMS to the ticket's phone."""
    if purpose not in PURPOSES:
        raise ValueError(f"purpose must be one of {PURPOSES}")
    if not ticket.contact_phone:
        raise ValueError("the ticket has no phone to send a code to")
    session.execute(update(OneTimeCode).where(OneTimeCode.conversation_id == conversation_id,
                                              OneTimeCode.verified_at.is_(None), OneTimeCode.expires_at > now)
                    .values(expires_at=now).execution_options(synchronize_session=False))
    code = str(rand(10 ** DIGITS)).zfill(DIGITS)
    record = OneTimeCode(association_id=ticket.association_id, ticket_id=ticket.id, conversation_id=conversation_id,
                         purpose=purpose, code_hash="", attempts=0, created_at=now, expires_at=now + LIFETIME)
    session.add(record)
    session.flush()
    record.code_hash = _digest(secret, record.id, code)
    association = session.get(Association, ticket.association_id)
    lang = ticket.language if ticket.language in texts.LANGUAGES else "en"
    body = texts.text("code_sms", lang, name=association.name, code=code, reference=ticket.reference)
    session.add(Message(direction="out", channel="sms", status="queued", phone=ticket.contact_phone, body=body,
                        association_id=ticket.association_id,
                        conversation_id=ids.sms_conversation(association.sms_number, ticket.contact_phone),
                        ticket_id=ticket.id, created_at=now, next_attempt_at=now))
    session.flush()
    return code


def pending(*, session: Session, conversation_id: str) -> OneTimeCode | None:
    """The conversation's latest code not yet confirmed (possibly expired or out of tries)."""
    return session.scalars(select(OneTimeCode).where(
        OneTimeCode.conversation_id == conversation_id, OneTimeCode.verified_at.is_(None))
        .order_by(OneTimeCode.id.desc()).limit(1)).first()


def awaiting(*, session: Session, conversation_id: str, now: datetime) -> bool:
    """True while a six-digit message in this chat is taken for a code (until it is twice as old as its lifetime)."""
    record = pending(session=session, conversation_id=conversation_id)
    return record is not None and record.created_at > now - 2 * LIFETIME


def sent_recently(*, session: Session, ticket_id: int, now: datetime) -> int:
    return session.scalar(select(func.count(OneTimeCode.id)).where(
        OneTimeCode.ticket_id == ticket_id, OneTimeCode.created_at > now - timedelta(hours=1))) or 0


def verify(*, session: Session, conversation_id: str, text: str, secret: str, now: datetime) -> Verdict:
    """Check a typed code against this conversation's latest one; five wrong tries spend it."""
    record = pending(session=session, conversation_id=conversation_id)
    if record is None:
        return Verdict("none")
    reference = session.get(Ticket, record.ticket_id).reference
    if record.attempts >= MAX_TRIES:
        return Verdict("locked", reference=reference)
    if record.expires_at <= now:
        return Verdict("expired", reference=reference)
    record.attempts += 1
    code = "".join((text or "").split())
    if hmac.compare_digest(record.code_hash, _digest(secret, record.id, code)):
        record.verified_at = now
        return Verdict("confirmed", reference=reference, purpose=record.purpose)
    left = MAX_TRIES - record.attempts
    return Verdict("wrong" if left else "locked", reference=reference, tries_left=left)


def confirmed_references(*, session: Session, conversation_id: str, now: datetime) -> list[str]:
    """References this conversation has opened with a code, most recent first."""
    rows = session.execute(select(Ticket.reference).join(OneTimeCode, OneTimeCode.ticket_id == Ticket.id).where(
        OneTimeCode.conversation_id == conversation_id, OneTimeCode.verified_at.is_not(None),
        OneTimeCode.verified_at > now - CONFIRMED_FOR).order_by(OneTimeCode.verified_at.desc())).scalars()
    return list(dict.fromkeys(rows))


def just_confirmed(*, session: Session, conversation_id: str, now: datetime) -> tuple[str, str] | None:
    """(reference, purpose) of a code this conversation confirmed moments ago: the request it was sent for."""
    row = session.execute(select(Ticket.reference, OneTimeCode.purpose)
                          .join(OneTimeCode, OneTimeCode.ticket_id == Ticket.id)
                          .where(OneTimeCode.conversation_id == conversation_id,
                                 OneTimeCode.verified_at > now - JUST_CONFIRMED)
                          .order_by(OneTimeCode.verified_at.desc()).limit(1)).first()
    return (row[0], row[1]) if row else None
