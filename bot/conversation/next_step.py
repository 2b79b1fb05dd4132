"""What the tenant is told happens next once the ticket is written: a rule over plain values, the clock injected.

The on-call team calls (only when a page is queued or out), the estate's incident is already known, or the office
will be in touch: now if it is open, else at its next opening, said from the tenant's day.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.conversation import wording
from bot.hours import OfficeHours


def next_step(*, result, association, now: datetime, language: str) -> tuple[str, dict]:
    """The response to say and its values, for a written ticket (`bot.repairs.flows.Submitted`)."""
    if getattr(result, "incident_known", False):
        return "utter_incident_known", {}
    if result.priority == "emergency" and not result.alerted:
        # Nobody could be paged: never say the on-call team was alerted.
        return "utter_next_step_emergency_unpaged", {
            "phone": (association.out_of_hours_phone or association.call_centre_phone) if association else "112",
            "emergency": association.emergency_number if association else "112"}
    if result.priority == "emergency":
        return "utter_next_step_emergency", {"phone": result.contact_phone}
    tz = ZoneInfo(association.timezone)
    due = wording.day(result.due_by.astimezone(tz), language)
    office = OfficeHours.for_association(association)
    if office.is_open(now):
        return "utter_next_step_open", {"due": due, "phone": association.call_centre_phone}
    opening = wording.office_opening(office.next_opening(now).astimezone(tz), now.astimezone(tz), language)
    return "utter_next_step_closed", {"opening": opening, "due": due}
