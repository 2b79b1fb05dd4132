"""A danger the tenant says is absent is not paged; a fault said with a negation still is."""

from __future__ import annotations

import pytest

from bot.triage import assess
from bot.triage.negation import negated

JANUARY = 1


@pytest.mark.parametrize("text", [
    "I can't smell any gas but the hob won't light",
    "there's no smell of gas, the gas fire just won't light",
    "det lugter ikke af gas, men komfuret tænder ikke",
    "der er ingen gaslugt, fyret viser bare en fejl",
    "the socket stopped working, no sparks or burning smell",
    "stikkontakten virker ikke, der er ingen gnister",
    "nobody is stuck in the lift, it's just out of order",
    "der sidder ikke nogen fast i elevatoren, den er bare i stykker",
    "the smoke alarm chirps, there is no smoke or fire",
    "røgalarmen bipper, men der er ingen røg",
    "the toilet is blocked but we have a second toilet",
    "toilettet er stoppet men vi har et andet toilet",
])
def test_a_danger_said_to_be_absent_is_no_emergency(text):
    assert assess(text, month=JANUARY).priority != "emergency"


@pytest.mark.parametrize("text", [
    "I can't stop the water, it's pouring out",
    "jeg kan ikke stoppe vandet, det fosser ud",
    "no heating at all and it's freezing",
    "ingen varme i hele lejligheden",
    "the front door won't lock",
    "hoveddøren kan ikke låses",
    "not sure if it's gas but something smells like rotten eggs",
    "ved ikke om det er gas, men det lugter af rådne æg",
    "no gas smell but the CO alarm is going off",
    "ingen brand, men der kommer røg fra tørretumbleren",
    "I have no power anywhere in the flat",
])
def test_a_fault_said_with_a_negation_or_a_doubt_is_still_an_emergency(text):
    assert assess(text, month=JANUARY).priority == "emergency"


def test_negated_names_the_absent_sign():
    assert negated("der er ingen gnister", "gnist")
    assert negated("I can't smell gas", "gas")
    assert not negated("I can smell gas", "gas")


def test_hazards_accumulate_over_the_messages_of_one_report():
    first = assess("the light in the hallway flickers", month=JANUARY, model_category="electrical",
                   model_confidence=0.9)
    assert first.priority != "emergency"
    later = assess("and now water is dripping out of it", month=JANUARY, describes_repair=False,
                   previous_category=first.category, previous_priority=first.priority,
                   context="the light in the hallway flickers")
    assert later.priority == "emergency" and later.category == "water"
    # A negation in one message does not reach into the next.
    calm = assess("yes there is", month=JANUARY, describes_repair=False, previous_category="gas",
                  previous_priority="routine", context="I can't smell gas")
    assert calm.priority == "routine"


@pytest.mark.parametrize("text", [
    "my neighbours have been shouting all night",
    "naboerne har råbt hele natten",
    "the balcony rail is wobbly and loose",  # asked about (could it give way?), not paged on its own
])
def test_words_near_a_hazard_are_not_the_hazard(text):
    assert assess(text, month=JANUARY).priority != "emergency"


def test_back_story_about_the_past_is_not_tonights_danger_but_last_night_is():
    story = ("Hi, sorry to write so late. We had a power cut last month and the gas man came last year and said "
             "the boiler was fine. Now the bathroom cupboard door has come off its hinges.")
    assert assess(story, month=JANUARY).priority != "emergency"
    assert assess("The heating went off last night. It is freezing in the flat now.", month=JANUARY).priority \
        == "emergency"
    assert assess("Vi havde strømsvigt for to uger siden. Nu lugter der af gas i køkkenet.", month=JANUARY).priority \
        == "emergency"
