"""A ticket's lifecycle: the one place its status changes, whoever changes it (tenant, staff, on-call, work order).

`change_status` sets the status, writes the audit event (who, from, to) and queues the tenant's SMS where one is
due. Below it are the rules of who may change what: staff (console), on call (an acknowledged page) and work
orders; a tenant's cancellation is bot.repairs.status.cancel (it checks ownership first).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot import texts
from bot.associations.models import Association
from bot.messages.models import Message
from bot.tickets.models import STATUSES, Ticket
from bot.tickets.service import add_event

CLOSED = ("completed", "cancelled")
STAFF_STATUSES = ("acknowledged", "assigned", "booked", "completed", "cancelled")
CONTRACTOR_MAX_CHARS = 120
# The audit event's kind names the step where the console shows it as one ("cancelled", "reopened").
EVENT_KIND = {"cancelled": "cancelled"}

DA_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
             "november", "december")
DA_DAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")

# The statuses whose change texts the tenant: bot/texts/tenant.yml repair_<status> (GSM-7, one segment costs a third
# of a UCS-2 one).
TENANT_SMS = ("booked", "completed")


class StatusChangeError(ValueError):
    """A status change that cannot be made; the message is shown to whoever asked (staff)."""


def format_when(moment: datetime, *, timezone: str, language: str) -> str:
    local = moment.astimezone(ZoneInfo(timezone))
    if language == "da":
        return f"{DA_DAYS[local.weekday()]} d. {local.day}. {DA_MONTHS[local.month - 1]} kl. {local:%H:%M}"
    return f"{EN_DAYS[local.weekday()]} {local.day} {EN_MONTHS[local.month - 1]} at {local:%H:%M}"


def tenant_sms_text(*, ticket: Ticket, association: Association, status: str) -> str | None:
    if status not in TENANT_SMS:
        return None
    # A ticket in a language we do not write is texted in English.
    language = ticket.language if ticket.language in texts.LANGUAGES else "en"
    when = format_when(ticket.booked_for, timezone=association.timezone, language=ticket.language) \
        if ticket.booked_for else ""
    return texts.text(f"repair_{status}", language, name=association.name, reference=ticket.reference, when=when,
                      phone=association.call_centre_phone or association.out_of_hours_phone)


def change_status(*, session: Session, ticket: Ticket, status: str, actor: str, now: datetime,
                  tenant_sms: bool = True, **data) -> Message | None:
    """Move the ticket to `status` with its audit event; returns the tenant's SMS when one is due and queued.

    `tenant_sms=False`: whoever moves the ticket texts the tenant itself (a work order's steps, bot.workorders.texts).
    `data` goes into the audit event beside from/to (the contractor, the booked time).
    """
    if status not in STATUSES:
        raise StatusChangeError(f"unknown status {status!r}")
    previous = ticket.status
    ticket.status = status
    ticket.updated_at = now
    kind = "reopened" if previous == "cancelled" and status == "open" else EVENT_KIND.get(status, "status")
    add_event(session=session, ticket=ticket, actor=actor, kind=kind, at=now, **{"from": previous, "to": status},
              **data)
    if not tenant_sms:
        return None
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


# -- who may change what -----------------------------------------------------------------------------------
def staff_change(*, session: Session, ticket: Ticket, actor: str, status: str, now: datetime,
                 contractor: str = "", booked_for: datetime | None = None) -> Message | None:
    """Staff set a status from the console; booked and completed text the tenant. Raises StatusChangeError."""
    if status not in STAFF_STATUSES:
        raise StatusChangeError(f"unknown status {status!r}")
    if ticket.status in CLOSED and status != ticket.status:
        raise StatusChangeError(f"the ticket is already {ticket.status}")
    contractor = " ".join(contractor.split())
    data: dict = {}
    if status == "assigned":
        if not contractor:
            raise StatusChangeError("name the contractor the repair is assigned to")
        if len(contractor) > CONTRACTOR_MAX_CHARS:
            raise StatusChangeError(f"the contractor's name is longer than {CONTRACTOR_MAX_CHARS} characters")
        ticket.contractor = data["contractor"] = contractor
    if status == "booked":
        if booked_for is None:
            raise StatusChangeError("give the date and time the repair is booked for")
        if booked_for.tzinfo is None:
            raise ValueError("booked_for must be timezone-aware")
        ticket.booked_for = booked_for
        data["booked_for"] = booked_for.isoformat()
        if contractor:
            ticket.contractor = data["contractor"] = contractor
    return change_status(session=session, ticket=ticket, status=status, actor=actor, now=now, **data)


def reopen(*, session: Session, ticket: Ticket, actor: str, now: datetime) -> None:
    """Open a cancelled ticket again (a tenant, or someone in their chat, may have cancelled it by mistake)."""
    if ticket.status != "cancelled":
        raise StatusChangeError(f"only a cancelled ticket can be reopened; this one is {ticket.status}")
    change_status(session=session, ticket=ticket, status="open", actor=actor, now=now)


def acknowledged(*, session: Session, ticket: Ticket, actor: str, now: datetime) -> bool:
    """Someone on call took the emergency: an open ticket becomes acknowledged (a later status stays)."""
    if ticket.status != "open":
        return False
    change_status(session=session, ticket=ticket, status="acknowledged", actor=actor, now=now)
    return True


def follow_work_order(*, session: Session, ticket: Ticket, status: str, actor: str, now: datetime) -> None:
    """The ticket's status that follows its work order's; a cancelled ticket stays cancelled. The work order texts
    the tenant itself."""
    if status and ticket.status != status and ticket.status != "cancelled":
        change_status(session=session, ticket=ticket, status=status, actor=actor, now=now, tenant_sms=False)
