"""Priority policy (configurable per association) and target response times."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.triage.hazards import Hazard

PRIORITIES = ("routine", "urgent", "emergency")
RANK = {p: i for i, p in enumerate(PRIORITIES)}
VULNERABLE_EMERGENCIES = ("no_heating", "no_hot_water")


def highest(*priorities: str | None) -> str | None:
    present = [p for p in priorities if p]
    return max(present, key=RANK.__getitem__) if present else None


@dataclass(frozen=True)
class Policy:
    """Defaults from the housing association's repair policy; `overrides` come from the association row."""

    winter_months: tuple[int, ...] = (10, 11, 12, 1, 2, 3, 4)
    # A category's floor: reports in it are never below this priority.
    category_floor: dict = field(default_factory=dict)
    # Target times: emergency attend in hours; the others in working days.
    emergency_attend_hours: int = 4
    emergency_make_safe_hours: int = 24
    urgent_working_days: int = 3
    routine_working_days: int = 20

    @classmethod
    def from_overrides(cls, overrides: dict | None) -> Policy:
        overrides = dict(overrides or {})
        known = {k: v for k, v in overrides.items() if k in cls.__dataclass_fields__}
        if "winter_months" in known:
            known["winter_months"] = tuple(known["winter_months"])
        return cls(**known)

    def hazard_priority(self, hazard: Hazard, *, month: int, vulnerable: bool) -> str:
        # A total loss of heating or hot water is an emergency for a vulnerable household in any month.
        if hazard.key in VULNERABLE_EMERGENCIES and vulnerable:
            return "emergency"
        if hazard.winter_only and month not in self.winter_months:
            return "urgent"
        return hazard.priority

    def floor(self, category: str | None) -> str:
        return self.category_floor.get(category or "", "routine")
