"""Rota (on-call shifts) and alert outbox tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, utcnow


class OnCallShift(Base):
    """One person on the rota: who, when (weekdays and local hours), in which order."""

    __tablename__ = "oncall_shifts"

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20), index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    # ISO weekdays 1..7 this person covers and the local time window ("16:00"-"08:00" wraps midnight).
    weekdays: Mapped[list] = mapped_column(JSON, default=lambda: [1, 2, 3, 4, 5, 6, 7])
    starts: Mapped[str] = mapped_column(String(5), default="00:00")
    ends: Mapped[str] = mapped_column(String(5), default="24:00")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)


class Alert(Base):
    """An SMS to one on-call person about one ticket or incident, written with the ticket (outbox)."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"))
    recipient: Mapped[str] = mapped_column(String(20))
    recipient_name: Mapped[str] = mapped_column(String(120), default="")
    body: Mapped[str] = mapped_column(Text)
    # page: escalates until acknowledged; follow_up: what the tenant told us after the page (never escalates);
    # notice: a message to staff about the rota itself (no ticket).
    kind: Mapped[str] = mapped_column(String(16), default="page", server_default="page")
    # queued -> sending -> sent|recorded -> delivered; failed; acknowledged; escalated (superseded by the next page);
    # cancelled (someone else acknowledged the ticket first, or the ticket was closed before anyone did)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    level: Mapped[int] = mapped_column(Integer, default=0)  # how many pages came before this one
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    provider_sid: Mapped[str | None] = mapped_column(String(64))
    last_error: Mapped[str] = mapped_column(String(300), default="")
    # Before resending after an attempt that may have reached Twilio, look for messages since this instant.
    first_attempt_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()
    delivered_at: Mapped[datetime | None] = mapped_column()
    acknowledged_at: Mapped[datetime | None] = mapped_column()
    acknowledged_by: Mapped[str] = mapped_column(String(20), default="")
