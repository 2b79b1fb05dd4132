"""Two problems in one message: the most serious is reported first, the other is offered as a second report.

"the bathroom tap drips and there's sewage coming up the shower drain" becomes a drainage emergency first; at
the end the tenant is asked "You also mentioned the tap: report it too?".
"""

from __future__ import annotations

import re

from bot.triage.categories import WEIGHT_STRONG, keyword_category, keyword_scores
from bot.triage.negation import blank_past
from bot.triage.text import skeleton

# Where one problem ends and the next begins: sentences, and "and also", "plus", "og så", "desuden" ...
_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n+|\s+(?:and also|also|plus|as well as|another thing|oh and|and the|and my|"
                    r"but also|og ogsaa|og også|og så|og saa|desuden|derudover|plus at|og vores|og min|og mit|og den|"
                    r"og det)\s+", re.IGNORECASE)
MIN_WORDS = 3
# Back-story, not a second fault: what was tried, what is fine, what happened before ("the gas man said everything
# was fine", "I've tried the plunger").
NOT_A_FAULT = re.compile(
    r"\b(tried|trying|have tried|i'?ve tried|provet|provede|forsogt|forsogte|fine|ok|okay|working|works|virker fint|"
    r"er fint|i orden|was a relief|used to|moved in|flyttede ind|said|sagde|told me|came (round|out)|kom forbi)\b")


def _not_a_fault(part: str) -> bool:
    folded = skeleton(part)
    return bool(NOT_A_FAULT.search(folded)) or blank_past(folded).strip(" _.,") == ""


_LEADING = re.compile(r"^(and also|also|plus|and|oh and|but|desuden|derudover|og ogs[aå]a?|og s[aå]a?|og|men)\s+",
                      re.IGNORECASE)


def clauses(text: str) -> list[str]:
    parts = (_LEADING.sub("", part.strip(" ,.")) for part in _SPLIT.split(text or "") if part)
    return [part for part in parts if part]


def other_problem(text: str, category: str | None) -> tuple[str, str] | None:
    """(category, clause) of a second fault in `text` that the report in `category` does not cover, if any.

    Only a clause whose own words name another trade strongly counts, and only when another clause names the
    reported one: a single sentence that mentions two trades ("water dripping onto the light") is one problem.
    """
    if not category:
        return None
    parts = clauses(text)
    if len(parts) < 2:
        return None
    scored = [(part, keyword_scores(part)) for part in parts]
    if not any(scores.get(category, 0) for _, scores in scored):
        return None
    for part, scores in scored:
        if scores.get(category, 0) or len(skeleton(part).split()) < MIN_WORDS or _not_a_fault(part):
            continue
        other = keyword_category(part)
        if other and scores.get(other, 0) >= WEIGHT_STRONG:
            return other, part
    return None
