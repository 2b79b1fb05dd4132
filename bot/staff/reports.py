"""Dashboard figures: reports per night by category, emergency share, time to acknowledgement per week."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.alerts.models import Alert
from bot.staff.queries import night_bounds, night_of
from bot.tickets.models import Ticket, TicketEvent

NIGHTS = 14
WEEKS = 8
# Colour-blind-safe palette (Okabe-Ito), darkened where needed for 3:1 contrast against white.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8f6d00", "#56b4e9", "#6b6b6b", "#a4161a", "#1b7837",
           "#5e3c99", "#b35806", "#2d004b", "#005a5a")


@dataclass
class Dashboard:
    nights: list[date]
    by_night: dict[date, Counter]
    categories: list[str]
    emergency_share: dict[date, float | None]
    total: int
    emergencies: int
    weeks: list[date]  # Mondays
    ack_p50: dict[date, float | None]  # minutes
    ack_p90: dict[date, float | None]
    ack_counts: dict[date, int] = field(default_factory=dict)
    # Reports of a fault already reported: listed as tickets of their own (linked), counted here with the first.
    duplicates: int = 0

    @property
    def colours(self) -> dict[str, str]:
        return {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(self.categories)}

    @property
    def max_per_night(self) -> int:
        return max([sum(c.values()) for c in self.by_night.values()] + [1])


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile: the value below which q of the observations fall."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q * len(ordered)))
    return ordered[rank - 1]


def build(*, session: Session, association_ids: list[int] | None, tz: str, now: datetime) -> Dashboard:
    last_night = night_of(now, tz)
    nights = [last_night - timedelta(days=i) for i in range(NIGHTS - 1, -1, -1)]
    since, _ = night_bounds(nights[0], tz)
    this_monday = now.date() - timedelta(days=now.weekday())
    weeks = [this_monday - timedelta(weeks=i) for i in range(WEEKS - 1, -1, -1)]
    earliest = min(since, datetime.combine(weeks[0], datetime.min.time(), tzinfo=now.tzinfo))

    query = select(Ticket.id, Ticket.created_at, Ticket.category, Ticket.priority).where(
        Ticket.created_at >= earliest, Ticket.duplicate_of_id.is_(None))
    if association_ids is not None:
        query = query.where(Ticket.association_id.in_(association_ids))
    rows = session.execute(query).all()
    repeats = select(func.count(Ticket.id)).where(Ticket.created_at >= since, Ticket.duplicate_of_id.is_not(None))
    if association_ids is not None:
        repeats = repeats.where(Ticket.association_id.in_(association_ids))
    duplicates = session.scalar(repeats) or 0

    by_night: dict[date, Counter] = {n: Counter() for n in nights}
    emergencies_by_night: Counter = Counter()
    for _id, created, category, priority in rows:
        night = night_of(created, tz)
        if night in by_night:
            by_night[night][category] += 1
            if priority == "emergency":
                emergencies_by_night[night] += 1
    categories = sorted({c for counter in by_night.values() for c in counter},
                        key=lambda c: -sum(by_night[n][c] for n in nights))
    share = {n: (emergencies_by_night[n] / sum(by_night[n].values()) if by_night[n] else None) for n in nights}

    ids = [r[0] for r in rows]
    first_ack: dict[int, datetime] = {}
    if ids:
        for ticket_id, at in session.execute(select(Alert.ticket_id, func.min(Alert.acknowledged_at))
                                             .where(Alert.ticket_id.in_(ids), Alert.acknowledged_at.is_not(None))
                                             .group_by(Alert.ticket_id)):
            first_ack[ticket_id] = at
        for event in session.scalars(select(TicketEvent).where(TicketEvent.ticket_id.in_(ids),
                                                               TicketEvent.kind == "status")):
            if (event.data or {}).get("to") == "acknowledged":
                current = first_ack.get(event.ticket_id)
                first_ack[event.ticket_id] = min(current, event.at) if current else event.at
    delays: dict[date, list[float]] = defaultdict(list)
    for ticket_id, created, _c, _p in rows:
        if ticket_id in first_ack:
            monday = created.date() - timedelta(days=created.weekday())
            delays[monday].append(max(0.0, (first_ack[ticket_id] - created).total_seconds() / 60))
    return Dashboard(
        nights=nights, by_night=by_night, categories=categories, emergency_share=share,
        total=sum(sum(c.values()) for c in by_night.values()), emergencies=sum(emergencies_by_night.values()),
        weeks=weeks, ack_p50={w: percentile(delays[w], 0.5) for w in weeks},
        ack_p90={w: percentile(delays[w], 0.9) for w in weeks}, ack_counts={w: len(delays[w]) for w in weeks},
        duplicates=duplicates,
    )
