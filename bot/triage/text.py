"""Text normalisation shared by the lexicons: folded Danish letters, spellings without æøå, common typos."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})


def fold(text: str) -> str:
    """Lowercase, æ->ae, ø->oe, å->aa, strip other accents, collapse whitespace."""
    text = unicodedata.normalize("NFC", text or "").lower().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    # Tenants without æøå write "o" for "ø" and "a" for "å"; patterns accept both.
    return re.sub(r"\s+", " ", text).strip()


def skeleton(text: str) -> str:
    """fold(), then ae/oe/aa -> a/o/a, so "røg", "roeg" and "rog" (typed without æøå) read the same.

    Lexicon patterns go through the same function, so they can be written with or without æøå.
    """
    return fold(text).replace("ae", "a").replace("oe", "o").replace("aa", "a")


# Words the safety net and the lexicon look for, plus look-alike real words that must stay as they are
# ("floor" is not a typo of "flood"). Skeleton spelling; only words of 5+ letters are corrected towards.
_VOCABULARY = frozenset("""
heating heater heaters radiator radiators radiatoren radiatorerne radiatorer varmen varme varmt varmer virker
fungerer working worked broken stopped toilet toilets toilettet blocked stoppet tilstoppet overflowing overflow
electric electricity electrics socket sockets stikkontakt stikkontakten stikkontakterne sparks sparking burning
smell smells smelling water waters leaking leaks flood flooding flooded floor floors ceiling collapsed collapse
elevator elevatoren trapped stuck window windows smashed burglar burgled kitchen bathroom bedroom shower bruseren
sewage kloakvand carbon monoxide kulilte alarm alarmen detector smoke smoking flames power strommen strom
lejligheden lejlighed nothing sprunget oversvommet gaslugt indbrud hoveddoren front locked close closed lukke
lukker pouring gushing spraying burst freezing boiler thermostat termostaten stikket kontakten ledning ledningen
ledninger wires wiring exposed kolde iskold iskoldt ingen intet lugter brander fosser sprojter drypper dripping
loftet faldet styrtet fallen falling sagging stairs fanget sidder there their these where other about after again
night since still think today every under hours sorry please hello thanks would could should lights light
plaster cracked crack cooker hissing forced door doors handle lunken frozen rotter rotte mouse house heated
heats heavy heave smelt spark spare spell stock store start sewer sewing fired fires firing water wafer leave
really right bright fight night frame frames flame flames small smaller shell spell leaning flooring
droppings dropping dropped drops spares stick stuck stock tight sight lower tower blame blames alarms filling filled fills sprak speak sprog stark staerk start started split spots spot""".split())
_SMS = {"ik": "ikke", "ikk": "ikke", "ik'": "ikke", "wont": "won't", "cant": "can't", "dont": "don't",
        "isnt": "isn't", "doesnt": "doesn't", "pls": "please", "u": "you", "r": "are", "d": "det"}


def _one_slip(word: str, target: str) -> bool:
    """word is target with one letter dropped, one letter doubled, or two neighbours swapped.

    Substitutions are left alone on purpose: they turn real words into others ("bobler" -> "boiler").
    """
    if len(word) + 1 == len(target):
        return any(target[:i] + target[i + 1:] == word for i in range(len(target)))
    if len(word) == len(target) + 1:
        return any(word[:i] + word[i + 1:] == target and word[i] == word[i - 1] for i in range(1, len(word)))
    if len(word) == len(target):
        diff = [i for i in range(len(word)) if word[i] != target[i]]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and word[diff[0]] == target[diff[1]] \
            and word[diff[1]] == target[diff[0]]
    return False


@lru_cache(maxsize=4096)
def _correct(word: str) -> str:
    if word in _SMS:
        return _SMS[word]
    if len(word) < 5 or word in _VOCABULARY or not word.isalpha():
        return word
    # On a tie prefer the longer word, then the alphabetically first (deterministic).
    matches = sorted((-len(w), w) for w in _VOCABULARY if w[0] == word[0] and len(w) >= 5 and _one_slip(word, w))
    return matches[0][1] if matches else word


def normalise(text: str) -> str:
    """skeleton() with common typos and SMS spellings corrected ("heatin not workin", "varmn virkr ik")."""
    return " ".join(_correct(w) if w.isalpha() else w for w in re.findall(r"[\w']+|[^\w\s]", skeleton(text)))
