"""Combine the model's parse, the keyword lexicon and the hazard safety net into one triage."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.triage import language as languages
from bot.triage.categories import (
    CATEGORIES,
    WEIGHT_STRONG,
    appliance_door,
    keyword_category,
    keyword_scores,
    shared_place,
)
from bot.triage.hazards import across_messages, find_hazards, mentions_vulnerable
from bot.triage.policy import Policy, highest
from bot.triage.story import is_long, repair_sentences
from bot.triage.vague import is_vague

# Below this the model's category guess loses to a clear keyword match.
MODEL_CONFIDENCE = 0.6
STRONG_TERM = WEIGHT_STRONG
REPAIR_INTENT = "report_repair"
ABOUT_A_REPORT_INTENTS = ("check_status", "cancel_report")  # a report already made
# A model guess of the key's general trade yields to a clear term of a specific one the message names.
SPECIFIC_OVER = {
    "structure": ("damp_mould", "pests"),
    "fixtures": ("gas", "damp_mould", "pests"),
    "electrical": ("gas",),
    "drainage": ("pests",),
}


@dataclass(frozen=True)
class Triage:
    category: str | None
    priority: str | None
    hazards: tuple[str, ...] = field(default_factory=tuple)  # keys of hazards seen in this text
    emergencies: tuple[str, ...] = field(default_factory=tuple)  # those at emergency priority (advice to give)
    language: str | None = None  # the conversation's language after this message (from_parse only)
    intent: str | None = None  # the model's intent (from_parse only)


def assess(
    text: str,
    *,
    month: int,
    model_category: str | None = None,
    model_confidence: float = 0.0,
    describes_repair: bool = True,
    previous_category: str | None = None,
    previous_priority: str | None = None,
    policy: Policy | None = None,
    context: str = "",
) -> Triage:
    """Triage one message in the light of the conversation so far; priority never goes down.

    `context` is what the tenant said earlier in this report: hazards are judged over all of it, so that
    "my light flickers" and, later, "water is dripping on it" make one hazard.
    """
    policy = policy or Policy()
    whole = f"{context} / {text}" if context else text
    hazards = find_hazards(whole)
    hazards += [h for h in across_messages(context, text) if context and h not in hazards]
    vulnerable = mentions_vulnerable(whole)
    hazard_priorities = [(h, policy.hazard_priority(h, month=month, vulnerable=vulnerable)) for h in hazards]
    emergencies = [h for h, p in hazard_priorities if p == "emergency"]

    if model_category not in CATEGORIES:
        model_category = None
    category = previous_category
    if emergencies and (previous_priority != "emergency" or not previous_category):
        # A hazard names the category that matters most for the on-call team.
        category = emergencies[0].category
    elif category is None and (describes_repair or emergencies) and (hazards or not is_vague(text)):
        # A long story is judged on its repair sentences: greetings, apologies and back-story do not decide.
        focus = (repair_sentences(text) or text) if is_long(text) else text
        keyword = keyword_category(focus)
        scores = keyword_scores(focus)
        # A strong term of one trade ("the light", "the lift") outweighs a model guess no word of the message supports.
        unsupported = bool(keyword) and not scores.get(model_category or "", 0) and (
            scores.get(keyword, 0) >= STRONG_TERM or focus is not text)
        if model_category and (model_confidence >= MODEL_CONFIDENCE or not keyword) and not unsupported:
            category = model_category
        elif keyword:
            category = keyword
        elif hazards:
            category = hazards[0].category
        else:
            category = model_category
        # Mould on a ceiling is a damp job and mice in a cupboard a pest job: the specific trade is the job.
        specific = [k for k in SPECIFIC_OVER.get(category or "", ()) if scores.get(k, 0) >= STRONG_TERM]
        if specific:
            category = specific[0]
        # Two problems in one message: the one a hazard makes more serious is the ticket ("the cupboard door is
        # loose, and there's no hot water"); the other is offered as a second report at the end.
        serious = [h.category for h, p in hazard_priorities if p == "urgent" and h.category != category
                   and scores.get(h.category, 0) and not _same_job(h.category, category)]
        if serious and policy.floor(category or "") != "urgent":
            category = serious[0]
        if category == "doors_windows" and appliance_door(focus):
            category = "fixtures"
        if category in ("doors_windows", "fixtures", "electrical") and shared_place(focus):
            category = "communal"  # the bin store's lock, the main entrance door, the laundry's machines

    if category is None:
        return Triage(category=None, priority=previous_priority, hazards=tuple(h.key for h in hazards),
                      emergencies=tuple(h.key for h in emergencies))
    priority = highest(
        previous_priority,
        policy.floor(category),
        *(p for _, p in hazard_priorities),
        "routine",
    )
    return Triage(category=category, priority=priority, hazards=tuple(h.key for h in hazards),
                  emergencies=tuple(h.key for h in emergencies))


def _same_job(first: str | None, second: str | None) -> bool:
    """A leak that stains the ceiling is one job: the water trades are one repair however the words fall."""
    return bool(first and second) and {first, second} <= WATER_TRADES


WATER_TRADES = {"water", "drainage", "damp_mould", "structure"}


def model_category(parse: dict) -> tuple[str | None, float]:
    """The response selector's category in a Rasa parse (/model/parse or latest_message), with its confidence."""
    selector = (parse.get("response_selector") or {}).get(REPAIR_INTENT) or {}
    response = selector.get("response") or {}
    key = response.get("intent_response_key") or ""
    if "/" not in key:
        return None, 0.0
    return key.split("/", 1)[1], float(response.get("confidence") or 0.0)


def from_parse(
    text: str,
    parse: dict,
    *,
    month: int,
    policy: Policy | None = None,
    current_language: str | None = None,
    default_language: str = "da",
    answering_problem: bool = False,
    previous_category: str | None = None,
    previous_priority: str | None = None,
    context: str = "",
) -> Triage:
    """What triage decides for one tenant message (actions/advice.py, first in every turn), given Rasa's parse of it: language, category, priority.

    `answering_problem` is true while the repair form asks what is wrong (any answer then describes the repair).
    """
    if current_language is None:
        lang = languages.detect(text, default=default_language)
    else:
        lang = languages.requested_switch(text) or current_language
    intent = (parse.get("intent") or {}).get("name")
    category, confidence = model_category(parse)
    # A message that names a hazard ("mug i børneværelset") reports it, whatever the model took it for, unless it
    # asks about a report already made.
    names_hazard = intent not in ABOUT_A_REPORT_INTENTS and bool(find_hazards(text))
    result = assess(
        text, month=month, model_category=category, model_confidence=confidence,
        describes_repair=intent == REPAIR_INTENT or answering_problem or names_hazard,
        previous_category=previous_category, previous_priority=previous_priority, policy=policy, context=context,
    )
    return Triage(category=result.category, priority=result.priority, hazards=result.hazards,
                  emergencies=result.emergencies, language=lang, intent=intent)


# The model's two best categories closer than this (and no word of the message settling it): ask, don't guess.
CLOSE_CALL_MARGIN = 0.1


def close_call(parse: dict, text: str, *, margin: float = CLOSE_CALL_MARGIN) -> tuple[str, str] | None:
    """The two categories the model cannot tell apart for this message, when the lexicon does not settle it."""
    selector = (parse.get("response_selector") or {}).get(REPAIR_INTENT) or {}
    ranking = [r for r in selector.get("ranking") or [] if "/" in (r.get("intent_response_key") or "")]
    if len(ranking) < 2:
        return None
    first, second = ranking[0], ranking[1]
    if float(first.get("confidence") or 0) - float(second.get("confidence") or 0) >= margin:
        return None
    pair = (first["intent_response_key"].split("/", 1)[1], second["intent_response_key"].split("/", 1)[1])
    if any(c not in CATEGORIES for c in pair) or keyword_category(text) in pair or find_hazards(text):
        return None
    return pair
