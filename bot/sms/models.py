"""Numbers that texted STOP to an association: no outbound SMS from us until they text START."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base


class SmsOptOut(Base):
    __tablename__ = "sms_opt_outs"
    __table_args__ = (UniqueConstraint("association_id", "phone", name="uq_sms_opt_outs_association_phone"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    association_id: Mapped[int] = mapped_column(ForeignKey("associations.id"))
    phone: Mapped[str] = mapped_column(String(20))
    opted_out_at: Mapped[datetime] = mapped_column()
