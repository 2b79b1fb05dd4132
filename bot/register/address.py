"""Parse a tenant's free-text address (Danish or UK format) into street, number, floor, door and postcode."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.triage.text import fold

UK_POSTCODE = re.compile(r"\b([a-z]{1,2}\d[a-z\d]?)\s*(\d[a-z]{2})\b")
DK_POSTCODE = re.compile(r"^\d{4}$")
# "Flat 6", "flat 6a", "apartment 3", "lejl. 4": the UK (and sometimes Danish) way to name a door.
FLAT = re.compile(r"\b(?:flat|apartment|apt|lejl(?:ighed)?)\b\.?\s*(\d+[a-z]?)\b")
TOKEN = re.compile(r"\d+|[a-z]+|\.|,")
SIDE_DOORS = {"th", "tv", "mf"}
GROUND = {"st", "stuen", "stue", "stueetage", "ground"}
BASEMENT = {"kl", "kaelder", "kaelderen", "basement"}
FILLER = {"sal", "etage", "nr", "no", "doer", "dor", "door", "dr", "lejlighed"}
# Tenants without a Danish keyboard write ø as o or oe, å as a or aa, æ as a or ae: compare on one spelling.
_LOOSE = (("aa", "a"), ("ae", "a"), ("oe", "o"))


def loose(text: str) -> str:
    """fold() plus one spelling for æ/ø/å and no punctuation but commas: the key streets are compared on."""
    text = fold(text)
    for old, new in _LOOSE:
        text = text.replace(old, new)
    text = re.sub(r"[^a-z0-9, ]+", " ", text)
    text = re.sub(r"\s*,\s*", ", ", text)
    return re.sub(r"\s+", " ", text).strip(" ,")


def norm_number(value: str) -> str:
    """'12 B' -> '12b'."""
    return re.sub(r"[^a-z0-9]", "", fold(value))


def norm_floor(value: str) -> str:
    """'st.' -> 'st', '2.' -> '2', 'kælder' -> 'kl'."""
    value = re.sub(r"[^a-z0-9]", "", fold(value))
    if value in GROUND:
        return "st"
    if value in BASEMENT:
        return "kl"
    return value.lstrip("0") or ("0" if value else "")


def norm_door(value: str) -> str:
    """'Flat 6' -> 'flat 6', 'TV' -> 'tv', '03' -> '3'."""
    value = fold(value).replace(".", "")
    flat = FLAT.search(value)
    if flat:
        return f"flat {flat.group(1)}"
    value = re.sub(r"\s+", "", value)
    return value.lstrip("0") if value.isdigit() else value


def norm_postcode(value: str) -> str:
    return re.sub(r"\s+", "", (value or "").lower())


@dataclass
class ParsedAddress:
    street: str = ""  # loose()-keyed street text, block name included for UK
    number: str | None = None
    floor: str | None = None
    door: str | None = None
    postcode: str | None = None


def _strip_cities(words: list[str], cities: set[str]) -> list[str]:
    """Drop a trailing town name ("... Road Bracknell") so it does not count as part of the street."""
    for size in (3, 2, 1):
        if len(words) > size and " ".join(words[-size:]) in cities:
            return words[:-size]
    return words


def parse(text: str, *, country: str = "DK", cities: set[str] | None = None) -> ParsedAddress:
    """Danish: 'Hovedgaden 12B, 2. tv, 2600 Glostrup'; UK: 'Flat 6, Ashridge Court, Harmans Water Road, RG12 9PT'."""
    cities = cities or set()
    folded = fold(text)
    result = ParsedAddress()
    uk = UK_POSTCODE.search(folded)
    if uk and country != "DK":
        result.postcode = norm_postcode(uk.group(1) + uk.group(2))
        folded = folded[: uk.start()] + " , " + folded[uk.end():]
    flat = FLAT.search(folded)
    if flat:
        result.door = f"flat {flat.group(1)}"
        folded = folded[: flat.start()] + " , " + folded[flat.end():]
    tokens = TOKEN.findall(_keep_dots(folded))
    if country == "DK":
        _parse_danish(tokens, result, cities)
    else:
        _parse_uk(tokens, result, cities)
    return result


def _keep_dots(folded: str) -> str:
    """loose() spelling but with the dots that mark a Danish floor ('2.') kept."""
    for old, new in _LOOSE:
        folded = folded.replace(old, new)
    return folded


def _is_number(token: str) -> bool:
    return token.isdigit() and len(token) <= 4


def _parse_danish(tokens: list[str], result: ParsedAddress, cities: set[str]) -> None:
    street: list[str] = []
    i = 0
    while i < len(tokens) and not tokens[i].isdigit():
        if tokens[i] not in (".", ",") and tokens[i] not in FILLER:
            street.append(tokens[i])
        i += 1
    result.street = " ".join(street)
    if i >= len(tokens):
        return
    number = tokens[i]
    i += 1
    # A house letter is a single letter straight after the number: "12B", "12 b".
    if i < len(tokens) and len(tokens[i]) == 1 and tokens[i].isalpha():
        number += tokens[i]
        i += 1
    result.number = number.lstrip("0") or number
    door_next = False
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        i += 1
        if tok in (".", ",") or tok in ("sal", "etage", "nr"):
            continue
        if tok in ("doer", "dor", "door"):
            door_next = True
            continue
        if tok.isdigit() and len(tok) == 4 and not door_next:
            result.postcode = tok
            continue
        if tok in GROUND or tok in BASEMENT:
            result.floor = norm_floor(tok)
            continue
        if tok in SIDE_DOORS:
            result.door = tok
            continue
        if tok.isdigit():
            if door_next or (result.floor is not None and result.door is None):
                result.door = tok.lstrip("0") or tok
                door_next = False
            elif result.floor is None and (nxt in (".", "sal", "etage") or nxt in SIDE_DOORS or nxt.isdigit()
                                           or nxt in ("", ",")):
                result.floor = tok.lstrip("0") or "0"
            continue
        # Anything else after the number is the town (or noise).


def _parse_uk(tokens: list[str], result: ParsedAddress, cities: set[str]) -> None:
    segments: list[list[str]] = [[]]
    for tok in tokens:
        if tok == ",":
            segments.append([])
        elif tok != ".":
            segments[-1].append(tok)
    words: list[str] = []
    for segment in segments:
        if not segment:
            continue
        if " ".join(segment) in cities:
            continue
        for j, tok in enumerate(segment):
            if tok.isdigit() and result.number is None:
                number = tok
                if j + 1 < len(segment) and len(segment[j + 1]) == 1:
                    number += segment[j + 1]
                result.number = number
            elif tok.isdigit() or (len(tok) == 1 and j > 0 and segment[j - 1].isdigit()):
                continue
            elif tok not in FILLER:
                words.append(tok)
    result.street = " ".join(_strip_cities(words, cities))
