"""Ticket flows: one transaction per report with its audit event, duplicate link and alert."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot import clock, hours
from bot.access import abuse
from bot.alerts import outbox, rules
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
            Ticket.problem == data.problem, Ticket.address_pending.is_(False),
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
    estate = session.get(Estate, incident.estate_id)
    association = session.get(Association, incident.association_id)
    homes = len(set(session.scalars(select(Ticket.unit_id).where(Ticket.incident_id == incident.id))))
    return outbox.incident_text(association=association, category=incident.category, homes=homes,
                                estate=estate.name, minutes=int(INCIDENT_WINDOW.total_seconds() // 60), ticket=ticket)


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
    duplicate = duplicate or find_duplicate(session=session, association_id=association.id, unit_id=ticket.unit_id,
                                            category=ticket.category, now=now, exclude=ticket.id)
    incident, known = None, False
    if duplicate is None:
        incident, known = estate_incident(session=session, association=association, ticket=ticket,
                                          estate_id=estate_id, now=now)
    if duplicate is not None:
        ticket.duplicate_of_id = duplicate.id
        service.add_event(session=session, ticket=duplicate, actor="system", kind="duplicate_reported", at=now,
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
    if incident is None and not _may_page(session, ticket, now):
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


def provisional_for(*, session: Session, association_id: int, conversation_id: str, now: datetime) -> Ticket | None:
    """The ticket paged for this conversation's emergency before its form was complete, if it is still open."""
    if not conversation_id:
        return None
    return session.scalars(
        select(Ticket).where(
            Ticket.association_id == association_id, Ticket.conversation_id == conversation_id,
            Ticket.address_pending.is_(True), Ticket.status.in_(OPEN_STATUSES),
            Ticket.created_at >= now - rules.PROVISIONAL_WINDOW, Ticket.created_at <= now,
        ).order_by(Ticket.id.desc())
    ).first()


@dataclass
class Paged:
    reference: str
    ticket_id: int
    alerted: bool  # a page for this report is queued or out (its own, or one it joined)
    queued_now: bool  # this call queued the page


ON_CALL_FIELDS = ("address", "reporter_name", "contact_phone")


def _matched(session: Session, association: Association, address: str, ticket: Ticket | None = None):
    """(unit, unit id, verified) for `address`; the ticket's own when it already has this address."""
    if not address:
        return None, None, False
    if ticket is not None and ticket.address == address:
        unit = session.get(Unit, ticket.unit_id) if ticket.unit_id else None
        return unit, ticket.unit_id, ticket.address_verified
    match = match_address(session=session, association_id=association.id, text=address)
    return match.unit, (match.unit.id if match.unit else None), match.verified


def page_first_signal(*, session: Session, association_ref: str | int | None, data: service.TicketInput,
                      now: datetime | None = None) -> Paged:
    """An emergency judged before its form is complete: write a provisional ticket (address pending) and page at
    once; later calls for the same conversation add what the tenant said since, and the person paged gets one
    short follow-up once the address (and name) are known. Raises ValidationError."""
    now = now or clock.now()
    association = associations.resolve(session=session, ref=association_ref)
    if association is None:
        raise RuntimeError("no association is configured")
    data = service.validate(replace(data, priority="emergency"), region=association.country, provisional=True)
    ticket = provisional_for(session=session, association_id=association.id, conversation_id=data.conversation_id,
                             now=now)
    unit, unit_id, verified = _matched(session, association, data.address, ticket)
    if ticket is not None:
        changed = service.update_details(session=session, ticket=ticket, data=data, now=now, unit_id=unit_id,
                                         address_verified=verified, address_pending=True)
        if "address" in changed and ticket.duplicate_of_id is None and ticket.incident_id is None:
            # Now we know the home: link it (a home already paged keeps one escalation, see escalation.py).
            link_and_page(session=session, association=association, ticket=ticket,
                          estate_id=unit.estate_id if unit else None, now=now, paged=True)
        queued = _page_again_if_unpaged(session, association, ticket, now)
        if set(changed) & set(ON_CALL_FIELDS) and ticket.address and not queued:
            outbox.follow_up(session=session, association=association, ticket=ticket, now=now,
                             wait_for_name=not ticket.reporter_name)
        session.flush()
        return Paged(ticket.reference, ticket.id, alerted=is_covered(session=session, ticket=ticket),
                     queued_now=queued)
    policy = Policy.from_overrides(association.policy_overrides)
    office = hours.OfficeHours.for_association(association)
    ticket = service.create(session=session, association=association, data=data, now=now,
                            due_by=hours.due_by("emergency", now, office, policy), unit_id=unit_id,
                            address_verified=verified, address_pending=True)
    linked = link_and_page(session=session, association=association, ticket=ticket,
                           estate_id=unit.estate_id if unit else None, now=now)
    session.flush()
    queued = rules.is_live(outbox.page_statuses(session=session, ticket_id=ticket.id))
    log.info("provisional ticket %s for an emergency (category %s); paged=%s covered=%s", ticket.reference,
             ticket.category, queued, linked.alerted)
    return Paged(ticket.reference, ticket.id, alerted=linked.alerted, queued_now=queued)


def _may_page(session: Session, ticket: Ticket, now: datetime) -> bool:
    """Anonymous web chats of one home page at most their hourly share; past it the ticket is filed, not paged."""
    if ticket.priority != "emergency" or abuse.web_emergency_may_page(session=session, ticket=ticket, now=now):
        return True
    if not any(e.kind == "page_capped" for e in ticket.events or []):
        service.add_event(session=session, ticket=ticket, actor="system", kind="page_capped", at=now)
    log.warning("web emergency %s not paged: its home reached the hourly cap", ticket.reference)
    return False


def _page_again_if_unpaged(session: Session, association: Association, ticket: Ticket, now: datetime) -> bool:
    """Nobody could be paged when the ticket was written (nobody on call): try again with every message."""
    if outbox.page_statuses(session=session, ticket_id=ticket.id) or is_covered(session=session, ticket=ticket):
        return False
    if not _may_page(session, ticket, now):
        return False
    return outbox.queue_for_ticket(session=session, association=association, ticket=ticket, now=now) is not None


def _complete(session: Session, association: Association, ticket: Ticket, data: service.TicketInput,
              now: datetime) -> Submitted:
    """The form is done: the provisional ticket gets the full report; the person paged learns what is new."""
    unit, unit_id, verified = _matched(session, association, data.address, ticket)
    had_follow_up = any(a.kind == "follow_up" and a.status == "queued"
                        for a in outbox.pages_of(session=session, ticket=ticket))
    changed = service.update_details(session=session, ticket=ticket, data=data, now=now, unit_id=unit_id,
                                     address_verified=verified, address_pending=False)
    linked = Linked(alerted=True)
    if ticket.duplicate_of_id is None and ticket.incident_id is None:
        linked = link_and_page(session=session, association=association, ticket=ticket,
                               estate_id=unit.estate_id if unit else None, now=now, paged=True)
    if not _page_again_if_unpaged(session, association, ticket, now) and \
            (had_follow_up or set(changed) & set(ON_CALL_FIELDS)):
        outbox.follow_up(session=session, association=association, ticket=ticket, now=now, wait_for_name=False)
    session.flush()
    duplicate = linked.duplicate or (session.get(Ticket, ticket.duplicate_of_id) if ticket.duplicate_of_id else None)
    log.info("provisional ticket %s completed (verified=%s)", ticket.reference, ticket.address_verified)
    return _submitted(ticket, duplicate, is_covered(session=session, ticket=ticket),
                      incident_known=linked.incident_known)


def submit_report(*, session: Session, association_ref: str | int | None, data: service.TicketInput,
                  now: datetime | None = None) -> Submitted:
    """Validate, match the home, link duplicates, write the ticket and its alert; raises ValidationError.

    An emergency this conversation already paged (a provisional ticket) is completed, not written twice."""
    now = now or clock.now()
    association = associations.resolve(session=session, ref=association_ref)
    if association is None:
        raise RuntimeError("no association is configured")
    data = service.validate(data, region=association.country)
    earlier = already_submitted(session=session, association_id=association.id, data=data, now=now)
    if earlier is not None:
        duplicate = session.get(Ticket, earlier.duplicate_of_id) if earlier.duplicate_of_id else None
        return _submitted(earlier, duplicate, alerted=is_covered(session=session, ticket=earlier),
                          incident_known=earlier.incident_id is not None)
    if data.priority == "emergency":
        provisional = provisional_for(session=session, association_id=association.id,
                                      conversation_id=data.conversation_id, now=now)
        if provisional is not None:
            return _complete(session, association, provisional, data, now)
    unit, unit_id, verified = _matched(session, association, data.address)
    policy = Policy.from_overrides(association.policy_overrides)
    office = hours.OfficeHours.for_association(association)
    ticket = service.create(
        session=session, association=association, data=data, now=now,
        due_by=hours.due_by(data.priority, now, office, policy),
        unit_id=unit_id, address_verified=verified,
    )
    linked = link_and_page(session=session, association=association, ticket=ticket,
                           estate_id=unit.estate_id if unit else None, now=now)
    session.flush()
    # Work orders: route non-emergency work to its contractor in this transaction (its own savepoint; a failure
    # there leaves the ticket for staff and never loses it).
    from bot.workorders import flows as workorders

    workorders.on_ticket_created(session=session, association=association, ticket=ticket, now=now)
    log.info("ticket %s created priority=%s category=%s verified=%s incident=%s", ticket.reference,
             ticket.priority, ticket.category, verified, ticket.incident_id)
    return _submitted(ticket, linked.duplicate, linked.alerted, incident_known=linked.incident_known)
