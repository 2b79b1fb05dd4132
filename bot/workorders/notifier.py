"""The work order notifier (the dispatcher command's second loop): dispatch routed orders, and tell the contractor
(SMS and email) or, for an emergency, the on-call person who took it (SMS) once per link generation.

SMS are outbound Message rows the dispatcher sends; email is ContractorEmail rows sent here through the Mailer.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot import clock, hours
from bot.associations.models import Association
from bot.db import session_scope
from bot.messages import service as messages
from bot.settings import Settings
from bot.tickets.models import Ticket
from bot.workorders import links, service, texts
from bot.workorders.mail import Mailer, MailError
from bot.workorders.models import Contractor, ContractorEmail, WorkOrder

log = logging.getLogger(__name__)
EMAIL_BACKOFF_SECONDS = (30, 120, 600, 1800)
EMAIL_MAX_ATTEMPTS = 8
BATCH = 20


def ticket_values(session: Session, order: WorkOrder) -> tuple[Ticket, Association, Contractor | None, dict]:
    ticket = session.get(Ticket, order.ticket_id)
    association = session.get(Association, order.association_id)
    contractor = session.get(Contractor, order.contractor_id) if order.contractor_id else None
    values = {"name": association.name, "ref": ticket.reference, "job": order.job_code or order.trade,
              "address": ticket.address[:80], "problem": ticket.problem, "priority": ticket.priority,
              "access": ticket.access_notes or "-", "contractor": contractor.name if contractor else ""}
    return ticket, association, contractor, values


def notify_contractor(*, session: Session, settings: Settings, order: WorkOrder, now: datetime) -> bool:
    """Queue the SMS and the email with a link for the order's current generation; False when nobody to tell."""
    ticket, association, contractor, values = ticket_values(session, order)
    if contractor is None:
        return False
    kind = "reopened" if order.status == "reopened" else "new"
    values["link"] = links.url(base_url=settings.public_base_url, secret_key=settings.secret_key, order=order)
    # A daytime contractor is not texted at 3 a.m. about a routine job: the SMS waits for the office to open.
    office = hours.OfficeHours.for_association(association)
    due = now if contractor.out_of_hours or office.is_open(now) else office.next_opening(now)
    if contractor.phone:
        sms = messages.record_outbound(
            session=session, association_id=association.id, channel="sms", conversation_id=contractor.phone,
            phone=contractor.phone, body=texts.contractor_sms(kind, contractor.language, **values), buttons=[],
            status="queued", now=now)
        sms.next_attempt_at = due
    if contractor.email:
        subject, body = texts.contractor_email(kind, contractor.language, **values)
        session.add(ContractorEmail(work_order_id=order.id, recipient=contractor.email, subject=subject, body=body,
                                    status="queued", created_at=now, next_attempt_at=now))
    service.add_event(session=session, order=order, actor="system", kind="contractor_notified", at=now,
                      generation=order.link_generation, sms=bool(contractor.phone), email=bool(contractor.email),
                      sms_due=due.isoformat())
    return True


def notify_due(*, settings: Settings, now: datetime | None = None) -> int:
    """Dispatch routed orders and tell contractors of every order dispatched or reopened since they last heard.

    Any number of dispatcher processes may run this: each order is handled under its row lock, once per link
    generation. Returns how many contractors were notified.
    """
    now = now or clock.now()
    with session_scope(settings.database_url) as session:
        due = list(session.scalars(select(WorkOrder.id).where(
            (WorkOrder.status == "routed")
            | (WorkOrder.status.in_(("dispatched", "reopened"))
               & (WorkOrder.notified_generation < WorkOrder.link_generation))
            | ((WorkOrder.status == "awaiting_oncall") & (WorkOrder.oncall_phone != "")
               & (WorkOrder.notified_generation < WorkOrder.link_generation))).order_by(WorkOrder.id).limit(BATCH)))
    count = 0
    for order_id in due:
        with session_scope(settings.database_url) as session:
            order = session.get(WorkOrder, order_id, with_for_update=True)
            if order.status == "routed":
                ticket = session.get(Ticket, order.ticket_id)
                if ticket.incident_id or ticket.duplicate_of_id or ticket.status == "cancelled":
                    # It became part of an estate incident (or was cancelled) before it went out: staff decide.
                    order.status, order.updated_at = "pending_approval", now
                    service.add_event(session=session, order=order, actor="system", kind="held", at=now,
                                      incident_id=ticket.incident_id, ticket_status=ticket.status)
                    continue
                service.mark_dispatched(session=session, order=order, ticket=ticket, actor="system", now=now)
            if order.notified_generation >= order.link_generation:
                continue  # another dispatcher was first
            if order.status == "awaiting_oncall" and order.oncall_phone:
                order.notified_generation = order.link_generation
                count += notify_oncall(session=session, settings=settings, order=order, now=now)
            elif order.status in ("dispatched", "reopened"):
                order.notified_generation = order.link_generation
                count += notify_contractor(session=session, settings=settings, order=order, now=now)
    return count


def send_due_emails(*, settings: Settings, mailer: Mailer, now: datetime | None = None) -> int:
    now = now or clock.now()
    with session_scope(settings.database_url) as session:
        due = list(session.scalars(select(ContractorEmail.id).where(
            ContractorEmail.status == "queued", ContractorEmail.next_attempt_at <= now).order_by(ContractorEmail.id)
            .limit(BATCH)))
    sent = 0
    for email_id in due:
        with session_scope(settings.database_url) as session:
            claimed = session.execute(update(ContractorEmail).where(ContractorEmail.id == email_id,
                                                                    ContractorEmail.status == "queued")
                                      .values(status="sending", attempts=ContractorEmail.attempts + 1)).rowcount
            if not claimed:
                continue
            email = session.get(ContractorEmail, email_id)
            to, subject, body, attempts = email.recipient, email.subject, email.body, email.attempts
        try:
            status = mailer.send(to=to, subject=subject, body=body)
            values = {"status": status, "sent_at": now, "next_attempt_at": None}
            sent += 1
        except MailError as exc:
            log.warning("email %s to %s failed: %s", email_id, to, exc)
            retry = exc.retryable and attempts < EMAIL_MAX_ATTEMPTS
            delay = EMAIL_BACKOFF_SECONDS[min(attempts - 1, len(EMAIL_BACKOFF_SECONDS) - 1)]
            values = {"status": "queued" if retry else "failed", "last_error": str(exc)[:300],
                      "next_attempt_at": now + timedelta(seconds=delay) if retry else None}
        with session_scope(settings.database_url) as session:
            session.execute(update(ContractorEmail).where(ContractorEmail.id == email_id).values(**values))
    return sent


def run_notifier(settings: Settings, mailer: Mailer) -> threading.Thread:  # pragma: no cover - the e2e tests run it
    """The dispatcher command's second loop: contractor notifications and their email."""

    def loop():
        while True:
            try:
                notify_due(settings=settings)
                send_due_emails(settings=settings, mailer=mailer)
            except Exception:
                log.exception("work order notifier pass failed; retrying")
            time.sleep(max(settings.dispatcher_poll_seconds, 0.5))

    thread = threading.Thread(target=loop, name="workorders", daemon=True)
    thread.start()
    return thread


def notify_oncall(*, session: Session, settings: Settings, order: WorkOrder, now: datetime) -> bool:
    """Queue the on-call person's SMS with the job page's link (at once: it is an emergency)."""
    ticket, association, contractor, values = ticket_values(session, order)
    values["link"] = links.url(base_url=settings.public_base_url, secret_key=settings.secret_key, order=order)
    values["contractor"] = contractor.name if contractor else "-"
    messages.record_outbound(
        session=session, association_id=association.id, channel="sms", conversation_id=order.oncall_phone,
        phone=order.oncall_phone, body=texts.oncall_sms(association.language, **values), buttons=[],
        status="queued", now=now).next_attempt_at = now
    service.add_event(session=session, order=order, actor="system", kind="oncall_notified", at=now,
                      generation=order.link_generation)
    return True
