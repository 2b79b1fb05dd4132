"""Staff actions on tickets: status changes with their audit event and the tenant's SMS."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.associations.models import Association
from bot.messages.models import Message
from bot.tickets.models import Ticket
from bot.tickets.service import add_event

STAFF_STATUSES = ("acknowledged", "assigned", "booked", "completed", "cancelled")
CONTRACTOR_MAX_CHARS = 120

DA_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
             "november", "december")
DA_DAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")

# GSM-7 only (no emoji or typographic quotes): one segment costs a third of a UCS-2 one.
TENANT_SMS = {
    "booked": {
        "da": "{name}: Din reparation {reference} er booket til {when}. Passer tiden ikke, så ring {phone}.",
        "en": "{name}: Your repair {reference} is booked for {when}. If that time does not suit you, call {phone}.",
    },
    "completed": {
        "da": "{name}: Din reparation {reference} er nu registreret som udført. Er noget stadig galt, "
              "så ring {phone}.",
        "en": "{name}: Your repair {reference} is now recorded as completed. If something is still wrong, "
              "call {phone}.",
    },
}


class StatusChangeError(ValueError):
    """A status change staff asked for that cannot be made; the message is shown to them."""


def format_when(moment: datetime, *, timezone: str, language: str) -> str:
    local = moment.astimezone(ZoneInfo(timezone))
    if language == "da":
        return f"{DA_DAYS[local.weekday()]} d. {local.day}. {DA_MONTHS[local.month - 1]} kl. {local:%H:%M}"
    return f"{EN_DAYS[local.weekday()]} {local.day} {EN_MONTHS[local.month - 1]} at {local:%H:%M}"


def tenant_sms_text(*, ticket: Ticket, association: Association, status: str) -> str | None:
    template = TENANT_SMS.get(status, {}).get(ticket.language) or TENANT_SMS.get(status, {}).get("en")
    if template is None:
        return None
    when = format_when(ticket.booked_for, timezone=association.timezone, language=ticket.language) \
        if ticket.booked_for else ""
    return template.format(name=association.name, reference=ticket.reference, when=when,
                           phone=association.call_centre_phone or association.out_of_hours_phone)


def change_status(*, session: Session, ticket: Ticket, actor: str, status: str, now: datetime,
                  contractor: str = "", booked_for: datetime | None = None) -> Message | None:
    """Set the status, audit it and, for booked and completed, queue the tenant's SMS; returns that SMS."""
    if status not in STAFF_STATUSES:
        raise StatusChangeError(f"unknown status {status!r}")
    if ticket.status in ("completed", "cancelled") and status != ticket.status:
        raise StatusChangeError(f"the ticket is already {ticket.status}")
    contractor = " ".join(contractor.split())
    data: dict = {"from": ticket.status, "to": status}
    if status == "assigned":
        if not contractor:
            raise StatusChangeError("name the contractor the repair is assigned to")
        if len(contractor) > CONTRACTOR_MAX_CHARS:
            raise StatusChangeError(f"the contractor's name is longer than {CONTRACTOR_MAX_CHARS} characters")
        ticket.contractor = contractor
        data["contractor"] = contractor
    if status == "booked":
        if booked_for is None:
            raise StatusChangeError("give the date and time the repair is booked for")
        if booked_for.tzinfo is None:
            raise ValueError("booked_for must be timezone-aware")
        ticket.booked_for = booked_for
        data["booked_for"] = booked_for.isoformat()
        if contractor:
            ticket.contractor = contractor
            data["contractor"] = contractor
    ticket.status = status
    ticket.updated_at = now
    add_event(session=session, ticket=ticket, actor=actor, kind="status", at=now, **data)
    association = session.get(Association, ticket.association_id)
    body = tenant_sms_text(ticket=ticket, association=association, status=status)
    if body is None or not ticket.contact_phone:
        return None
    message = Message(direction="out", channel="sms", status="queued", phone=ticket.contact_phone, body=body,
                      association_id=ticket.association_id, conversation_id=ticket.conversation_id or
                      ticket.contact_phone, ticket_id=ticket.id, created_at=now)
    session.add(message)
    session.flush()
    return message


def reopen(*, session: Session, ticket: Ticket, actor: str, now: datetime) -> None:
    """Open a cancelled ticket again (a tenant, or someone in their chat, may have cancelled it by mistake)."""
    if ticket.status != "cancelled":
        raise StatusChangeError(f"only a cancelled ticket can be reopened; this one is {ticket.status}")
    ticket.status = "open"
    ticket.updated_at = now
    add_event(session=session, ticket=ticket, actor=actor, kind="reopened", at=now,
              **{"from": "cancelled", "to": "open"})
