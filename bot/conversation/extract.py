"""Pick answers out of a tenant's free text: rooms, names, addresses, yes/no, corrections."""

from __future__ import annotations

import re

from bot.triage.text import fold

ROOMS = {
    "kitchen": "kitchen", "bathroom": "bathroom", "toilet": "toilet", "hallway": "hallway", "hall": "hallway",
    "living room": "living room", "lounge": "living room", "bedroom": "bedroom", "loft": "loft",
    "balcony": "balcony", "basement": "basement", "cellar": "basement", "stairwell": "stairwell",
    "koekken": "køkken", "kokken": "køkken", "badevaerelse": "badeværelse", "badevarelse": "badeværelse",
    "bad": "badeværelse", "toilettet": "toilet", "entre": "entré", "entreen": "entré", "gang": "gang",
    "gangen": "gang", "stue": "stue", "stuen": "stue", "sovevaerelse": "soveværelse", "sovevarelse": "soveværelse",
    "vaerelse": "værelse", "altan": "altan", "altanen": "altan", "kaelder": "kælder", "kaelderen": "kælder",
    "opgang": "opgang", "opgangen": "opgang", "bryggers": "bryggers", "bryggerset": "bryggers",
    "boernevaerelse": "børneværelse", "koekkenet": "køkken", "kokkenet": "køkken", "badevaerelset": "badeværelse",
    "badevaerelset ": "badeværelse",
}
_ROOM_RE = re.compile(r"\b(" + "|".join(sorted((re.escape(k) for k in ROOMS), key=len, reverse=True)) + r")\b")
_YES = re.compile(r"^\s*(yes|yeah|yep|ya|y|ok|okay|sure|correct|that'?s fine|ja|jo|jep|yes please|ja tak|ok tak|"
                  r"det er fint|fint|korrekt|rigtigt)\s*[.!]*\s*$")
_NO = re.compile(r"^\s*(no|nope|n|nothing|none|no thanks|nej|nej tak|nix|ingen|intet|ikke noget)\s*[.!]*\s*$")
_NAME = re.compile(r"\b(?:my name is|name'?s|i am|i'm|this is|jeg hedder|mit navn er|navnet er|det er)\s+"
                   r"([A-ZÆØÅ][\wæøåÆØÅ'\-]+(?:\s+[A-ZÆØÅ][\wæøåÆØÅ'\-]+){0,3})")
# Danish: "Hovedgaden 12, 2. tv, 2600 Glostrup"; UK: "14 Harmans Water Road ... RG12 9PT"
_DK_ADDRESS = re.compile(r"\b[A-ZÆØÅa-zæøå][\wæøåÆØÅ.\- ]{2,40}?\s\d{1,4}\s?[A-Za-z]?\b(?:[ ,]+[^\n]{0,40})?\b\d{4}\b"
                         r"(?:\s+[A-ZÆØÅa-zæøå][\wæøå\- ]+)?")
_UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_CORRECTION = re.compile(r"\b(sorry|i meant|correction|not \d+|undskyld|jeg mente|rettelse|ikke \d+|skulle vaere|"
                         r"should be|actually)\b")


def room(text: str) -> str | None:
    match = _ROOM_RE.search(fold(text))
    return ROOMS[match.group(1)] if match else None


def is_yes(text: str) -> bool:
    return bool(_YES.match(fold(text)))


def is_no(text: str) -> bool:
    return bool(_NO.match(fold(text)))


def name(text: str) -> str | None:
    match = _NAME.search(text or "")
    return match.group(1).strip() if match else None


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
