"""Read side of the staff console: tonight's tickets first, filters, unacknowledged alerts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from bot.alerts.models import Alert
from bot.associations.models import Association, Estate
from bot.register.models import Unit
from bot.tickets.models import OPEN_STATUSES, STATUSES, Ticket
from bot.triage.categories import CATEGORIES
from bot.triage.policy import PRIORITIES

PAGE_SIZE = 200
# A "night" runs from noon to noon local time, so a report at 02:00 belongs to the evening before.
NIGHT_STARTS = time(12, 0)
# "recorded" too: a page recorded without an SMS provider is still waiting for someone to act on it.
UNACKNOWLEDGED = ("queued", "sending", "sent", "recorded", "delivered", "failed")


@dataclass
class ConsoleFilters:
    priority: str = ""
    status: str = ""
    category: str = ""
    estate_id: int | None = None
    day: date | None = None  # the night starting on this local date
    verified: str = ""  # "yes" / "no" / ""

    @classmethod
    def from_args(cls, args) -> ConsoleFilters:
        def pick(name: str, allowed) -> str:
            value = args.get(name) or ""
            return value if value in allowed else ""

        estate = args.get("estate") or ""
        # An id is a few ASCII digits ("²" is a digit to str; a huge number overflows the database's integer).
        estate_id = int(estate) if estate.isascii() and estate.isdigit() and len(estate) <= 9 else None
        day = None
        if args.get("date"):
            try:
                day = date.fromisoformat(args["date"])
            except ValueError:
                day = None
        return cls(priority=pick("priority", PRIORITIES), status=pick("status", STATUSES),
                   category=pick("category", CATEGORIES), estate_id=estate_id,
                   day=day, verified=pick("verified", ("yes", "no")))


def night_of(moment: datetime, tz: str) -> date:
    local = moment.astimezone(ZoneInfo(tz))
    return (local - timedelta(hours=NIGHT_STARTS.hour)).date()


def night_bounds(day: date, tz: str) -> tuple[datetime, datetime]:
    start = datetime.combine(day, NIGHT_STARTS, tzinfo=ZoneInfo(tz)).astimezone(timezone.utc)
    return start, start + timedelta(days=1)


def _scoped(query, model, association_ids: list[int] | None):
    return query if association_ids is None else query.where(model.association_id.in_(association_ids))


def tickets(*, session: Session, association_ids: list[int] | None, filters: ConsoleFilters, tz: str,
            now: datetime) -> list[Ticket]:
    """Tonight's tickets first (emergencies on top), then the rest newest first."""
    tonight_start, _ = night_bounds(night_of(now, tz), tz)
    query = select(Ticket)
    query = _scoped(query, Ticket, association_ids)
    if filters.priority:
        query = query.where(Ticket.priority == filters.priority)
    if filters.status:
        query = query.where(Ticket.status == filters.status)
    if filters.category:
        query = query.where(Ticket.category == filters.category)
    if filters.verified:
        query = query.where(Ticket.address_verified.is_(filters.verified == "yes"))
    if filters.estate_id:
        query = query.join(Unit, Unit.id == Ticket.unit_id).where(Unit.estate_id == filters.estate_id)
    if filters.day:
        start, end = night_bounds(filters.day, tz)
        query = query.where(Ticket.created_at >= start, Ticket.created_at < end)
    tonight = case((Ticket.created_at >= tonight_start, 0), else_=1)
    rank = case((Ticket.priority == "emergency", 0), (Ticket.priority == "urgent", 1), else_=2)
    query = query.order_by(tonight, rank, Ticket.created_at.desc(), Ticket.id.desc()).limit(PAGE_SIZE)
    return list(session.scalars(query))


def estates(*, session: Session, association_ids: list[int] | None) -> list[Estate]:
    return list(session.scalars(_scoped(select(Estate), Estate, association_ids).order_by(Estate.name)))


def associations(*, session: Session, association_ids: list[int] | None) -> list[Association]:
    query = select(Association).order_by(Association.id)
    if association_ids is not None:
        query = query.where(Association.id.in_(association_ids))
    return list(session.scalars(query))


def unacknowledged_alerts(*, session: Session, association_ids: list[int] | None) -> list[tuple[Alert, Ticket]]:
    """Pages still waiting for someone to acknowledge them, for tickets that are still open."""
    query = (select(Alert, Ticket).join(Ticket, Ticket.id == Alert.ticket_id)
             .where(Alert.kind == "page", Alert.status.in_(UNACKNOWLEDGED), Alert.acknowledged_at.is_(None),
                    Ticket.status.in_(OPEN_STATUSES))
             .order_by(Alert.created_at))
    query = _scoped(query, Alert, association_ids)
    return [(a, t) for a, t in session.execute(query)]


def alerts_for(*, session: Session, ticket: Ticket) -> list[Alert]:
    return list(session.scalars(select(Alert).where(Alert.ticket_id == ticket.id).order_by(Alert.id)))


def estate_name(*, session: Session, ticket: Ticket) -> str:
    if ticket.unit_id is None:
        return ""
    row = session.execute(select(Estate.name).join(Unit, Unit.estate_id == Estate.id)
                          .where(Unit.id == ticket.unit_id)).first()
    return row[0] if row else ""
