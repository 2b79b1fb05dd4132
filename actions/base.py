"""Shared helpers for actions: settings, the association, language-aware responses from the domain."""

from __future__ import annotations

import random
from functools import lru_cache
from typing import Any

from rasa_sdk import Tracker

from bot.settings import Settings


@lru_cache(maxsize=1)
def settings() -> Settings:
    return Settings.from_env(require_secrets=False)


def language_of(tracker: Tracker, default: str = "da") -> str:
    return tracker.get_slot("language") or default


def metadata(tracker: Tracker) -> dict:
    return (tracker.latest_message or {}).get("metadata") or {}


def render(domain: dict, response: str, language: str, **values: Any) -> str:
    """The text of `response` in `language`, picked from domain.yml's conditional variations."""
    variants = (domain.get("responses") or {}).get(response) or []
    matching = [
        v for v in variants
        if any(c.get("name") == "language" and c.get("value") == language for c in v.get("condition") or [])
    ]
    plain = [v for v in variants if not v.get("condition")]
    chosen = matching or plain
    if not chosen:
        raise KeyError(f"no response {response} in the domain")
    text = random.choice(chosen).get("text", "")
    try:
        return text.format(**values)
    except (KeyError, IndexError):
        return text


def say(dispatcher, domain: dict, response: str, language: str, **values: Any) -> None:
    dispatcher.utter_message(text=render(domain, response, language, **values))
