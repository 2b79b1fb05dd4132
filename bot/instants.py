"""ISO-8601 instants as the outside world writes them (REPAIRBOT_NOW, API filters): always aware UTC."""

from __future__ import annotations

from datetime import datetime, timezone


def parse_instant(value: str) -> datetime:
    """Parse an ISO-8601 instant; a value without offset is taken as UTC."""
    moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)
