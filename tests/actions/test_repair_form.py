"""The repair form's actions as the action server runs them: corrections, emergencies, self-help, addresses."""

from __future__ import annotations

import pytest

from actions.acknowledge import ActionAcknowledgeReport
from actions.ask import ActionAskAddress, ActionAskAddressChecked, ActionAskSelfHelp
from actions.repair_form import ValidateRepairForm
from actions.submit import ActionSubmitReport
from bot.db import session_scope
from bot.tickets.models import Ticket
from tests.actions.conftest import SMS_TENANT, make_tracker, run, slot_values, texts

DK_ADDRESS = "Hovedgaden 12, 2. tv, 2600 Glostrup"


def test_a_danish_house_number_correction_fixes_the_address_not_the_name(store, domain):
    tracker = make_tracker(text="undskyld, det er nr. 14", requested="reporter_name",
                           slots={"problem": "vandhanen drypper", "location_in_home": "køkken", "address": DK_ADDRESS},
                           candidates={"reporter_name": "undskyld, det er nr. 14"})
    events, messages = run(ValidateRepairForm(), tracker, domain)
    values = slot_values(events)
    assert values["address"] == "Hovedgaden 14, 2. tv, 2600 Glostrup"
    assert values["reporter_name"] is None  # the name is still to be asked, without a telling-off
    assert messages == []


def test_an_english_correction_sorry_14_not_12(store, domain):
    tracker = make_tracker(text="sorry, 14 not 12", requested="contact_phone", slots={
        "language": "en", "problem": "tap leaking", "location_in_home": "kitchen", "address": DK_ADDRESS,
        "reporter_name": "Anna Jensen"}, candidates={"contact_phone": "sorry, 14 not 12"})
    events, messages = run(ValidateRepairForm(), tracker, domain)
    values = slot_values(events)
    assert values["address"].startswith("Hovedgaden 14")
    assert values["contact_phone"] is None
    assert "phone number" not in texts(messages)


def test_several_answers_in_one_message_fill_several_questions(store, domain):
    text = "Hovedgaden 12, 2. tv, 2600 Glostrup, my name is Anna Jensen, call 20 12 34 56"
    tracker = make_tracker(text=text, requested="address", slots={
        "language": "en", "problem": "tap leaking", "location_in_home": "kitchen", "category": "water",
        "priority": "routine"}, candidates={"address": text})
    values = slot_values(run(ValidateRepairForm(), tracker, domain)[0])
    assert values["reporter_name"] == "Anna Jensen"
    assert values["contact_phone"] == "+4520123456"
    assert values["address"]


def test_an_sms_emergency_asks_only_where_and_who(store, domain):
    tracker = make_tracker(text="det lugter af gas i opgangen", intent="report_repair", sender=SMS_TENANT,
                           metadata={"channel": "sms", "phone": SMS_TENANT}, slots={
                               "channel": "sms", "category": "gas", "priority": "emergency",
                               "problem": "det lugter af gas i opgangen"})
    events, _ = run(ValidateRepairForm(), tracker, domain)
    values = slot_values(events)
    assert values["contact_phone"] == SMS_TENANT  # the number they text from: no question about it
    assert values["requested_slot"] == "address"
    tracker = make_tracker(text="Mette Hansen", sender=SMS_TENANT, requested="reporter_name", slots={
        "channel": "sms", "category": "gas", "priority": "emergency", "problem": "gas",
        "address": DK_ADDRESS, "contact_phone": SMS_TENANT}, candidates={"reporter_name": "Mette Hansen"})
    values = slot_values(run(ValidateRepairForm(), tracker, domain)[0])
    assert values["requested_slot"] is None  # done: no room, no access questions in an emergency


def test_a_hazard_revealed_late_goes_to_the_problem_not_the_room(store, domain):
    text = "now water is pouring through the ceiling onto the lights"
    tracker = make_tracker(text=text, intent="report_repair", requested="location_in_home", slots={
        "language": "en", "category": "water", "priority": "emergency", "problem": "small leak under the sink"},
        candidates={"location_in_home": text})
    values = slot_values(run(ValidateRepairForm(), tracker, domain)[0])
    assert values["problem"] == f"small leak under the sink / {text}"
    assert values.get("location_in_home") is None
    assert values["requested_slot"] == "address"


def test_self_help_is_offered_for_a_cold_radiator_and_ends_the_report_when_it_works(store, domain):
    slots = {"category": "heating", "priority": "urgent", "problem": "radiatoren i stuen er kold foroven",
             "location_in_home": "stue"}
    _, messages = run(ActionAskSelfHelp(), make_tracker(slots=slots, requested="self_help"), domain)
    assert "luft den ud" in messages[0]["text"]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/affirm", "/deny"]
    tracker = make_tracker(text="/affirm", intent="affirm", slots=slots, requested="self_help",
                           candidates={"self_help": "/affirm"})
    events, messages = run(ValidateRepairForm(), tracker, domain)
    values = slot_values(events)
    assert values["self_help"] == "fixed"
    assert values["requested_slot"] is None
    assert "ikke anmeldt" in texts(messages)


def test_self_help_that_did_not_help_continues_the_report(store, domain):
    slots = {"language": "en", "category": "electrical", "priority": "urgent",
             "problem": "no power in the kitchen sockets"}
    tracker = make_tracker(text="still nothing", intent="deny", slots=slots, requested="self_help",
                           candidates={"self_help": "still nothing"})
    values = slot_values(run(ValidateRepairForm(), tracker, domain)[0])
    assert values["self_help"] == "declined"
    assert values.get("requested_slot", "the next question") is not None  # the form goes on


def test_no_self_help_for_an_emergency(store, domain):
    slots = {"category": "electrical", "priority": "emergency", "problem": "no power at all, sparks from socket"}
    values = slot_values(run(ValidateRepairForm(), make_tracker(slots=slots, intent="report_repair"), domain)[0])
    assert values["requested_slot"] == "address"


def test_several_matching_homes_are_offered_as_numbered_options(store, domain):
    slots = {"category": "fixtures", "priority": "routine", "problem": "skab", "location_in_home": "køkken"}
    tracker = make_tracker(text="Hovedgaden 12 2 2600 Glostrup", requested="address", slots=slots,
                           candidates={"address": "Hovedgaden 12 2 2600 Glostrup"})
    values = slot_values(run(ValidateRepairForm(), tracker, domain)[0])
    assert values["address"] is None
    options = values["address_options"]
    assert len(options) >= 2 and all(o.startswith("Hovedgaden 12, 2.") for o in options)
    asked = make_tracker(slots={**slots, **values}, requested="address")
    _, messages = run(ActionAskAddress(), asked, domain)
    assert [b["title"] for b in messages[0]["buttons"]][:-1] == options
    assert messages[0]["buttons"][-1]["title"] == "Ingen af dem"
    chosen = make_tracker(text="2", requested="address", slots={**slots, **values}, candidates={"address": "2"})
    assert slot_values(run(ValidateRepairForm(), chosen, domain)[0])["address"] == options[1]
    none = make_tracker(text="/deny", intent="deny", requested="address", slots={**slots, **values},
                        candidates={"address": "/deny"})
    assert slot_values(run(ValidateRepairForm(), none, domain)[0])["address"] == "Hovedgaden 12 2 2600 Glostrup"


def test_two_failed_answers_offer_the_emergency_line_out_of_hours(store, domain, monkeypatch):
    monkeypatch.setenv("REPAIRBOT_NOW", "2026-11-28T22:00:00Z")  # a Saturday night
    slots = {"language": "en", "category": "fixtures", "priority": "routine", "problem": "door", "address": "x 1",
             "location_in_home": "kitchen", "reporter_name": "Anna"}
    first = make_tracker(text="no idea", requested="contact_phone", slots=slots,
                         candidates={"contact_phone": "no idea"})
    events, messages = run(ValidateRepairForm(), first, domain)
    assert "phone number" in texts(messages) and "+4543439999" not in texts(messages)
    second = make_tracker(text="???", requested="contact_phone", slots={**slots, **slot_values(events)},
                          candidates={"contact_phone": "???"})
    _, messages = run(ValidateRepairForm(), second, domain)
    assert "+4543439999" in texts(messages) and "112" in texts(messages)


def _submit(store, domain, **slots):
    values = {"language": "da", "channel": "sms", "category": "water", "priority": "routine",
              "problem": "vandhanen drypper", "location_in_home": "køkken", "address": DK_ADDRESS,
              "reporter_name": "Mette Hansen", "contact_phone": SMS_TENANT, "access_notes": "-"}
    values.update(slots)
    return run(ActionSubmitReport(), make_tracker(slots=values, sender=SMS_TENANT, active_loop=None), domain)


def test_a_report_out_of_hours_says_when_the_office_will_be_in_touch(store, domain, monkeypatch):
    monkeypatch.setenv("REPAIRBOT_NOW", "2026-11-27T21:00:00Z")  # Friday night in Copenhagen
    events, messages = _submit(store, domain)
    reference = slot_values(events)["ticket_reference"]
    text = texts(messages)
    assert reference in text
    assert "næste hverdag, mandag den 30. november" in text
    with session_scope(store.database_url) as session:
        ticket = session.query(Ticket).filter_by(reference=reference).one()
        assert ticket.problem == "vandhanen drypper" and ticket.contact_phone == SMS_TENANT


@pytest.mark.parametrize(("now", "language", "wording"), [
    ("2026-11-26T01:30:00Z", "da", "kontakter dig i dag fra kl. 8.00"),  # 02:30 on a Thursday: opens that morning
    ("2026-11-26T01:30:00Z", "en", "will contact you today from 8:00"),
    ("2026-11-25T20:00:00Z", "da", "kontakter dig i morgen, torsdag den 26. november"),
    ("2026-11-25T20:00:00Z", "en", "will contact you tomorrow, Thursday 26 November"),
])
def test_the_office_opening_is_said_from_the_tenants_day(store, domain, monkeypatch, now, language, wording):
    monkeypatch.setenv("REPAIRBOT_NOW", now)
    _, messages = _submit(store, domain, language=language)
    assert wording in texts(messages)
    assert "næste hverdag" not in texts(messages) and "next working day" not in texts(messages)


def test_a_report_in_office_hours_gives_the_call_centre_number(store, domain, monkeypatch):
    monkeypatch.setenv("REPAIRBOT_NOW", "2026-11-26T09:00:00Z")  # Thursday morning
    _, messages = _submit(store, domain, language="en")
    assert "call centre is open now on +4543430000" in texts(messages)


def test_a_second_report_of_the_same_fault_is_told_about_the_first(store, domain, monkeypatch):
    monkeypatch.setenv("REPAIRBOT_NOW", "2026-11-26T21:00:00Z")
    first = slot_values(_submit(store, domain)[0])["ticket_reference"]
    _, messages = _submit(store, domain, problem="det drypper stadig fra hanen i køkkenet")
    assert f"allerede din anmeldelse {first}" in texts(messages)


def test_nothing_is_reported_when_self_help_worked(store, domain):
    events, messages = _submit(store, domain, self_help="fixed")
    assert "ticket_reference" not in slot_values(events)
    with session_scope(store.database_url) as session:
        assert session.query(Ticket).count() == 0


def test_a_new_report_after_a_ticket_keeps_who_and_where(store, domain):
    tracker = make_tracker(text="and the bedroom window is stuck", intent="report_repair", active_loop=None, slots={
        "language": "en", "ticket_reference": "482-9137", "problem": "tap", "address": DK_ADDRESS,
        "reporter_name": "Anna", "contact_phone": "+4520123456", "access_notes": "-"})
    events, messages = run(ActionAcknowledgeReport(), tracker, domain)
    values = slot_values(events)
    assert values["problem"] == "and the bedroom window is stuck"
    assert values["location_in_home"] == "bedroom"
    assert values["access_notes"] is None and values["ticket_reference"] is None
    assert "address" not in values and "reporter_name" not in values
    assert "Sorry to hear" in texts(messages)


def test_a_partial_address_then_the_flat_in_words_picks_the_home(store, domain):
    slots = {"category": "fixtures", "priority": "routine", "problem": "skab", "location_in_home": "køkken"}
    tracker = make_tracker(text="Hovedgaden 12, 2600 Glostrup", requested="address", slots=slots,
                           candidates={"address": "Hovedgaden 12, 2600 Glostrup"})
    values = slot_values(run(ValidateRepairForm(), tracker, domain)[0])
    assert "Hovedgaden 12, 2. tv, 2600 Glostrup" in values["address_options"]
    answer = make_tracker(text="2. tv", requested="address", slots={**slots, **values}, candidates={"address": "2. tv"})
    assert slot_values(run(ValidateRepairForm(), answer, domain)[0])["address"] == "Hovedgaden 12, 2. tv, 2600 Glostrup"


def test_a_fourth_home_reporting_no_heating_is_told_the_team_already_knows(store, domain, monkeypatch):
    monkeypatch.setenv("REPAIRBOT_NOW", "2026-11-26T21:00:00Z")
    for number, floor in (("10", "st. th"), ("10", "1. th"), ("12", "st. th")):
        _, messages = _submit(store, domain, category="heating", priority="emergency",
                              problem=f"ingen varme i nr {number} {floor}", contact_phone=f"+452050{number}01",
                              address=f"Hovedgaden {number}, {floor}, 2600 Glostrup")
        assert "Vagten er alarmeret" in texts(messages) or "kender allerede" in texts(messages)
    _, messages = _submit(store, domain, category="heating", priority="emergency", problem="ingen varme her",
                          address="Hovedgaden 14, 3. tv, 2600 Glostrup", contact_phone="+4520501499")
    assert "kender allerede til et problem i jeres bygning" in texts(messages)


def test_a_name_the_model_took_for_a_greeting_or_request_is_still_the_answer(store, domain):
    slots = {"language": "en", "category": "fixtures", "priority": "routine", "problem": "fan broken",
             "location_in_home": "bathroom", "address": DK_ADDRESS}
    for intent, text in (("out_of_scope", "Ben Clarke"), ("switch_language", "Daniel Evans"), ("greet", "George Hall")):
        tracker = make_tracker(text=text, intent=intent, requested="reporter_name", slots=slots)
        assert slot_values(run(ValidateRepairForm(), tracker, domain)[0])["reporter_name"] == text
    for intent, text in (("ask_why", "why do you need that?"), ("switch_language", "english please"),
                         ("greet", "hello")):
        tracker = make_tracker(text=text, intent=intent, requested="reporter_name", slots=slots)
        assert "reporter_name" not in slot_values(run(ValidateRepairForm(), tracker, domain)[0])


def test_a_report_without_a_triaged_category_is_filed_by_its_words(store, domain):
    events, _ = _submit(store, domain, category=None, problem="vi har intet varmt vand og en baby på 3 måneder")
    with session_scope(store.database_url) as session:
        ticket = session.query(Ticket).filter_by(reference=slot_values(events)["ticket_reference"]).one()
        assert ticket.category == "hot_water"


def test_an_address_not_in_the_register_is_read_back_once_then_kept(store, domain):
    slots = {"language": "da", "category": "fixtures", "priority": "routine", "problem": "skabslåge er faldet af",
             "location_in_home": "køkken"}
    given = make_tracker(text="Stationsvej 5, 1. th", requested="address", slots=slots,
                         candidates={"address": "Stationsvej 5, 1. th"})
    values = slot_values(run(ValidateRepairForm(), given, domain)[0])
    assert values["address"] == "Stationsvej 5, 1. th" and values["requested_slot"] == "address_checked"
    _, messages = run(ActionAskAddressChecked(), make_tracker(slots={**slots, **values}), domain)
    assert 'kan ikke finde "Stationsvej 5, 1. th"' in texts(messages)
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/affirm", "/deny"]
    # "No, I will correct it", then another unknown address: taken as written, never asked about again.
    wrong = make_tracker(text="/deny", intent="deny", requested="address_checked", slots={**slots, **values},
                         candidates={"address_checked": "/deny"})
    values = {**values, **slot_values(run(ValidateRepairForm(), wrong, domain)[0])}
    assert values["address"] is None and values["requested_slot"] == "address"
    again = make_tracker(text="Stationsvej 15, 1. th", requested="address", slots={**slots, **values},
                         candidates={"address": "Stationsvej 15, 1. th"})
    values = {**values, **slot_values(run(ValidateRepairForm(), again, domain)[0])}
    assert values["address"] == "Stationsvej 15, 1. th" and values["requested_slot"] == "reporter_name"


def test_a_corrected_address_typed_at_the_read_back_is_matched_to_the_register(store, domain):
    slots = {"language": "da", "category": "fixtures", "priority": "routine", "problem": "skabslåge er faldet af",
             "location_in_home": "køkken", "address": "Hovedgaden 99, 2. tv", "address_unmatched": True}
    typed = make_tracker(text=DK_ADDRESS, requested="address_checked", slots=slots,
                         candidates={"address_checked": DK_ADDRESS})
    values = slot_values(run(ValidateRepairForm(), typed, domain)[0])
    assert values["address_checked"] == "corrected" and values["address"].startswith("Hovedgaden 12, 2. tv")
    assert values["requested_slot"] == "reporter_name"


def test_a_home_in_the_register_is_not_read_back(store, domain):
    slots = {"language": "da", "category": "fixtures", "priority": "routine", "problem": "skabslåge er faldet af",
             "location_in_home": "køkken"}
    tracker = make_tracker(text=DK_ADDRESS, requested="address", slots=slots, candidates={"address": DK_ADDRESS})
    values = slot_values(run(ValidateRepairForm(), tracker, domain)[0])
    assert values["requested_slot"] == "reporter_name" and not values.get("address_unmatched")


@pytest.mark.parametrize(("language", "text"), [("da", "radiatoren i stuen er kold foroven"),
                                                ("en", "the radiator in the lounge is cold at the top")])
def test_the_first_reply_never_promises_a_report_that_a_self_help_tip_may_make_unneeded(store, domain, language,
                                                                                       text):
    tracker = make_tracker(text=text, intent="report_repair", active_loop=None,
                           slots={"language": language, "category": "heating", "priority": "routine"})
    _, messages = run(ActionAcknowledgeReport(), tracker, domain)
    said = texts(messages).lower()
    assert said and "registrerer" not in said and "log it" not in said


def test_an_answer_read_as_more_problem_is_taken_as_the_answer_the_second_time(store, domain):
    """ "all of it, every room" read as a report again and again must not loop on "Where in your home is it?"."""
    from rasa_sdk import Tracker

    text = "all of it, every room. fuse board is in the cupboard by the front door if that helps"
    slots = {"language": "en", "channel": "sms", "association": None, "category": "electrical", "priority": "routine",
             "problem": "the lights flicker in every room", "requested_slot": "location_in_home",
             "location_in_home": text}
    latest = {"text": text, "intent": {"name": "report_repair", "confidence": 0.9}, "entities": [], "metadata": {}}
    events = [{"event": "slot", "name": "requested_slot", "value": "location_in_home"},
              {"event": "user", "text": text, "parse_data": latest},
              {"event": "action", "name": "repair_form"},
              {"event": "user", "text": text, "parse_data": latest},
              {"event": "action", "name": "repair_form"},
              {"event": "slot", "name": "location_in_home", "value": text}]
    tracker = Tracker("+4526100001", slots, latest, events, False, None, {"name": "repair_form"}, "action_listen")
    values = slot_values(run(ValidateRepairForm(), tracker, domain)[0])
    assert values.get("location_in_home") and values.get("requested_slot") != "location_in_home"
