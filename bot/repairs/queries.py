"""Read side of tickets for the staff API, exports and tenants' own lookups."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import phones
from bot.alerts.models import Alert
from bot.associations.models import Association, Estate
from bot.instants import parse_instant
from bot.register.models import Unit
from bot.tickets import references
from bot.tickets.models import STATUSES, Ticket
from bot.triage.policy import PRIORITIES

MAX_RESULTS = 500
PHONE_REGIONS = ("DK", "GB")
# Rows fetched per round trip when streaming an export.
EXPORT_BATCH = 500
CSV_COLUMNS = (
    "reference", "association", "status", "category", "priority", "language", "channel", "created_at", "due_by",
    "updated_at", "problem", "location_in_home", "address", "address_verified", "unit_id", "estate",
    "reporter_name", "contact_phone", "access_notes", "duplicate_of", "incident_id", "anonymised",
    "address_pending",
)


def _instant(args, name: str) -> datetime | None:
    if not args.get(name):
        return None
    try:
        return parse_instant(args[name])
    except ValueError as exc:
        raise ValueError(f"{name} must be an ISO-8601 instant") from exc


@dataclass
class TicketFilters:
    contact_phone: str | None = None
    priority: str | None = None
    status: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    association_id: int | None = None
    limit: int | None = MAX_RESULTS

    @classmethod
    def from_args(cls, args) -> TicketFilters:
        phone = args.get("contact_phone")
        if phone:
            # A number without +country code is read as Danish, then British (the deployments' regions).
            normalised = next((n for n in (phones.to_e164(phone, r) for r in PHONE_REGIONS) if n), None)
            if normalised is None:
                raise ValueError("contact_phone is not a valid phone number")
            phone = normalised
        priority = args.get("priority") or None
        if priority and priority not in PRIORITIES:
            raise ValueError(f"priority must be one of {', '.join(PRIORITIES)}")
        status = args.get("status") or None
        if status and status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        return cls(contact_phone=phone, priority=priority, status=status, since=_instant(args, "since"),
                   until=_instant(args, "until"))


def _query(filters: TicketFilters):
    query = select(Ticket).order_by(Ticket.created_at.desc(), Ticket.id.desc())
    if filters.limit:
        query = query.limit(filters.limit)
    if filters.contact_phone:
        query = query.where(Ticket.contact_phone == filters.contact_phone)
    if filters.priority:
        query = query.where(Ticket.priority == filters.priority)
    if filters.status:
        query = query.where(Ticket.status == filters.status)
    if filters.since:
        query = query.where(Ticket.created_at >= filters.since)
    if filters.until:
        query = query.where(Ticket.created_at < filters.until)
    if filters.association_id:
        query = query.where(Ticket.association_id == filters.association_id)
    return query


def search(*, session: Session, filters: TicketFilters) -> list[Ticket]:
    return list(session.scalars(_query(filters)))


def by_reference(*, session: Session, reference: str, association_id: int | None = None) -> Ticket | None:
    """The ticket a well-formed reference names; a mistyped one (check digit fails) finds nothing."""
    ref = references.normalise(reference)
    if ref is None:
        return None
    query = select(Ticket).where(Ticket.reference == ref)
    if association_id is not None:
        query = query.where(Ticket.association_id == association_id)
    return session.scalars(query).first()


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _alerts(session: Session, tickets: list[Ticket]) -> dict[int, list[tuple[Alert, str]]]:
    """Each ticket's page trail: its own alerts, and the pages that cover it through a link (the ticket it
    duplicates, its estate incident), each with the reference it was sent for. Notices about the rota are not
    ticket alerts and never appear."""
    own = {t.id: t for t in tickets}
    wanted_tickets = set(own) | {t.duplicate_of_id for t in tickets if t.duplicate_of_id}
    wanted_incidents = {t.incident_id for t in tickets if t.incident_id}
    by_ticket: dict[int, list[Alert]] = {}
    by_incident: dict[int, list[Alert]] = {}
    ids = sorted(wanted_tickets)
    for start in range(0, len(ids), EXPORT_BATCH):
        chunk = ids[start:start + EXPORT_BATCH]
        for alert in session.scalars(select(Alert).where(Alert.ticket_id.in_(chunk)).order_by(Alert.id)):
            by_ticket.setdefault(alert.ticket_id, []).append(alert)
    incident_ids = sorted(wanted_incidents)
    for start in range(0, len(incident_ids), EXPORT_BATCH):
        chunk = incident_ids[start:start + EXPORT_BATCH]
        for alert in session.scalars(select(Alert).where(Alert.incident_id.in_(chunk)).order_by(Alert.id)):
            by_incident.setdefault(alert.incident_id, []).append(alert)
    sent_for = {t.id: t.reference for t in tickets}
    others = {a.ticket_id for alerts in (*by_ticket.values(), *by_incident.values()) for a in alerts} - set(sent_for)
    if others:
        sent_for.update(dict(session.execute(select(Ticket.id, Ticket.reference).where(Ticket.id.in_(others))).all()))
    found: dict[int, list[tuple[Alert, str]]] = {}
    for ticket in tickets:
        alerts = {a.id: a for a in by_ticket.get(ticket.id, [])}
        if ticket.duplicate_of_id:
            alerts.update({a.id: a for a in by_ticket.get(ticket.duplicate_of_id, [])})
        if ticket.incident_id:
            alerts.update({a.id: a for a in by_incident.get(ticket.incident_id, [])})
        found[ticket.id] = [(alerts[i], sent_for.get(alerts[i].ticket_id, "")) for i in sorted(alerts)]
    return found


def trail(*, session: Session, ticket: Ticket) -> list[dict]:
    """The page trail of one ticket (what the API shows as `alerts`), for the console too."""
    return [_alert_dict(alert, reference) for alert, reference in _alerts(session, [ticket])[ticket.id]]


def _alert_dict(alert: Alert, reference: str) -> dict:
    return {
        "recipient": alert.recipient,
        "recipient_name": alert.recipient_name,
        "kind": alert.kind,
        "level": alert.level,
        "status": alert.status,
        "queued_at": _iso(alert.created_at),
        "sent_at": _iso(alert.sent_at),
        "delivered_at": _iso(alert.delivered_at),
        "acknowledged_at": _iso(alert.acknowledged_at),
        "for_reference": reference,
    }


def _context(session: Session, tickets: list[Ticket]) -> dict:
    """What the dicts of many tickets need, in a few queries rather than a few per ticket."""
    unit_ids = {t.unit_id for t in tickets if t.unit_id}
    dup_ids = {t.duplicate_of_id for t in tickets if t.duplicate_of_id}
    units = {}
    if unit_ids:
        rows = session.execute(select(Unit.id, Unit.unit_ref, Estate.name)
                               .outerjoin(Estate, Estate.id == Unit.estate_id).where(Unit.id.in_(unit_ids)))
        units = {row[0]: (row[1], row[2]) for row in rows}
    duplicates = dict(session.execute(select(Ticket.id, Ticket.reference).where(Ticket.id.in_(dup_ids))).all()) \
        if dup_ids else {}
    names = dict(session.execute(select(Association.id, Association.name)).all())
    from bot.workorders.queries import as_dicts as work_orders

    return {"units": units, "duplicates": duplicates, "associations": names,
            "alerts": _alerts(session, tickets),
            "work_orders": work_orders(session=session, ticket_ids=[t.id for t in tickets])}


def _dict(ticket: Ticket, ctx: dict) -> dict:
    unit_ref, estate = ctx["units"].get(ticket.unit_id, (None, None))
    return {
        "reference": ticket.reference,
        "status": ticket.status,
        "category": ticket.category,
        "priority": ticket.priority,
        "language": ticket.language,
        "channel": ticket.channel,
        "problem": ticket.problem,
        "location_in_home": ticket.location_in_home,
        "address": ticket.address,
        "address_verified": ticket.address_verified,
        "unit_id": unit_ref,
        "estate": estate,
        "reporter_name": ticket.reporter_name,
        "contact_phone": ticket.contact_phone,
        "access_notes": ticket.access_notes,
        "association": ctx["associations"].get(ticket.association_id),
        "created_at": _iso(ticket.created_at),
        "updated_at": _iso(ticket.updated_at),
        "due_by": _iso(ticket.due_by),
        "duplicate_of": ctx["duplicates"].get(ticket.duplicate_of_id),
        "incident_id": ticket.incident_id,
        "anonymised": ticket.anonymised_at is not None,
        "address_pending": ticket.address_pending,
        "alerts": [_alert_dict(alert, reference) for alert, reference in ctx["alerts"].get(ticket.id, [])],
        # null until the ticket is dispatched to a contractor (bot.workorders)
        "work_order": ctx["work_orders"].get(ticket.id),
    }


def as_dicts(*, session: Session, tickets: list[Ticket]) -> list[dict]:
    ctx = _context(session, tickets)
    return [_dict(t, ctx) for t in tickets]


def as_dict(*, session: Session, ticket: Ticket) -> dict:
    return as_dicts(session=session, tickets=[ticket])[0]


def export_csv(*, session: Session, filters: TicketFilters) -> Iterator[str]:
    """CSV text of every ticket the filters select, oldest first, streamed in batches (header first)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    yield out.getvalue()
    query = _query(TicketFilters(**{**filters.__dict__, "limit": None}))
    ids = list(session.scalars(query.with_only_columns(Ticket.id).order_by(None).order_by(Ticket.created_at,
                                                                                           Ticket.id)))
    for start in range(0, len(ids), EXPORT_BATCH):
        chunk = ids[start:start + EXPORT_BATCH]
        tickets = {t.id: t for t in session.scalars(select(Ticket).where(Ticket.id.in_(chunk)))}
        yield _csv_rows(session, [tickets[i] for i in chunk])
        session.expunge_all()  # keep memory flat on a large export


def _csv_rows(session: Session, tickets: list[Ticket]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    for row in as_dicts(session=session, tickets=tickets):
        # A spreadsheet must not run what a tenant typed: neutralise leading formula characters.
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return out.getvalue()


def _cell(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_phone(value):
        return "'" + value
    return value


def _is_phone(value: str) -> bool:
    return value.startswith("+") and value[1:].isdigit()
