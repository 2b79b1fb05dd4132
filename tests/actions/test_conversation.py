"""Conversation actions outside the form: why we ask, a person, fallbacks, status and cancel by the texting number."""

from __future__ import annotations

from actions.conversation import ActionDefaultFallback, ActionExplainWhy, ActionHandleFallback, ActionTalkToHuman
from actions.status import ActionCancelReport, ActionCheckStatus
from tests.actions.conftest import SMS_TENANT, make_tracker, run, slot_values, texts
from tests.actions.test_repair_form import _submit


def test_why_we_ask_depends_on_the_question(store, domain):
    _, messages = run(ActionExplainWhy(), make_tracker(text="why do you need that", intent="ask_why",
                                                        slots={"language": "en"}, requested="address"), domain)
    assert "find your home" in texts(messages)
    _, messages = run(ActionExplainWhy(), make_tracker(text="hvorfor?", intent="ask_why", requested="contact_phone"),
                      domain)
    assert "ringe" in texts(messages)


def test_a_person_in_office_hours_is_the_call_centre(store, domain, monkeypatch):
    monkeypatch.setenv("REPAIRBOT_NOW", "2026-11-26T09:00:00Z")
    _, messages = run(ActionTalkToHuman(), make_tracker(intent="talk_to_human", active_loop=None), domain)
    assert "åbent nu" in texts(messages) and "+4543430000" in texts(messages)


def test_a_person_out_of_hours_is_kindly_emergencies_only(store, domain, monkeypatch):
    monkeypatch.setenv("REPAIRBOT_NOW", "2026-11-26T22:30:00Z")
    _, messages = run(ActionTalkToHuman(), make_tracker(intent="talk_to_human", active_loop=None,
                                                         slots={"language": "en"}), domain)
    text = texts(messages)
    assert "closed" in text and "emergencies" in text and "+4543439999" in text


def test_unclear_messages_are_re_asked_then_the_alternative_offered(store, domain, monkeypatch):
    monkeypatch.setenv("REPAIRBOT_NOW", "2026-11-26T22:30:00Z")
    events, messages = run(ActionHandleFallback(), make_tracker(text="asdfgh", intent="nlu_fallback",
                                                                active_loop=None), domain)
    assert "Undskyld" in texts(messages) and "+4543439999" not in texts(messages)
    assert slot_values(events) == {"failed_attempts": 1.0}
    _, messages = run(ActionDefaultFallback(), make_tracker(text="🙂", intent="nlu_fallback", active_loop=None,
                                                            slots={"failed_attempts": 1.0}), domain)
    assert "+4543439999" in texts(messages)


def test_a_stray_message_after_a_ticket_points_to_the_ticket(store, domain):
    _, messages = run(ActionHandleFallback(), make_tracker(text="ok", intent="affirm", active_loop=None,
                                                           slots={"ticket_reference": "482-9137"}), domain)
    assert "482-9137" in texts(messages)


def test_status_and_cancel_by_the_texting_number(store, domain, monkeypatch):
    monkeypatch.setenv("REPAIRBOT_NOW", "2026-11-26T21:00:00Z")
    reference = slot_values(_submit(store, domain)[0])["ticket_reference"]
    meta = {"channel": "sms", "phone": SMS_TENANT}
    _, messages = run(ActionCheckStatus(), make_tracker(text="hvad er status", intent="check_status",
                                                        sender=SMS_TENANT, metadata=meta, active_loop=None), domain)
    assert reference in texts(messages) and "modtaget" in texts(messages)
    _, messages = run(ActionCheckStatus(), make_tracker(text="status", intent="check_status", sender="+4599999999",
                                                        metadata={"channel": "sms", "phone": "+4599999999"},
                                                        active_loop=None), domain)
    assert reference not in texts(messages)  # another phone learns nothing
    _, messages = run(ActionCancelReport(), make_tracker(text="annuller min anmeldelse", intent="cancel_report",
                                                         sender=SMS_TENANT, metadata=meta, active_loop=None), domain)
    assert f"{reference} er annulleret" in texts(messages)


def test_a_hazard_in_a_message_read_as_unclear_still_starts_a_report(store, domain):
    from actions.conversation import ActionOutOfScope

    tracker = make_tracker(text="gas lugt!!", intent="nlu_fallback", active_loop=None,
                           slots={"category": "gas", "priority": "emergency"})
    events, messages = run(ActionHandleFallback(), tracker, domain)
    assert ("followup", "repair_form") in [(e["event"], e.get("name")) for e in events]
    assert slot_values(events)["problem"] == "gas lugt!!"
    assert "forstod" not in texts(messages)
    events, _ = run(ActionOutOfScope(), tracker, domain)
    assert ("followup", "repair_form") in [(e["event"], e.get("name")) for e in events]


def test_a_second_hello_in_a_row_is_asked_what_is_wrong(store, domain):
    from rasa_sdk import Tracker

    from actions.conversation import ActionGreet

    first = make_tracker(text="hej", intent="greet", active_loop=None)
    events, messages = run(ActionGreet(), first, domain)
    assert events == [] and "Skriv hvad der er galt" in texts(messages)

    hello = {"text": "hejsa godaften :)", "intent": {"name": "greet", "confidence": 0.9}, "entities": []}
    again = Tracker("web-test", first.slots, hello, [*first.events, {"event": "bot", "text": texts(messages)},
                                                     {"event": "user", "text": hello["text"], "parse_data": hello}],
                    False, None, {}, "action_listen")
    events, messages = run(ActionGreet(), again, domain)
    assert messages == [] and events == [{"event": "followup", "timestamp": None, "name": "repair_form"}]


def test_a_message_read_as_a_status_check_that_calls_the_visit_off_cancels(store, domain, monkeypatch):
    monkeypatch.setenv("REPAIRBOT_NOW", "2026-11-26T21:00:00Z")
    reference = slot_values(_submit(store, domain)[0])["ticket_reference"]
    meta = {"channel": "sms", "phone": SMS_TENANT}
    _, messages = run(ActionCheckStatus(), make_tracker(
        text=f"hiya my son has fixed it so no need to come out now, ref {reference}", intent="check_status",
        sender=SMS_TENANT, metadata=meta, active_loop=None, slots={"language": "en"}), domain)
    assert f"Report {reference} is cancelled" in texts(messages)


def test_asking_to_report_a_repair_read_as_a_status_check_starts_the_report(store, domain):
    events, messages = run(ActionCheckStatus(), make_tracker(text="hi can i report a repair", intent="check_status",
                                                             active_loop=None, slots={"language": "en"}), domain)
    assert events == [{"event": "followup", "timestamp": None, "name": "repair_form"}] and messages == []


def test_a_status_question_read_as_why_we_ask_gets_the_status(store, domain, monkeypatch):
    monkeypatch.setenv("REPAIRBOT_NOW", "2026-11-26T21:00:00Z")
    reference = slot_values(_submit(store, domain)[0])["ticket_reference"]
    meta = {"channel": "sms", "phone": SMS_TENANT}
    _, messages = run(ActionExplainWhy(), make_tracker(text="hej igen, hvor langt er I med den?", intent="ask_why",
                                                        sender=SMS_TENANT, metadata=meta, active_loop=None,
                                                        slots={"ticket_reference": reference}), domain)
    assert reference in texts(messages) and "Vi spørger" not in texts(messages)


def test_a_question_the_model_reads_as_a_language_request_is_answered_not_switched(store, domain):
    from actions.conversation import ActionSwitchLanguage

    question = "Skal jeg være hjemme når de kommer, eller kan de låne en nøgle hos viceværten?"
    _, messages = run(ActionSwitchLanguage(), make_tracker(text=question, intent="switch_language", active_loop=None,
                                                           slots={"ticket_reference": "482-9137",
                                                                  "ticket_category": "doors_windows"}), domain)
    assert "nøgle" in texts(messages) and "482-9137" in texts(messages)
    _, messages = run(ActionSwitchLanguage(), make_tracker(text="english please", intent="switch_language",
                                                           active_loop=None, slots={"language": "en"}), domain)
    assert texts(messages) == "OK, I will write in English."
