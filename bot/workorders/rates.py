"""The schedule of rates (`python -m bot.cli import-rates`) and the job code a report is suggested from it."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.associations.models import Association
from bot.triage.policy import PRIORITIES
from bot.triage.text import skeleton
from bot.workorders.models import JobCode

RATE_COLUMNS = ("code", "description", "trade", "priority", "target_days")


@dataclass(frozen=True)
class RateLine:
    code: str
    description: str
    trade: str
    priority: str
    target_days: int
    category: str = ""
    keywords: str = ""


def _stems(text: str) -> set[str]:
    # Five letters of each word: Danish compounds and English plurals meet ("vandhanen"/"vandhane", "taps"/"tap").
    return {w[:5] for w in re.findall(r"[a-z0-9]+", skeleton(text)) if len(w) >= 3}


def suggest_job_code(*, category: str, problem: str, priority: str, trade: str | None,
                     rates: Sequence[RateLine]) -> RateLine | None:
    """The rate line for this report: its category's (else its trade's) line sharing most words with the problem.

    Ties go to the line of the ticket's own priority, then to the lowest code; no word in common still gives the
    category's first line, so staff always start from a suggestion they can change.
    """
    candidates = [r for r in rates if r.category == category] or [r for r in rates if trade and r.trade == trade]
    if not candidates:
        return None
    words = _stems(problem)

    def score(rate: RateLine):
        overlap = len(words & _stems(f"{rate.description} {rate.keywords}"))
        return (-overlap, rate.priority != priority, rate.code)

    return min(candidates, key=score)


def parse_rates(text: str) -> tuple[list[tuple[str, RateLine]], list[str]]:
    """Rows of a schedule of rates CSV as (association name, line); and the rejected rows' reasons."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in RATE_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return [], [f"missing columns: {', '.join(missing)}"]
    lines, rejected = [], []
    for number, row in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in row.items() if k}
        if not row["code"] or not row["description"] or not row["trade"]:
            rejected.append(f"row {number}: code, description and trade are required")
            continue
        if row["priority"] not in PRIORITIES:
            rejected.append(f"row {number}: priority must be one of {', '.join(PRIORITIES)}")
            continue
        if not row["target_days"].isdigit():
            rejected.append(f"row {number}: target_days must be a whole number of days")
            continue
        lines.append((row.get("association", ""), RateLine(
            code=row["code"][:20], description=row["description"][:300], trade=row["trade"][:40],
            priority=row["priority"], target_days=int(row["target_days"]), category=row.get("category", "")[:32],
            keywords=row.get("keywords", "")[:300])))
    return lines, rejected


@dataclass
class RatesReport:
    added: int = 0
    updated: int = 0
    rejected: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{self.added} rates added, {self.updated} updated, {len(self.rejected)} rejected"
        return "\n".join([text, *self.rejected])


def import_rates(*, session: Session, source: str | Path, default_association: Association) -> RatesReport:
    """Add or update (by code) an association's schedule of rates from CSV; an `association` column may name it."""
    lines, rejected = parse_rates(Path(source).read_text(encoding="utf-8"))
    report = RatesReport(rejected=rejected)
    names = dict(session.execute(select(Association.name, Association.id)).all())
    for name, line in lines:
        association_id = names.get(name) if name else default_association.id
        if association_id is None:
            report.rejected.append(f"{line.code}: unknown association {name!r}")
            continue
        row = session.scalars(select(JobCode).where(JobCode.association_id == association_id,
                                                    JobCode.code == line.code)).first()
        if row is None:
            row = JobCode(association_id=association_id, code=line.code)
            session.add(row)
            report.added += 1
        else:
            report.updated += 1
        for name_ in ("description", "trade", "priority", "target_days", "category", "keywords"):
            setattr(row, name_, getattr(line, name_))
    session.flush()
    return report


def rates_of(*, session: Session, association_id: int) -> list[RateLine]:
    return [RateLine(code=r.code, description=r.description, trade=r.trade, priority=r.priority,
                     target_days=r.target_days, category=r.category, keywords=r.keywords)
            for r in session.scalars(select(JobCode).where(JobCode.association_id == association_id)
                                     .order_by(JobCode.code))]
