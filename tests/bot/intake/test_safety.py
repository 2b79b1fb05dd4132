"""The safety-question tree: asked only while a report's priority is unsettled; answers raise it by the policy."""

from __future__ import annotations

import pytest

from bot.intake import safety
from bot.triage import assess
from bot.triage.hazards import find_hazards, mentions_vulnerable

JANUARY, JULY = 1, 7


def ask(category: str | None, text: str, answers: dict | None = None, month: int = JANUARY) -> list[str]:
    triage = assess(text, month=month, model_category=category, model_confidence=0.9)
    return safety.pending(category=category, text=text, hazards=[h.key for h in find_hazards(text)],
                          priority=triage.priority, answers=answers or {}, vulnerable=mentions_vulnerable(text))


def outcome(category: str, text: str, answers: dict, month: int = JANUARY) -> str:
    triage = assess(text, month=month, model_category=category, model_confidence=0.9)
    return safety.priority(hazards=[h.key for h in find_hazards(text)], answers=answers, month=month,
                           vulnerable=mentions_vulnerable(text), current=triage.priority)


# (category, message, the question asked first, the answer that means danger)
QUESTIONS = [
    ("gas", "my gas hob won't light", "safety_gas", "yes"),
    ("gas", "gaskomfuret vil ikke tænde", "safety_gas", "ja"),
    ("fire_safety", "the smoke alarm in the hall is beeping", "safety_fire", "yes"),
    ("fire_safety", "røgalarmen i gangen bipper", "safety_fire", "ja"),
    ("electrical", "the electrics keep tripping", "safety_power_all", "yes"),
    ("electrical", "strømmen bliver ved med at slå fra", "safety_power_all", "1"),
    ("electrical", "the bathroom light doesn't work", "safety_sparks", "yes"),
    ("electrical", "lampen i badeværelset virker ikke", "safety_sparks", "ja"),
    ("water", "there is a leak under the bathroom sink", "safety_water_running", "yes"),
    ("water", "det lækker under håndvasken", "safety_water_running", "ja"),
    ("drainage", "the toilet is blocked", "safety_only_toilet", "yes"),
    ("drainage", "toilettet er stoppet", "safety_only_toilet", "ja"),
    ("drainage", "the shower drain smells and is slow", "safety_sewage", "yes"),
    ("doors_windows", "the front door lock is stiff and the key sticks", "safety_secure", "no"),
    ("doors_windows", "låsen i hoveddøren driller", "safety_secure", "nej"),
    ("structure", "there is a big crack in the living room wall", "safety_structure", "yes"),
    ("structure", "der er en stor revne i væggen i stuen", "safety_structure", "ja"),
    ("communal", "the lift is broken again", "safety_lift", "yes"),
    ("communal", "elevatoren virker ikke", "safety_lift", "ja"),
]


@pytest.mark.parametrize(("category", "text", "slot", "danger"), QUESTIONS)
def test_each_safety_question_is_asked_and_its_danger_answer_makes_an_emergency(category, text, slot, danger):
    asked = ask(category, text)
    assert asked and asked[0] == slot
    answer = safety.interpret(danger)
    assert outcome(category, text, {slot: answer}) == "emergency"
    calm = safety.NO if answer == safety.YES else safety.YES
    assert outcome(category, text, {slot: calm}) != "emergency"


def test_the_heating_question_then_the_vulnerable_question_in_summer():
    text = "the heating isn't working properly"
    assert outcome("heating", text, {}, month=JULY) == "urgent"
    assert ask("heating", text, month=JULY) == ["safety_vulnerable"]  # a total loss: who lives there matters
    assert outcome("heating", text, {"safety_vulnerable": "yes"}, month=JULY) == "emergency"
    assert outcome("heating", text, {"safety_vulnerable": "no"}, month=JULY) == "urgent"


def test_heating_noise_asks_nothing_but_an_unclear_heating_fault_asks_if_all_is_off():
    assert ask("heating", "the radiator makes a loud knocking noise at night") == []
    text = "something is up with the district heating unit"
    assert ask("heating", text) == ["safety_heating_all"]
    assert outcome("heating", text, {"safety_heating_all": "yes"}) == "emergency"  # January: the heating season
    assert outcome("heating", text, {"safety_heating_all": "no"}) == "urgent"  # some radiators: partial loss


def test_no_hot_water_asks_who_lives_there_and_a_vulnerable_household_is_an_emergency():
    for text in ("no hot water since this morning", "der er ikke noget varmt vand"):
        assert ask("hot_water", text) == ["safety_vulnerable"]
        assert outcome("hot_water", text, {"safety_vulnerable": "yes"}) == "emergency"
        assert outcome("hot_water", text, {"safety_vulnerable": "no"}) == "urgent"
    # Said already: no question, straight to the emergency.
    assert outcome("hot_water", "no hot water and my husband just came home from hospital after an operation", {}) \
        == "emergency"


@pytest.mark.parametrize(("category", "text"), [
    ("water", "the kitchen tap drips"),
    ("water", "køkkenhanen drypper lidt"),
    ("water", "it's only a drip into a bowl under the sink"),
    ("drainage", "the toilet is blocked but we have a second toilet upstairs"),
    ("drainage", "toilettet er stoppet, men vi har et ekstra toilet"),
    ("doors_windows", "the bedroom window is draughty"),
    ("doors_windows", "der trækker fra vinduet i soveværelset"),
    ("heating", "only the bedroom radiator is cold, the rest are fine"),
    ("heating", "kun radiatoren på badeværelset er kold"),
    ("fixtures", "a kitchen cupboard door has come off"),
    ("pests", "mice in the kitchen"),
])
def test_a_message_that_settles_the_question_is_not_asked_it(category, text):
    assert ask(category, text) == []


def test_an_emergency_asks_no_safety_question():
    assert ask("gas", "det lugter af gas i opgangen") == []
    assert ask("water", "water is pouring through the ceiling") == []


def test_an_unknown_category_gets_the_general_danger_check():
    assert ask(None, "something is wrong with the thing in the hall") == ["safety_danger"]
    assert outcome(None, "something is wrong with the thing in the hall", {"safety_danger": "yes"}) == "emergency"


@pytest.mark.parametrize(("text", "answer"), [
    ("ja", "yes"), ("Ja!", "yes"), ("yes", "yes"), ("1", "yes"), ("/affirm", "yes"), ("yes it is", "yes"),
    ("nej", "no"), ("Nej tak", "no"), ("no", "no"), ("2", "no"), ("/deny", "no"), ("nope", "no"),
    ("maybe", None), ("", None), ("the kitchen", None),
])
def test_yes_and_no_in_both_languages_and_by_number(text, answer):
    assert safety.interpret(text) == answer


def test_every_question_is_a_safety_slot_with_wording_in_both_languages(domain=None):
    import yaml

    from bot.settings import ROOT
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    for slot in safety.slots():
        assert slot.startswith("safety_") and slot in domain["slots"]
        variants = domain["responses"][f"utter_ask_{slot}"]
        assert len(variants) == 2 and all(v.get("buttons") for v in variants)


def test_an_association_can_override_a_question():
    questions = safety.load(overrides={"safety_structure": {"categories": []}})
    text = "there is a big crack in the bedroom wall"
    assert safety.pending(category="structure", text=text, hazards=[], priority="routine", answers={},
                          questions=questions) == []
    assert safety.pending(category="structure", text=text, hazards=[], priority="routine",
                          answers={}) == ["safety_structure"]


def test_report_text_leaves_out_who_and_where_and_bare_yes_no():
    turns = [("hej", None), ("the light in the hall flickers", "problem"), ("yes", "safety_sparks"),
             ("Brandvej 5, 2600 Glostrup", "address"), ("and now water is dripping onto it", "reporter_name")]
    assert safety.report_text(turns) == "hej / the light in the hall flickers / and now water is dripping onto it"
