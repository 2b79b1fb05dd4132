"""Match a tenant's free-text address to a unit of the register (fuzzy street, exact number/floor/door)."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    """One unit when exactly one agrees; several as candidates; none when nothing agrees."""
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
    texts, owners = _variants(street_keys)
    found = process.extract(parsed.street, texts, scorer=fuzz.token_sort_ratio, limit=None,
                            score_cutoff=STREET_MIN_SCORE)
    if not found:
        return Match(unit=None)
    best = max(score for _, score, _ in found)
    streets = {owners[i] for _, score, i in found if score >= best - STREET_MARGIN}
    # The house number narrows the street to one stairwell in SQL; _agrees() re-checks it exactly.
    number = func.lower(func.replace(Unit.number, " ", ""))
    units = session.scalars(
        select(Unit).where(Unit.association_id == association_id, Unit.street_key.in_(streets),
                           number == (parsed.number or ""))
    ).all()
    agreeing = sorted((u for u in units if _agrees(u, parsed)), key=_order)
    if len(agreeing) == 1:
        return Match(unit=agreeing[0])
    return Match(unit=None, candidates=agreeing[:MAX_CANDIDATES])


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
