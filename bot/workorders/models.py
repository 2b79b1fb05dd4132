"""Contractors, the routing table, the schedule of rates and work orders with their audit trail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, utcnow

# routed (the association dispatches automatically: the notifier sends it) | pending_approval (staff approve it)
# | awaiting_oncall (an emergency: the on-call person who accepts the page dispatches it from the job page)
# -> dispatched -> accepted -> booked -> on_the_way -> attended -> completed -> closed
# declined (back to staff), follow_up (needs another visit, still open), reopened (tenant says not fixed),
# cancelled. A contractor's link works only while the order is LIVE.
WORK_ORDER_STATUSES = ("routed", "pending_approval", "awaiting_oncall", "dispatched", "accepted", "declined",
                       "booked", "on_the_way", "attended", "follow_up", "completed", "reopened", "closed",
                       "cancelled")
LIVE_STATUSES = ("awaiting_oncall", "dispatched", "accepted", "booked", "on_the_way", "attended", "follow_up",
                 "reopened")


class Contractor(Base):
    """A term contractor (or in-house trade team) of one association."""

    __tablename__ = "contractors"
    __table_args__ = (UniqueConstraint("association_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(2), default="da")
    # Works evenings, nights and weekends: may get work the moment it is reported out of hours.
    out_of_hours: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class RoutingRule(Base):
    """Category (optionally one estate's) -> trade and contractor. An estate's rule beats the association's."""

    __tablename__ = "routing_rules"
    __table_args__ = (UniqueConstraint("association_id", "category", "estate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), index=True)
    category: Mapped[str] = mapped_column(String(32))
    estate_id: Mapped[int | None] = mapped_column(ForeignKey("estates.id"))
    trade: Mapped[str] = mapped_column(String(40))
    contractor_id: Mapped[int] = mapped_column(ForeignKey("contractors.id"))


class JobCode(Base):
    """One line of an association's schedule of rates."""

    __tablename__ = "job_codes"
    __table_args__ = (UniqueConstraint("association_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(String(300))
    trade: Mapped[str] = mapped_column(String(40))
    priority: Mapped[str] = mapped_column(String(16))
    target_days: Mapped[int] = mapped_column(Integer)
    # Optional: the category the line belongs to and extra words (Danish and English) that point at it.
    category: Mapped[str] = mapped_column(String(32), default="")
    keywords: Mapped[str] = mapped_column(String(300), default="")


class WorkOrder(Base):
    """A ticket given to a contractor; one per ticket (a reopened job is the same order again)."""

    __tablename__ = "work_orders"
    __table_args__ = (UniqueConstraint("ticket_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), index=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    contractor_id: Mapped[int | None] = mapped_column(ForeignKey("contractors.id"), index=True)
    trade: Mapped[str] = mapped_column(String(40))
    job_code: Mapped[str] = mapped_column(String(20), default="")
    priority: Mapped[str] = mapped_column(String(16))
    target_days: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), index=True)
    # An emergency's: who accepted the page and so gets the link to dispatch it.
    oncall_phone: Mapped[str] = mapped_column(String(20), default="")
    # Bumped whenever links are (re)issued: a link carries the generation it was made for.
    link_generation: Mapped[int] = mapped_column(Integer, default=1)
    # The generation the contractor was last sent (SMS and email): below link_generation means "notify now".
    notified_generation: Mapped[int] = mapped_column(Integer, default=0)
    appointment_start: Mapped[datetime | None] = mapped_column()
    appointment_end: Mapped[datetime | None] = mapped_column()
    # The completion SMS that asked "reply 1 if fixed, 2 if not": only a reply to it is read as the answer.
    confirmation_message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    dispatched_at: Mapped[datetime | None] = mapped_column()
    completed_at: Mapped[datetime | None] = mapped_column()


class WorkOrderEvent(Base):
    """Append-only audit log of a work order: who did what, when, with which note."""

    __tablename__ = "work_order_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(JSON, default=dict)


class ContractorEmail(Base):
    """The email outbox: written with the work order, sent by the dispatcher over SMTP."""

    __tablename__ = "contractor_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_order_id: Mapped[int] = mapped_column(ForeignKey("work_orders.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)  # queued, sent, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()
