"""Which tickets a tenant's conversation may see or cancel: plain rules over plain values.

- SMS: the sender's number is the proof (Twilio signs what the carrier says sent it). A ticket is the sender's
  when its contact phone is that number or the ticket came from that SMS conversation.
- Web chat: a typed phone number proves nothing. A ticket is the visitor's when this conversation reported it,
  or when they named its reference and typed the code we texted to the ticket's own phone.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Requester:
    channel: str  # "sms", "web" or "rest"
    conversation_id: str
    phone: str | None = None  # only for SMS: the number Twilio says the message came from
    confirmed_references: frozenset[str] = field(default_factory=frozenset)  # web: references a code unlocked


@dataclass(frozen=True)
class TicketFacts:
    reference: str
    conversation_id: str
    contact_phone: str


def requester_for(*, channel: str, conversation_id: str, sender_phone: str | None,
                  confirmed_references=()) -> Requester:
    """Who is asking. Only SMS carries a phone worth believing; the rest prove ownership by conversation or code."""
    phone = sender_phone if channel == "sms" and sender_phone else None
    return Requester(channel=channel, conversation_id=conversation_id, phone=phone,
                     confirmed_references=frozenset(confirmed_references))


def owns(requester: Requester, ticket: TicketFacts) -> bool:
    if ticket.conversation_id and ticket.conversation_id == requester.conversation_id:
        return True
    if requester.phone and ticket.contact_phone == requester.phone:
        return True
    return ticket.reference in requester.confirmed_references


def needs_code(requester: Requester, ticket: TicketFacts) -> bool:
    """A ticket a web visitor named but does not own yet: a code to its phone may open it (if it has a phone)."""
    return requester.channel != "sms" and not owns(requester, ticket) and bool(ticket.contact_phone)
