"""Self-help tips for common non-urgent faults: which tip fits a report, and whether it helped."""

from __future__ import annotations

import re

from bot.conversation.extract import is_short_yes
from bot.triage.text import fold

# Tip key -> (categories it applies to, pattern on the folded problem text). The key names the responses
# utter_selfhelp_<key>. Checked in order: the first fitting tip is offered.
TIPS: tuple[tuple[str, tuple[str, ...], re.Pattern], ...] = (
    ("radiator", ("heating",), re.compile(r"radiat|radiater|\belement|gurgl|boble|klukk")),
    ("district_heating", ("heating", "hot_water"),
     re.compile(r"fjernvarm|fjern varm|varmeveksler|varmeunit|unit|district heating|ingen varme|no heat|"
                r"intet varmt|ikke varmt|no hot|koldt vand|kold vand|varmt vand|hot water")),
    ("rcd", ("electrical",),
     re.compile(r"\bhfi|\bhpfi|\brcd|relae|tripped|\btrip|sikring|\bfuse|no power|ingen strom|strommen|"
                r"strom(men)? er (gaaet|vaek|vak)|power (is )?(off|out|gone)|stikkontakt|socket|lys(et)? virker")),
    ("sink", ("drainage",),
     re.compile(r"\bsink|\bvask|haandvask|handvask|koekkenvask|kokkenvask|\bbasin|plughole|afloeb|aflob|"
                r"badekar|\bbath\b|bruser|shower")),
    ("condensation", ("damp_mould",),
     re.compile(r"kondens|condensation|\bdug|dugge|steam|wet window|vaade vinduer|vade vinduer|\bfugt|damp|"
                r"skimmel|mould|mold")),
)
# Faults a tip must never be offered for, whatever the category says.
NEVER = re.compile(r"toilet|\bwc\b|sewage|kloak|gas|spark|gnist|brand|fire|smoke|roeg|\broeg")

_FIXED = re.compile(r"^\s*(/affirm|1)\s*$|\b(fixed|works|working|it helped|that helped|sorted|all good|"
                    r"virker|det hjalp|hjalp|fikset|ordnet|i orden|loest|lost)\b")
# A bare yes says it helped only as a short answer: "naa men ja det var det. god nat" is a goodbye, not a fix.
_YES = re.compile(r"\b(yes|yeah|yep|ja|jep|jo)\b")
_NOT_FIXED = re.compile(r"^\s*(/deny|2)\s*$|\b(not|still|doesn'?t|didn'?t|no|nej|ikke|stadig|virker ikke|"
                        r"send)\b")


def choose(*, problem: str | None, category: str | None, priority: str | None) -> str | None:
    """The tip to offer for this report, or None (never for emergencies, nor for what a tip cannot fix)."""
    if priority == "emergency" or not category or not problem:
        return None
    text = fold(problem)
    if NEVER.search(text):
        return None
    for key, categories, pattern in TIPS:
        if category in categories and pattern.search(text):
            return key
    return None


def helped(answer: str) -> bool:
    """True only for a clear 'it works now'; anything else continues the report (a tip is never forced)."""
    text = fold(answer)
    if _NOT_FIXED.search(text) and not re.fullmatch(r"\s*(/affirm|1)\s*", text):
        return False
    return bool(_FIXED.search(text)) or bool(_YES.search(text)) and is_short_yes(answer)
