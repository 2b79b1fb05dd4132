"""Work order flows: dispatch on a new ticket, the on-call person's "OK", staff approval, the job page's steps and
the tenant's answer (the notifications they cause are notifier.py's).

Every notification is an outbox row written in the transaction that caused it (SMS: bot.messages' outbound rows,
sent by the alert dispatcher; email: ContractorEmail rows, sent by the notifier loop the dispatcher command runs).
"""

from __future__ import annotations

import logging
import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.alerts.models import Alert
from bot.associations.models import Association
from bot.messages import service as messages
from bot.messages.models import Message
from bot.settings import Settings
from bot.tickets.models import Ticket
from bot.workorders import links, notifier, service, texts
from bot.workorders.models import Contractor, WorkOrder
from bot.workorders.rates import rates_of

log = logging.getLogger(__name__)
# Steps after which the tenant hears from us, and what they are told.
TENANT_NOTICE = {"book": "booked", "on_the_way": "on_the_way", "complete": "completed"}
FIXED_REPLY = re.compile(r"^\s*([12])\s*[.!]?\s*$")


def on_ticket_created(*, session: Session, association: Association, ticket: Ticket, now: datetime) -> WorkOrder | None:
    """Called by bot.repairs.flows.submit_report in the ticket's transaction: route a non-emergency ticket.

    Duplicates and estate incidents are the on-call team's. An emergency's order waits for the on-call person who
    accepts the page (on_acknowledged). A failure here must not lose the report: it runs in a savepoint and is
    logged, and the ticket stays for staff as before.
    """
    if ticket.duplicate_of_id or ticket.incident_id:
        return None
    try:
        with session.begin_nested():
            rule = service.route(session=session, ticket=ticket)
            if rule is None:
                return None
            rules = service.DispatchRules.for_association(association)
            emergency = ticket.priority == "emergency"
            order = service.create(session=session, association=association, ticket=ticket, rule=rule, now=now,
                                   dispatch=rules.auto_dispatch and not emergency,
                                   status="awaiting_oncall" if emergency else None)
            log.info("ticket %s: work order %s for %s (%s)", ticket.reference, order.id, order.trade, order.status)
            return order
    except Exception:
        log.exception("ticket %s: work order not created; staff will route it", ticket.reference)
        return None


def on_acknowledged(*, session: Session, association: Association, phone: str, now: datetime) -> WorkOrder | None:
    """Called by bot.channels.sms after an on-call person's "OK": they get the emergency's job-page link.

    The notifier texts it to them; from the page they send the job to its contractor (or leave it, and staff
    route it in the morning).
    """
    alert = session.scalars(select(Alert).where(Alert.association_id == association.id,
                                                Alert.acknowledged_by == phone, Alert.status == "acknowledged",
                                                Alert.acknowledged_at == now).order_by(Alert.id.desc())).first()
    if alert is None or alert.ticket_id is None:
        return None
    order = service.for_ticket(session=session, ticket_id=alert.ticket_id)
    if order is None or order.status != "awaiting_oncall" or order.oncall_phone:
        return None
    order.oncall_phone, order.updated_at = phone, now
    service.add_event(session=session, order=order, actor=alert.recipient_name or phone, kind="oncall_accepted",
                      at=now)
    return order




def approve(*, session: Session, order: WorkOrder, actor: str, now: datetime, contractor_id: int | None = None,
            job_code: str | None = None) -> None:
    """Staff send a waiting (or declined) order, optionally to another contractor or with another job code."""
    ticket = session.get(Ticket, order.ticket_id)
    if contractor_id is not None and contractor_id != order.contractor_id:
        contractor = session.get(Contractor, contractor_id)
        if contractor is None or contractor.association_id != order.association_id:
            raise service.TransitionError("no such contractor in this association")
        order.contractor_id = contractor_id
    if job_code:
        set_job_code(session=session, order=order, code=job_code, actor=actor, now=now)
    service.mark_dispatched(session=session, order=order, ticket=ticket, actor=actor, now=now)


def set_job_code(*, session: Session, order: WorkOrder, code: str, actor: str, now: datetime) -> None:
    rates = {r.code: r for r in rates_of(session=session, association_id=order.association_id)}
    if code not in rates:
        raise service.TransitionError(f"no job code {code!r} in the schedule of rates")
    previous = order.job_code
    order.job_code, order.target_days, order.updated_at = code, rates[code].target_days, now
    service.add_event(session=session, order=order, actor=actor, kind="job_code", at=now, **{"from": previous,
                                                                                           "to": code})




# -- the contractor's job page -----------------------------------------------------------------------------
def open_order(*, session: Session, settings: Settings, work_order_id: int, token: str, now: datetime) -> WorkOrder:
    """The work order a link opens; raises links.LinkRefused (expired, invalid, other_job, superseded, closed)."""
    claims = links.read_token(secret_key=settings.secret_key, token=token,
                              max_age_seconds=settings.job_link_max_age_seconds, now_timestamp=now.timestamp())
    order = session.get(WorkOrder, work_order_id)
    links.check(claims=claims, order=order, work_order_id=work_order_id)
    return order


def contractor_step(*, session: Session, settings: Settings, order: WorkOrder, step: str, now: datetime, note: str = "",
                    start: datetime | None = None, end: datetime | None = None,
                    photos: list[bytes] | None = None) -> str:
    """One step on the page, audited, with its photos and the tenant's SMS queued in the same transaction."""
    from bot.media import service as media

    ticket, association, contractor, values = notifier.ticket_values(session, order)
    if step == "dispatch":
        # The on-call person sends an emergency to its contractor: the contractor gets a link of their own.
        if order.status != "awaiting_oncall":
            raise service.TransitionError(f"cannot dispatch a work order that is {order.status}")
        service.mark_dispatched(session=session, order=order, ticket=ticket, actor=f"on-call:{order.oncall_phone}",
                                now=now)
        return order.status
    actor = f"contractor:{contractor.name}" if contractor else "contractor"
    photo_ids = []
    for raw in photos or []:
        photo = media.add(session=session, association_id=order.association_id,
                          conversation_id=f"workorder:{order.id}", raw=raw, max_photos=settings.chat_max_photos * 3,
                          max_bytes=settings.chat_photo_max_bytes, max_side=settings.chat_photo_max_side, now=now)
        photo.ticket_id = ticket.id
        photo_ids.append(photo.id)
    status = service.transition(session=session, order=order, step=step, actor=actor, now=now, note=note,
                                start=start, end=end, photos=photo_ids)
    if step in TENANT_NOTICE and ticket.contact_phone:
        values["window"] = texts.window(order.appointment_start, order.appointment_end, ticket.language,
                                        association.timezone) if order.appointment_start else ""
        sms = messages.record_outbound(
            session=session, association_id=association.id, channel="sms", conversation_id=ticket.contact_phone,
            phone=ticket.contact_phone, body=texts.tenant_sms(TENANT_NOTICE[step], ticket.language, **values),
            buttons=[], status="queued", now=now)
        sms.next_attempt_at = now
        sms.ticket_id = ticket.id
        if step == "complete":
            order.confirmation_message_id = sms.id
    return status


# -- the tenant's "1"/"2" answer -------------------------------------------------------------------------------
def tenant_reply(*, session: Session, association: Association, phone: str, body: str, now: datetime) -> str | None:
    """A "1" or "2" answering our completion SMS (the last message we sent this number); None for anything else.

    Only then: a "2" answering the dialogue's numbered options must still reach the dialogue.
    """
    found = FIXED_REPLY.match(body or "")
    if not found:
        return None
    last = session.scalars(select(Message).where(Message.association_id == association.id, Message.phone == phone,
                                                 Message.direction == "out").order_by(Message.id.desc()).limit(1)
                           ).first()
    if last is None:
        return None
    order = session.scalars(select(WorkOrder).where(WorkOrder.confirmation_message_id == last.id)
                            .with_for_update()).first()
    if order is None or order.status != "completed":
        return None
    ticket, _, _, values = notifier.ticket_values(session, order)
    if found.group(1) == "1":
        service.close(session=session, order=order, actor="tenant", now=now)
        return texts.tenant_sms("fixed", ticket.language, **values)
    service.reopen(session=session, order=order, actor="tenant", now=now, reason="tenant replied 2: not fixed")
    return texts.tenant_sms("reopened", ticket.language, **values)
