"""Match a tenant's free-text address to a unit of the register (fuzzy street, exact number/floor/door)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from bot.associations.models import Association
from bot.register import address
from bot.register.models import Street, Unit
from bot.triage.text import fold

# Street names are compared fuzzily (typos, æ/ae/a); numbers, floors and doors must agree exactly.
STREET_MIN_SCORE = 82.0
# Streets within this many points of the best one stay in the running ("Hovedgaden" vs "Hovedvejen" typos).
STREET_MARGIN = 4.0
# A free-text answer may start with words that are not the street ("jeg bor på ..."); try dropping a few.
MAX_DROPPED_WORDS = 4
DROPPED_WORD_COST = 5.0
MIN_STREET_LETTERS = 4
# The dialogue offers numbered options on one SMS keypad digit.
MAX_CANDIDATES = 9


@dataclass
class Match:
    unit: Unit | None
    candidates: list[Unit] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        return self.unit is not None


def unit_search_key(unit: Unit) -> str:
    parts = [unit.street, unit.number, unit.floor, unit.door, unit.postcode, unit.city]
    return fold(" ".join(p for p in parts if p)).replace(",", " ")


def unit_street_key(street: str) -> str:
    return address.loose(street)


def _variants(street_keys: list[str]) -> tuple[list[str], list[str]]:
    """Each street key plus each comma part of it (a UK block name alone, or the road alone)."""
    texts, owners = [], []
    for key in street_keys:
        parts = [key] + ([p.strip() for p in key.split(",") if p.strip()] if "," in key else [])
        for part in parts:
            texts.append(part.replace(",", ""))
            owners.append(key)
    return texts, owners


def _agrees(unit: Unit, parsed: address.ParsedAddress) -> bool:
    if address.norm_number(unit.number) != (parsed.number or ""):
        return False
    if parsed.floor is not None and address.norm_floor(unit.floor) != parsed.floor:
        return False
    if parsed.door is not None and address.norm_door(unit.door) != parsed.door:
        return False
    if parsed.postcode and unit.postcode and address.norm_postcode(unit.postcode) != parsed.postcode:
        return False
    return True


def _order(unit: Unit) -> tuple:
    floor = address.norm_floor(unit.floor)
    rank = -1 if floor == "kl" else 0 if floor in ("st", "") else int(floor) if floor.isdigit() else 99
    return (unit.street, rank, address.norm_door(unit.door))


def _cities(session: Session, association_id: int) -> set[str]:
    rows = session.scalars(select(Unit.city).where(Unit.association_id == association_id).distinct())
    return {address.loose(city) for city in rows if city}


def refresh_streets(*, session: Session, association_id: int) -> None:
    """Bring the association's street list in line with its units (after an import)."""
    present = set(session.scalars(select(Unit.street_key).where(Unit.association_id == association_id).distinct()))
    listed = set(session.scalars(select(Street.street_key).where(Street.association_id == association_id)))
    if listed - present:
        session.execute(delete(Street).where(Street.association_id == association_id,
                                             Street.street_key.in_(listed - present)))
    if present - listed:
        session.execute(insert(Street), [{"association_id": association_id, "street_key": key}
                                         for key in sorted(present - listed)])


def match_address(*, session: Session, association_id: int, text: str) -> Match:
    """One unit when exactly one agrees; several as candidates; none when nothing agrees.

    An address told with a story around it ("16 Harmans Water Road, the one with the blue door, my sister lived at
    14, RG12 9PS") is also tried as its first part with the postcode, when the whole names no home."""
    found = _match_address(session=session, association_id=association_id, text=text)
    parts = [part.strip() for part in (text or "").split(",") if part.strip()]
    if found.unit is not None or found.candidates or len(parts) < STORY_PARTS:
        return found
    postcode = " ".join(POSTCODE.findall(text))
    for head in (parts[0], ", ".join(parts[:2])):
        retry = _match_address(session=session, association_id=association_id, text=f"{head} {postcode}".strip())
        if retry.unit is not None:
            return retry
    return found


STORY_PARTS = 3
# A UK postcode or a Danish four-digit one followed by the town.
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|\b\d{4}\s+[A-ZÆØÅ][a-zæøå]+", re.IGNORECASE)


def _match_address(*, session: Session, association_id: int, text: str) -> Match:
    if not text or not text.strip():
        return Match(unit=None)
    association = session.get(Association, association_id)
    country = association.country if association else "DK"
    parsed = address.parse(text, country=country,
                           cities=_cities(session, association_id) if country != "DK" else None)
    if not parsed.street:
        return Match(unit=None)
    street_keys = list(session.scalars(select(Street.street_key).where(Street.association_id == association_id)))
    if not street_keys:
        return Match(unit=None)
    streets = _streets(parsed.street, street_keys)
    if not streets:
        return Match(unit=None)
    agreeing = _agreeing(session, association_id, streets, parsed)
    if not agreeing and country != "DK" and parsed.number and parsed.door is None:
        # "6 Ashridge Court" often means Flat 6 of a block whose flats have no house number.
        agreeing = _agreeing(session, association_id, streets,
                             replace(parsed, number=None, door=f"flat {parsed.number}"))
    if len(agreeing) == 1:
        return Match(unit=agreeing[0])
    return Match(unit=None, candidates=agreeing[:MAX_CANDIDATES])


def _streets(street: str, street_keys: list[str]) -> set[str]:
    """The register streets the tenant's street text names (best score, and those within the margin of it).

    Words in front of the street ("jeg bor på Hovedgaden") are tried away one at a time, each dropped word
    costing DROPPED_WORD_COST so that "Store Hovedgaden" still prefers Store Hovedgaden over Hovedgaden.
    """
    texts, owners = _variants(street_keys)
    words = street.split()
    scores: dict[str, float] = {}
    for dropped in range(0, min(len(words), MAX_DROPPED_WORDS + 1)):
        tail = " ".join(words[dropped:])
        if dropped and sum(ch.isalpha() for ch in tail) < MIN_STREET_LETTERS:
            break
        for _, score, i in process.extract(tail, texts, scorer=fuzz.token_sort_ratio, limit=None,
                                           score_cutoff=STREET_MIN_SCORE):
            adjusted = score - DROPPED_WORD_COST * dropped
            scores[owners[i]] = max(scores.get(owners[i], 0.0), adjusted)
    if not scores:
        return set()
    best = max(scores.values())
    return {key for key, score in scores.items() if score >= best - STREET_MARGIN}


def _agreeing(session: Session, association_id: int, streets: set[str], parsed: address.ParsedAddress) -> list[Unit]:
    # The house number narrows the street to one stairwell in SQL; _agrees() re-checks it exactly.
    number = func.lower(func.replace(Unit.number, " ", ""))
    units = session.scalars(
        select(Unit).where(Unit.association_id == association_id, Unit.street_key.in_(streets),
                           number == (parsed.number or ""))
    ).all()
    return sorted((u for u in units if _agrees(u, parsed)), key=_order)


def format_unit(unit: Unit) -> str:
    """'Hovedgaden 12, 2. tv, 2600 Glostrup' or 'Flat 6, Ashridge Court, Harmans Water Road, Bracknell, RG12 9PT'."""
    danish = address.DK_POSTCODE.match(unit.postcode or "") is not None
    if danish:
        parts = [f"{unit.street} {unit.number}".strip()]
        floor = f"{unit.floor}." if unit.floor else ""
        floor_door = " ".join(p for p in (floor, unit.door) if p)
        if floor_door:
            parts.append(floor_door)
        parts.append(f"{unit.postcode} {unit.city}".strip())
        return ", ".join(p for p in parts if p)
    parts = [unit.door, f"{unit.number} {unit.street}".strip(), unit.city, unit.postcode]
    return ", ".join(p for p in parts if p)
