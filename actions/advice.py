"""Safety advice reaches the tenant: Rasa 3.6 drops messages of custom slot-mapping actions, so we say it here."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import paging
from actions.base import association, language_of, say

log = logging.getLogger(__name__)


def fresh_hazards(tracker: Tracker) -> tuple[list[str], bool]:
    """Hazards action_triage marked as advised on this message, and whether they are the conversation's first."""
    events = tracker.events or []
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    before: list = []
    now: list | None = None
    for index, event in enumerate(events):
        if event.get("event") == "slot" and event.get("name") == "hazards_advised":
            if index < last_user:
                before = list(event.get("value") or [])
            else:
                now = list(event.get("value") or [])
    if now is None:
        return [], False
    fresh = [key for key in now if key not in before] or now  # a new report starts the advised list afresh
    return fresh, len(fresh) == len(now)


class ActionValidateSlotMappings(Action):
    """Runs after every tenant message, once the slots are extracted: give the advice for new hazards first, then
    page the on-call team if the emergency is due a page (actions/paging.py).

    action_triage (a custom slot mapping) decides which advice is due and records it in `hazards_advised`;
    Rasa keeps only the slots of such actions, so the advice itself is sent from this validation step, whose
    messages Rasa does deliver before the next action.
    """

    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        fresh, _ = fresh_hazards(tracker)
        if fresh:
            lang = language_of(tracker)
            found = association(tracker)
            gas_phone = (found.gas_emergency_phone or found.emergency_number) if found else "112"
            for key in fresh:
                say(dispatcher, domain, f"utter_advice_{key}", lang, gas_phone=gas_phone)
            log.info("hazard advice sent: %s", ",".join(fresh))
        # Only what the form has validated counts; its own hook pages with this message's answers.
        updates = paging.page_if_due(dispatcher, tracker, domain, paging.unvalidated(tracker))
        return [SlotSet(name, value) for name, value in updates.items()]
