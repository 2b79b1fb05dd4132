"""Office hours and public holidays at frozen instants (Denmark and England), across DST changes."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.hours import DEFAULT_OFFICE_HOURS, OfficeHours

DK = OfficeHours(timezone="Europe/Copenhagen", country="DK", hours=DEFAULT_OFFICE_HOURS)
ENGLAND = OfficeHours(timezone="Europe/London", country="GB",
                      hours={d: ["09:00", "17:00"] for d in ("mon", "tue", "wed", "thu", "fri")})
CPH, LDN = ZoneInfo("Europe/Copenhagen"), ZoneInfo("Europe/London")


def at(tz, *parts) -> datetime:
    return datetime(*parts, tzinfo=tz).astimezone(timezone.utc)


@pytest.mark.parametrize("moment, open_", [
    (at(CPH, 2026, 11, 25, 10, 0), True),    # an ordinary Wednesday morning
    (at(CPH, 2026, 11, 25, 7, 59), False),   # before opening
    (at(CPH, 2026, 11, 25, 15, 0), False),   # closing time is closed
    (at(CPH, 2026, 11, 26, 16, 30), True),   # Thursday is open late
    (at(CPH, 2026, 11, 27, 12, 59), True),   # Friday closes early...
    (at(CPH, 2026, 11, 27, 13, 0), False),   # ...at 13:00
    (at(CPH, 2026, 11, 28, 10, 0), False),   # Saturday
    (at(CPH, 2026, 11, 29, 10, 0), False),   # Sunday
    (at(CPH, 2026, 12, 24, 10, 0), False),   # juleaften (a Thursday in 2026; the association's day off)
    (at(CPH, 2026, 12, 25, 10, 0), False),   # juledag
    (at(CPH, 2026, 12, 28, 10, 0), True),    # Monday after Christmas
    (at(CPH, 2027, 3, 25, 10, 0), False),    # skærtorsdag 2027
    (at(CPH, 2027, 3, 26, 10, 0), False),    # langfredag
    (at(CPH, 2027, 3, 29, 10, 0), False),    # 2. påskedag
    (at(CPH, 2027, 3, 30, 10, 0), True),     # Tuesday after Easter
    (at(CPH, 2026, 6, 5, 10, 0), False),     # Grundlovsdag (a Friday in 2026)
    (at(CPH, 2027, 6, 4, 10, 0), True),      # the Friday before Grundlovsdag 2027 is an ordinary day
])
def test_danish_call_centre_hours(moment, open_):
    assert DK.is_open(moment) is open_


def test_juleaften_and_grundlovsdag_are_in_the_calendar():
    # holidays lists them as bank holidays in DK; the association closes on them.
    from bot.hours import is_holiday

    assert is_holiday(datetime(2026, 6, 5).date(), "DK")
    assert is_holiday(datetime(2026, 12, 25).date(), "DK")


@pytest.mark.parametrize("moment, open_", [
    (at(LDN, 2026, 12, 25, 10, 0), False),   # Christmas Day
    (at(LDN, 2026, 12, 28, 10, 0), False),   # Boxing Day substitute (26th is a Saturday)
    (at(LDN, 2026, 12, 29, 10, 0), True),
    (at(LDN, 2027, 3, 26, 10, 0), False),    # Good Friday
    (at(LDN, 2027, 3, 29, 10, 0), False),    # Easter Monday (England and Wales)
    (at(LDN, 2027, 3, 30, 16, 59), True),
    (at(LDN, 2027, 3, 30, 17, 0), False),
    (at(LDN, 2026, 8, 31, 10, 0), False),    # summer bank holiday
    (at(LDN, 2026, 6, 5, 10, 0), True),      # Grundlovsdag is nothing in England
])
def test_english_hours_and_bank_holidays(moment, open_):
    assert ENGLAND.is_open(moment) is open_


def test_dst_spring_forward_keeps_local_opening_time():
    # 2027-03-28 clocks go forward in both countries; Monday opens at local 08:00 (06:00 UTC, not 07:00).
    friday_evening = at(CPH, 2027, 3, 26, 18, 0)  # langfredag, then the weekend, then 2. påskedag
    opening = DK.next_opening(friday_evening)
    assert opening.astimezone(CPH) == datetime(2027, 3, 30, 8, 0, tzinfo=CPH)
    assert opening == datetime(2027, 3, 30, 6, 0, tzinfo=timezone.utc)


def test_dst_fall_back_keeps_local_opening_time():
    # 2026-10-25 clocks go back: Monday 26 October opens at 08:00 local = 07:00 UTC.
    saturday = at(CPH, 2026, 10, 24, 23, 30)
    assert DK.next_opening(saturday) == datetime(2026, 10, 26, 7, 0, tzinfo=timezone.utc)
    assert DK.is_open(datetime(2026, 10, 26, 7, 0, tzinfo=timezone.utc))
    assert not DK.is_open(datetime(2026, 10, 26, 6, 59, tzinfo=timezone.utc))
    london_sunday = at(LDN, 2026, 10, 25, 1, 30)
    assert ENGLAND.next_opening(london_sunday) == datetime(2026, 10, 26, 9, 0, tzinfo=timezone.utc)


def test_christmas_eve_report_is_next_contacted_after_the_holidays():
    evening = at(CPH, 2026, 12, 23, 20, 0)
    assert DK.next_opening(evening).astimezone(CPH) == datetime(2026, 12, 28, 8, 0, tzinfo=CPH)


def test_next_opening_is_now_when_open():
    moment = at(CPH, 2026, 11, 25, 10, 0)
    assert DK.next_opening(moment) == moment


def test_working_days_skip_weekends_and_holidays():
    thursday = at(CPH, 2026, 12, 23, 20, 0)  # Wednesday 23 Dec evening
    # 24, 25 Dec holidays, 26/27 weekend: the first working day after is Monday 28th, second Tuesday 29th.
    assert DK.add_working_days(thursday, 2).astimezone(CPH) == datetime(2026, 12, 29, 15, 0, tzinfo=CPH)
    friday = at(LDN, 2027, 3, 25, 18, 0)  # Thursday before Easter
    assert ENGLAND.add_working_days(friday, 1).astimezone(LDN) == datetime(2027, 3, 30, 17, 0, tzinfo=LDN)
