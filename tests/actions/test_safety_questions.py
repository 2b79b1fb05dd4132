"""The form asks what is wrong after a vague opening, then one safety question while the priority is unsettled."""

from __future__ import annotations

from actions.acknowledge import ActionAcknowledgeReport
from actions.conversation import ActionHandleFallback
from actions.repair_form import ValidateRepairForm
from tests.actions.conftest import SMS_TENANT, make_tracker, run, slot_values, texts


def test_a_vague_opening_is_not_the_problem_and_the_form_asks_what_is_wrong(store, domain):
    for text, lang, question in (("I have a problem at home", "en", "What is wrong?"),
                                 ("hej, der er noget i vejen", "da", "Hvad er der galt?")):
        tracker = make_tracker(text=text, intent="report_repair", active_loop=None, slots={"language": lang})
        events, _ = run(ActionAcknowledgeReport(), tracker, domain)
        assert "problem" not in slot_values(events)
        tracker = make_tracker(text=text, slots={"language": lang})
        assert slot_values(run(ValidateRepairForm(), tracker, domain)[0])["requested_slot"] == "problem"
        assert question in domain_text(domain, "utter_ask_problem", lang)


def test_a_vague_opening_the_model_did_not_read_as_a_report_still_starts_one(store, domain):
    tracker = make_tracker(text="can you help me, there's a problem in my flat", intent="nlu_fallback",
                           active_loop=None, slots={"language": "en"})
    events, _ = run(ActionHandleFallback(), tracker, domain)
    assert any(e.get("event") == "followup" and e.get("name") == "repair_form" for e in events)


def test_a_second_vague_answer_is_taken_as_it_is(store, domain):
    tracker = make_tracker(text="something is wrong", requested="problem", slots={"language": "en"},
                           candidates={"problem": "something is wrong"})
    events, messages = run(ValidateRepairForm(), tracker, domain)
    assert slot_values(events)["problem"] is None and "for example" in texts(messages)
    tracker = make_tracker(text="something is wrong", requested="problem",
                           slots={"language": "en", "failed_attempts": 1.0},
                           candidates={"problem": "something is wrong"})
    assert slot_values(run(ValidateRepairForm(), tracker, domain)[0])["problem"] == "something is wrong"


def test_an_unsettled_report_gets_its_safety_question_before_anything_else(store, domain):
    tracker = make_tracker(text="my gas hob won't light", slots={
        "language": "en", "category": "gas", "priority": "routine", "problem": "my gas hob won't light"})
    assert slot_values(run(ValidateRepairForm(), tracker, domain)[0])["requested_slot"] == "safety_gas"


def test_yes_to_the_gas_question_makes_an_emergency_with_advice_and_only_where_and_who(store, domain):
    for answer, lang, advice in (("ja", "da", "forlad boligen"), ("1", "en", "leave now"), ("/affirm", "en", "leave")):
        tracker = make_tracker(text=answer, intent="affirm", requested="safety_gas", sender=SMS_TENANT,
                               metadata={"channel": "sms"}, slots={
                                   "language": lang, "channel": "sms", "category": "gas", "priority": "routine",
                                   "problem": "gaskomfuret tænder ikke"}, candidates={"safety_gas": answer})
        events, messages = run(ValidateRepairForm(), tracker, domain)
        values = slot_values(events)
        assert values["priority"] == "emergency" and values["safety_gas"] == "yes"
        assert advice in texts(messages).lower()
        assert values["requested_slot"] == "address"


def test_no_to_the_gas_question_keeps_the_priority_and_goes_on(store, domain):
    tracker = make_tracker(text="nej", intent="deny", requested="safety_gas", slots={
        "category": "gas", "priority": "routine", "problem": "gaskomfuret tænder ikke"},
        candidates={"safety_gas": "nej"})
    values = slot_values(run(ValidateRepairForm(), tracker, domain)[0])
    assert values["safety_gas"] == "no" and "priority" not in values
    assert not values["requested_slot"].startswith("safety_")


def test_no_hot_water_and_a_vulnerable_household_is_an_emergency_in_both_languages(store, domain):
    for answer, lang in (("yes", "en"), ("ja", "da")):
        tracker = make_tracker(text=answer, intent="affirm", requested="safety_vulnerable", slots={
            "language": lang, "category": "hot_water", "priority": "urgent", "problem": "no hot water"},
            candidates={"safety_vulnerable": answer})
        values = slot_values(run(ValidateRepairForm(), tracker, domain)[0])
        assert values["priority"] == "emergency"


def test_a_danish_no_to_can_you_lock_your_home_is_an_emergency(store, domain):
    tracker = make_tracker(text="nej", intent="deny", requested="safety_secure", slots={
        "category": "doors_windows", "priority": "routine", "problem": "låsen i hoveddøren er i stykker"},
        candidates={"safety_secure": "nej"})
    assert slot_values(run(ValidateRepairForm(), tracker, domain)[0])["priority"] == "emergency"


def test_an_unclear_answer_is_asked_again_once_then_the_form_moves_on_with_the_number_to_call(store, domain):
    slots = {"language": "en", "category": "water", "priority": "urgent", "problem": "leak under the sink"}
    tracker = make_tracker(text="hmm", requested="safety_water_running", slots=slots,
                           candidates={"safety_water_running": "hmm"})
    events, messages = run(ValidateRepairForm(), tracker, domain)
    assert slot_values(events)["safety_water_running"] is None and "1 for yes" in texts(messages)
    tracker = make_tracker(text="hmm", requested="safety_water_running", slots={**slots, "failed_attempts": 1.0},
                           candidates={"safety_water_running": "hmm"})
    events, messages = run(ValidateRepairForm(), tracker, domain)
    values = slot_values(events)
    assert values["safety_water_running"] == "unknown" and values["requested_slot"] != "safety_water_running"
    assert "call" in texts(messages)


def test_a_hazard_told_instead_of_yes_or_no_joins_the_problem(store, domain):
    text = "it's now dripping onto the light in the hall"
    tracker = make_tracker(text=text, intent="report_repair", requested="safety_water_running", slots={
        "language": "en", "category": "water", "priority": "emergency", "problem": "leak from upstairs"},
        candidates={"safety_water_running": text})
    values = slot_values(run(ValidateRepairForm(), tracker, domain)[0])
    assert values["problem"] == f"leak from upstairs / {text}"
    assert values["requested_slot"] == "address"  # triage made it an emergency: only where and who now


def domain_text(domain: dict, response: str, lang: str) -> str:
    from actions.base import render
    return render(domain, response, lang)


def test_no_question_is_asked_a_third_time_the_answer_is_taken_as_written(store, domain):
    text = "the whole flat, the fuse board is in the hall cupboard"
    tracker = make_tracker(text=text, intent="report_repair", requested="location_in_home", slots={
        "language": "en", "category": "electrical", "priority": "urgent", "problem": "sitting in the dark",
        "safety_power_all": "no", "safety_sparks": "no"})
    asked = {"event": "slot", "name": "requested_slot", "value": "location_in_home"}
    tracker.events[:0] = [asked, {"event": "user", "text": "everywhere"}, asked]
    values = slot_values(run(ValidateRepairForm(), tracker, domain)[0])
    assert values["location_in_home"]  # taken from the words, not asked a third time
    assert values["requested_slot"] != "location_in_home"


def test_a_rejected_phone_number_gets_an_example_from_the_associations_country(store, domain):
    for association, example in (("Demo Homes Bracknell", "07400 123456"), ("Demo Bolig Glostrup", "34 41 23 45")):
        tracker = make_tracker(text="call me maybe", requested="contact_phone", slots={
            "language": "en", "association": association, "category": "fixtures", "priority": "routine",
            "problem": "cupboard door"}, candidates={"contact_phone": "call me maybe"})
        _, messages = run(ValidateRepairForm(), tracker, domain)
        assert example in texts(messages), texts(messages)


def test_two_close_categories_are_asked_about_with_two_options_and_the_answer_sets_the_category(store, domain):
    from actions.ask import ActionAskCategoryChoice

    slots = {"language": "en", "category": "heating", "priority": "urgent", "problem": "the boiler is playing up",
             "category_options": ["heating", "hot_water"]}
    tracker = make_tracker(text="the boiler is playing up", slots=slots)
    assert slot_values(run(ValidateRepairForm(), tracker, domain)[0])["requested_slot"] == "category_choice"
    _, messages = run(ActionAskCategoryChoice(), make_tracker(slots=slots), domain)
    assert [b["title"] for b in messages[0]["buttons"]] == ["Heating", "Hot water"]
    for answer in ("2", "hot_water", "Hot water"):
        tracker = make_tracker(text=answer, requested="category_choice", slots=slots,
                               candidates={"category_choice": answer})
        values = slot_values(run(ValidateRepairForm(), tracker, domain)[0])
        assert values["category"] == "hot_water" and values["category_options"] is None


def test_a_remembered_address_is_confirmed_before_reuse_and_a_no_asks_afresh(store, domain):
    from actions.ask import ActionAskAddressConfirmed

    slots = {"language": "en", "category": "fixtures", "priority": "routine", "problem": "cupboard door came off",
             "location_in_home": "kitchen", "self_help": "declined", "address": "Flat 6, Ashridge Court"}
    tracker = make_tracker(text="cupboard door came off", slots=slots)
    # The address was set in an earlier session of this SMS conversation.
    tracker.events[:0] = [{"event": "slot", "name": "address", "value": "Flat 6, Ashridge Court"},
                          {"event": "session_started"}]
    assert slot_values(run(ValidateRepairForm(), tracker, domain)[0])["requested_slot"] == "address_confirmed"
    _, messages = run(ActionAskAddressConfirmed(), tracker, domain)
    assert "Is it still Flat 6, Ashridge Court?" in texts(messages)
    answer = make_tracker(text="2", requested="address_confirmed", slots=slots,
                          candidates={"address_confirmed": "2"})
    answer.events[:0] = tracker.events[:2]
    values = slot_values(run(ValidateRepairForm(), answer, domain)[0])
    assert values["address_confirmed"] == "no" and values["address"] is None
    assert values["requested_slot"] == "address"
    # Given in this very conversation: never asked.
    fresh = make_tracker(text="cupboard door came off", slots=slots)
    assert slot_values(run(ValidateRepairForm(), fresh, domain)[0]).get("requested_slot") != "address_confirmed"
