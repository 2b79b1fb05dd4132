"""Requests about a report already made ("cancel my repair, it got sorted", "any news on my boiler job?").

The model reads many of them as a new repair because they name the fault. These patterns catch the request
itself, in both languages, so that it is answered as a status check or a cancellation and never opens a report.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.triage.text import skeleton

# Skeleton spelling (æ/ø/å as a/o/a).
REPORT = (r"(repair|report|job|ticket|request|complaint|case|booking|appointment|reference|ref\b|reparation\w*|"
          r"visit\w*|besog\w*|handvark\w*|tiden (med|hos)|"
          r"anmeldelse\w*|sag(en)?\b|opgave\w*|henvendelse\w*|bestilling\w*|aftale\w*|\b\d{3}-?\d{4}\b)")
CANCEL = (
    r"\b(cancel(led)?\b(?! (itself|out|each))|annull?er\w*|aflys\w*|slet (min|den|det)|tilbagekald\w*|withdraw\w*|"
    r"call (it|them) off|call off (the|your|my) \w+|scrap (my|the) (report|repair|job|request)|"
    r"forget (about )?(the|my) (repair|report|job|request)|glem (det|alt om det|min anmeldelse)\b)",
    r"\b(close|lukke?|luk) (the |my |min |mit |den |det )?(case|ticket|report|job|request|sag(en)?|anmeldelse(n)?|"
    r"opgave(n)?)\b",
    r"\bno need (to (send|come|visit)|for (anyone|someone|somebody|the \w+|a visit))|"
    r"\b(don'?t|do not|dont) need (the |a |an |any )?(plumber|engineer|electrician|repairer|repairman|handyman|"
    r"contractor|visit|anyone|someone|somebody|you to come)\b|"
    r"\b(i|i behover|behover i) ikke (at )?komme|ikke (nodvendigt|nodvendig|behov) (at|for at) (komme|sende)|"
    r"ikke brug for (handvarker\w*|vvs\w*|elektriker\w*|nogen|at I kommer)",
    r"(no longer|don'?t|do not|dont) need (it|the repair|anyone|someone|somebody|a repair|the job)|"
    r"(behover|har) ikke (brug for|behov for) (den|det|jer|nogen|en handvark\w*)|"
    r"(brug|behov) for (den|det) (mere|langere)",
    r"\b(it('?s| has| got| was)?|det (er|blev)|den (er|blev)) (been )?(sorted|fixed|solved|resolved|ok now|fine now|"
    r"working again|klaret|ordnet|fikset|lost|i orden)\b.{0,40}\b(cancel\w*|annull?er\w*|aflys\w*|don'?t need|"
    r"ikke brug|no need|ikke nodvendig\w*)",
)
STATUS = (
    r"\b(status|any (news|update\w*)|news on|update on|nyt om|"
    r"(har i|har du|have you) hort noget|hvordan gar det med|hvad sker der med|"
    r"what'?s happening with|where are (you|we) (up to|with)|how long (until|till|before)|hvornar kommer|"
    r"when (is|will) (someone|somebody|the (engineer|plumber|electrician|repairer|contractor|handyman))|"
    r"has anyone (been|looked)|er der nogen der (kommer|har kigget))\b",
    r"\b(har (i|du) glemt (mig|os)|er der sket noget (med|i) (min|mit|sagen|anmeldelsen)|"
    r"kommer der nogen (i dag|i morgen|snart|i aften|i nat)|"
    r"is (anyone|someone|somebody) (actually |even |still )?coming|"
    r"still waiting for (someone|somebody|anyone|you|the (plumber|engineer|electrician|repairer|repairman|handyman|"
    r"contractor))|"
    r"when (you'?ll|you will|they'?ll|they will) be (here|round|over)|what time (is|will|are) (the |you|they)\w*)",
    r"\b(reported (this|it) already|already (reported|logged|texted|sent)|"
    r"(texted|messaged|wrote to) you about (this|it)|"
    r"jeg (skrev|har skrevet) (til jer )?(i gar|tidligere|i morges|for) om|tilfoje (noget|mere) til)",
    r"\bwhen (the|someone|somebody|anyone|your) ?\w* (is|will be|are) (coming|due|round)|"
    r"reported (it|this) (a while|some time|ages|weeks|days|a week|a month) ago|"
    r"(haven'?t|have not|not) heard (back|anything)|ikke (hort|faet) (noget|svar)( fra jer)?|"
    r"\b(already|allerede) (reported|told you|sent|anmeldt|skrevet|meldt)\b|\b(i|we|jeg|vi) (reported|anmeldte|meldte) "
    r"(it|this|det|den) (yesterday|last|earlier|i gar|for|tidligere)",
    r"\b(add|tilfoj\w*|tilfoj|supplere|update) (this |det |noget |something |more |a note |info\w* )?(to|til) "
    r"(my|the|min|mit|den|det) ",
)


STATUS_MAX_WORDS = 30
CANCEL_MAX_WORDS, CANCEL_MAX_WORDS_WITH_REPORT = 12, 30


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[re.Pattern, ...], tuple[re.Pattern, ...], re.Pattern]:
    def comp(patterns):
        return tuple(re.compile(skeleton(p)) for p in patterns)
    return comp(CANCEL), comp(STATUS), re.compile(skeleton(REPORT))


def about_existing_report(text: str | None, *, has_report: bool = False) -> str | None:
    """'cancel' or 'status' when the message asks about a report already made, else None.

    `has_report`: this conversation made one, so a longer message that calls it off is about it too ("glem det
    igen, min svigersøn kom forbi og skiftede batteriet, så I behøver ikke komme")."""
    folded = skeleton(text or "")
    cancel, status, report = _compiled()
    limit = CANCEL_MAX_WORDS_WITH_REPORT if has_report else CANCEL_MAX_WORDS
    if any(p.search(folded) for p in cancel) and (report.search(folded) or len(folded.split()) <= limit):
        return "cancel"
    # A long story names a fault; a status request is short or names the report.
    if any(p.search(folded) for p in status) and (len(folded.split()) <= STATUS_MAX_WORDS or report.search(folded)):
        return "status"
    return None
