"""What a tenant writes after their ticket was given: a question to answer, more about the same fault, or a new one.

"Skal jeg lukke for vandet? Det drypper ned til underboen nu" after a leak's ticket is a question (answer it) and
news about the same leak (add it to that ticket, and raise its priority if the news is a hazard). Opening a second
report for it made two unlinked tickets and restarted the questions. Only a fault of another trade is a new report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.triage.categories import keyword_category
from bot.triage.hazards import find_hazards
from bot.triage.text import skeleton
from bot.triage.vague import is_vague

ANSWER, ADD, NEW = "answer", "add", "new"
# Faults that one repair covers though the words point to another trade: the leak that stains the ceiling.
RELATED = (
    {"water", "drainage", "damp_mould", "structure"},
    {"heating", "hot_water"},
    {"doors_windows", "structure"},
)
# Skeleton spelling (æ/ø/å as a/o/a).
QUESTION_START = (
    r"^(should|shall|can|could|may|must|do|does|is|are|will|would|what|when|where|how|who|why|which|"
    r"skal|kan|ma|bor|burde|er|vil|hvad|hvornar|hvor|hvordan|hvem|hvorfor|hvilken|hvilke|gor|far)\b"
)
# The topics a tenant asks about after a report, each answered by a response of the same name in domain.yml.
TOPICS = (
    ("water_off", r"\b(turn|shut|switch|close|cut|lukke?|slukke?|sla|skrue?)\b.{0,25}\b(off|af|for|fra)?\b.{0,15}"
                  r"\b(water|vand(et)?)\b|\bstop ?(tap|cock)\b|\bstopcock\b|\bmains? (valve|tap)\b|"
                  r"\b(stophane\w*|hovedhane\w*|afspar\w*hane\w*|vandhane\w* til hele)\b"),
    ("power_off", r"\b(turn|shut|switch|cut|slukke?|sla|slaa)\b.{0,25}\b(power|electric\w*|strom\w*|el(en)?)\b|"
                  r"\b(fuse ?(box|board)|trip ?switch|consumer unit|eltavle\w*|el-tavle\w*|sikring\w*|hfi|hpfi|"
                  r"relae\w*)\b"),
    # A heater to use meanwhile, and how to use it safely (before "use_it" and "safe").
    ("heater", r"\b(el-?radiator\w*|elradiator\w*|varmeblaser\w*|oliefyr\w*|olieradiator\w*|el-?ovn\w*|varmeapparat\w*|"
               r"(electric|portable|fan|oil|oil-filled|plug-in|plug in) (heater|radiator|fire)\w*|fan heater\w*|"
               r"heaters?\b)"),
    ("use_it", r"\b(use|bruge|benytte)\b.{0,20}\b(shower|toilet|loo|bath|sink|cooker|oven|hob|heating|lights?|"
               r"sockets?|washing machine|brus\w*|toilet\w*|bad\w*|vask\w*|komfur\w*|ovn\w*|varme\w*|lys\w*|"
               r"stikkontakt\w*|vaskemaskin\w*)\b"),
    ("safe", r"\b((?<!key )(?<!nogle)safe|dangerous|danger|risk|sikker\w*|farlig\w*|fare)\b"),
    ("cost", r"\b(charged?|cost\w*|pay|paying|bill|invoice|free|koste\w*|betale\w*|regning\w*|faktura\w*|gratis|"
             r"pris\w*)\b"),
    ("air_out", r"\b((keep|open|leave|have|crack|abne|holde|lade|have) (the |my |a |et )?(windows?|vinduet|vinduerne)|"
                r"(windows?|vinduet|vinduerne) (open|aben|abent|pa klem|ajar)|air (it|the room|the flat|out)|"
                r"ventilat\w*|lufte? ud|udluft\w*|dehumidifier|affugter\w*)\b"),
    # Whether to be in for the visit, or how they get in.
    ("access", r"\b((be|stay) (home|in|in the flat|there|around)|(vaere|blive) hjemme|hjemme (nar|mens)|"
               r"(let|lukke) (themselves|sig selv|sig) (in|ind)|need to be in|"
               r"(skal|bor|behover) (jeg|vi) (vaere|blive) (hjemme|til stede)|"
               r"(kan|can) (de|they|han|hun|he|she|nogen|someone) (selv )?(komme|get|let \w+) (ind|in)|"
               r"(have|has|got|har|bruge|use) (a |en |min |my |the |vores |our )?(key|nogle|nogleboks|key ?safe))\b"),
    ("next", r"\b(what happens|what now|what next|next step|how long|when will|when is|when are|hvad sker der|"
             r"hvad nu|hvornar|hvor lang tid|hvad skal jeg gore|kommer (der )?(nogen|en handvarker\w*)|"
             r"(is|will) (someone|somebody|anyone) (be )?coming)\b"),
)


# How to get in, and when: news for the ticket's access notes whatever trade its words name (a padlock code).
ACCESS = (r"\b(key|keys|nogle\w*|code|kode\w*|padlock|hangelas\w*|key ?safe|nogleboks\w*|let (yourselves|them|you) in|"
          r"(kan|can) (komme|get) (ind|in)|lukke (jer|dem) ind|"
          r"(i'?m|i am|we'?re|we are|jeg er|vi er) (home|hjemme|at work|pa arbejde)|"
          r"working from home|arbejder hjemme|(ring|call|text|sms)\w* (me )?(first|before|forst|inden)|"
          r"\bkey ?holder|nabo\w* har (en )?nogle)\b")


@dataclass(frozen=True)
class Followup:
    kinds: tuple[str, ...]     # ANSWER and/or ADD, or NEW alone
    topic: str | None          # what the question is about (a TOPICS key), "general" for any other question
    news: str                  # the sentences about the fault, to add to the ticket


@lru_cache(maxsize=1)
def _compiled():
    return re.compile(QUESTION_START), tuple((key, re.compile(pattern)) for key, pattern in TOPICS), \
        re.compile(ACCESS)


def _sentences(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"(?<=[.?!])\s+|\n+", text or "") if part.strip()]


# Danish asks with the verb first ("koster det noget for mig", "kommer der nogen i morgen"): a word ending like a
# present-tense verb, then a subject, at the start of the sentence. Not after a greeting or a conjunction.
DANISH_V1 = (r"^(?!(hej|hejsa|ja|nej|tak|men|og|sa|nu|her|der|hvis|nar|fordi|efter|inden|lige|bare|kun)\b)"
             r"[a-z]+(er|r)( nu| stadig| ogsa| egentlig| faktisk)? (det|der|jeg|du|vi|i|man|den|de|han|hun)\b")


# "… bruge den imens? eller er det farligt": a sentence that goes on with "or" after a question asks it too.
QUESTION_GOES_ON = r"^(eller|or|og er|and is|and will|og vil)\b"


def is_question(sentence: str, *, after_question: bool = False) -> bool:
    start, _, _ = _compiled()
    folded = skeleton(sentence)
    return sentence.rstrip().endswith("?") or bool(start.match(folded)) or bool(re.match(DANISH_V1, folded)) \
        or after_question and bool(re.match(QUESTION_GOES_ON, folded.strip()))


def topic(text: str) -> str | None:
    _, topics, _ = _compiled()
    folded = skeleton(text)
    return next((key for key, pattern in topics if pattern.search(folded)), None)


def related(first: str | None, second: str | None) -> bool:
    if not first or not second or first == second:
        return True
    return any(first in group and second in group for group in RELATED)


def classify(text: str, *, ticket_category: str | None) -> Followup:
    """How to take a message after the ticket of `ticket_category`."""
    sentences = _sentences(text)
    questions: list[str] = []
    for sentence in sentences:
        if is_question(sentence, after_question=bool(questions)):
            questions.append(sentence)
    statements = [s for s in sentences if s not in questions]
    news = " ".join(statements).strip()
    about_fault = bool(news) and not is_vague(news) and sum(ch.isalpha() for ch in news) >= 8
    asked = None
    if questions:
        asked = topic(" ".join(questions)) or "general"
    # Water now reaching the light fitting is the same leak, though its words are an electrician's.
    spreading = ticket_category in ("water", "electrical") \
        and any(h.key == "water_electrics" for h in find_hazards(news))
    access = bool(news) and bool(_compiled()[2].search(skeleton(news)))
    if about_fault and not spreading and not access and not related(ticket_category, keyword_category(news)):
        return Followup(kinds=(NEW,), topic=asked, news=news)
    about_fault = about_fault or access
    if not questions and not about_fault:
        return Followup(kinds=(NEW,), topic=None, news="")
    kinds = tuple(kind for kind, due in ((ANSWER, bool(questions)), (ADD, about_fault)) if due)
    return Followup(kinds=kinds, topic=asked, news=news)
