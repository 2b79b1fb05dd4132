"""REPAIRBOT_NOW freezes the clock for drills; otherwise it is the real UTC time."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot import clock
from bot.settings import Settings, SettingsError


def test_frozen_instant_is_honoured_and_utc(monkeypatch):
    monkeypatch.setenv("REPAIRBOT_NOW", "2026-12-24T23:30:00+01:00")
    assert clock.now() == datetime(2026, 12, 24, 22, 30, tzinfo=timezone.utc)


def test_real_clock_is_timezone_aware(monkeypatch):
    monkeypatch.delenv("REPAIRBOT_NOW", raising=False)
    moment = clock.now()
    assert moment.tzinfo is not None
    assert abs((datetime.now(timezone.utc) - moment).total_seconds()) < 5


def test_settings_freeze_the_clock_they_are_given_to(monkeypatch):
    monkeypatch.delenv("REPAIRBOT_NOW", raising=False)
    drill = Settings.from_env({"REPAIRBOT_NOW": "2026-11-24T22:00:00Z"}, require_secrets=False)
    assert clock.now(drill) == datetime(2026, 11, 24, 22, 0, tzinfo=timezone.utc)
    assert abs((datetime.now(timezone.utc) - clock.now()).total_seconds()) < 5  # other settings: the real time


def test_a_process_started_with_repairbot_now_reads_it_into_its_settings(monkeypatch):
    monkeypatch.setenv("REPAIRBOT_NOW", "2026-11-24T22:00:00Z")
    settings = Settings.from_env(require_secrets=False)
    assert settings.now == "2026-11-24T22:00:00Z"
    assert clock.now(settings) == clock.now() == datetime(2026, 11, 24, 22, 0, tzinfo=timezone.utc)


def test_a_malformed_repairbot_now_stops_the_process_at_start():
    with pytest.raises(SettingsError, match="REPAIRBOT_NOW"):
        Settings.from_env({"REPAIRBOT_NOW": "next tuesday"}, require_secrets=False)
