"""Limits on what a stranger can make the system do: pages from web chat, per home."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.register.address import loose
from bot.tickets.models import Ticket

# Web-chat emergencies one home may page about in an hour. A real emergency pages at once; a fourth "gas leak"
# from the same home's anonymous chats within the hour is filed for staff, not paged: on-call is already on it,
# and a loop of new sessions must not page people all night.
WEB_EMERGENCY_PAGES_PER_HOME_PER_HOUR = 3
WINDOW = timedelta(hours=1)


def may_page(*, paged_in_window: int, cap: int = WEB_EMERGENCY_PAGES_PER_HOME_PER_HOUR) -> bool:
    return paged_in_window < cap


def web_emergencies_at_home(*, session: Session, association_id: int, unit_id: int | None, address: str,
                            now: datetime, exclude_id: int | None = None) -> int:
    """Web-chat emergency tickets for this home (the register's unit, else the typed address) in the last hour."""
    query = select(func.count(Ticket.id)).where(
        Ticket.association_id == association_id, Ticket.channel == "web", Ticket.priority == "emergency",
        Ticket.created_at > now - WINDOW, Ticket.created_at <= now)
    if exclude_id is not None:
        query = query.where(Ticket.id != exclude_id)
    if unit_id is not None:
        query = query.where(Ticket.unit_id == unit_id)
    else:
        candidates = session.execute(query.with_only_columns(Ticket.address).where(Ticket.unit_id.is_(None))).scalars()
        return sum(1 for typed in candidates if loose(typed) == loose(address))
    return session.scalar(query) or 0


def web_emergency_may_page(*, session: Session, ticket: Ticket, now: datetime) -> bool:
    """False when this web-chat emergency's home has already paged its hourly share."""
    if ticket.channel != "web":
        return True
    seen = web_emergencies_at_home(session=session, association_id=ticket.association_id, unit_id=ticket.unit_id,
                                   address=ticket.address, now=now, exclude_id=ticket.id)
    return may_page(paged_in_window=seen)
