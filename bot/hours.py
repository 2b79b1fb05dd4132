"""Office hours, public holidays and working-day arithmetic per association (pure; clock passed in)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Danish housing associations' call centres: weekday daytime; Friday closes early.
DEFAULT_OFFICE_HOURS = {
    "mon": ["08:00", "15:00"], "tue": ["08:00", "15:00"], "wed": ["08:00", "15:00"],
    "thu": ["08:00", "17:00"], "fri": ["08:00", "13:00"],
}


@lru_cache(maxsize=16)
def _holiday_calendar(country: str, year: int):
    if country == "GB":
        return holidays.country_holidays("GB", subdiv="ENG", years=year)
    if country == "DK":
        # Offices close on Grundlovsdag, juleaften, nytårsaften and 1. maj too: `holidays` files them as optional.
        return holidays.country_holidays("DK", years=year, categories=("public", "optional"))
    return holidays.country_holidays(country, years=year)


def is_holiday(day: date, country: str) -> bool:
    return day in _holiday_calendar(country, day.year)


def _parse(hhmm: str) -> time:
    if hhmm == "24:00":
        return time(23, 59, 59)
    hours, minutes = hhmm.split(":")
    return time(int(hours), int(minutes))


@dataclass(frozen=True)
class OfficeHours:
    timezone: str
    country: str
    hours: dict

    @classmethod
    def for_association(cls, association) -> OfficeHours:
        return cls(
            timezone=association.timezone,
            country=association.country,
            hours=association.office_hours or DEFAULT_OFFICE_HOURS,
        )

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(ZoneInfo(self.timezone))

    def is_working_day(self, day: date) -> bool:
        return DAYS[day.weekday()] in self.hours and not is_holiday(day, self.country)

    def is_open(self, moment: datetime) -> bool:
        """True while the call centre is open (a working day, inside its hours)."""
        local = self.local(moment)
        if not self.is_working_day(local.date()):
            return False
        start, end = (_parse(x) for x in self.hours[DAYS[local.weekday()]])
        return start <= local.time() < end

    def next_opening(self, moment: datetime) -> datetime:
        """The next instant the call centre opens (now if it is open)."""
        if self.is_open(moment):
            return moment
        local = self.local(moment)
        day = local.date()
        for _ in range(40):
            if self.is_working_day(day):
                start = datetime.combine(day, _parse(self.hours[DAYS[day.weekday()]][0]), ZoneInfo(self.timezone))
                if start > local:
                    return start.astimezone(moment.tzinfo)
            day += timedelta(days=1)
        raise RuntimeError("no opening within 40 days: check the office hours")

    def add_working_days(self, moment: datetime, days: int) -> datetime:
        """End of the `days`-th working day after the day of `moment` (the closing time that day)."""
        local = self.local(moment)
        day = local.date()
        remaining = days
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        hours = self.hours.get(DAYS[day.weekday()], ["08:00", "15:00"])
        end = datetime.combine(day, _parse(hours[1]), ZoneInfo(self.timezone))
        return end.astimezone(moment.tzinfo)


def due_by(priority: str, created_at: datetime, office: OfficeHours, policy) -> datetime:
    """Target time for a ticket of this priority, counting working days with the association's holidays."""
    if priority == "emergency":
        return created_at + timedelta(hours=policy.emergency_attend_hours)
    if priority == "urgent":
        return office.add_working_days(created_at, policy.urgent_working_days)
    return office.add_working_days(created_at, policy.routine_working_days)
