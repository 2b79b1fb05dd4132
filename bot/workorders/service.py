"""Work order services: routing, the schedule of rates, job code suggestion, transitions, reporting."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.associations.models import Association
from bot.register.models import Unit
from bot.tickets import lifecycle
from bot.tickets.models import Ticket
from bot.triage.policy import PRIORITIES, Policy
from bot.triage.text import skeleton
from bot.workorders.models import (
    LIVE_STATUSES,
    Contractor,
    JobCode,
    RoutingRule,
    WorkOrder,
    WorkOrderEvent,
)

RATE_COLUMNS = ("code", "description", "trade", "priority", "target_days")
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


# -- schedule of rates and job code suggestion -----------------------------------------------------------
@dataclass(frozen=True)
class RateLine:
    code: str
    description: str
    trade: str
    priority: str
    target_days: int
    category: str = ""
    keywords: str = ""


def _stems(text: str) -> set[str]:
    # Five letters of each word: Danish compounds and English plurals meet ("vandhanen"/"vandhane", "taps"/"tap").
    return {w[:5] for w in re.findall(r"[a-z0-9]+", skeleton(text)) if len(w) >= 3}


def suggest_job_code(*, category: str, problem: str, priority: str, trade: str | None,
                     rates: Sequence[RateLine]) -> RateLine | None:
    """The rate line for this report: its category's (else its trade's) line sharing most words with the problem.

    Ties go to the line of the ticket's own priority, then to the lowest code; no word in common still gives the
    category's first line, so staff always start from a suggestion they can change.
    """
    candidates = [r for r in rates if r.category == category] or [r for r in rates if trade and r.trade == trade]
    if not candidates:
        return None
    words = _stems(problem)

    def score(rate: RateLine):
        overlap = len(words & _stems(f"{rate.description} {rate.keywords}"))
        return (-overlap, rate.priority != priority, rate.code)

    return min(candidates, key=score)


def parse_rates(text: str) -> tuple[list[tuple[str, RateLine]], list[str]]:
    """Rows of a schedule of rates CSV as (association name, line); and the rejected rows' reasons."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in RATE_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return [], [f"missing columns: {', '.join(missing)}"]
    lines, rejected = [], []
    for number, row in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in row.items() if k}
        if not row["code"] or not row["description"] or not row["trade"]:
            rejected.append(f"row {number}: code, description and trade are required")
            continue
        if row["priority"] not in PRIORITIES:
            rejected.append(f"row {number}: priority must be one of {', '.join(PRIORITIES)}")
            continue
        if not row["target_days"].isdigit():
            rejected.append(f"row {number}: target_days must be a whole number of days")
            continue
        lines.append((row.get("association", ""), RateLine(
            code=row["code"][:20], description=row["description"][:300], trade=row["trade"][:40],
            priority=row["priority"], target_days=int(row["target_days"]), category=row.get("category", "")[:32],
            keywords=row.get("keywords", "")[:300])))
    return lines, rejected


@dataclass
class RatesReport:
    added: int = 0
    updated: int = 0
    rejected: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{self.added} rates added, {self.updated} updated, {len(self.rejected)} rejected"
        return "\n".join([text, *self.rejected])


def import_rates(*, session: Session, source: str | Path, default_association: Association) -> RatesReport:
    """Add or update (by code) an association's schedule of rates from CSV; an `association` column may name it."""
    lines, rejected = parse_rates(Path(source).read_text(encoding="utf-8"))
    report = RatesReport(rejected=rejected)
    names = dict(session.execute(select(Association.name, Association.id)).all())
    for name, line in lines:
        association_id = names.get(name) if name else default_association.id
        if association_id is None:
            report.rejected.append(f"{line.code}: unknown association {name!r}")
            continue
        row = session.scalars(select(JobCode).where(JobCode.association_id == association_id,
                                                    JobCode.code == line.code)).first()
        if row is None:
            row = JobCode(association_id=association_id, code=line.code)
            session.add(row)
            report.added += 1
        else:
            report.updated += 1
        for name_ in ("description", "trade", "priority", "target_days", "category", "keywords"):
            setattr(row, name_, getattr(line, name_))
    session.flush()
    return report


def rates_of(*, session: Session, association_id: int) -> list[RateLine]:
    return [RateLine(code=r.code, description=r.description, trade=r.trade, priority=r.priority,
                     target_days=r.target_days, category=r.category, keywords=r.keywords)
            for r in session.scalars(select(JobCode).where(JobCode.association_id == association_id)
                                     .order_by(JobCode.code))]


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
    from bot.workorders.models import ContractorEmail

    orders = select(WorkOrder.id).where(WorkOrder.ticket_id.in_(ticket_ids))
    session.execute(update(ContractorEmail).where(ContractorEmail.work_order_id.in_(orders))
                    .values(body=REDACTED).execution_options(synchronize_session=False))
    session.execute(update(WorkOrderEvent).where(WorkOrderEvent.work_order_id.in_(orders), WorkOrderEvent.note != "")
                    .values(note=REDACTED).execution_options(synchronize_session=False))


def is_live(order: WorkOrder) -> bool:
    return order.status in LIVE_STATUSES


# -- read side ----------------------------------------------------------------------------------------------
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
    from bot.workorders.texts import window

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
