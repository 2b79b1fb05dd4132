"""Ticket flows: one transaction per report with its audit event, duplicate link and alert."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock, hours
from bot.access import abuse
from bot.alerts import outbox
from bot.associations import service as associations
from bot.associations.models import Association, Estate
from bot.register.matching import match_address
from bot.register.models import Unit
from bot.tickets import service
from bot.tickets.models import OPEN_STATUSES, Incident, Ticket
from bot.triage.policy import Policy

log = logging.getLogger(__name__)
DUPLICATE_WINDOW = timedelta(hours=24)
# Loss of a supply several homes share: reports from one estate close together are one fault, not many.
INCIDENT_CATEGORIES = ("heating", "hot_water", "water", "electrical")
INCIDENT_WINDOW = timedelta(minutes=60)
INCIDENT_MIN_HOMES = 3
# Later reports join an incident this young that still has an open ticket ("the team already knows").
INCIDENT_ACTIVE = timedelta(hours=24)


@dataclass
class Submitted:
    reference: str
    ticket_id: int
    priority: str
    due_by: datetime
    contact_phone: str
    duplicate_of: str | None = None
    alerted: bool = False
    address_verified: bool = False
    # The report joined an estate incident the on-call team was already alerted about.
    incident_known: bool = False


def find_duplicate(*, session: Session, association_id: int, unit_id: int | None, category: str,
                   now: datetime) -> Ticket | None:
    """An open ticket for the same home and category reported in the last 24 hours."""
    if unit_id is None:
        return None
    return session.scalars(
        select(Ticket)
        .where(
            Ticket.association_id == association_id,
            Ticket.unit_id == unit_id,
            Ticket.category == category,
            Ticket.status.in_(OPEN_STATUSES),
            Ticket.created_at >= now - DUPLICATE_WINDOW, Ticket.created_at <= now,
            Ticket.duplicate_of_id.is_(None),
        )
        .order_by(Ticket.id)
    ).first()


RESUBMIT_WINDOW = timedelta(minutes=30)


def already_submitted(*, session: Session, association_id: int, data: service.TicketInput,
                      now: datetime) -> Ticket | None:
    """The ticket this conversation already wrote for the same problem (a retried submit must not double it)."""
    if not data.conversation_id:
        return None
    return session.scalars(
        select(Ticket).where(
            Ticket.association_id == association_id,
            Ticket.conversation_id == data.conversation_id,
            Ticket.problem == data.problem,
            Ticket.created_at >= now - RESUBMIT_WINDOW, Ticket.created_at <= now,
        ).order_by(Ticket.id.desc())
    ).first()


def _submitted(ticket: Ticket, duplicate: Ticket | None, alerted: bool, incident_known: bool = False) -> Submitted:
    return Submitted(
        reference=ticket.reference, ticket_id=ticket.id, priority=ticket.priority, due_by=ticket.due_by,
        contact_phone=ticket.contact_phone, duplicate_of=duplicate.reference if duplicate else None,
        alerted=alerted, address_verified=ticket.address_verified, incident_known=incident_known,
    )


def active_incident(*, session: Session, association_id: int, estate_id: int, category: str,
                    now: datetime) -> Incident | None:
    """A recent incident for this estate and supply that still has an open ticket."""
    open_ticket = select(Ticket.id).where(Ticket.incident_id == Incident.id, Ticket.status.in_(OPEN_STATUSES))
    return session.scalars(
        select(Incident).where(
            Incident.association_id == association_id, Incident.estate_id == estate_id,
            Incident.category == category, Incident.created_at >= now - INCIDENT_ACTIVE, Incident.created_at <= now,
            open_ticket.exists(),
        ).order_by(Incident.id.desc())
    ).first()


def estate_incident(*, session: Session, association: Association, ticket: Ticket, estate_id: int | None,
                    now: datetime) -> tuple[Incident | None, bool]:
    """Link the ticket to its estate's incident, forming one at the third home; returns (incident, already known)."""
    if estate_id is None or ticket.category not in INCIDENT_CATEGORIES:
        return None, False
    # Serialise incident detection per estate so two simultaneous third reports cannot form two incidents.
    session.execute(select(Estate.id).where(Estate.id == estate_id).with_for_update())
    incident = active_incident(session=session, association_id=association.id, estate_id=estate_id,
                               category=ticket.category, now=now)
    if incident is not None:
        ticket.incident_id = incident.id
        service.add_event(session=session, ticket=ticket, actor="system", kind="incident_linked", at=now,
                          incident_id=incident.id)
        return incident, True
    recent = list(session.scalars(
        select(Ticket).join(Unit, Unit.id == Ticket.unit_id).where(
            Ticket.association_id == association.id, Unit.estate_id == estate_id,
            Ticket.category == ticket.category, Ticket.status.in_(OPEN_STATUSES),
            Ticket.created_at >= now - INCIDENT_WINDOW, Ticket.created_at <= now, Ticket.incident_id.is_(None),
            Ticket.duplicate_of_id.is_(None),
        ).order_by(Ticket.id)
    ))
    if len({t.unit_id for t in recent}) < INCIDENT_MIN_HOMES:
        return None, False
    incident = Incident(association_id=association.id, estate_id=estate_id, category=ticket.category,
                        created_at=now)
    session.add(incident)
    session.flush()
    for linked in recent:
        linked.incident_id = incident.id
        service.add_event(session=session, ticket=linked, actor="system", kind="incident_linked", at=now,
                          incident_id=incident.id)
    log.warning("incident %s: %d homes of estate %s report %s", incident.id, len(recent), estate_id, ticket.category)
    return incident, False


def incident_alert_text(*, session: Session, incident: Incident, ticket: Ticket) -> str:
    """The incident's one page: what is down, where, how many homes, whom to call, how to accept."""
    from bot.sms.segments import to_gsm_safe

    estate = session.get(Estate, incident.estate_id)
    homes = len(set(session.scalars(select(Ticket.unit_id).where(Ticket.incident_id == incident.id))))
    label = outbox.CATEGORY_LABELS.get(incident.category, incident.category)
    minutes = int(INCIDENT_WINDOW.total_seconds() // 60)
    return to_gsm_safe(
        f"ESTATE INCIDENT {label}: {homes} homes in {estate.name} reported it within {minutes} min. "
        f"Latest: {ticket.address[:60]}. Call {ticket.contact_phone}. Ref {ticket.reference}. "
        f"Reply OK {ticket.reference} to accept."
    )


def submit_report(*, session: Session, association_ref: str | int | None, data: service.TicketInput,
                  now: datetime | None = None) -> Submitted:
    """Validate, match the home, link duplicates, write the ticket and its alert; raises ValidationError."""
    now = now or clock.now()
    association = associations.resolve(session=session, ref=association_ref)
    if association is None:
        raise RuntimeError("no association is configured")
    data = service.validate(data, region=association.country)
    earlier = already_submitted(session=session, association_id=association.id, data=data, now=now)
    if earlier is not None:
        duplicate = session.get(Ticket, earlier.duplicate_of_id) if earlier.duplicate_of_id else None
        return _submitted(earlier, duplicate, alerted=earlier.priority == "emergency",
                          incident_known=earlier.incident_id is not None)
    match = match_address(session=session, association_id=association.id, text=data.address)
    unit_id = match.unit.id if match.unit else None

    duplicate = find_duplicate(session=session, association_id=association.id, unit_id=unit_id,
                               category=data.category, now=now)
    policy = Policy.from_overrides(association.policy_overrides)
    office = hours.OfficeHours.for_association(association)
    ticket = service.create(
        session=session, association=association, data=data, now=now,
        due_by=hours.due_by(data.priority, now, office, policy),
        unit_id=unit_id, address_verified=match.verified,
    )
    alerted = False
    known = False
    incident = None
    if duplicate is None:
        incident, known = estate_incident(session=session, association=association, ticket=ticket,
                                          estate_id=match.unit.estate_id if match.unit else None, now=now)
    if duplicate is not None:
        ticket.duplicate_of_id = duplicate.id
        service.add_event(session=session, ticket=duplicate, actor="system", kind="duplicate_reported", at=now,
                          reference=ticket.reference)
    elif known:
        pass  # the incident's one alert already went out
    elif incident is not None:
        # One alert for the incident, whatever each tenant's own priority: a shared supply is down.
        alert = outbox.queue_for_ticket(session=session, association=association, ticket=ticket, now=now)
        alerted = alert is not None
        if alert is not None:
            alert.body = incident_alert_text(session=session, incident=incident, ticket=ticket)
        else:
            log.error("incident %s has nobody to alert", incident.id)
    elif data.priority == "emergency" and not abuse.web_emergency_may_page(session=session, ticket=ticket, now=now):
        # Filed and shown to staff, not paged: this home's anonymous chats have paged their share this hour.
        service.add_event(session=session, ticket=ticket, actor="system", kind="page_capped", at=now)
        log.warning("web emergency %s not paged: its home reached the hourly cap", ticket.reference)
    elif data.priority == "emergency":
        alerted = outbox.queue_for_ticket(session=session, association=association, ticket=ticket, now=now) is not None
        if not alerted:
            log.error("emergency ticket %s has nobody to alert", ticket.reference)
    session.flush()
    log.info("ticket %s created priority=%s category=%s verified=%s incident=%s", ticket.reference,
             ticket.priority, ticket.category, match.verified, ticket.incident_id)
    return _submitted(ticket, duplicate, alerted, incident_known=known)


def cancel_own(*, session: Session, association_id: int, reference: str, phone: str | None,
               conversation_id: str = "", now: datetime | None = None) -> Ticket | None:
    """A tenant cancels their own open report; None when it is not theirs, unknown, mistyped or already closed."""
    from bot.tickets import queries

    ticket = queries.owned(session=session, association_id=association_id, reference=reference, phone=phone,
                           conversation_id=conversation_id)
    if ticket is None or ticket.status not in OPEN_STATUSES:
        return None
    service.set_status(session=session, ticket=ticket, status="cancelled", actor="tenant", now=now or clock.now())
    log.info("ticket %s cancelled by its reporter", ticket.reference)
    return ticket
