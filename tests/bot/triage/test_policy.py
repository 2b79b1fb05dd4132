"""The priority policy: winter rule, vulnerable rule, per-association overrides; priority never goes down."""

from __future__ import annotations

from bot.triage import assess
from bot.triage.hazards import HAZARDS
from bot.triage.policy import Policy, highest

HAZARD = {h.key: h for h in HAZARDS}


def test_winter_rule_follows_the_associations_months():
    policy = Policy.from_overrides({"winter_months": [11, 12, 1, 2]})
    assert policy.hazard_priority(HAZARD["no_heating"], month=12, vulnerable=False) == "emergency"
    assert policy.hazard_priority(HAZARD["no_heating"], month=4, vulnerable=False) == "urgent"
    assert Policy().hazard_priority(HAZARD["no_heating"], month=4, vulnerable=False) == "emergency"
    assert Policy().hazard_priority(HAZARD["no_heating"], month=5, vulnerable=False) == "urgent"


def test_vulnerable_rule_applies_to_hot_water_only():
    policy = Policy()
    assert policy.hazard_priority(HAZARD["no_hot_water"], month=7, vulnerable=True) == "emergency"
    assert policy.hazard_priority(HAZARD["no_hot_water"], month=7, vulnerable=False) == "urgent"
    assert policy.hazard_priority(HAZARD["lift_broken"], month=7, vulnerable=True) == "urgent"


def test_category_floor_override_raises_a_category():
    policy = Policy.from_overrides({"category_floor": {"pests": "urgent"}})
    assert assess("mice in the cupboard", month=7, model_category="pests", model_confidence=0.9,
                  policy=policy).priority == "urgent"


def test_priority_never_goes_down_in_a_conversation():
    first = assess("water pouring through the ceiling", month=7)
    assert first.priority == "emergency"
    later = assess("it's only a small drip now", month=7, previous_category=first.category,
                   previous_priority=first.priority)
    assert (later.category, later.priority) == ("water", "emergency")
    calm = assess("kitchen", month=7, describes_repair=False, previous_category="water", previous_priority="urgent")
    assert calm.priority == "urgent"


def test_a_later_answer_revealing_a_hazard_raises_priority_and_category():
    first = assess("the socket in the bedroom isn't working", month=7, model_category="electrical",
                   model_confidence=0.9)
    assert first.priority in ("routine", "urgent")
    later = assess("oh and it smells of burning and there were sparks", month=7, describes_repair=False,
                   previous_category=first.category, previous_priority=first.priority)
    assert (later.category, later.priority, later.emergencies) == ("electrical", "emergency", ("electrics_danger",))
    # A gas smell mentioned while giving access notes: the emergency's category wins.
    notes = assess("im in after 6. also there is a smell of gas by the meter", month=7, describes_repair=False,
                   previous_category="fixtures", previous_priority="routine")
    assert (notes.category, notes.priority) == ("gas", "emergency")


def test_model_cannot_lower_the_safety_net():
    result = assess("the lift is stuck and my neighbour is trapped inside", month=7, model_category="fixtures",
                    model_confidence=0.99)
    assert (result.category, result.priority) == ("communal", "emergency")


def test_highest():
    assert highest(None, "routine", "urgent") == "urgent"
    assert highest("emergency", "routine") == "emergency"
    assert highest(None, None) is None
