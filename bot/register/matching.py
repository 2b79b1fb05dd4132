"""Match a tenant's free-text address to a unit of the register (fuzzy, Danish and UK formats)."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.register.models import Unit
from bot.triage.text import fold

CONFIDENT = 90.0


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


def match_address(*, session: Session, association_id: int, text: str) -> Match:
    units = list(session.scalars(select(Unit).where(Unit.association_id == association_id)))
    if not units or not text:
        return Match(unit=None)
    query = fold(text).replace(",", " ")
    choices = {u.id: u.search_key or unit_search_key(u) for u in units}
    found = process.extract(query, choices, scorer=fuzz.token_sort_ratio, limit=3)
    if not found:
        return Match(unit=None)
    by_id = {u.id: u for u in units}
    best = found[0]
    close = [by_id[key] for _, score, key in found if score >= CONFIDENT]
    if best[1] >= CONFIDENT and len(close) == 1:
        return Match(unit=by_id[best[2]])
    return Match(unit=None, candidates=close)


def format_unit(unit: Unit) -> str:
    if unit.floor or unit.door and not unit.door.lower().startswith("flat"):
        parts = [f"{unit.street} {unit.number}".strip()]
        floor_door = " ".join(p for p in (f"{unit.floor}." if unit.floor and unit.floor.isdigit() else unit.floor,
                                          unit.door) if p)
        if floor_door:
            parts.append(floor_door)
        parts.append(f"{unit.postcode} {unit.city}".strip())
        return ", ".join(p for p in parts if p)
    parts = [unit.door, f"{unit.number} {unit.street}".strip(), unit.city, unit.postcode]
    return ", ".join(p for p in parts if p)
