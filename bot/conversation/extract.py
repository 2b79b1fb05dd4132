"""Pick answers out of a tenant's free text: rooms, names, addresses, yes/no, corrections."""

from __future__ import annotations

import re

from bot.triage.rooms import FITTING_ROOMS, NOT_ROOMS, ROOM_STEMS, ROOMS
from bot.triage.text import fold

_ROOM_RE = re.compile(r"\b(" + "|".join(sorted((re.escape(k) for k in ROOMS), key=len, reverse=True)) + r")\b")
_STEM_RE = re.compile(r"\b(?!" + "|".join(NOT_ROOMS) + r")("
                      + "|".join(sorted(ROOM_STEMS, key=len, reverse=True)) + r")\w*")
_FITTING_RE = re.compile(r"\b(" + "|".join(sorted((re.escape(k) for k in FITTING_ROOMS), key=len, reverse=True))
                         + r")(?:ret|et|en|n|ne|erne|ene|er|s|es)?\b")
_YES = re.compile(r"^\s*(yes|yeah|yep|ya|y|ok|okay|sure|correct|that'?s fine|ja|jo|jep|yes please|ja tak|ok tak|"
                  r"det er fint|fint|korrekt|rigtigt)\s*[.!]*\s*$")
_NO = re.compile(r"^\s*(no|nope|n|nothing|none|no thanks|nej|nej tak|nix|ingen|intet|ikke noget)\s*[.!]*\s*$")
_NAME = re.compile(r"\b(?:my name is|name'?s|i am|i'm|this is|jeg hedder|mit navn er|navnet er|det er|"
                   r"(?:the )?tenant(?:'s name)? is|(?:the )?tenant'?s|lejer(?:en)? (?:er|hedder)|"
                   r"beboer(?:en)? (?:er|hedder))\s+"
                   r"([A-ZÆØÅ][\wæøåÆØÅ'\-]+(?:\s+[A-ZÆØÅ][\wæøåÆØÅ'\-]+){0,3})")
# Danish: "Hovedgaden 12, 2. tv, 2600 Glostrup"; UK: "14 Harmans Water Road ... RG12 9PT"
_DK_ADDRESS = re.compile(r"\b[A-ZÆØÅa-zæøå][\wæøåÆØÅ.\- ]{2,40}?\s\d{1,4}\s?[A-Za-z]?\b(?:[ ,]+[^\n]{0,40})?\b\d{4}\b"
                         r"(?:\s+[A-ZÆØÅa-zæøå][\wæøå\- ]+)?")
_UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_CORRECTION = re.compile(r"\b(sorry|soz|i meant|correction|not \d+|undskyld|jeg mente|rettelse|ikke \d+|skulle vaere|"
                         r"should be|actually|it'?s (number|no\.?) ?\d+|det er (nr\.?|nummer) ?\d+|forkert|wrong)\b")
_DK_HOUSE_NUMBER = re.compile(r"^\s*[^\d,]*?[a-zæøå.]\s(\d{1,4}\s?[A-Za-z]?)\b")
_UK_HOUSE_NUMBER = re.compile(r"\b(\d{1,4}[A-Za-z]?)\s+(?!flat)[A-Za-z]{3,}")
VOWELS = set("aeiouyæøå")
GIBBERISH_MIN_LETTERS = 6
GIBBERISH_VOWEL_SHARE = 0.15


_WHOLE_HOME_EN = re.compile(r"\b(every room|all (the |of the )?rooms|(the )?whole (flat|house|home|place|apartment)|"
                            r"(the )?entire (flat|house|home|place|apartment)|all over the (flat|house))\b")
_WHOLE_HOME_DA = re.compile(r"\b(hele (lejligheden|huset|boligen|hjemmet)|alle (rum|rummene|vaerelser|vaerelserne)|"
                            r"i alle rum|overalt i (lejligheden|huset|boligen))\b")


def room(text: str) -> str | None:
    """The room a message names: a room word, a Danish compound that starts with one, or a fitting's room; the
    whole home when the fault is everywhere ("every room", "hele lejligheden")."""
    folded = fold(text)
    match = _ROOM_RE.search(folded)
    if match:
        return ROOMS[match.group(1)]  # a room named wins: "the kitchen, not the whole flat"
    if _WHOLE_HOME_EN.search(folded):
        return "whole home"
    if _WHOLE_HOME_DA.search(folded):
        return "hele boligen"
    match = _STEM_RE.search(folded)
    if match:
        return ROOM_STEMS[match.group(1)]
    match = _FITTING_RE.search(folded)
    return FITTING_ROOMS[match.group(1)] if match else None


def is_yes(text: str) -> bool:
    return bool(_YES.match(fold(text)))


def is_no(text: str) -> bool:
    return bool(_NO.match(fold(text)))


def name(text: str) -> str | None:
    match = _NAME.search(text or "")
    return match.group(1).strip() if match else None


ADDRESS_NUMBER_WITHIN = 6


# A street, block or flat word: Danish street names end so ("-vej", "-gade", "-parken"); English ones say so.
_STREETISH = re.compile(
    r"(vej|vejen|gade|gaden|parken|park|vangen|vang|alle|allé|straede|stræde|plads|pladsen|torv|torvet|bakken|bakke|"
    r"hoj|høj|hoejen|højen|lund|lunden|have|haven|holm|marken|toften|engen|stien|sti|dal|dalen|berg|bjerg|gård|gaard|"
    r"gården|boulevard|road|rd|street|st|court|ct|close|lane|ln|avenue|ave|way|drive|dr|place|pl|gardens|crescent|"
    r"terrace|square|row|walk|grove|mews|hill|house|flat|nr|nummer|number|no|lejlighed|blok|block|opgang)\.?$",
    re.IGNORECASE)


def number_early(text: str) -> bool:
    """An address gives its number beside a street, block or flat word ("Flat 3, Ashridge Court", "Hovedgaden 12"),
    or a postcode; "forgot to say my mum lives with me, she's 87" and "min datter på 9 er bange" are news."""
    words = re.findall(r"[\wæøåÆØÅ'.-]+", text or "")
    if _UK_POSTCODE.search(text or "") or re.search(r"\b[1-9][0-9]{3}\b", text or "") and len(words) <= 12:
        return True
    for index, word in enumerate(words[:ADDRESS_NUMBER_WITHIN + 2]):
        if any(ch.isdigit() for ch in word):
            near = words[max(0, index - 3):index] + words[index + 1:index + 4]
            if len(words) <= 2 or any(_STREETISH.search(w) for w in near):
                return True
    return False


def address(text: str) -> str | None:
    """An address-looking span: Danish street + number ... postcode, or anything with a UK postcode."""
    text = text or ""
    if _UK_POSTCODE.search(text):
        return text.strip()
    match = _DK_ADDRESS.search(text)
    return match.group(0).strip(" ,.") if match else None


def is_correction(text: str) -> bool:
    return bool(_CORRECTION.search(fold(text)))


def apply_number_correction(previous: str, text: str) -> str | None:
    """'sorry, 14 not 12' applied to 'Hovedgaden 12, 2. tv' -> 'Hovedgaden 14, 2. tv'."""
    folded = fold(text)
    match = re.search(r"\b(\d+\w?)\s*(?:,\s*)?(?:not|ikke)\s+(\d+\w?)\b", folded)
    if match:
        new, old = match.group(1), match.group(2)
    else:
        match = re.search(r"\b(?:not|ikke)\s+(\d+\w?)\s*(?:,\s*)?(?:but|men)\s+(\d+\w?)\b", folded)
        if not match:
            return None
        old, new = match.group(1), match.group(2)
    replaced, count = re.subn(rf"\b{re.escape(old)}\b", new, previous, count=1)
    return replaced if count else None


def house_number(address_text: str) -> str | None:
    """The house number of a written address (Danish 'Street 12, ...' or UK '14 Street Road')."""
    text = address_text or ""
    uk_first = re.match(r"\s*(\d|flat\b)", text, re.IGNORECASE)
    patterns = (_UK_HOUSE_NUMBER, _DK_HOUSE_NUMBER) if uk_first else (_DK_HOUSE_NUMBER, _UK_HOUSE_NUMBER)
    match = next((m for m in (p.search(text) for p in patterns) if m), None)
    return match.group(1) if match else None


_TIME = re.compile(r"\b(kl\.?|klokken|at|after|efter|before|for|inden|from|fra|til|until|indtil|mellem|between|around|"
                   r"omkring|ca\.?|by)\s*\d|\d\s*(am|pm|:|\.\d\d|o'?clock|tiden|ish)\b|\b\d+\s*-\s*\d+\b")
_ADDRESS_CUE = re.compile(r"\b(nr\.?|nummer|number|no\.?|house|huset|flat|lejlighed|address|adresse|i live|jeg bor|"
                          r"it'?s|its|it is|det er|skulle vaere|should be|meant|mente)\b")
SHORT_CORRECTION_WORDS = 3


def correct_house_number(previous: str, text: str) -> str | None:
    """'undskyld, det er nr. 14' or 'sorry, 14 not 12' applied to the address given earlier."""
    explicit = apply_number_correction(previous, text)
    if explicit:
        return explicit
    folded = fold(text)
    if re.search(r"\b\d{4}\b", folded):  # a postcode: a new address, not a correction of the number
        return None
    # "efter kl 16 undskyld" is a time, and an apology is not a new house number: only a number said to be the
    # address ("det er nr. 14", "sorry, 14") corrects it.
    if _TIME.search(folded) or not (_ADDRESS_CUE.search(folded) or len(folded.split()) <= SHORT_CORRECTION_WORDS):
        return None
    numbers = re.findall(r"\b\d{1,3}\s?[a-z]?\b", folded)
    if len(numbers) != 1:
        return None
    old = house_number(previous)
    new = numbers[0].replace(" ", "")
    if not old or old.replace(" ", "").lower() == new:
        return None
    return re.sub(rf"\b{re.escape(old)}\b", new.upper() if new[-1:].isalpha() else new, previous, count=1)


def is_gibberish(text: str) -> bool:
    """Keyboard mash like 'asdfghjkl' or 'xkcd qwrtz': letters but hardly a vowel."""
    letters = [ch for ch in fold(text) if ch.isalpha()]
    if len(letters) < GIBBERISH_MIN_LETTERS:
        return False
    vowels = sum(ch in VOWELS for ch in letters)
    return vowels / len(letters) < GIBBERISH_VOWEL_SHARE


def letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text or "")


def is_ok_only(text: str) -> bool:
    """A bare 'ok': acknowledges, but does not say that something worked."""
    return bool(re.fullmatch(r"\s*(ok|okay|okey|oki|ok tak|okay tak|alright|fint)\s*[.!]*\s*", fold(text)))


SHORT_YES_WORDS = 4


def is_short_yes(text: str) -> bool:
    """A plain yes to "did that help?" ("ja", "yes thanks"), not a longer message with a 'ja' in it ("naa men ja det
    var det. god nat"): only a plain yes may close a report as fixed."""
    return len(re.findall(r"[\w']+", fold(text))) <= SHORT_YES_WORDS and not is_ok_only(text)


def is_bare_yes_no(text: str) -> bool:
    """'ja', 'nej', 'yes', '1': an answer to a yes/no question, never a room or a name."""
    return bool(re.fullmatch(r"\s*(ja|jo|nej|yes|yeah|yep|no|nope|[12])\s*[.!]*\s*", fold(text)))


def fold_equal(a: str, b: str) -> bool:
    """Equal once case, accents and punctuation are set aside."""
    def key(text: str) -> str:
        return re.sub(r"[^\w]+", " ", fold(text)).strip()
    return key(a) == key(b)


# Words that make a short message a request (why, cancel, a language, a person, ...) rather than an answer.
_CONTROL = re.compile(r"\?|\b(why|hvorfor|hvad skal|cancel|annuller\w*|stop|stopp|help|hjaelp|hjalp|english|engelsk|"
                      r"dansk|danish|status|human|person|menneske|medarbejder|rent|husleje|noise|stoej|stoj|parking|"
                      r"parkering)\b")
_COURTESY = {"hi", "hello", "hey", "hej", "hejsa", "goddag", "godaften", "godmorgen", "tak", "thanks", "thank",
             "you", "bye", "farvel", "mange", "good", "evening", "morning", "night", "ok", "okay", "cheers", "please",
             "venligst", "så", "saa", "meget"}


def is_plain_answer(text: str) -> bool:
    """A short answer like 'Ben Clarke' that the model took for a greeting or a request, but that asks nothing."""
    folded = fold(text)
    if not folded or _CONTROL.search(folded):
        return False
    words = re.findall(r"[\w']+", folded)
    return bool(words) and not all(word in _COURTESY for word in words)


_NAME_LEAD = re.compile(r"^\s*(?:(?:tell (?:them|him|her|the \w+)|say|sig)\s+)?"
                        r"(?:(?:it'?s |its |it is |det er )?(?:for|til|on behalf of|på vegne af) (?:my|min|mit) \w+,?|"
                        r"(?:the )?tenant(?:'s name)? is|lejer(?:en)? er|beboer(?:en)? er|"
                        r"it'?s|it is|its|this is|i'?m|i am|my name'?s|my name is|name'?s|det er|jeg er|"
                        r"jeg hedder|mit navn er|navnet er|her er)\s+",
                        re.IGNORECASE)
_NAME_TAIL = re.compile(r"\s+(?:from|at|in|of|fra|i|på|paa)\s+(?:number|no\.?|nr\.?|nummer|flat|lejlighed|the)\b.*$|"
                        r"\s*[,(].*$", re.IGNORECASE)


_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "fru", "frk", "hr", "herr"}


def form_of_address(full_name: str) -> str:
    """How the tenant is thanked: "Margaret" for "Margaret Hughes", but "Mr Osei" for "mr osei", never "Mr"."""
    words = (full_name or "").split()
    if not words:
        return ""
    if words[0].lower().rstrip(".") in _TITLES and len(words) > 1:
        return f"{words[0].rstrip('.').capitalize()} {words[-1][:1].upper()}{words[-1][1:]}"
    return words[0]


def name_answer(text: str) -> str:
    """The name in an answer to "what is your name?": "it's Mrs Khan from number 4" is "Mrs Khan"."""
    found = name(text)
    if found:
        return found
    stripped = _NAME_TAIL.sub("", _NAME_LEAD.sub("", (text or "").strip())).strip(" .!")
    return stripped or (text or "").strip()
