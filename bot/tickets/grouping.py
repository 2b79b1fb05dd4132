"""Reports that are one fault: the same home's open report of the same category (a duplicate), and an estate
incident (a shared supply lost in several homes at once)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.associations.models import Association, Estate
from bot.register.models import Unit
from bot.tickets.models import OPEN_STATUSES, Incident, Ticket
from bot.tickets.service import add_event

log = logging.getLogger(__name__)
DUPLICATE_WINDOW = timedelta(hours=24)
# Loss of a supply several homes share: reports from one estate close together are one fault, not many.
INCIDENT_CATEGORIES = ("heating", "hot_water", "water", "electrical")
INCIDENT_WINDOW = timedelta(minutes=60)
INCIDENT_MIN_HOMES = 3
# Later reports join an incident this young that still has an open ticket ("the team already knows").
INCIDENT_ACTIVE = timedelta(hours=24)


def find_duplicate(*, session: Session, association_id: int, unit_id: int | None, category: str,
                   now: datetime, exclude: int | None = None) -> Ticket | None:
    """An open ticket for the same home and category reported in the last 24 hours."""
    if unit_id is None:
        return None
    return session.scalars(
        select(Ticket)
        .where(
            Ticket.association_id == association_id, Ticket.id != (exclude or 0),
            Ticket.unit_id == unit_id,
            Ticket.category == category,
            Ticket.status.in_(OPEN_STATUSES),
            Ticket.created_at >= now - DUPLICATE_WINDOW, Ticket.created_at <= now,
            Ticket.duplicate_of_id.is_(None),
        )
        .order_by(Ticket.id)
    ).first()


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
        add_event(session=session, ticket=ticket, actor="system", kind="incident_linked", at=now,
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
        add_event(session=session, ticket=linked, actor="system", kind="incident_linked", at=now,
                  incident_id=incident.id)
    log.warning("incident %s: %d homes of estate %s report %s", incident.id, len(recent), estate_id, ticket.category)
    return incident, False
