"""The current instant: the real UTC time, or the instant Settings.now (REPAIRBOT_NOW) freezes it at for drills and
evaluation."""

from __future__ import annotations

from datetime import datetime, timezone

from bot.instants import parse_instant
from bot.settings import Settings


def now(settings: Settings | None = None) -> datetime:
    """Timezone-aware UTC now, or the instant `settings.now` freezes the clock at.

    Without `settings`, or with settings that freeze nothing, the frozen instant is the one Settings reads from the
    environment at this moment: code that has no Settings at hand, every process of a drill, and a test that
    freezes the clock while it runs all see one clock.
    """
    frozen = (settings.now if settings is not None else "") or Settings.frozen_now()
    if frozen:
        return parse_instant(frozen)
    return datetime.now(timezone.utc)
