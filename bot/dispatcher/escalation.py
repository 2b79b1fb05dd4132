"""Alert escalation: pages nobody acknowledged in time go to the next person on call (bot.alerts.escalation)."""

from __future__ import annotations

from datetime import datetime

from bot import clock
from bot.alerts import escalation
from bot.db import session_scope
from bot.settings import Settings


def escalate_due(*, settings: Settings, now: datetime | None = None) -> int:
    with session_scope(settings.database_url) as session:
        return len(escalation.escalate_due(session=session, settings=settings, now=now or clock.now()))
