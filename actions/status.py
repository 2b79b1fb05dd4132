"""Check or cancel a report: only the phone that reported it learns anything about it."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import language_of, say, settings
from bot.db import session_scope
from bot.tickets import status as ticket_status


def _requester_phone(tracker: Tracker) -> str | None:
    meta = (tracker.latest_message or {}).get("metadata") or {}
    phone = meta.get("phone") or (tracker.sender_id if (tracker.sender_id or "").startswith("+") else None)
    return phone or tracker.get_slot("contact_phone")


class ActionCheckStatus(Action):
    def name(self) -> str:
        return "action_check_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = language_of(tracker)
        text = (tracker.latest_message or {}).get("text") or ""
        with session_scope(settings().database_url) as session:
            found = ticket_status.lookup(session=session, association_ref=tracker.get_slot("association"),
                                         text=text, phone=_requester_phone(tracker),
                                         conversation_id=tracker.sender_id, language=lang)
        if found is None:
            say(dispatcher, domain, "utter_status_none", lang)
        else:
            say(dispatcher, domain, "utter_status", lang, **found)
        return []


class ActionCancelReport(Action):
    def name(self) -> str:
        return "action_cancel_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = language_of(tracker)
        text = (tracker.latest_message or {}).get("text") or ""
        with session_scope(settings().database_url) as session:
            cancelled = ticket_status.cancel(session=session, association_ref=tracker.get_slot("association"),
                                             text=text, phone=_requester_phone(tracker),
                                             conversation_id=tracker.sender_id)
        if cancelled:
            say(dispatcher, domain, "utter_cancel_done", lang, reference=cancelled)
            return []
        say(dispatcher, domain, "utter_cancelled", lang)
        return [SlotSet("requested_slot", None)]
