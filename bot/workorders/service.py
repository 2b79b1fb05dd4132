"""Work order services: routing, creation, the steps (TRANSITIONS) and the ticket status each one moves to.

The schedule of rates and job code suggestion are rates.py; what the API, the dialogue and the dashboard read is
queries.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.associations.models import Association
from bot.register.models import Unit
from bot.tickets import lifecycle
from bot.tickets.models import Ticket
from bot.workorders.models import (
    LIVE_STATUSES,
    Contractor,
    ContractorEmail,
    RoutingRule,
    WorkOrder,
    WorkOrderEvent,
)
from bot.workorders.rates import rates_of, suggest_job_code

NOTE_CHARS = 2000
# Who may move a work order from which status to which: the contractor's page and staff use the same table.
TRANSITIONS = {
    "accept": (("dispatched", "reopened"), "accepted"),
    "decline": (("dispatched", "reopened", "accepted"), "declined"),
    "book": (("accepted", "booked", "follow_up", "reopened"), "booked"),
    "on_the_way": (("booked",), "on_the_way"),
    "attended": (("booked", "on_the_way"), "attended"),
    "complete": (("booked", "on_the_way", "attended", "follow_up"), "completed"),
    "follow_up": (("booked", "on_the_way", "attended"), "follow_up"),
}
# The ticket's own status (interfaces.md's list) that follows each work order status.
TICKET_STATUS = {"dispatched": "assigned", "accepted": "assigned", "declined": "acknowledged", "booked": "booked",
                 "on_the_way": "booked", "attended": "booked", "follow_up": "assigned", "completed": "completed",
                 "reopened": "assigned", "closed": "completed"}


class TransitionError(ValueError):
    """The step is not allowed from the work order's current status (a stale page, a double click)."""


# -- routing -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DispatchRules:
    """The association's repair policy on work orders (policy_overrides["auto_dispatch"])."""

    auto_dispatch: bool = False

    @classmethod
    def for_association(cls, association: Association) -> DispatchRules:
        return cls(auto_dispatch=bool((association.policy_overrides or {}).get("auto_dispatch", False)))


def route(*, session: Session, ticket: Ticket) -> RoutingRule | None:
    """The estate's own rule for the ticket's category, else the association's."""
    estate_id = session.scalar(select(Unit.estate_id).where(Unit.id == ticket.unit_id)) if ticket.unit_id else None
    rules = list(session.scalars(select(RoutingRule).where(RoutingRule.association_id == ticket.association_id,
                                                           RoutingRule.category == ticket.category)))
    own = [r for r in rules if estate_id is not None and r.estate_id == estate_id]
    general = [r for r in rules if r.estate_id is None]
    return (own or general or [None])[0]


def for_ticket(*, session: Session, ticket_id: int) -> WorkOrder | None:
    return session.scalars(select(WorkOrder).where(WorkOrder.ticket_id == ticket_id)).first()


def add_event(*, session: Session, order: WorkOrder, actor: str, kind: str, at: datetime, note: str = "",
              **data) -> WorkOrderEvent:
    event = WorkOrderEvent(work_order_id=order.id, actor=actor[:120], kind=kind, at=at, note=note[:NOTE_CHARS],
                           data=data)
    session.add(event)
    return event


def events(*, session: Session, order: WorkOrder) -> list[WorkOrderEvent]:
    return list(session.scalars(select(WorkOrderEvent).where(WorkOrderEvent.work_order_id == order.id)
                                .order_by(WorkOrderEvent.id)))


def create(*, session: Session, association: Association, ticket: Ticket, rule: RoutingRule, now: datetime,
           dispatch: bool, actor: str = "system", status: str | None = None) -> WorkOrder:
    """The ticket's work order: `routed` for the notifier to send at once (`dispatch`), else waiting for staff.

    Written in the ticket's transaction; the ticket itself changes only when the contractor is told.
    """
    rates = rates_of(session=session, association_id=association.id)
    line = suggest_job_code(category=ticket.category, problem=ticket.problem, priority=ticket.priority,
                            trade=rule.trade, rates=rates)
    order = WorkOrder(association_id=association.id, ticket_id=ticket.id, contractor_id=rule.contractor_id,
                      trade=rule.trade, job_code=line.code if line else "", priority=ticket.priority,
                      target_days=line.target_days if line else None,
                      status=status or ("routed" if dispatch else "pending_approval"), created_at=now, updated_at=now)
    session.add(order)
    session.flush()
    add_event(session=session, order=order, actor=actor, kind="created", at=now, job_code=order.job_code,
              trade=order.trade, contractor_id=order.contractor_id, status=order.status)
    return order


def mark_dispatched(*, session: Session, order: WorkOrder, ticket: Ticket, actor: str, now: datetime) -> None:
    """Give the order to its contractor: the notifier sends the SMS and email with a fresh link."""
    if order.status not in ("routed", "pending_approval", "awaiting_oncall", "declined"):
        raise TransitionError(f"cannot dispatch a work order that is {order.status}")
    contractor = session.get(Contractor, order.contractor_id)
    order.status, order.updated_at, order.dispatched_at = "dispatched", now, now
    order.link_generation += 1 if order.notified_generation else 0
    ticket.contractor = contractor.name if contractor else ""
    add_event(session=session, order=order, actor=actor, kind="dispatched", at=now, contractor_id=order.contractor_id)
    _follow(session=session, ticket=ticket, status=order.status, actor=actor, now=now)


def _follow(*, session: Session, ticket: Ticket, status: str, actor: str, now: datetime) -> None:
    lifecycle.follow_work_order(session=session, ticket=ticket, status=TICKET_STATUS.get(status, ""), actor=actor,
                                now=now)


def transition(*, session: Session, order: WorkOrder, step: str, actor: str, now: datetime, note: str = "",
               start: datetime | None = None, end: datetime | None = None, **data) -> str:
    """Apply one contractor step (accept, decline, book, on_the_way, attended, complete, follow_up)."""
    if step not in TRANSITIONS:
        raise TransitionError(f"unknown step {step!r}")
    allowed, target = TRANSITIONS[step]
    if order.status not in allowed:
        raise TransitionError(f"cannot {step} a work order that is {order.status}")
    ticket = session.get(Ticket, order.ticket_id)
    if step == "book":
        if start is None or end is None or end <= start:
            raise TransitionError("an appointment needs a start and a later end")
        if start < now:
            raise TransitionError("an appointment cannot start in the past")
        order.appointment_start, order.appointment_end = start, end
        ticket.booked_for = start
        data.update(start=start.isoformat(), end=end.isoformat())
    if step == "complete":
        order.completed_at = now
    previous = order.status
    order.status, order.updated_at = target, now
    add_event(session=session, order=order, actor=actor, kind=step, at=now, note=note, **{"from": previous}, **data)
    _follow(session=session, ticket=ticket, status=target, actor=actor, now=now)
    return target


def close(*, session: Session, order: WorkOrder, actor: str, now: datetime) -> None:
    """The tenant confirmed the repair: nothing more to do, no link works any more."""
    ticket = session.get(Ticket, order.ticket_id)
    order.status, order.updated_at = "closed", now
    add_event(session=session, order=order, actor=actor, kind="confirmed_fixed", at=now)
    _follow(session=session, ticket=ticket, status="closed", actor=actor, now=now)


def reopen(*, session: Session, order: WorkOrder, actor: str, now: datetime, reason: str = "") -> None:
    """Not fixed: the same contractor gets the job again, with a new link (the old ones stay dead)."""
    ticket = session.get(Ticket, order.ticket_id)
    previous = order.status
    order.status, order.updated_at, order.completed_at = "reopened", now, None
    order.link_generation += 1
    order.confirmation_message_id = None
    add_event(session=session, order=order, actor=actor, kind="reopened", at=now, note=reason, **{"from": previous})
    _follow(session=session, ticket=ticket, status="reopened", actor=actor, now=now)


REDACTED = "[anonymised]"


def redact_for_tickets(*, session: Session, ticket_ids: list[int]) -> None:
    """Anonymising tickets: contractors' emails quote the tenant's words and access notes, notes may name them."""
    orders = select(WorkOrder.id).where(WorkOrder.ticket_id.in_(ticket_ids))
    session.execute(update(ContractorEmail).where(ContractorEmail.work_order_id.in_(orders))
                    .values(body=REDACTED).execution_options(synchronize_session=False))
    session.execute(update(WorkOrderEvent).where(WorkOrderEvent.work_order_id.in_(orders), WorkOrderEvent.note != "")
                    .values(note=REDACTED).execution_options(synchronize_session=False))


def is_live(order: WorkOrder) -> bool:
    return order.status in LIVE_STATUSES
