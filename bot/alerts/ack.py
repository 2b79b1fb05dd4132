"""Acknowledgements texted back by on-call staff ("OK", "OK 482-9137", "modtaget"), and their STOP alarm."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.alerts.models import Alert, OnCallShift
from bot.associations.models import Association
from bot.tickets import references
from bot.tickets.models import Ticket
from bot.tickets.service import add_event

ACK = re.compile(r"^\s*(ok(ay)?|modtaget|accept(er)?|ack|tager den|jeg tager den)\b", re.IGNORECASE)
PENDING = ("queued", "sending", "sent", "recorded", "delivered", "failed")
REPLIES = {
    "acked": {"da": "Tak. {ref} er kvitteret af dig.", "en": "Thanks. {ref} is acknowledged by you."},
    "already": {"da": "{ref} er allerede kvitteret af {who}.", "en": "{ref} was already acknowledged by {who}."},
    "none": {"da": "Ingen åben alarm at kvittere for.", "en": "No open alert to acknowledge."},
}


def is_ack(body: str) -> bool:
    return bool(ACK.match(body or ""))


def staff_phones(*, session: Session, association: Association) -> set[str]:
    """Everyone who may acknowledge for this association: the whole rota and the duty manager."""
    phones = set(session.scalars(select(OnCallShift.phone).where(OnCallShift.association_id == association.id)))
    if association.duty_manager_phone:
        phones.add(association.duty_manager_phone)
    return phones


def acknowledge(*, session: Session, association: Association, phone: str, body: str, now: datetime) -> str:
    """Acknowledge the alert `phone` was paged about (the named reference, else the latest); returns the reply."""
    lang = association.language
    query = (select(Alert).join(Ticket, Alert.ticket_id == Ticket.id)
             .where(Alert.association_id == association.id, Alert.recipient == phone)
             .order_by(Alert.id.desc()))
    reference = references.find_in_text(body)
    if reference:
        query = query.where(Ticket.reference == reference)
    paged = session.scalars(query.with_for_update()).first()
    if paged is None:
        return REPLIES["none"][lang]
    ticket = session.get(Ticket, paged.ticket_id)
    done = session.scalars(select(Alert).where(Alert.ticket_id == ticket.id, Alert.status == "acknowledged")).first()
    if done is not None:
        who = "dig" if done.acknowledged_by == phone and lang == "da" else (
            "you" if done.acknowledged_by == phone else done.recipient_name or "another colleague")
        return REPLIES["already"][lang].format(ref=ticket.reference, who=who)
    paged.status = "acknowledged"
    paged.acknowledged_at = now
    paged.acknowledged_by = phone
    # Everyone else paged about this ticket stops being chased; queued pages are not sent at all.
    for other in session.scalars(select(Alert).where(Alert.ticket_id == ticket.id, Alert.id != paged.id,
                                                     Alert.status.in_(PENDING))):
        other.status = "cancelled" if other.status == "queued" else "escalated"
    if ticket.status == "open":
        ticket.status = "acknowledged"
    add_event(session=session, ticket=ticket, actor=paged.recipient_name or "on-call", kind="alert_acknowledged",
              at=now, alert_id=paged.id)
    return REPLIES["acked"][lang].format(ref=ticket.reference)


def stop_alarm(*, session: Session, association: Association, phone: str, now: datetime) -> Alert | None:
    """An on-call phone texted STOP: take it off the rota's paging and tell the duty manager at once."""
    shifts = list(session.scalars(select(OnCallShift).where(OnCallShift.association_id == association.id,
                                                            OnCallShift.phone == phone)))
    if not shifts:
        return None
    for shift in shifts:
        shift.opted_out = True
    if not association.duty_manager_phone or association.duty_manager_phone == phone:
        return None
    name = shifts[0].name
    body = (f"ALARM {association.name}: {name} ({phone}) texted STOP and gets no alerts now. "
            f"Check the on-call rota tonight.")
    alert = Alert(association_id=association.id, ticket_id=None, recipient=association.duty_manager_phone,
                  recipient_name=association.duty_manager_name or "duty manager", body=body, status="queued",
                  level=0, created_at=now, next_attempt_at=now)
    session.add(alert)
    return alert


def start_again(*, session: Session, association: Association, phone: str) -> bool:
    shifts = list(session.scalars(select(OnCallShift).where(OnCallShift.association_id == association.id,
                                                            OnCallShift.phone == phone)))
    for shift in shifts:
        shift.opted_out = False
    return bool(shifts)
