"""Hazard advice is sent once, first, in the tenant's language, from the step Rasa delivers messages of."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.advice import ActionValidateSlotMappings
from tests.actions.conftest import run, texts


def _tracker(events: list[dict], language: str = "en", **extra) -> Tracker:
    slots = {"language": language, "association": None, **extra}
    for event in events:
        if event["event"] == "slot":
            slots[event["name"]] = event["value"]
    latest = next(e["parse_data"] for e in reversed(events) if e["event"] == "user")
    return Tracker("+4531234567", slots, latest, events, False, None, {}, "action_listen")


def _user(text: str) -> dict:
    return {"event": "user", "text": text, "parse_data": {"text": text, "intent": {"name": "report_repair"}}}


def _advised(*keys: str) -> dict:
    return {"event": "slot", "name": "hazards_advised", "value": list(keys)}


def test_gas_advice_with_the_gas_line_and_the_alert_notice(store, domain):
    tracker = _tracker([_user("I can smell gas"), _advised("gas")], channel="sms", priority="emergency",
                       category="gas")
    _, messages = run(ActionValidateSlotMappings(), tracker, domain)
    text = texts(messages)
    assert "leave now" in text and "+4533954000" in text  # the demo association's gas emergency line
    assert text.index("leave now") < text.index("alerting the on-call team")  # advice first, then the page


def test_gas_advice_without_a_page_never_says_alerting(store, domain):
    """Web chat with no phone or address yet: nobody can be paged, so the tenant gets the on-call number."""
    tracker = _tracker([_user("I can smell gas"), _advised("gas")], channel="web", priority="emergency",
                       category="gas")
    _, messages = run(ActionValidateSlotMappings(), tracker, domain)
    text = texts(messages)
    assert "leave now" in text and "alerting" not in text
    assert "As soon as I have your address or phone number" in text and "+4543439999" in text


def test_a_hazard_revealed_later_gets_its_own_advice_once(store, domain):
    events = [_user("leak under the sink"), _user("water is now on the sockets"), _advised("electrics_danger")]
    _, messages = run(ActionValidateSlotMappings(), _tracker(events, "da"), domain)
    assert "Rør det ikke" in texts(messages)
    events = events + [_user("and now the ceiling is dripping badly"), _advised("electrics_danger", "flood")]
    _, messages = run(ActionValidateSlotMappings(), _tracker(events, "da"), domain)
    assert "stophanen" in texts(messages) and "Rør det ikke" not in texts(messages)
    assert "alarmerer vagten" not in texts(messages)  # the tenant was already told once


def test_no_advice_when_no_hazard_was_found(store, domain):
    events = [_user("gas smell"), _advised("gas"), _user("Hovedgaden 12")]
    assert run(ActionValidateSlotMappings(), _tracker(events), domain)[1] == []
