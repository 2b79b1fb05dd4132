"""Long, rambling messages: triage them on the sentences about the repair, not on the story around it.

A tenant who apologises for writing so late, tells us about last year's plumber and the weather, and then says
the bedroom door will not close, has a door to report. The model reads the whole message and is pulled by
every word; the lexicon on the repair sentences alone is a better judge of the trade.
"""

from __future__ import annotations

import re

from bot.triage.categories import keyword_scores
from bot.triage.negation import blank_past
from bot.triage.text import skeleton
from bot.triage.vague import is_vague

LONG_SENTENCES = 3
LONG_CHARS = 240
# Skeleton spelling (æ/ø/å as a/o/a). Sentences that are courtesy, not the fault.
COURTESY = re.compile(
    r"^\s*(sorry|apologies|i apologi[sz]e|so sorry|hope (you|this|it)|thank|thanks|cheers|kind regards|best wishes|"
    r"regards|many thanks|have a good|i know it'?s late|undskyld|beklager|haber (i|du|det)|tak |tak$|mange tak|"
    r"venlig hilsen|mvh|hilsen|hav en god|ved godt det er sent|god aften|god nat)")
_SENTENCE = re.compile(r"[^.!?\n]+")


def is_long(text: str) -> bool:
    return len(text or "") >= LONG_CHARS or len([s for s in _SENTENCE.findall(text or "") if s.strip()]) \
        >= LONG_SENTENCES


def repair_sentences(text: str) -> str:
    """The sentences of `text` that speak of a fault now (skeleton spelling); "" when none does."""
    kept = []
    for sentence in _SENTENCE.findall(blank_past(skeleton(text or ""))):
        sentence = sentence.strip()
        if not sentence or sentence == "_" or COURTESY.match(sentence) or is_vague(sentence):
            continue
        if keyword_scores(sentence):
            kept.append(sentence)
    return ". ".join(kept)
