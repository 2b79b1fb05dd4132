"""One row per running process that reports a heartbeat (the dispatchers)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base


class Heartbeat(Base):
    __tablename__ = "heartbeats"

    # "<kind>:<host>:<pid>": several dispatchers on several machines each keep their own row.
    process: Mapped[str] = mapped_column(String(200), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    beat_at: Mapped[datetime] = mapped_column()
