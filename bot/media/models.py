"""Photo table: re-encoded images from the web chat, linked to the ticket of their conversation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, utcnow


class Photo(Base):
    __tablename__ = "photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), index=True)
    conversation_id: Mapped[str] = mapped_column(String(80), index=True)
    # Set when the conversation's ticket exists (photos usually arrive before the ticket is written).
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    content_type: Mapped[str] = mapped_column(String(32))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    # Stored in the database so every gateway instance serves it and retention deletes it with the ticket.
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
