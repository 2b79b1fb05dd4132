"""Deterministic hazard patterns (Danish, English, without æøå, common typos): the safety net.

The patterns are bot/triage/hazard_table.py, built from the words in bot/triage/hazard_words.py."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.triage.hazard_table import HAZARDS
from bot.triage.hazard_words import ELECTRIC_FITTING, Hazard
from bot.triage.negation import ANY_WORD, blank_negated, blank_past
from bot.triage.text import normalise, skeleton

__all__ = ["HAZARDS", "Hazard", "across_messages", "find_hazards", "mentions_vulnerable"]

VULNERABLE = re.compile(skeleton(
    r"\b(baby|babies|babyen|newborn|new born|infant|toddler|elderly|old (man|woman|lady|person|people)|pensioner\w*|"
    r"disabled|disability|wheelchair|\bill\b|sick|poorly|pregnant|cancer|chemo|dialysis|spædbarn\w*|nyfødt\w*|"
    r"lige født|just (had|given birth)|(had|have) a baby|ældre|gammel|gamle|pensionist\w*|handicap\w*|kørestol\w*|syg\w*|"
    r"gravid\w*|kemo|dement\w*|oxygen|ilt\b|kræft|frail|svagelig\w*|blind|døv|deaf|bedridden|sengeliggende|"
    r"hospital\w*|sygehus\w*|udskrevet|discharged|operation|operated|opereret|surgery|incontinen\w*|inkontinen\w*|"
    r"nappies|nappy|diapers?|bleer|hjemmepleje\w*|hjemmehjælp\w*|carers?|small (children|kids)|young (children|kids)|"
    r"little ones|småbørn|lille barn|små børn|fever|feber|febril|chemotherapy|stroke|blodprop|hjerneblødning|"
    r"my (mum|mother|dad|father|nan|gran|grandma|grandad)|min (mor|far|mormor|farmor|morfar|farfar)|"
    r"\d{1,2} (months?|weeks?|mdr|måneder|uger) (old|gammel)|newly born|nyfødte|"
    r"(fået|fødte?|fik|had|got) (en |et |a |our |vores )?(baby|datter|søn|son|daughter|barn|dreng|pige|boy|girl)"
    r"( \w+){0,2} (for )?(en|et|\d+|a|one|two|to|tre|three|a few|et par) (uge|uger|dag|dage|måned\w*|weeks?|days?|months?) "
    r"(siden|ago))\b|"
    r"\b[1-4][ -]?(year|yr|år|årig|aarig)s?[ -]?(old|gammel)?\b(?! (ago|since|siden))|"
    r"\b(is|er|am|aged|age|of|jeg er|hun er|han er|på|paa|pa) (7[5-9]|[89][0-9]|10[0-9])\b|\b(7[5-9]|[89][0-9]) (years|år|aar)"
))


@lru_cache(maxsize=1)
def _compiled() -> tuple:
    def comp(patterns: tuple[str, ...]) -> tuple[re.Pattern, ...]:
        return tuple(re.compile(skeleton(p)) for p in patterns)

    return tuple((h, comp(h.patterns), comp(h.mask), comp(h.unless), comp(h.unless_not), comp(h.cleared))
                 for h in HAZARDS)


def _matches(hazard_patterns: tuple, text: str) -> bool:
    _, patterns, mask, unless, unless_not, cleared = hazard_patterns
    for pattern in mask:
        text = pattern.sub(" _ ", text)
    if not any(p.search(text) for p in patterns):
        return False
    if any(p.search(text) for p in cleared):
        return False
    if any(p.search(text) for p in unless) and not any(p.search(text) for p in unless_not):
        return False
    return True


def find_hazards(text: str) -> list[Hazard]:
    """Every hazard whose pattern appears in the text (or in its typo-corrected reading), emergencies first."""
    return list(_hazards_in(text))


# One message is read by triage, the form, the fallbacks and the cancel rule in the same turn: scan it once.
@lru_cache(maxsize=1024)
def _hazards_in(text: str) -> tuple[Hazard, ...]:
    texts = {blank_negated(blank_past(skeleton(text))), blank_negated(blank_past(normalise(text)))}
    found = [entry[0] for entry in _compiled() if any(_matches(entry, t) for t in texts)]
    return tuple(sorted(found, key=lambda h: h.priority != "emergency"))


# A later message about "it" (the fitting named before): "my light flickers" ... "now water is dripping out of it".
_REFERS_BACK = re.compile(r"\b(it|its|them|there|det|den|dem|der|same|samme)\b")
_WATER_FLOWING = re.compile(skeleton(r"(\bwater\b|\bvand\w*|drip\w*|dryp\w*|leak\w*|lak\w*|pour\w*|\blober\b|"
                                     r"\bsiver\b|running|coming)"))
_FITTING = re.compile(skeleton(ELECTRIC_FITTING))


def across_messages(context: str, text: str) -> list[Hazard]:
    """Hazards that only two messages together tell: water now reaching the electric fitting told of before."""
    earlier, latest = blank_negated(skeleton(context)), blank_negated(skeleton(text))
    if _FITTING.search(earlier) and _WATER_FLOWING.search(latest) and _REFERS_BACK.search(latest):
        return [h for h in HAZARDS if h.key == "water_electrics"]
    return []


def mentions_vulnerable(text: str) -> bool:
    """Someone under 5, over 75, ill, disabled, just out of hospital ... lives there ("no small children" does not)."""
    return any(VULNERABLE.search(blank_negated(t, ANY_WORD)) for t in (skeleton(text), normalise(text)))
