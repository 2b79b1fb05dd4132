"""Language of a tenant's message (Danish or English) and explicit requests to switch."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.triage.text import fold

LANGUAGES = ("da", "en")

# Short texts defeat statistical detectors; these words settle most two-word messages.
_DA_WORDS = set(
    "jeg er det en et og i på pa paa ikke har min mit mine vores der til med af for hej hejsa goddag tak mange "
    "virker kan vil skal hvad hvor hvornår hvornaar lejlighed lejligheden køkken koekken kokken badeværelse "
    "badevaerelse vand varme varmt koldt stue soveværelse sovevaerelse dør doer dor vindue hane vandhanen "
    "radiator radiatoren strøm stroem strom ingen også ogsa ogsaa bare lige nu godaften godmorgen venlig hilsen "
    "mvh nej ja jo hallo dansk fjernvarme drypper utæt utaet gået gaaet gaet stykker sidder fast lugter "
    "gas elevatoren opgangen toilettet afløb afloeb stoppet hjælp hjaelp hjalp vasken røret roeret loftet skimmel "
    "fugt rotter rotte mus stikkontakt stikkontakten stikkontakterne hane hanen lugter lugt brænder braender "
    "røg roeg rog strømmen stroemmen strommen lyset elevator sidder fast kolde koldt kold virker fungerer "
    "dryp drypper utæt revne vinduet døren doeren doren låsen laasen lasen nøglen noeglen noglen skabet "
    "ovnen emhætten emhaetten bruseren badet gulvet væggen vaeggen vaggen hallo godaften undskyld venlig "
    "hilsen nu igen hele tiden siden nat aften morgen sidste uge dag dage".split()
)
_EN_WORDS = set(
    "i my the is a an and in on not no have has it its it's there to with of for hi hello hey thanks thank "
    "you please works working can will what where when flat apartment kitchen bathroom water heating hot cold "
    "living room bedroom door window tap radiator power electricity none also just now evening morning regards "
    "yes yeah okay english leaking leak broken stuck smell smells lift toilet drain blocked help sink pipe "
    "ceiling socket sockets boiler mould mold damp rats mice lights light wall walls floor burst flooding flood "
    "dripping pouring coming through from upstairs downstairs blocked overflowing sparking burning cooker oven "
    "cupboard tiles stairs since night last week day days again still all won't wont can't cant don't dont "
    "doesn't isn't please pls thx cheers mate".split()
)
_DA_LETTERS = re.compile(r"[æøå]")
_SWITCH_EN = re.compile(r"\b(english|engelsk|in english|speak english|english please|eng pls)\b")
_SWITCH_DA = re.compile(r"\b(dansk|danish|paa dansk|pa dansk|på dansk|in danish|dansk tak|dansk please)\b")


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.DANISH, Language.ENGLISH).build()


def word_votes(text: str) -> tuple[int, int]:
    words = re.findall(r"[a-zæøå']+", (text or "").lower())
    folded_words = re.findall(r"[a-z']+", fold(text))
    da = sum(1 for w in words if w in _DA_WORDS) + sum(1 for w in folded_words if w in _DA_WORDS and w not in words)
    en = sum(1 for w in words if w in _EN_WORDS)
    return da, en


def detect(text: str, default: str = "da") -> str:
    """'da' or 'en' for a message; `default` (the association's language) when nothing tells."""
    text = (text or "").strip()
    if not re.search(r"[A-Za-zÆØÅæøå]", text):
        return default
    if _DA_LETTERS.search(text.lower()):
        return "da"
    da, en = word_votes(text)
    if da != en and abs(da - en) >= 2:
        return "da" if da > en else "en"
    from lingua import Language

    values = {
        c.language: c.value for c in _detector().compute_language_confidence_values(text)
    }
    da_conf = values.get(Language.DANISH, 0.0) + 0.08 * (da - en)
    en_conf = values.get(Language.ENGLISH, 0.0) + 0.08 * (en - da)
    if abs(da_conf - en_conf) < 0.1 and da == en:
        return default
    return "da" if da_conf > en_conf else "en"


def requested_switch(text: str) -> str | None:
    """'en' for "english please", 'da' for "på dansk tak"; None when the message asks for no switch."""
    folded = fold(text)
    if len(folded) > 60:
        return None
    wants_en = bool(_SWITCH_EN.search(folded))
    wants_da = bool(_SWITCH_DA.search(folded) or _SWITCH_DA.search((text or "").lower()))
    if wants_en and not wants_da:
        return "en"
    if wants_da and not wants_en:
        return "da"
    return None
