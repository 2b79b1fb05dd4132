"""The first reply to a report: requests about reports, news after a ticket, else sympathy and a fresh form."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import followup
from actions.base import (
    language_of,
    say,
    text_of,
)
from actions.form_common import (
    MIN_LETTERS,
    REPORT_SLOTS,
    SELF_HELP_FIXED,
)
from actions.status import ActionCancelReport, ActionCheckStatus
from bot.conversation import extract
from bot.intake.requests import about_existing_report
from bot.tickets.service import clip
from bot.triage.vague import is_vague


class ActionAcknowledgeReport(Action):
    """First reply to a report: sympathy (any hazard advice was given when the message was triaged)."""

    def name(self) -> str:
        return "action_acknowledge_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        text = text_of(tracker)
        lang = language_of(tracker)
        events: list = []
        request = about_existing_report(text, has_report=bool(tracker.get_slot("ticket_reference")))
        if request == "cancel" or request == "status" and tracker.get_slot("priority") != "emergency":
            # "cancel my repair, the boiler one": about a report already made, never a new one.
            action = ActionCancelReport() if request == "cancel" else ActionCheckStatus()
            return [*await action.run(dispatcher, tracker, domain), FollowupAction("action_listen")]
        continued = await followup.after_ticket(dispatcher, tracker, domain)
        if continued is not None:
            # A question about the ticket, or more about the same fault: answered or added, no new report.
            return [*continued, FollowupAction("action_listen")]
        if tracker.get_slot("ticket_reference") or tracker.get_slot("self_help") == SELF_HELP_FIXED:
            # A second report in the same conversation starts a fresh form (address, name and number kept).
            events += [SlotSet(slot, None) for slot in REPORT_SLOTS]
        if tracker.get_slot("priority") != "emergency":
            say(dispatcher, domain, "utter_sorry_to_hear", lang)
        if extract.letters(text) >= MIN_LETTERS and not is_vague(text):
            # A vague opening ("I have a problem at home") is not the problem: the form asks what is wrong.
            events.append(SlotSet("problem", clip("problem", text)))
        room = extract.room(text)
        if room:
            events.append(SlotSet("location_in_home", room))
        return events
