"""Dates in tenant replies, in Danish or English (plain ASCII digits, GSM-safe)."""

from __future__ import annotations

from datetime import datetime

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
    clock_time = f"kl. {opening.hour}.{opening.minute:02d}" if language == "da" \
        else f"{opening.hour}:{opening.minute:02d}"
    if days <= 0:
        return f"i dag fra {clock_time}" if language == "da" else f"today from {clock_time}"
    if days == 1:
        return f"i morgen, {day(opening, language)}" if language == "da" else f"tomorrow, {day(opening, language)}"
    return f"næste hverdag, {day(opening, language)}" if language == "da" \
        else f"on the next working day, {day(opening, language)}"
