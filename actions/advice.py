"""Triage, safety advice and the first page, in the one remote call Rasa makes after every tenant message."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import paging
from actions.base import association, language_of, say
from actions.triage import triage

log = logging.getLogger(__name__)


def fresh_hazards(tracker: Tracker) -> tuple[list[str], bool]:
    """Hazards triage marked as advised on this message, and whether they are the conversation's first."""
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
    """Runs after every tenant message, once Rasa has extracted the form's slots from it: triage the message
    (actions/triage.py), give the advice for new hazards first, then page the on-call team if the emergency is due
    a page (actions/paging.py).

    One remote call where there were two: triage used to be a custom slot-mapping action of its own, whose messages
    Rasa 3.6 drops; this validation step's messages Rasa delivers, and the slots it returns are set before the
    policy and the form run, as a slot mapping's were.
    """

    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        try:
            triaged = triage(tracker)
        except Exception:
            # As when triage was a call of its own that failed: the slots stay as they were, advice and paging run.
            log.exception("triage failed for conversation %s", tracker.sender_id)
            triaged = []
        # The rest sees the message as triaged, as it saw the slots a slot-mapping action had set.
        triaged_tracker = tracker.copy()
        triaged_tracker.add_slots(triaged)
        try:
            updates = self.advise_and_page(dispatcher, triaged_tracker, domain)
        except Exception:
            log.exception("advice or paging failed for conversation %s", tracker.sender_id)
            updates = {}
        # Paging's slots win over triage's, as a validation's SlotSet did over the slot mapping's.
        return [SlotSet(name, value) for name, value in updates.items()] + \
            [event for event in triaged if event["name"] not in updates]

    @staticmethod
    def advise_and_page(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> dict:
        fresh, _ = fresh_hazards(tracker)
        if fresh:
            lang = language_of(tracker)
            found = association(tracker)
            gas_phone = (found.gas_emergency_phone or found.emergency_number) if found else "112"
            for key in fresh:
                say(dispatcher, domain, f"utter_advice_{key}", lang, gas_phone=gas_phone)
            log.info("hazard advice sent: %s", ",".join(fresh))
        # Only what the form has validated counts; its own hook pages with this message's answers.
        return paging.page_if_due(dispatcher, tracker, domain, paging.unvalidated(tracker))
