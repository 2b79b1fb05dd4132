"""Record a process's heartbeat; tell whether any process of a kind beat recently."""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from bot.health.models import Heartbeat

# Rows of processes gone this long are removed by the next beat (a restart is a new pid, hence a new row).
FORGET_AFTER = timedelta(hours=1)


def process_id(kind: str) -> str:
    return f"{kind}:{socket.gethostname()}:{os.getpid()}"


def beat(*, session: Session, kind: str, now: datetime, process: str | None = None) -> None:
    process = process or process_id(kind)
    # Write first (SQLite waits for its turn on a write; a read-then-write transaction can fail instead).
    if not session.execute(update(Heartbeat).where(Heartbeat.process == process).values(beat_at=now)).rowcount:
        session.add(Heartbeat(process=process, kind=kind, beat_at=now))
    session.execute(delete(Heartbeat).where(Heartbeat.kind == kind, Heartbeat.beat_at < now - FORGET_AFTER))


def last_beat(*, session: Session, kind: str, host: str | None = None) -> datetime | None:
    """The latest beat of any process of `kind` (or of those on `host`: a container's own liveness check)."""
    query = select(func.max(Heartbeat.beat_at)).where(Heartbeat.kind == kind)
    if host is not None:
        query = query.where(Heartbeat.process.startswith(f"{kind}:{host}:", autoescape=True))
    return session.scalar(query)
