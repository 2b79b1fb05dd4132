"""Import the property register CSV (format in interfaces.md): idempotent, with rejected rows reported."""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from bot.associations import service as associations
from bot.associations.models import Association, Estate
from bot.register.address import UK_POSTCODE
from bot.register.matching import refresh_streets, unit_street_key
from bot.register.models import Unit
from bot.triage.text import fold

log = logging.getLogger(__name__)
COLUMNS = ("association", "estate", "street", "number", "floor", "door", "postcode", "city", "unit_id")
VALUE_COLUMNS = ("estate_id", "street", "number", "floor", "door", "postcode", "city")
DANISH_FLOORS = {"st", "kl"}
DANISH_DOORS = {"th", "tv", "mf"}
LIMITS = {"street": 200, "number": 20, "floor": 20, "door": 40, "postcode": 16, "city": 80, "unit_id": 64,
          "estate": 120}
# Rows per INSERT/UPDATE statement: large enough to be fast, small enough for SQLite's variable limit.
BATCH = 1000


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Homes already in the register that this file does not list: kept (tickets point at them), but reported.
    not_in_file: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)

    def summary(self) -> str:
        lines = [f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
                 f"rejected {len(self.rejected)}" + (f", kept {self.not_in_file} not in this file"
                                                     if self.not_in_file else "")]
        lines += [f"  line {line}: {reason}" for line, reason in self.rejected]
        return "\n".join(lines)


def _row_problem(row: dict, country: str) -> str | None:
    for name in ("street", "unit_id", "postcode"):
        if not row[name]:
            return f"{name} is empty"
    for name, limit in LIMITS.items():
        if len(row[name]) > limit:
            return f"{name} is longer than {limit} characters"
    if country == "DK":
        floor = row["floor"].lower().rstrip(".")
        if floor and floor not in DANISH_FLOORS and not floor.isdigit():
            return f"floor {row['floor']!r} is not st, kl or a number"
        door = row["door"].lower().rstrip(".")
        if door and door not in DANISH_DOORS and not door.isdigit():
            return f"door {row['door']!r} is not th, tv, mf or a number"
        if not re.fullmatch(r"\d{4}", row["postcode"]):
            return f"postcode {row['postcode']!r} is not four digits"
        if not row["number"]:
            return "number is empty"
    else:
        if not UK_POSTCODE.fullmatch(fold(row["postcode"])):
            return f"postcode {row['postcode']!r} is not a UK postcode"
        if not row["number"] and not row["door"]:
            return "neither number nor door (Flat N) is given"
    return None


def _estates(session: Session, association_id: int, names: set[str]) -> dict[str, int]:
    known = dict(session.execute(select(Estate.name, Estate.id).where(Estate.association_id == association_id)).all())
    missing = sorted(names - known.keys())
    if missing:
        session.execute(insert(Estate), [{"association_id": association_id, "name": n} for n in missing])
        known = dict(session.execute(
            select(Estate.name, Estate.id).where(Estate.association_id == association_id)).all())
    return known


def _apply(session: Session, association: Association, rows: list[tuple[int, dict]], report: ImportReport) -> None:
    """Upsert one association's rows: one SELECT of what exists, then batched INSERTs and UPDATEs."""
    estates = _estates(session, association.id, {row["estate"] for _, row in rows if row["estate"]})
    existing = {
        r.unit_ref: r for r in session.execute(
            select(Unit.id, Unit.unit_ref, *(getattr(Unit, c) for c in VALUE_COLUMNS))
            .where(Unit.association_id == association.id))
    }
    inserts, updates = [], []
    for _, row in rows:
        values = {"estate_id": estates.get(row["estate"]) if row["estate"] else None,
                  **{c: row[c] for c in VALUE_COLUMNS if c != "estate_id"}}
        current = existing.get(row["unit_id"])
        if current is None:
            inserts.append({"association_id": association.id, "unit_ref": row["unit_id"], **values,
                            "search_key": _search_key(values), "street_key": unit_street_key(values["street"])})
        elif any(getattr(current, c) != values[c] for c in VALUE_COLUMNS):
            updates.append({"id": current.id, **values, "search_key": _search_key(values),
                            "street_key": unit_street_key(values["street"])})
        else:
            report.unchanged += 1
    for start in range(0, len(inserts), BATCH):
        session.execute(insert(Unit), inserts[start:start + BATCH])
    for start in range(0, len(updates), BATCH):
        session.execute(update(Unit), updates[start:start + BATCH])
    report.created += len(inserts)
    report.updated += len(updates)
    report.not_in_file += len(existing.keys() - {row["unit_id"] for _, row in rows})
    if inserts or updates:
        refresh_streets(session=session, association_id=association.id)


def _search_key(values: dict) -> str:
    parts = [values[c] for c in ("street", "number", "floor", "door", "postcode", "city")]
    return fold(" ".join(p for p in parts if p)).replace(",", " ")


def import_csv(*, session: Session, source: str | Path | io.TextIOBase) -> ImportReport:
    """Upsert units by (association, unit_id); rows that fail checks are reported with their line, not imported."""
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
        by_name: dict[str, Association | None] = {}
        grouped: dict[int, list[tuple[int, dict]]] = {}
        seen: set[tuple[int, str]] = set()
        for raw in reader:
            line = reader.line_num
            row = {k: " ".join((raw.get(k) or "").split()) for k in COLUMNS}
            name = row["association"]
            if name not in by_name:
                by_name[name] = (associations.by_name(session=session, name=name) if name
                                 else associations.first(session=session))
            association = by_name[name]
            if association is None:
                report.rejected.append((line, f"unknown association {name!r}"))
                continue
            if association.country == "DK":
                # "1." and "TH." mean 1 and th: store one spelling so display and matching agree.
                row["floor"] = row["floor"].lower().rstrip(".")
                row["door"] = row["door"].lower().rstrip(".")
            problem = _row_problem(row, association.country)
            if problem:
                report.rejected.append((line, problem))
                continue
            key = (association.id, row["unit_id"])
            if key in seen:
                report.rejected.append((line, f"unit_id {row['unit_id']!r} appears twice"))
                continue
            seen.add(key)
            grouped.setdefault(association.id, []).append((line, row))
        for association_id, rows in grouped.items():
            _apply(session, session.get(Association, association_id), rows, report)
        session.flush()
        log.info("register import: created=%d updated=%d unchanged=%d rejected=%d", report.created,
                 report.updated, report.unchanged, len(report.rejected))
        return report
    finally:
        if isinstance(source, (str, Path)):
            handle.close()
