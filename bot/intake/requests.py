"""Requests about a report already made ("cancel my repair, it got sorted", "any news on my boiler job?").

The model reads many of them as a new repair because they name the fault. These patterns catch the request
itself, in both languages, so that it is answered as a status check or a cancellation and never opens a report.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.triage.hazards import find_hazards
from bot.triage.text import skeleton

# Skeleton spelling (æ/ø/å as a/o/a).
REPORT = (r"(repair|report|job|ticket|request|complaint|case|booking|appointment|reference|ref\b|reparation\w*|"
          r"fejlmelding\w*|skademelding\w*|melding\w*|\bmessage\b|\bmsg\b|\btext\b|besked\w*|\bsms\w*|"
          r"visit\w*|besog\w*|handvark\w*|tiden (med|hos)|"
          r"anmeldelse\w*|sag(en)?\b|opgave\w*|henvendelse\w*|bestilling\w*|aftale\w*|\b\d{3}-?\d{4}\b)")
CANCEL = (
    r"\b(cancel(led)?\b(?! (itself|out|each))|annull?er\w*|aflys\w*|slet (min|den|det)|tilbagekald\w*|withdraw\w*|"
    r"call (it|them) off|call off (the|your|my) \w+|scrap (my|the) (report|repair|job|request)|"
    r"forget (about )?(the|my) (repair|report|job|request)|forget (about )?it\b|glem (det|alt om det|min anmeldelse)\b|"
    r"trak\w* (min|mit|den|det|vores)( \w+){0,2} tilbage|"
    r"(ignore|ignorer|disregard|scrap|se bort fra|glem) (my|the|that|min|mit|den|det|vores) "
    r"(last |previous |earlier |sidste |forrige )?"
    r"(message|msg|text|report|request|besked\w*|sms\w*|anmeldelse\w*|fejlmelding\w*)|"
    r"(don'?t|dont|do not|no need to) bother (coming|sending|with (it|the \w+))|"
    r"(no longer|not) needed|ikke (langere|laengere|mere) (nodvendig\w*|brug for)|"
    r"ikke nodvendig\w* (mere|langere|laengere)|"
    r"drop (it|the (repair|report|job))|"
    # A smoke alarm "going off, a false alarm" is a faulty alarm to report: only the words alone call a report off.
    r"^(sorry,? |undskyld,? )?(it was |just |bare |det var )?(a |en )?(false|falsk|blind) alarm\W*$|"
    r"(ignore|scrap|ignorer|glem) (that|this|det der)\s*[.!,]*$)",
    # "You can close it", "sagen kan lukkes": the tenant tells the office to close the report.
    # Never "I can close the door": the thing closed is the report.
    r"\b(i|du) (kan|ma) (bare |godt |gerne )?(lukke|annullere|aflyse) "
    r"(det|den|sagen|anmeldelsen|min (sag|anmeldelse))\b|"
    r"\b(you|u) (can|may) (just )?(close|cancel) (it|that|(the|my) (job|repair|report|ticket|case|request))\b|"
    r"\b(sagen|anmeldelsen|the (job|repair|report|ticket|case)) (kan|can) (godt |bare )?(lukkes|annulleres|aflyses|"
    r"be (closed|cancell?ed))\b",
    r"\b(ingen grund|no reason|no need) (til at|to) (komme|come|send\w*|kigge)|"
    r"\bbehover (i |du )?ikke (at )?(komme|sende)|"
    r"\b(please |pls )?(don'?t|dont|do not) send (anyone|someone|somebody|a (plumber|engineer|electrician|repairer|"
    r"handyman|man|person))\b|\b(so )?no need( for (it|that|anyone|a visit))?\s*[.!]*$",
    r"\b(close|lukke?|luk) (the |my |min |mit |den |det )?(case|ticket|report|job|request|sag(en)?|anmeldelse(n)?|"
    r"opgave(n)?)\b|\b(close|lukke?|luk) (sag |ticket |report |ref |nr\.? |nummer )?\d{3}-?\d{4}\b|"
    r"\b((i|du) (ma|kan)|(ma|kan) (i|du)) (godt |gerne )?(lukke|annullere|aflyse|slette) (den|det|sagen|anmeldelsen|"
    r"min \w+)\b",
    r"\bno need (to (send|come|visit)|for (anyone|someone|somebody|the \w+|a visit))|"
    r"\b(don'?t|do not|dont) need (the |a |an |any )?(plumber|engineer|electrician|repairer|repairman|handyman|"
    r"contractor|visit|anyone|someone|somebody|you to come)\b|"
    r"\b(i|i behover|behover i) ikke (at )?komme|\b(i|du|de|nogen|der) (skal|behover|behoves) ikke (at )?"
    r"(komme|sende|kigge)|\bikke (komme|sende nogen|kigge pa det) alligevel|\balligevel ikke (komme|nodvendig\w*)|"
    r"ikke (nodvendigt|nodvendig|behov) (at|for at) (komme|sende)|"
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
    r"hvor langt er (i|du|i kommet) (med|kommet)|"
    r"how far (along )?(are|is) (you|it|they)|any progress|(er der )?noget nyt (om|i|med)|er der nyt|"
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
    r"\b(already (rang|rung|called|phoned|rang up|called up|been in touch|contacted)|"
    r"(har|havde) (allerede )?(ringet|skrevet|meldt|anmeldt|sendt)( \w+){0,3} "
    r"(i gar|i morges|tidligere|for|om det|om den)|"
    r"(report|melde|anmelde) (it|this|det|den) (twice|again|to gange|igen)|"
    r"check (that |if |whether )?(it'?s|its|it is|it has been|it'?s been|you'?ve|you have|you) "
    r"(been )?(logged|registered|received|got (it|my)|on (the|your) system|through|gone through)|"
    r"(did|have) (you|u) (get|got|receive\w*) my (message|msg|text|report|email)|"
    r"(fik|har) (i|du) (faet |fået )?(min|mit) (besked|sms|anmeldelse|fejlmelding|mail)|"
    r"(tjekke|hore|spørge|sporge) om (den|det|min \w+|sagen|anmeldelsen) er "
    r"(registreret|modtaget|kommet (igennem|frem)|"
    r"oprettet|noteret))",
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
# The fault is gone, said outright: a longer message that calls the visit off is a cancellation too ("I behøver
# ikke sende nogen ud til det stoppede afløb alligevel, min mand fik det op med en svupper").
RESOLVED = (r"\b(alligevel|after all|any ?more|no longer|ikke (laengere|langere|mere)|"
            r"(fixed|sorted|unblocked|cleared|mended|repaired|solved) (it|that|the \w+)|"
            r"(fik|har faet|fået) (det|den) (op|ordnet|lavet|fikset|til at virke)|"
            r"(har|blev) (ordnet|fikset|lavet|klaret)|"
            r"(working|works) (again|now|fine now)|virker (igen|nu)|det har lost sig|lost sig selv|gik over)\b")


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[re.Pattern, ...], tuple[re.Pattern, ...], re.Pattern, re.Pattern]:
    def comp(patterns):
        return tuple(re.compile(skeleton(p)) for p in patterns)
    return comp(CANCEL), comp(STATUS), re.compile(skeleton(REPORT)), re.compile(skeleton(RESOLVED))


def about_existing_report(text: str | None, *, has_report: bool = False) -> str | None:
    """'cancel' or 'status' when the message asks about a report already made, else None.

    `has_report`: this conversation made one, so a longer message that calls it off is about it too ("glem det
    igen, min svigersøn kom forbi og skiftede batteriet, så I behøver ikke komme")."""
    folded = skeleton(text or "")
    cancel, status, report, resolved_words = _compiled()
    resolved = bool(resolved_words.search(folded))
    limit = CANCEL_MAX_WORDS_WITH_REPORT if has_report or resolved else CANCEL_MAX_WORDS
    if any(p.search(folded) for p in cancel) and (report.search(folded) or len(folded.split()) <= limit):
        return "cancel"
    # A long story names a fault; a status request is short or names the report.
    if any(p.search(folded) for p in status) and (len(folded.split()) <= STATUS_MAX_WORDS or report.search(folded)):
        return "status"
    return None


# The payload of "yes, cancel it" under the question that confirms a cancellation (both channels' buttons).
CONFIRM_CANCEL = "/cancel_report"
CALL_OFF, ASK_FIRST, KEEP = "call_off", "ask_first", "keep"


def calls_off(text: str | None, *, has_report: bool, asks_a_question: bool) -> str:
    """What to do with a message the model read as a cancellation: CALL_OFF, ASK_FIRST or KEEP.

    Cancelling loses the report, so after a ticket the model's reading alone never cancels. Only the message's
    own words calling the visit off, or the tenant's yes to the question that confirms it, do. A question ("skal
    jeg være hjemme, eller kan de selv låse sig ind?") or news of a danger ("nu drypper det ned til underboen",
    which must page) is kept and answered. Anything else is asked about: "min nabo har det samme" is news."""
    if not has_report or (text or "").strip() == CONFIRM_CANCEL:
        return CALL_OFF
    request = about_existing_report(text, has_report=True)
    if request == "cancel":
        return CALL_OFF
    if request == "status" or asks_a_question or find_hazards(text or ""):
        return KEEP
    return ASK_FIRST
