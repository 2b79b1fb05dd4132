"""The current instant, frozen by REPAIRBOT_NOW for drills and evaluation."""

from __future__ import annotations

import os
from datetime import datetime, timezone


def parse_instant(value: str) -> datetime:
    """Parse an ISO-8601 instant; a value without offset is taken as UTC."""
    moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def now() -> datetime:
    """Timezone-aware UTC now, or the frozen REPAIRBOT_NOW instant when set."""
    frozen = os.environ.get("REPAIRBOT_NOW", "")
    if frozen:
        return parse_instant(frozen)
    return datetime.now(timezone.utc)
