"""Import the property register CSV (format in interfaces.md): idempotent, with rejected rows reported."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.associations import service as associations
from bot.associations.models import Estate
from bot.register.matching import unit_search_key
from bot.register.models import Unit

COLUMNS = ("association", "estate", "street", "number", "floor", "door", "postcode", "city", "unit_id")
DANISH_FLOORS = {"st", "kl"}
DANISH_DOORS = {"th", "tv", "mf"}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)

    def summary(self) -> str:
        lines = [f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
                 f"rejected {len(self.rejected)}"]
        lines += [f"  line {line}: {reason}" for line, reason in self.rejected]
        return "\n".join(lines)


def _row_problem(row: dict) -> str | None:
    if not row["street"]:
        return "street is empty"
    if not row["unit_id"]:
        return "unit_id is empty"
    if not row["postcode"]:
        return "postcode is empty"
    floor = row["floor"].lower().rstrip(".")
    if floor and floor not in DANISH_FLOORS and not floor.isdigit():
        return f"floor {row['floor']!r} is not st, kl or a number"
    return None


def import_csv(*, session: Session, source: str | Path | io.TextIOBase) -> ImportReport:
    """Upsert units by (association, unit_id); rows that fail checks are reported, not imported."""
    if isinstance(source, (str, Path)):
        handle = open(source, newline="", encoding="utf-8-sig")
    else:
        handle = source
    report = ImportReport()
    try:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            report.rejected.append((1, f"header lacks columns: {', '.join(missing)}"))
            return report
        assoc_cache: dict[str, object] = {}
        estate_cache: dict[tuple[int, str], Estate] = {}
        existing: dict[tuple[int, str], Unit] = {}
        loaded: set[int] = set()
        seen: set[tuple[int, str]] = set()
        for line, raw in enumerate(reader, start=2):
            row = {k: (raw.get(k) or "").strip() for k in COLUMNS}
            problem = _row_problem(row)
            if problem:
                report.rejected.append((line, problem))
                continue
            name = row["association"]
            if name not in assoc_cache:
                assoc_cache[name] = (associations.by_name(session=session, name=name) if name
                                     else associations.first(session=session))
            association = assoc_cache[name]
            if association is None:
                report.rejected.append((line, f"unknown association {name!r}"))
                continue
            key = (association.id, row["unit_id"])
            if key in seen:
                report.rejected.append((line, f"unit_id {row['unit_id']!r} appears twice"))
                continue
            seen.add(key)
            if association.id not in loaded:
                for unit in session.scalars(select(Unit).where(Unit.association_id == association.id)):
                    existing[(association.id, unit.unit_ref)] = unit
                loaded.add(association.id)
            estate_id = None
            if row["estate"]:
                ekey = (association.id, row["estate"])
                if ekey not in estate_cache:
                    estate = session.scalars(select(Estate).where(Estate.association_id == association.id,
                                                                  Estate.name == row["estate"])).first()
                    if estate is None:
                        estate = Estate(association_id=association.id, name=row["estate"])
                        session.add(estate)
                        session.flush()
                    estate_cache[ekey] = estate
                estate_id = estate_cache[ekey].id
            values = dict(estate_id=estate_id, street=row["street"], number=row["number"], floor=row["floor"],
                          door=row["door"], postcode=row["postcode"], city=row["city"])
            unit = existing.get(key)
            if unit is None:
                unit = Unit(association_id=association.id, unit_ref=row["unit_id"], **values)
                unit.search_key = unit_search_key(unit)
                session.add(unit)
                existing[key] = unit
                report.created += 1
            elif any(getattr(unit, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(unit, k, v)
                unit.search_key = unit_search_key(unit)
                report.updated += 1
            else:
                report.unchanged += 1
        session.flush()
        return report
    finally:
        if isinstance(source, (str, Path)):
            handle.close()
