"""Shared helpers for actions: settings, the association, language-aware responses from the domain."""

from __future__ import annotations

import random
from functools import lru_cache
from typing import Any

import yaml
from rasa_sdk import Tracker

from bot import clock
from bot.associations import service as associations
from bot.db import session_scope
from bot.hours import OfficeHours
from bot.intake.safety import report_text
from bot.settings import ROOT, Settings

FAILED_TRIES_BEFORE_ALTERNATIVE = 2


@lru_cache(maxsize=1)
def settings() -> Settings:
    return Settings.from_env(require_secrets=False)


def text_of(tracker: Tracker) -> str:
    """The tenant's latest message as written ("" when there is none)."""
    return (tracker.latest_message or {}).get("text") or ""


def intent_of(tracker: Tracker) -> str | None:
    """The model's intent for the tenant's latest message."""
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def language_of(tracker: Tracker, default: str = "da") -> str:
    return tracker.get_slot("language") or default


def metadata(tracker: Tracker) -> dict:
    return (tracker.latest_message or {}).get("metadata") or {}


@lru_cache(maxsize=1)
def domain_file_responses() -> dict:
    """The responses of this checkout's domain.yml, read once, on first use.

    The action endpoint is selective (bot/rasa_endpoints.py): Rasa sends its domain only to the actions that need
    it (validate_*), so the others render from the same file Rasa was trained on (the image ships it beside bot/).
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return (yaml.load((ROOT / "domain.yml").read_text(encoding="utf-8"), Loader=loader) or {}).get("responses") or {}


def responses(domain: dict | None) -> dict:
    """The responses Rasa sent with the call, else those of domain.yml."""
    return (domain or {}).get("responses") or domain_file_responses()


def render(domain: dict, response: str, language: str, **values: Any) -> str:
    """The text of `response` in `language`, picked from domain.yml's conditional variations."""
    variants = responses(domain).get(response) or []
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


def say_with_buttons(dispatcher, domain: dict, response: str, language: str, buttons: list[tuple[str, str]],
                     **values: Any) -> None:
    """A reply with options: quick replies in web chat, numbered options on SMS (bot/messages/render.py)."""
    dispatcher.utter_message(text=render(domain, response, language, **values),
                             buttons=[{"title": title, "payload": payload} for title, payload in buttons])


def association(tracker: Tracker):
    """The conversation's housing association (the first configured one when none is known)."""
    with session_scope(settings().database_url) as session:
        found = associations.resolve(session=session, ref=tracker.get_slot("association")
                                     or metadata(tracker).get("association"))
        if found is not None:
            session.expunge(found)
        return found


def offer_alternative(dispatcher, domain: dict, tracker: Tracker) -> None:
    """After failed tries: a person while the call centre is open, else the on-call and emergency lines."""
    found = association(tracker)
    lang = language_of(tracker)
    if found is None:
        return
    if OfficeHours.for_association(found).is_open(clock.now()):
        say(dispatcher, domain, "utter_offer_alternative_open", lang, phone=found.call_centre_phone)
    else:
        say(dispatcher, domain, "utter_offer_alternative_closed", lang,
            phone=found.out_of_hours_phone or found.call_centre_phone, emergency=found.emergency_number)


def reask(dispatcher, domain: dict, tracker: Tracker, response: str, **values: Any) -> dict:
    """A short, kind re-ask; from the second failed try on, also the alternative. Returns the counter's slot."""
    tries = int(tracker.get_slot("failed_attempts") or 0) + 1
    say(dispatcher, domain, response, language_of(tracker), **values)
    if tries >= FAILED_TRIES_BEFORE_ALTERNATIVE:
        offer_alternative(dispatcher, domain, tracker)
    return {"failed_attempts": float(tries)}


def report_turns(tracker: Tracker) -> list[tuple[str, str | None]]:
    """The tenant's messages of the report under way, each with the slot that was being asked when it came.

    A report starts after the last ticket was filed (action_submit_report) in this conversation.
    """
    turns: list[tuple[str, str | None]] = []
    requested = None
    for event in tracker.events or []:
        kind = event.get("event")
        if kind == "action" and event.get("name") == "action_submit_report":
            turns, requested = [], None
        elif kind == "slot" and event.get("name") == "requested_slot":
            requested = event.get("value")
        elif kind == "active_loop" and not (event.get("name")):
            requested = None
        elif kind == "user":
            turns.append((event.get("text") or "", requested))
    return turns


def earlier_report_text(tracker: Tracker) -> str:
    """What the tenant said in this report before the latest message (bot.intake.safety.report_text)."""
    from_events = report_turns(tracker)
    return report_text(from_events[:-1]) if from_events else ""


def times_answered(tracker: Tracker, slot: str) -> int:
    """How many earlier messages of this report came while the form was asking for `slot`."""
    return sum(1 for _, requested in report_turns(tracker)[:-1] if requested == slot)
