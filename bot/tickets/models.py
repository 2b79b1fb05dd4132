"""Ticket, ticket event (audit log) and estate incident tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db import Base, utcnow

STATUSES = ("open", "acknowledged", "assigned", "booked", "completed", "cancelled")
OPEN_STATUSES = ("open", "acknowledged", "assigned", "booked")


class Incident(Base):
    """Several tenants of one estate losing the same supply: one alert, many tickets."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), index=True)
    estate_id: Mapped[int] = mapped_column(ForeignKey("estates.id"))
    category: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (UniqueConstraint("association_id", "reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), index=True)
    reference: Mapped[str] = mapped_column(String(16), index=True)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    category: Mapped[str] = mapped_column(String(32))
    priority: Mapped[str] = mapped_column(String(16), index=True)
    language: Mapped[str] = mapped_column(String(2))
    channel: Mapped[str] = mapped_column(String(8))
    conversation_id: Mapped[str] = mapped_column(String(80), default="", index=True)
    problem: Mapped[str] = mapped_column(Text)
    location_in_home: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    address_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    # Paged at the first emergency signal, before the tenant gave the address (and name): a provisional ticket
    # the rest of the conversation completes.
    address_pending: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    reporter_name: Mapped[str] = mapped_column(String(120))
    contact_phone: Mapped[str] = mapped_column(String(20), index=True)
    access_notes: Mapped[str] = mapped_column(Text, default="")
    contractor: Mapped[str] = mapped_column(String(120), default="")
    booked_for: Mapped[datetime | None] = mapped_column()
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    due_by: Mapped[datetime] = mapped_column()
    anonymised_at: Mapped[datetime | None] = mapped_column()

    events: Mapped[list[TicketEvent]] = relationship(
        back_populates="ticket", order_by="TicketEvent.id", cascade="all, delete-orphan"
    )


class TicketEvent(Base):
    """Append-only audit log: every change to a ticket and who made it."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict] = mapped_column(JSON, default=dict)

    ticket: Mapped[Ticket] = relationship(back_populates="events")
