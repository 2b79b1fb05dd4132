"""Which page a new report needs: link it to the page already out for its home or estate incident (a link never
swallows a page: bot.alerts.rules.cover), else queue its own; anonymous web chats page at most their hourly share."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.access import abuse
from bot.alerts import outbox, rules
from bot.associations.models import Association, Estate
from bot.tickets import grouping
from bot.tickets.models import OPEN_STATUSES, Incident, Ticket
from bot.tickets.service import add_event

log = logging.getLogger(__name__)


def incident_alert_text(*, session: Session, incident: Incident, ticket: Ticket) -> str:
    """The incident's one page: what is down, where, how many homes, whom to call, how to accept."""
    estate = session.get(Estate, incident.estate_id)
    association = session.get(Association, incident.association_id)
    homes = len(set(session.scalars(select(Ticket.unit_id).where(Ticket.incident_id == incident.id))))
    minutes = int(grouping.INCIDENT_WINDOW.total_seconds() // 60)
    return outbox.incident_text(association=association, category=incident.category, homes=homes,
                                estate=estate.name, minutes=minutes, ticket=ticket)


def grouped_emergency(*, session: Session, ticket: Ticket, now: datetime) -> Ticket | None:
    """An open emergency of the same home (or the same conversation, unless it names another home) from the last
    30 minutes whose page still works: this report is one more report of that emergency (any category: the home
    is one call-out)."""
    same_home = [Ticket.conversation_id == ticket.conversation_id] if ticket.conversation_id else []
    if ticket.unit_id is not None:
        same_home.append(Ticket.unit_id == ticket.unit_id)
    if not same_home:
        return None
    candidates = session.scalars(
        select(Ticket).where(
            Ticket.association_id == ticket.association_id, Ticket.id != ticket.id, or_(*same_home),
            Ticket.priority == "emergency", Ticket.status.in_(OPEN_STATUSES),
            Ticket.created_at >= now - rules.GROUP_WINDOW, Ticket.created_at <= now,
        ).order_by(Ticket.id)
    )
    for candidate in candidates:
        if None not in (candidate.unit_id, ticket.unit_id) and candidate.unit_id != ticket.unit_id:
            continue  # one phone reporting two homes: two call-outs
        root = session.get(Ticket, candidate.duplicate_of_id) if candidate.duplicate_of_id else candidate
        if root.id != ticket.id and rules.is_live(outbox.page_statuses(session=session, ticket_id=root.id)):
            return root
    return None


@dataclass
class Linked:
    alerted: bool
    duplicate: Ticket | None = None
    incident_known: bool = False


def _cover(session: Session, ticket: Ticket) -> rules.Cover:
    return rules.Cover(priority=ticket.priority, created_at=ticket.created_at,
                       page_statuses=outbox.page_statuses(session=session, ticket_id=ticket.id))


def link_and_page(*, session: Session, association: Association, ticket: Ticket, estate_id: int | None,
                  now: datetime, paged: bool = False) -> Linked:
    """Link the report to the home's open ticket or its estate's incident, and page unless a page already out
    covers it (rules.cover: a link never swallows a page). `paged`: the ticket has its own page already."""
    duplicate = grouped_emergency(session=session, ticket=ticket, now=now) if ticket.priority == "emergency" else None
    duplicate = duplicate or grouping.find_duplicate(session=session, association_id=association.id,
                                                     unit_id=ticket.unit_id, category=ticket.category, now=now,
                                                     exclude=ticket.id)
    incident, known = None, False
    if duplicate is None:
        incident, known = grouping.estate_incident(session=session, association=association, ticket=ticket,
                                                   estate_id=estate_id, now=now)
    if duplicate is not None:
        ticket.duplicate_of_id = duplicate.id
        add_event(session=session, ticket=duplicate, actor="system", kind="duplicate_reported", at=now,
                  reference=ticket.reference)
    if paged:
        if incident is not None:
            # Its own page now speaks for the estate's incident: escalation and the trail follow the incident.
            for alert in outbox.pages_of(session=session, ticket=ticket):
                alert.incident_id = incident.id
        return Linked(alerted=True, duplicate=duplicate, incident_known=known)
    incident_cover = None
    if known:
        incident_cover = rules.Cover(priority="emergency", created_at=incident.created_at,
                                     page_statuses=outbox.page_statuses(session=session, incident_id=incident.id))
    decision = rules.cover(priority=ticket.priority, duplicate=_cover(session, duplicate) if duplicate else None,
                           incident=incident_cover, incident_formed=incident is not None and not known, now=now)
    if decision == rules.JOIN:
        log.info("ticket %s joins the page out for %s", ticket.reference,
                 duplicate.reference if duplicate is not None else f"incident {incident.id}")
        return Linked(alerted=True, duplicate=duplicate, incident_known=known)
    if decision == rules.NO_PAGE:
        return Linked(alerted=False, duplicate=duplicate, incident_known=known)
    if incident is None and not may_page(session, ticket, now):
        return Linked(alerted=False, duplicate=duplicate, incident_known=known)
    body = incident_alert_text(session=session, incident=incident, ticket=ticket) \
        if incident is not None and not known else None
    alert = outbox.queue_for_ticket(session=session, association=association, ticket=ticket, now=now, body=body)
    if alert is None:
        log.error("emergency ticket %s has nobody to alert", ticket.reference)
    return Linked(alerted=alert is not None, duplicate=duplicate, incident_known=known)


def is_covered(*, session: Session, ticket: Ticket) -> bool:
    """A page for this report is queued or out: its own, its duplicate's, or its estate incident's."""
    statuses = outbox.page_statuses(session=session, ticket_id=ticket.id)
    if ticket.duplicate_of_id:
        statuses += outbox.page_statuses(session=session, ticket_id=ticket.duplicate_of_id)
    if ticket.incident_id:
        statuses += outbox.page_statuses(session=session, incident_id=ticket.incident_id)
    return rules.is_live(statuses)


def may_page(session: Session, ticket: Ticket, now: datetime) -> bool:
    """Anonymous web chats of one home page at most their hourly share; past it the ticket is filed, not paged."""
    if ticket.priority != "emergency" or abuse.web_emergency_may_page(session=session, ticket=ticket, now=now):
        return True
    if not any(e.kind == "page_capped" for e in ticket.events or []):
        add_event(session=session, ticket=ticket, actor="system", kind="page_capped", at=now)
    log.warning("web emergency %s not paged: its home reached the hourly cap", ticket.reference)
    return False


def page_again_if_unpaged(session: Session, association: Association, ticket: Ticket, now: datetime) -> bool:
    """Nobody could be paged when the ticket was written (nobody on call): try again with every message."""
    if outbox.page_statuses(session=session, ticket_id=ticket.id) or is_covered(session=session, ticket=ticket):
        return False
    if not may_page(session, ticket, now):
        return False
    return outbox.queue_for_ticket(session=session, association=association, ticket=ticket, now=now) is not None
