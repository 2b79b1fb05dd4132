"""Negated danger signs: "I can't smell any gas", "der er ingen gnister", "nobody is stuck in the lift".

In repair reports a negation usually *is* the fault ("no heating", "the door won't lock", "I can't stop the
water"), so negation is never applied to faults. It is applied only to danger *signs* (a smell, sparks, smoke,
fire, sewage, someone trapped): a sign said to be absent is blanked out before the hazard patterns run.

Scope, as in NegEx: from the negation cue forwards over at most a few words, never past a clause boundary
("," "." "but" "men" ...). Pseudo-negations that express doubt ("not sure if it's gas", "ved ikke om det er gas")
open no scope: a tenant in doubt about a danger is treated as reporting it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.triage.text import skeleton

# All in skeleton() space (lowercase, æ/ø/å folded to a/o/a).
CUES = (r"no|not|never|without|none|nothing|nobody|no ?one|nowhere|neither|nor|isn'?t|aren'?t|wasn'?t|weren'?t|don'?t|"
        r"doesn'?t|dosn'?t|didn'?t|can'?t|cannot|couldn'?t|haven'?t|hasn'?t|hadn'?t|ikke|ik|ingen|intet|ingenting|aldrig|"
        r"uden|hverken|heller ikke|ingen af")
# Doubt or inability, not absence: these open no scope.
PSEUDO = (r"not (sure|certain|know|knowing)|no (idea|doubt)|(don'?t|do not|dont) know|can'?t (tell|say|be sure)|"
          r"not only|ikke (sikker|klar over|ved)|ved ikke|er ikke sikker|aner ikke|ikke kun|no longer|ikke (l|laen)gere|"
          r"(can'?t|cannot|cant|couldn'?t|unable to|kan ikke|kunne ikke|ikke at) (\w+ )?(stop|turn|shut|close|lock|"
          r"get|breathe|move|open|find|reach|lukke|stoppe|slukke|lase|komme|fa|trakke|abne|finde|na)|"
          r"(won'?t|wont|will not|vil ikke) ")
# Danger signs that a negation can say are absent.
SIGNS = (r"gas\w*|smell\w*|odou?r\w*|lugt\w*|stink\w*|whiff|egg\w*|ag\b|hiss\w*|hvas\w*|sus\w*|spark\w*|gnist\w*|"
         r"smok\w*|rog\b|ryger|fire|flames?|flam\w*|ild|brand|brander|burn\w*|bra?nd\w*|svi\w*|scorch\w*|"
         r"sewage|kloak\w*|spildevand|poo\w*|lort|trapped|stuck|fast|fanget|inside|inde|danger\w*|fare\w*|"
         r"leak\w*|lak\w*|drip\w*|dryp\w*|bare|exposed|blotte\w*|"
         r"wires?|ledning\w*|co\b|carbon|kulilte|alarm\w*|beep\w*|bipp?er")
MAX_SCOPE_WORDS = 5
BOUNDARY = r"[.,;:!?\n/]|\b(but|men|although|though|however|selvom|dog|except|undtagen|and then|og så)\b"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    return (re.compile(rf"\b({CUES})\b"), re.compile(rf"\b({PSEUDO})"), re.compile(rf"\b({SIGNS})"),
            re.compile(BOUNDARY))


ANY_WORD = r"[\w']+"


def blank_negated(text: str, signs: str | None = None) -> str:
    """`text` (skeleton space) with every danger sign inside a negation's scope replaced by '_'.

    `signs` (a regex) replaces the danger signs, e.g. ANY_WORD for "no small children here".
    """
    cue_re, pseudo_re, sign_re, boundary_re = _patterns()
    if signs is not None:
        sign_re = re.compile(rf"\b({signs})")
    pseudo_spans = [m.span() for m in pseudo_re.finditer(text)]
    out = list(text)
    for cue in cue_re.finditer(text):
        if any(start <= cue.start() < end for start, end in pseudo_spans):
            continue
        rest = text[cue.end():]
        stop = boundary_re.search(rest)
        scope = rest[:stop.start()] if stop else rest
        words = list(re.finditer(r"\S+", scope))[:MAX_SCOPE_WORDS]
        if not words:
            continue
        scope_end = cue.end() + words[-1].end()
        for sign in sign_re.finditer(text, cue.end(), scope_end):
            for index in range(sign.start(), sign.end()):
                out[index] = "_"
    # Danish puts the negation after the verb: "det lugter ikke", "der gnister ikke", "den ryger ikke".
    for sign in re.finditer(rf"\b({signs or SIGNS}) (slet |overhovedet |heller |jo |bare |altsa )?(ikke|ik|aldrig)\b", text):
        if not any(start <= sign.start(3) < end for start, end in pseudo_spans):
            for index in range(sign.start(1), sign.end(1)):
                out[index] = "_"
    return "".join(out)


def negated(text: str, sign: str) -> bool:
    """Whether the tenant says `sign` (a word, skeleton space) is absent: 'no sparks', 'lugter ikke af gas'."""
    folded = skeleton(text)
    return sign in folded and sign not in blank_negated(folded)


# A sentence about the past ("we had a power cut last month", "the gas man came last year and said it was fine")
# tells back-story, not tonight's danger. Recent past ("last night", "i nat", "since yesterday") stays: it is now.
_PAST = re.compile(r"\b(last (week|month|year|winter|summer|spring|autumn)|(weeks|months|years) ago|a (week|month|year) ago|"
                   r"used to|before (we|i) moved|when (we|i) moved in|sidste (uge|maned|ar|vinter|sommer)|"
                   r"for (en|et|[0-9]+|to|tre|nogle) (uge|uger|maned|maneder|ar) siden|plejede|tidligere i ar|"
                   r"da (vi|jeg) flyttede ind|inden (vi|jeg) flyttede|(back )?in (19|20)[0-9]{2}|(tilbage )?i (19|20)[0-9]{2}|"
                   r"(klarede|ordnede|fiksede|fixed|sorted|cleared|unblocked) (vi|jeg|we|i|it|det)( \w+)? (selv|ourselves|"
                   r"myself)|(men|but) (det|it) (blev|was|got) (lavet|fixed|repaired|sorted|ordnet))\b")
_SENTENCE = re.compile(r"[^.!?\n]+")
# A sentence that also says what is happening now ("we had a baby a week ago, and now there is no hot water")
# tells tonight's fault, whatever back-story it starts with.
_NOW = re.compile(r"\b((og|and|but|men|so|sa) (nu|now)|nu (er|har|kommer|lober|drypper|virker|er der)|now (there|it|the|we|i|my)|"
                  r"tonight|i nat|i aften|pludselig|suddenly|lige nu|right now|at the moment|currently)\b")


def blank_past(text: str) -> str:
    """`text` (skeleton space) with its sentences about the past (not tonight) blanked out, when it tells more."""
    if not _PAST.search(text) or len(_SENTENCE.findall(text)) < 2:
        return text
    return _SENTENCE.sub(lambda sentence: " _ " if _PAST.search(sentence.group()) and not _NOW.search(sentence.group())
                         else sentence.group(), text)
