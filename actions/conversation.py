"""Small conversational actions: why we ask, language switch, help, a person, out of scope."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import language_of, say, settings
from bot import clock
from bot.associations import service as associations
from bot.db import session_scope
from bot.hours import OfficeHours


def _association(tracker: Tracker):
    with session_scope(settings().database_url) as session:
        return associations.resolve(session=session, ref=tracker.get_slot("association"))


class ActionExplainWhy(Action):
    def name(self) -> str:
        return "action_explain_why"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        say(dispatcher, domain, "utter_explain_why", language_of(tracker))
        return []


class ActionSwitchLanguage(Action):
    """action_triage already switched the slot; confirm in the new language."""

    def name(self) -> str:
        return "action_switch_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        say(dispatcher, domain, "utter_language_switched", language_of(tracker))
        return []


class ActionHelp(Action):
    def name(self) -> str:
        return "action_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        say(dispatcher, domain, "utter_help", language_of(tracker))
        return []


class ActionTalkToHuman(Action):
    def name(self) -> str:
        return "action_talk_to_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        association = _association(tracker)
        lang = language_of(tracker)
        if OfficeHours.for_association(association).is_open(clock.now()):
            say(dispatcher, domain, "utter_human_open", lang, phone=association.call_centre_phone)
        else:
            say(dispatcher, domain, "utter_human_closed", lang,
                phone=association.out_of_hours_phone or association.emergency_number)
        return []


class ActionOutOfScope(Action):
    def name(self) -> str:
        return "action_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        association = _association(tracker)
        say(dispatcher, domain, "utter_out_of_scope", language_of(tracker), phone=association.call_centre_phone)
        return []
