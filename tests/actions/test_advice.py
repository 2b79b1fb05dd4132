"""After every tenant message, one call triages it, gives the advice for new hazards first, in the tenant's language,
then pages: what Rasa sends action_validate_slot_mappings, turn by turn."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.advice import ActionValidateSlotMappings
from tests.actions.conftest import run, slot_values, texts


def _tracker(events: list[dict], sender: str, slots: dict) -> Tracker:
    values = dict(slots)
    for event in events:
        if event["event"] == "slot":
            values[event["name"]] = event["value"]
    latest = next(e["parse_data"] for e in reversed(events) if e["event"] == "user")
    return Tracker(sender, values, latest, events, False, None, {}, "action_listen")


def _user(text: str, intent: str = "report_repair") -> dict:
    return {"event": "user", "text": text, "parse_data": {"text": text, "intent": {"name": intent}}}


def converse(domain: dict, messages: list[str], *, language: str = "en", sender: str = "+4531234567",
             **slots) -> list[tuple[str, dict]]:
    """Each message's reply texts and slot events; the slots a turn returns are set before the next message."""
    events: list[dict] = []
    turns = []
    for message in messages:
        events.append(_user(message))
        returned, sent = run(ActionValidateSlotMappings(), _tracker(events, sender, {"language": language, **slots}),
                             domain)
        events += returned
        turns.append((texts(sent), slot_values(returned)))
    return turns


def test_gas_advice_with_the_gas_line_and_the_alert_notice(store, domain):
    [(text, slots)] = converse(domain, ["I can smell gas"], channel="sms")
    assert "leave now" in text and "+4533954000" in text  # the demo association's gas emergency line
    assert text.index("leave now") < text.index("alerting the on-call team")  # advice first, then the page
    assert slots["priority"] == "emergency" and slots["category"] == "gas" and slots["hazards_advised"] == ["gas"]
    assert slots["page_reference"] not in (None, "waiting")


def test_gas_advice_without_a_page_never_says_alerting(store, domain):
    """Web chat with no phone or address yet: nobody can be paged, so the tenant gets the on-call number."""
    [(text, slots)] = converse(domain, ["I can smell gas"], channel="web", sender="web-advice")
    assert "leave now" in text and "alerting" not in text
    assert "As soon as I have your address or phone number" in text and "+4543439999" in text
    assert slots["page_reference"] == "waiting"


def test_a_hazard_revealed_later_gets_its_own_advice_once(store, domain):
    turns = converse(domain, ["det drypper under køkkenvasken", "nu løber vandet ned i stikkontakten",
                              "og det lugter af gas", "Hovedgaden 12"], language="da", channel="web", sender="web-hz")
    assert "Hold afstand til vandet ved el" not in turns[0][0]
    assert "Hold afstand til vandet ved el" in turns[1][0]
    assert "Lugter du gas" in turns[2][0] and "Hold afstand" not in turns[2][0]
    assert turns[2][0].count("alarmerer jeg vagten") == 0  # the tenant was already told once what happens
    assert "Hold afstand" not in turns[3][0] and "gas" not in turns[3][0].lower()


def test_no_advice_when_no_hazard_was_found(store, domain):
    [(text, slots)] = converse(domain, ["the kitchen tap is dripping"], channel="web", sender="web-tap")
    assert text == "" and slots.get("priority") != "emergency" and "hazards_advised" not in slots


def test_the_language_the_widget_chose_is_the_language_of_the_advice(store, domain):
    events = [_user("I can smell gas")]
    events[0]["parse_data"]["metadata"] = {"language": "da"}
    returned, sent = run(ActionValidateSlotMappings(), _tracker(events, "web-lang", {"language": "en"}), domain)
    assert slot_values(returned)["language"] == "da" and "Lugter du gas" in texts(sent).split("\n")[0]


def test_a_room_answer_that_mentions_a_small_leak_does_not_raise_the_window_report(store, domain):
    from actions.triage import triage
    from tests.actions.conftest import make_tracker

    tracker = make_tracker(text="ved radiatoren, den der drypper lidt", requested="location_in_home",
                           slots={"category": "doors_windows", "priority": "routine",
                                  "problem": "vinduet kan kun lukkes hvis man trykker hårdt"})
    assert "priority" not in {e["name"] for e in triage(tracker)}
    danger = make_tracker(text="i køkkenet, og nu lugter det af gas", requested="location_in_home",
                          slots={"category": "doors_windows", "priority": "routine", "problem": "vinduet klemmer"})
    assert {e["name"]: e["value"] for e in triage(danger)}["priority"] == "emergency"
