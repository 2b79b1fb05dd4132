"""REPAIRBOT_NOW freezes the clock for drills; otherwise it is the real UTC time."""

from __future__ import annotations

from datetime import datetime, timezone

from bot import clock


def test_frozen_instant_is_honoured_and_utc(monkeypatch):
    monkeypatch.setenv("REPAIRBOT_NOW", "2026-12-24T23:30:00+01:00")
    assert clock.now() == datetime(2026, 12, 24, 22, 30, tzinfo=timezone.utc)


def test_real_clock_is_timezone_aware(monkeypatch):
    monkeypatch.delenv("REPAIRBOT_NOW", raising=False)
    moment = clock.now()
    assert moment.tzinfo is not None
    assert abs((datetime.now(timezone.utc) - moment).total_seconds()) < 5
