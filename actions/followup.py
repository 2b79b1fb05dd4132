"""After the ticket: answer the tenant's question, add news about the same fault to its ticket (bot/intake/followup).

Only a fault of another trade starts a new report (the caller's usual path, when this returns None).
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.base import association, language_of, say, settings, text_of
from actions.status import ActionCheckStatus, answer_request
from bot import clock
from bot.db import session_scope
from bot.intake import followup
from bot.repairs import additions
from bot.triage.hazards import find_hazards


def reading(tracker: Tracker) -> followup.Followup | None:
    """How this message relates to the conversation's ticket; None when there is no ticket or a form is open."""
    if not tracker.get_slot("ticket_reference") or tracker.active_loop_name:
        return None
    return followup.classify(text_of(tracker), ticket_category=tracker.get_slot("ticket_category"))


def continues_ticket(tracker: Tracker) -> bool:
    """The message is about the ticket already given (a question or news), not a new report."""
    read = reading(tracker)
    return read is not None and followup.NEW not in read.kinds


def _raised_by(news: str, tracker: Tracker) -> str | None:
    """The priority the news may raise the ticket to: triage's, only when the news itself tells of a hazard (a
    question such as "is it dangerous to sleep here?" raises nothing)."""
    return tracker.get_slot("priority") if find_hazards(news) else None


async def after_ticket(dispatcher, tracker: Tracker, domain: dict) -> list | None:
    """Events when the message continues the ticket (answered and/or added), else None."""
    read = reading(tracker)
    if read is None:
        return None
    asked = await answer_request(dispatcher, tracker, domain)
    if asked is not None:
        return asked  # "glem det, min svoger ordnede den": about the ticket, as a cancellation
    if followup.NEW in read.kinds:
        return None
    lang = language_of(tracker)
    reference = tracker.get_slot("ticket_reference")
    found = association(tracker)
    events: list = []
    if followup.ADD in read.kinds:
        with session_scope(settings().database_url) as session:
            added = additions.add_news(session=session, association_ref=found.id if found else None,
                                       reference=reference, conversation_id=tracker.sender_id, news=read.news,
                                       priority=_raised_by(read.news, tracker), now=clock.now())
        if added is None:
            return None  # the ticket is closed or cancelled: this is a new report
        say(dispatcher, domain, "utter_added_to_ticket", lang, reference=added.reference)
        if added.raised and added.priority == "emergency":
            if added.alerted:
                say(dispatcher, domain, "utter_next_step_emergency", lang, phone=added.contact_phone)
            else:
                say(dispatcher, domain, "utter_next_step_emergency_unpaged", lang,
                    phone=(found.out_of_hours_phone or found.call_centre_phone) if found else "112",
                    emergency=found.emergency_number if found else "112")
        # The slots keep describing the ticket, not this message alone.
        events += [SlotSet("priority", added.priority), SlotSet("category", tracker.get_slot("ticket_category"))]
    if followup.ANSWER in read.kinds:
        if read.topic == "next":
            events += await ActionCheckStatus().run(dispatcher, tracker, domain)
        else:
            say(dispatcher, domain, f"utter_after_ticket_{read.topic}", lang, reference=reference,
                phone=(found.out_of_hours_phone or found.call_centre_phone) if found else "112",
                emergency=found.emergency_number if found else "112")
    return events
