"""One-time codes that prove a web-chat visitor holds a ticket's phone, and hashed API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, utcnow


class OneTimeCode(Base):
    """A code texted to a ticket's phone; typed into the chat that asked for it, it opens that ticket there."""

    __tablename__ = "one_time_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), index=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    conversation_id: Mapped[str] = mapped_column(String(80), index=True)
    purpose: Mapped[str] = mapped_column(String(16))  # "status" / "cancel": what the visitor asked to do
    code_hash: Mapped[str] = mapped_column(String(64))  # HMAC-SHA256 under SECRET_KEY: a leak reveals no code
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    verified_at: Mapped[datetime | None] = mapped_column()


class ApiToken(Base):
    """A bearer token of the staff API for one association (or, for group admins, all of them)."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: group-wide; only `create-token --group` makes one, for a group admin.
    association_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    # SHA-256 of the token: tokens are 256 random bits, so a fast hash is enough and lookups stay indexed.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()
