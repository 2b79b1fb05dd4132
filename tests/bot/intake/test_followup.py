"""Messages after the ticket: questions are answered, news about the same fault joins it, other faults are new."""

from __future__ import annotations

import pytest

from bot.intake.followup import ADD, ANSWER, NEW, classify


@pytest.mark.parametrize(("text", "category", "kinds", "topic"), [
    ("Skal jeg lukke for vandet? Det drypper ned til underboen nu", "water", (ANSWER, ADD), "water_off"),
    ("where's the stop tap?", "water", (ANSWER,), "water_off"),
    ("hvor er hovedhanen", "water", (ANSWER,), "water_off"),
    ("should I switch the power off at the fuse box?", "electrical", (ANSWER,), "power_off"),
    ("Må jeg bruge toilettet?", "drainage", (ANSWER,), "use_it"),
    ("is it safe to sleep here tonight", "electrical", (ANSWER,), "safe"),
    ("what happens now?", "heating", (ANSWER,), "next"),
    ("Hvornår kommer der nogen?", "water", (ANSWER,), "next"),
    ("do you open on saturdays?", "fixtures", (ANSWER,), "general"),
    ("kommer der nogen i morgen", "water", (ANSWER,), "next"),
])
def test_a_question_after_the_ticket_is_answered(text, category, kinds, topic):
    read = classify(text, ticket_category=category)
    assert (read.kinds, read.topic) == (kinds, topic)


@pytest.mark.parametrize(("text", "category"), [
    ("it's dripping through to downstairs now", "water"),
    ("the ceiling downstairs has a big damp patch now", "water"),
    ("Vandet drypper nu ned over lampen i gangen", "water"),
    ("nu er der heller ikke varmt vand", "heating"),
    ("glemte at sige: nøglen ligger hos naboen i nr 12, og hunden er venlig", "pests"),
    ("forgot to say the padlock code on the shed is 4411, I'm at work till 5", "doors_windows"),
])
def test_news_about_the_same_fault_is_added(text, category):
    read = classify(text, ticket_category=category)
    assert read.kinds == (ADD,) and read.news


@pytest.mark.parametrize(("text", "category"), [
    ("also the bathroom light doesn't work", "water"),
    ("Der er også en rotte i køkkenet", "water"),
    ("my front door won't lock either", "heating"),
    ("thanks", "water"),
])
def test_another_fault_or_no_news_is_not_added(text, category):
    assert classify(text, ticket_category=category).kinds == (NEW,)


@pytest.mark.parametrize("text", ["will I have to pay for this?", "koster det noget for mig?",
                                  "betaler jeg selv for det el er det jer"])
def test_a_question_about_the_cost_gets_the_cost_answer(text):
    assert classify(text, ticket_category="fixtures").topic == "cost"


def test_every_question_topic_has_an_answer_in_both_languages():
    import yaml

    from bot.intake.followup import TOPICS
    from bot.settings import ROOT

    responses = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
    for key in [topic for topic, _ in TOPICS if topic != "next"] + ["general"]:
        variants = responses[f"utter_after_ticket_{key}"]
        assert len(variants) == 2 and all(v["text"].strip() for v in variants), key


@pytest.mark.parametrize("text", ["should I keep the windows open in the meantime or will that make it worse?",
                                  "skal jeg lufte ud imens?"])
def test_a_question_about_airing_a_damp_room_gets_the_airing_answer(text):
    assert classify(text, ticket_category="damp_mould").topic == "air_out"


@pytest.mark.parametrize("text", ["skal jeg være hjemme når de kommer, eller kan de selv låse sig ind?",
                                  "do I need to be in when they come?", "can they use the key safe?"])
def test_a_question_about_being_in_for_the_visit_gets_the_access_answer(text):
    assert classify(text, ticket_category="pests").topic == "access"


def test_is_it_safe_is_still_the_safety_question():
    assert classify("is it safe to sleep here tonight?", ticket_category="water").topic == "safe"


@pytest.mark.parametrize("text", ["må jeg låne en el-radiator af min bror og bruge den imens? eller er det farligt",
                                  "can I use a fan heater tonight?", "kan jeg bruge et varmeapparat?"])
def test_a_question_about_a_heater_to_use_meanwhile_gets_the_heater_answer(text):
    assert classify(text, ticket_category="heating").topic == "heater"


def test_a_sentence_going_on_with_or_after_a_question_is_part_of_it_not_news():
    read = classify("må jeg bruge den imens? eller er det farligt", ticket_category="heating")
    assert read.kinds == ("answer",) and read.news == ""
