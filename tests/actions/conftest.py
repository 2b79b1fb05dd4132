"""Run our rasa-sdk actions in-process: real Tracker and CollectingDispatcher, the demo store, the real domain."""

from __future__ import annotations

import asyncio

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import base
from bot.settings import ROOT

SMS_TENANT = "+4531234567"


@pytest.fixture(scope="session")
def domain() -> dict:
    return yaml.safe_load((ROOT / "domain.yml").read_text())


@pytest.fixture
def store(demo, monkeypatch):
    """The action code reads its settings from the environment, as the action server does."""
    monkeypatch.setenv("DATABASE_URL", demo.database_url)
    monkeypatch.setenv("REPAIRBOT_INSTANCE_DIR", str(demo.instance_dir))
    base.settings.cache_clear()
    yield demo
    base.settings.cache_clear()


def make_tracker(*, text: str = "", intent: str = "inform", slots: dict | None = None, sender: str = "web-test",
                 metadata: dict | None = None, requested: str | None = None, active_loop: str | None = "repair_form",
                 candidates: dict | None = None) -> Tracker:
    """A tracker just after a tenant message; `candidates` are the slots Rasa filled from it (from_text)."""
    values = {"language": "da", "channel": "web", "association": None, "priority": None, "category": None}
    values.update(slots or {})
    if requested:
        values["requested_slot"] = requested
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.95}, "entities": [],
              "metadata": metadata or {}}
    events = [{"event": "user", "text": text, "parse_data": latest, "metadata": metadata or {}}]
    if active_loop:
        events.append({"event": "action", "name": active_loop})
    for name, value in (candidates or {}).items():
        events.append({"event": "slot", "name": name, "value": value})
        values[name] = value
    return Tracker(sender, values, latest, events, False, None, {"name": active_loop} if active_loop else {},
                   "action_listen")


def run(action, tracker: Tracker, domain: dict) -> tuple[list[dict], list[dict]]:
    """The events the action returns and the messages it sends."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain))
    return events, dispatcher.messages


def slot_values(events: list[dict]) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)
