"""from_parse: what triage decides from Rasa's parse of a message (the shape /model/parse returns)."""

from __future__ import annotations

import pytest

from bot.triage import assess, from_parse


def parse(intent: str, category: str | None = None, confidence: float = 0.9) -> dict:
    selector = {}
    if category:
        selector = {"report_repair": {"response": {"intent_response_key": f"report_repair/{category}",
                                                   "confidence": confidence}}}
    return {"intent": {"name": intent, "confidence": 0.9}, "response_selector": selector}


def test_first_message_sets_language_category_and_priority():
    result = from_parse("the kitchen tap is dripping", parse("report_repair", "water"), month=3)
    assert (result.language, result.intent, result.category, result.priority) == ("en", "report_repair", "water",
                                                                                  "routine")
    result = from_parse("der lugter af gas i køkkenet", parse("report_repair", "gas"), month=3, default_language="en")
    assert (result.language, result.category, result.priority, result.emergencies) == ("da", "gas", "emergency",
                                                                                     ("gas",))


def test_no_repair_described_leaves_category_and_priority_empty():
    result = from_parse("hello", parse("greet", "heating", 0.2), month=1)
    assert (result.category, result.priority) == (None, None)
    result = from_parse("i reported a leak yesterday, any news", parse("check_status", "water"), month=1)
    assert (result.category, result.priority) == (None, None)


def test_a_hazard_counts_even_when_the_model_misses_the_intent():
    result = from_parse("whole flat has no electric", parse("out_of_scope", "fixtures"), month=1)
    assert (result.category, result.priority) == ("electrical", "emergency")


def test_an_urgent_hazard_counts_too_but_not_in_a_question_about_a_report():
    result = from_parse("mug i børneværelset", parse("inform", "damp_mould", 0.4), month=1)
    assert (result.category, result.priority) == ("damp_mould", "urgent")
    result = from_parse("the lift you were fixing, any news?", parse("check_status", "communal"), month=1)
    assert (result.category, result.priority) == (None, None)


def test_an_unsure_model_loses_to_a_clear_keyword():
    result = from_parse("mould all over the bathroom wall", parse("report_repair", "structure", 0.3), month=1)
    assert result.category == "damp_mould"


def test_language_stays_unless_the_tenant_asks_to_switch():
    assert from_parse("ok", parse("affirm"), month=1, current_language="da").language == "da"
    assert from_parse("thanks", parse("thank"), month=1, current_language="da").language == "da"
    assert from_parse("english please", parse("switch_language"), month=1, current_language="da").language == "en"
    assert from_parse("på dansk tak", parse("switch_language"), month=1, current_language="en").language == "da"


def test_an_answer_to_what_is_wrong_describes_the_repair():
    result = from_parse("radiatorerne er kolde", parse("inform"), month=12, answering_problem=True,
                        current_language="da")
    assert (result.category, result.priority) == ("heating", "emergency")


def test_later_answer_raises_but_never_lowers():
    first = from_parse("my ceiling light flickers", parse("report_repair", "electrical"), month=6)
    assert first.priority == "routine"
    later = from_parse("now water is dripping out of the light", parse("inform"), month=6, current_language="en",
                       previous_category=first.category, previous_priority=first.priority)
    # Water reaching electrics is the plumber's job first: the hazard names the category.
    assert (later.category, later.priority) == ("water", "emergency")
    calm = from_parse("it stopped now", parse("inform"), month=6, current_language="en",
                      previous_category=later.category, previous_priority=later.priority)
    assert (calm.category, calm.priority) == ("water", "emergency")


def test_a_close_call_between_two_categories_is_reported_unless_a_word_settles_it():
    from bot.triage.assess import close_call

    def ranked(a: float, b: float) -> dict:
        return {"response_selector": {"report_repair": {"ranking": [
            {"intent_response_key": "report_repair/heating", "confidence": a},
            {"intent_response_key": "report_repair/hot_water", "confidence": b}]}}}

    assert close_call(ranked(0.48, 0.45), "it is playing up again") == ("heating", "hot_water")
    assert close_call(ranked(0.90, 0.05), "it is playing up again") is None
    assert close_call(ranked(0.48, 0.45), "no hot water in the shower") is None  # the words settle it


@pytest.mark.parametrize(("text", "guess", "expected"), [
    ("loftet på badeværelset bliver sort i hjørnet over bruseren", "structure", "damp_mould"),
    ("there are mice droppings in the kitchen cupboard under the sink", "fixtures", "pests"),
    ("the window handle snapped off, and we get loads of condensation so I need to open it", "doors_windows",
     "doors_windows"),
    ("the heating still works fine, but there's no hot water from any tap", "heating", "hot_water"),
    ("the ceiling in the hall has a big crack across it", "structure", "structure"),
])
def test_a_specific_trade_the_message_names_outweighs_a_general_guess(text, guess, expected):
    assert assess(text, month=7, model_category=guess, model_confidence=0.9).category == expected


@pytest.mark.parametrize(("text", "guess", "expected"), [
    ("the kitchen cupboard door is hanging off, and since this morning there's no hot water", "fixtures", "hot_water"),
    ("soveværelsesdøren kan ikke lukke, og radiatoren i stuen er kold", "doors_windows", "heating"),
    ("the sink is blocked and leaking slowly underneath", "drainage", "drainage"),
])
def test_of_two_problems_the_one_a_hazard_makes_serious_is_the_ticket(text, guess, expected):
    assert assess(text, month=1, model_category=guess, model_confidence=0.9).category == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("the lock on the bin store is bust, the door just swings open", "communal"),
    ("opgangsdøren lukker ikke i, den står bare åben", "communal"),
    ("Hoveddøren nede til opgangen smækker ikke i længere", "communal"),
    ("hoveddøren til min lejlighed kan ikke låses", "doors_windows"),
    ("my front door sticks when I open it", "doors_windows"),
])
def test_a_door_of_the_blocks_own_stores_and_entrances_is_a_shared_area_job(text, expected):
    assert assess(text, month=7, model_category="doors_windows", model_confidence=0.9).category == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("oven door hinge has gone, door just drops open n wont stay shut", "fixtures"),
    ("ovnlågen vil ikke lukke", "fixtures"),
    ("kitchen cupboard door hanging off", "fixtures"),
    ("my front door wont lock and the cupboard door is loose", "doors_windows"),
    ("the door to my bedroom is stuck", "doors_windows"),
])
def test_an_appliances_or_cupboards_door_is_the_fittings_job_not_the_homes_doors(text, expected):
    assert assess(text, month=7, model_category="doors_windows", model_confidence=0.9).category == expected


@pytest.mark.parametrize(("text", "guess", "expected"), [
    ("en af vaskemaskinerne i vaskekælderen er gået i stykker", "fixtures", "communal"),
    ("my washing machine is broken", "fixtures", "fixtures"),
    ("a tile above the sink has come loose. There's no water coming out or anything behind it", None, "fixtures"),
    ("der er en flise på gulvet på badeværelset der vipper. den er ikke revnet", None, "fixtures"),
])
def test_the_trade_is_read_from_what_is_wrong_not_from_what_is_ruled_out(text, guess, expected):
    assert assess(text, month=7, model_category=guess, model_confidence=0.9).category == expected
