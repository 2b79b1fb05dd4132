"""Association and estate tables."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, utcnow


class Association(Base):
    __tablename__ = "associations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    sms_number: Mapped[str] = mapped_column(String(20), unique=True)
    language: Mapped[str] = mapped_column(String(2), default="da")
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Copenhagen")
    country: Mapped[str] = mapped_column(String(2), default="DK")  # phone region and holidays
    call_centre_phone: Mapped[str] = mapped_column(String(20), default="")
    out_of_hours_phone: Mapped[str] = mapped_column(String(20), default="")
    emergency_number: Mapped[str] = mapped_column(String(8), default="112")
    gas_emergency_phone: Mapped[str] = mapped_column(String(20), default="")
    duty_manager_name: Mapped[str] = mapped_column(String(120), default="")
    duty_manager_phone: Mapped[str] = mapped_column(String(20), default="")
    # {"mon": ["08:00", "15:00"], ...}; a missing day is closed all day.
    office_hours: Mapped[dict] = mapped_column(JSON, default=dict)
    allowed_origins: Mapped[list] = mapped_column(JSON, default=list)
    policy_overrides: Mapped[dict] = mapped_column(JSON, default=dict)
    branding: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Estate(Base):
    __tablename__ = "estates"
    __table_args__ = (UniqueConstraint("association_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
