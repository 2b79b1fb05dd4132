"""Open311 GeoReport v2 views of tickets: services are categories, service_request_id is the reference."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.associations.models import Association
from bot.instants import parse_instant
from bot.register.models import Unit
from bot.tickets import references
from bot.tickets.models import OPEN_STATUSES, Ticket
from bot.triage import categories

# GeoReport v2 defaults: without dates, the last 90 days; never more than 1000 requests per response.
DEFAULT_DAYS = 90
MAX_REQUESTS = 1000


class Open311Error(ValueError):
    def __init__(self, code: int, description: str):
        super().__init__(description)
        self.code = code
        self.description = description


def services() -> list[dict]:
    return [
        {"service_code": c.key, "service_name": c.service_name, "description": c.service_description,
         "metadata": False, "type": "realtime", "keywords": c.key.replace("_", ","), "group": "repairs"}
        for c in categories.TABLE
    ]


@dataclass
class RequestQuery:
    ids: list[str] | None = None
    service_codes: list[str] | None = None
    start: datetime | None = None
    end: datetime | None = None
    status: str | None = None
    association_id: int | None = None

    @classmethod
    def from_args(cls, args, *, session: Session, now: datetime) -> RequestQuery:
        query = cls()
        if args.get("service_request_id"):
            query.ids = [r.strip() for r in args["service_request_id"].split(",") if r.strip()]
        if args.get("service_code"):
            query.service_codes = [c.strip() for c in args["service_code"].split(",") if c.strip()]
            unknown = [c for c in query.service_codes if c not in categories.BY_KEY]
            if unknown:
                raise Open311Error(400, f"unknown service_code {unknown[0]!r}")
        for name in ("start_date", "end_date"):
            if args.get(name):
                try:
                    setattr(query, name.split("_")[0], parse_instant(args[name]))
                except ValueError as exc:
                    raise Open311Error(400, f"{name} must be a W3C/ISO-8601 date-time") from exc
        if query.ids is None and query.start is None and query.end is None:
            query.start = now - timedelta(days=DEFAULT_DAYS)
        if args.get("status"):
            if args["status"] not in ("open", "closed"):
                raise Open311Error(400, "status must be open or closed")
            query.status = args["status"]
        jurisdiction = args.get("jurisdiction_id")
        if jurisdiction:
            found = session.scalars(select(Association).where(Association.name == jurisdiction)).first()
            if found is None and jurisdiction.isascii() and jurisdiction.isdigit() and len(jurisdiction) <= 9:
                found = session.get(Association, int(jurisdiction))
            if found is None:
                raise Open311Error(404, "unknown jurisdiction_id")
            query.association_id = found.id
        return query


def find(*, session: Session, query: RequestQuery) -> list[Ticket]:
    stmt = select(Ticket).order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(MAX_REQUESTS)
    if query.ids is not None:
        refs = [r for r in (references.normalise(i) for i in query.ids) if r]
        stmt = stmt.where(Ticket.reference.in_(refs))
    if query.service_codes:
        stmt = stmt.where(Ticket.category.in_(query.service_codes))
    if query.start:
        stmt = stmt.where(Ticket.created_at >= query.start)
    if query.end:
        stmt = stmt.where(Ticket.created_at < query.end)
    if query.status == "open":
        stmt = stmt.where(Ticket.status.in_(OPEN_STATUSES))
    elif query.status == "closed":
        stmt = stmt.where(Ticket.status.not_in(OPEN_STATUSES))
    if query.association_id:
        stmt = stmt.where(Ticket.association_id == query.association_id)
    return list(session.scalars(stmt))


def _public_postcode(postcode: str) -> str:
    """A Danish postcode covers a town, a full UK postcode a dozen homes: publish only the UK district."""
    postcode = (postcode or "").strip().upper()
    if " " in postcode:
        return postcode.split(" ")[0]
    if len(postcode) > 4 and not postcode.isdigit():
        return postcode[:-3]
    return postcode


def as_requests(*, session: Session, tickets: list[Ticket], private: bool) -> list[dict]:
    """GeoReport v2 service requests; without `private` nothing that could identify a tenant or their home."""
    units = {}
    unit_ids = {t.unit_id for t in tickets if t.unit_id}
    if unit_ids:
        units = {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))}
    names = dict(session.execute(select(Association.id, Association.name)).all())
    from bot.workorders.queries import as_dicts as work_orders
    from bot.workorders.queries import progress_note

    orders = work_orders(session=session, ticket_ids=[t.id for t in tickets])
    out = []
    for ticket in tickets:
        unit = units.get(ticket.unit_id)
        closed = ticket.status not in OPEN_STATUSES
        order = orders.get(ticket.id)
        item = {
            "service_request_id": ticket.reference,
            "status": "closed" if closed else "open",
            # The contractor's progress once a work order exists ("booked 2026-12-03T08:00/12:00 (plumber)").
            "status_notes": progress_note(order) if order else (ticket.status if closed else None),
            "service_name": categories.BY_KEY[ticket.category].service_name,
            "service_code": ticket.category,
            "agency_responsible": names.get(ticket.association_id),
            "service_notice": None,
            "requested_datetime": ticket.created_at.isoformat(),
            "updated_datetime": ticket.updated_at.isoformat() if ticket.updated_at else None,
            "expected_datetime": ticket.due_by.isoformat() if ticket.due_by else None,
            "zipcode": _public_postcode(unit.postcode) if unit else None,
            "media_url": None,
        }
        if private:
            item.update({
                "description": ticket.problem,
                "address": ticket.address,
                "address_id": unit.unit_ref if unit else None,
                "zipcode": unit.postcode if unit else None,
            })
        out.append(item)
    return out
