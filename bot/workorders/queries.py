"""What others read about work orders: the API's `work_order`, Open311's progress note, the booked window for the
dialogue's status check, and the completion dashboard."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.associations.models import Association
from bot.tickets.models import Ticket
from bot.triage.policy import PRIORITIES, Policy
from bot.workorders.models import Contractor, WorkOrder
from bot.workorders.service import for_ticket
from bot.workorders.texts import window


def as_dicts(*, session: Session, ticket_ids: Iterable[int]) -> dict[int, dict]:
    """The API's `work_order` of each ticket that has one (tickets without are absent: null)."""
    ids = list(ticket_ids)
    if not ids:
        return {}
    orders = list(session.scalars(select(WorkOrder).where(WorkOrder.ticket_id.in_(ids))))
    names = dict(session.execute(select(Contractor.id, Contractor.name).where(
        Contractor.id.in_({o.contractor_id for o in orders if o.contractor_id}))).all()) if orders else {}
    out = {}
    for order in orders:
        if order.status in ("routed", "pending_approval", "awaiting_oncall"):
            continue  # not dispatched yet: the API says null
        appointment = None
        if order.appointment_start and order.appointment_end:
            appointment = {"start": order.appointment_start.isoformat(), "end": order.appointment_end.isoformat()}
        out[order.ticket_id] = {"trade": order.trade, "contractor": names.get(order.contractor_id),
                                "status": order.status, "job_code": order.job_code, "appointment": appointment}
    return out


def progress_note(order: dict) -> str:
    """A work order's progress in one line for Open311's status_notes (no names: the public may read it)."""
    note = f"{order['status'].replace('_', ' ')} ({order['trade']})"
    if order["appointment"]:
        note += f" {order['appointment']['start']}/{order['appointment']['end']}"
    return note


def appointment_for(*, session: Session, ticket: Ticket, language: str, timezone: str) -> str | None:
    """The booked window in the tenant's words ("onsdag 2. december 08:00-12:00"), for the dialogue's status check.

    None when nothing is booked (or the visit is done).
    """
    order = for_ticket(session=session, ticket_id=ticket.id)
    if order is None or order.appointment_start is None or order.status not in ("booked", "on_the_way"):
        return None
    return window(order.appointment_start, order.appointment_end, language, timezone)


@dataclass
class CompletionRow:
    label: str
    jobs: int
    median_days: float | None
    target_days: float | None
    on_target: int

    @property
    def share_on_target(self) -> float | None:
        return self.on_target / self.jobs if self.jobs else None


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def completion_report(*, session: Session, association_ids: list[int] | None) -> dict[str, list[CompletionRow]]:
    """Days from report to completion per priority and per contractor, against the target of each job.

    A job's target is its rate line's target days, else the association policy's working days for its priority.
    """
    query = (select(WorkOrder, Ticket.created_at, Contractor.name, Association.policy_overrides)
             .join(Ticket, Ticket.id == WorkOrder.ticket_id)
             .join(Association, Association.id == WorkOrder.association_id)
             .outerjoin(Contractor, Contractor.id == WorkOrder.contractor_id)
             .where(WorkOrder.completed_at.is_not(None)))
    if association_ids is not None:
        query = query.where(WorkOrder.association_id.in_(association_ids))
    groups: dict[str, dict[str, list[tuple[float, float | None]]]] = {"priority": defaultdict(list),
                                                                      "contractor": defaultdict(list)}
    for order, reported, contractor, overrides in session.execute(query):
        days = (order.completed_at - reported).total_seconds() / 86400
        target = order.target_days
        if target is None:
            policy = Policy.from_overrides(overrides)
            target = {"urgent": policy.urgent_working_days, "routine": policy.routine_working_days}.get(
                order.priority, policy.emergency_make_safe_hours / 24)
        groups["priority"][order.priority].append((days, target))
        groups["contractor"][contractor or "(none)"].append((days, target))
    report = {}
    for kind, by_label in groups.items():
        order_of = (lambda k: PRIORITIES.index(k) if k in PRIORITIES else 99) if kind == "priority" else str
        report[kind] = [
            CompletionRow(label=label, jobs=len(rows), median_days=_median([d for d, _ in rows]),
                          target_days=_median([t for _, t in rows if t is not None]),
                          on_target=sum(1 for d, t in rows if t is not None and d <= t))
            for label, rows in sorted(by_label.items(), key=lambda kv: order_of(kv[0]))
        ]
    return report


def local(moment: datetime, timezone: str) -> datetime:
    return moment.astimezone(ZoneInfo(timezone))
