"""Dates in tenant replies, in Danish or English (plain ASCII digits, GSM-safe); the words around them when the
office opens are in the tenant catalogue (office_opening_*)."""

from __future__ import annotations

from datetime import datetime

from bot import texts

DA_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
             "november", "december")
DA_DAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day(moment: datetime, language: str) -> str:
    """'fredag den 4. december' / 'Friday 4 December' (in the moment's own timezone)."""
    if language == "da":
        return f"{DA_DAYS[moment.weekday()]} den {moment.day}. {DA_MONTHS[moment.month - 1]}"
    return f"{EN_DAYS[moment.weekday()]} {moment.day} {EN_MONTHS[moment.month - 1]}"


def day_and_time(moment: datetime, language: str) -> str:
    """'mandag den 30. november fra kl. 8.00' / 'Monday 30 November from 8:00'."""
    if language == "da":
        return f"{day(moment, language)} fra kl. {moment.hour}.{moment.minute:02d}"
    return f"{day(moment, language)} from {moment.hour}:{moment.minute:02d}"


def office_opening(opening: datetime, now: datetime, language: str) -> str:
    """When the closed office will be in touch, said from the tenant's day: 'today from 8:00', 'tomorrow, Friday 15
    January', or 'on the next working day, Monday 18 January'. Both instants in the association's timezone.

    At 02:30 on a Thursday the office opens that same Thursday: "the next working day, Thursday" reads as a week away.
    """
    days = (opening.date() - now.date()).days
    lang = "da" if language == "da" else "en"  # English for a language we do not write, as day() does
    if days <= 0:
        clock_time = f"{opening.hour}.{opening.minute:02d}" if lang == "da" else f"{opening.hour}:{opening.minute:02d}"
        return texts.text("office_opening_today", lang, time=clock_time)
    key = "office_opening_tomorrow" if days == 1 else "office_opening_next_working_day"
    return texts.text(key, lang, day=day(opening, lang))
