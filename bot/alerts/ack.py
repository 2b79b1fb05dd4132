"""Acknowledgements texted back by on-call staff ("OK", "OK 482-9137", "modtaget"), and their STOP alarm."""

from __future__ import annotations

import logging
import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.alerts.models import Alert, OnCallShift
from bot.alerts.rota import duty_manager, on_call
from bot.associations.models import Association
from bot.phones import mask
from bot.sms.segments import to_gsm_safe
from bot.tickets import lifecycle, references
from bot.tickets.models import Ticket
from bot.tickets.service import add_event

log = logging.getLogger(__name__)
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
    if paged.kind != "page":
        # "OK" to the follow-up acknowledges the page it follows.
        page = session.scalars(select(Alert).where(Alert.ticket_id == ticket.id, Alert.kind == "page",
                                                   Alert.recipient == phone).order_by(Alert.id.desc())).first()
        paged = page or paged
    done = session.scalars(select(Alert).where(Alert.ticket_id == ticket.id, Alert.status == "acknowledged")).first()
    if done is not None:
        who = "dig" if done.acknowledged_by == phone and lang == "da" else (
            "you" if done.acknowledged_by == phone else done.recipient_name or "another colleague")
        return REPLIES["already"][lang].format(ref=ticket.reference, who=who)
    paged.status = "acknowledged"
    paged.acknowledged_at = now
    paged.acknowledged_by = phone
    # Everyone else paged about this ticket stops being chased; queued pages are not sent at all. A follow-up
    # still on its way to the person who answered goes out: it carries the address.
    for other in session.scalars(select(Alert).where(Alert.ticket_id == ticket.id, Alert.id != paged.id,
                                                     Alert.status.in_(PENDING))):
        if other.kind == "follow_up":
            if other.recipient != phone and other.status == "queued":
                other.status = "cancelled"
            continue
        other.status = "cancelled" if other.status == "queued" else "escalated"
    lifecycle.acknowledged(session=session, ticket=ticket, actor=paged.recipient_name or "on-call", now=now)
    add_event(session=session, ticket=ticket, actor=paged.recipient_name or "on-call", kind="alert_acknowledged",
              at=now, alert_id=paged.id)
    return REPLIES["acked"][lang].format(ref=ticket.reference)


def stop_alarm(*, session: Session, association: Association, phone: str, now: datetime) -> Alert | None:
    """A rota member or the duty manager texted STOP: page them no more, hand their open pages to the next person
    at once, and tell the duty manager (or, when it is the duty manager, the first on call)."""
    shifts = list(session.scalars(select(OnCallShift).where(OnCallShift.association_id == association.id,
                                                            OnCallShift.phone == phone)))
    is_manager = bool(association.duty_manager_phone) and association.duty_manager_phone == phone
    if not shifts and not is_manager:
        return None
    for shift in shifts:
        shift.opted_out = True
    # A page they have not answered is treated as undelivered: the dispatcher's next pass pages the next person.
    for alert in session.scalars(select(Alert).where(Alert.association_id == association.id, Alert.recipient == phone,
                                                     Alert.kind == "page", Alert.ticket_id.is_not(None),
                                                     Alert.status.in_(("queued", "sent", "recorded", "delivered")))):
        alert.status, alert.last_error, alert.next_attempt_at = "failed", "recipient texted STOP", None
    name = shifts[0].name if shifts else (association.duty_manager_name or "duty manager")
    told = _who_to_tell(session=session, association=association, stopped=phone, now=now)
    if told is None:
        log.critical("%s (%s) texted STOP and nobody is left to tell", name, mask(phone))
        return None
    recipient, recipient_name = told
    body = to_gsm_safe(STOP_NOTICE[association.language if association.language in STOP_NOTICE else "en"].format(
        association=association.name, name=name, phone=phone))
    alert = Alert(association_id=association.id, ticket_id=None, kind="notice", recipient=recipient,
                  recipient_name=recipient_name, body=body, status="queued", level=0, created_at=now,
                  next_attempt_at=now)
    session.add(alert)
    return alert


STOP_NOTICE = {
    "da": "ALARM {association}: {name} ({phone}) har skrevet STOP og får ingen alarmer nu. Tjek vagtplanen i nat.",
    "en": "ALARM {association}: {name} ({phone}) texted STOP and gets no alerts now. Check the on-call rota tonight.",
}


def _who_to_tell(*, session: Session, association: Association, stopped: str, now: datetime) -> tuple[str, str] | None:
    """The duty manager, unless it is they who stopped (or they stopped too): then the first one on call."""
    manager = duty_manager(session=session, association=association)
    if manager is not None and manager[0] != stopped:
        return manager
    for person in on_call(session=session, association=association, at=now):
        if person.phone != stopped:
            return person.phone, person.name
    return None


def start_again(*, session: Session, association: Association, phone: str) -> bool:
    shifts = list(session.scalars(select(OnCallShift).where(OnCallShift.association_id == association.id,
                                                            OnCallShift.phone == phone)))
    for shift in shifts:
        shift.opted_out = False
    return bool(shifts)
