"""Message table for both directions and both channels."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, utcnow


# inbound: received -> done | queued (dialogue down, replay later) | rejected
# inbound: received -> deferred (webhook answered past the dialogue budget) -> done (reply sent by SMS) | queued
# inbound: a queued one is claimed as "replaying" by the dispatcher, then done or queued again
# outbound: queued -> sending -> sent -> delivered | failed | opted_out; "recorded" when no SMS provider is configured
class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (UniqueConstraint("provider_sid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id"), index=True)
    direction: Mapped[str] = mapped_column(String(3))  # "in" / "out"
    channel: Mapped[str] = mapped_column(String(8))  # "sms" / "web" / "rest"
    conversation_id: Mapped[str] = mapped_column(String(80), index=True)
    phone: Mapped[str] = mapped_column(String(20), default="", index=True)
    body: Mapped[str] = mapped_column(Text, default="")
    buttons: Mapped[list] = mapped_column(JSON, default=list)
    provider_sid: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="received", index=True)
    reply: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    processed_at: Mapped[datetime | None] = mapped_column()
    # Outbound SMS the dispatcher sends, and queued inbound it replays: when to try next, when it first tried.
    next_attempt_at: Mapped[datetime | None] = mapped_column(index=True)
    first_attempt_at: Mapped[datetime | None] = mapped_column()
