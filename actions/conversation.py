"""Small conversational actions: why we ask, language switch, help, a person, out of scope."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import followup
from actions.acknowledge import ActionAcknowledgeReport
from actions.base import association, language_of, reask, say, text_of
from actions.status import answer_request, cancel, confirms_cancelling
from bot import clock
from bot.hours import OfficeHours
from bot.triage import language as languages
from bot.triage.hazards import find_hazards
from bot.triage.vague import opens_a_report

WHY_SLOTS = ("problem", "self_help", "location_in_home", "address", "reporter_name", "contact_phone", "access_notes")


def _emergency_number(tracker: Tracker) -> str:
    found = association(tracker)
    return found.emergency_number if found else "112"


class ActionExplainWhy(Action):
    def name(self) -> str:
        return "action_explain_why"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        started = await carry_on(dispatcher, tracker, domain)
        if started is not None:
            return started  # "jeg vil gerne anmelde en skade" is a report starting, not a question
        asked = await answer_request(dispatcher, tracker, domain)
        if asked is not None:
            return asked  # "hvor langt er I med den?" asks about the report, not why we ask
        requested = tracker.get_slot("requested_slot") if tracker.active_loop_name else None
        response = f"utter_why_{requested}" if requested in WHY_SLOTS else "utter_explain_why"
        say(dispatcher, domain, response, language_of(tracker))
        return []


class ActionGreet(Action):
    """Hello back; a second hello in a row, with no report yet, is asked what is wrong instead of greeted again."""

    def name(self) -> str:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        if not tracker.active_loop_name and _greeted_just_before(tracker):
            return [FollowupAction("repair_form")]  # the form asks "what is wrong?" (a greeting is never the problem)
        say(dispatcher, domain, "utter_greet", language_of(tracker))
        return []


def _greeted_just_before(tracker: Tracker) -> bool:
    """The tenant's message before this one was a greeting answered by one, with no ticket since."""
    users = [e for e in tracker.events if e.get("event") == "user"]
    if len(users) < 2 or ((users[-2].get("parse_data") or {}).get("intent") or {}).get("name") != "greet":
        return False
    since = tracker.events[tracker.events.index(users[-2]):]
    return not any(e.get("event") == "slot" and e.get("name") == "ticket_reference" and e.get("value") for e in since)


class ActionSwitchLanguage(Action):
    """Triage already switched the slot; confirm in the new language."""

    def name(self) -> str:
        return "action_switch_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        if languages.requested_switch(text_of(tracker)) is None:
            # The model's reading alone ("skal jeg være hjemme …?" read as "på dansk"): the words ask something else.
            return await ActionHandleFallback().run(dispatcher, tracker, domain)
        say(dispatcher, domain, "utter_language_switched", language_of(tracker))
        return []


class ActionHelp(Action):
    def name(self) -> str:
        return "action_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        started = await carry_on(dispatcher, tracker, domain)
        if started is not None:
            return started  # "can you help me, something is wrong at home": ask what is wrong
        continued = await followup.after_ticket(dispatcher, tracker, domain)
        if continued is not None:
            return continued
        say(dispatcher, domain, "utter_help", language_of(tracker), emergency=_emergency_number(tracker))
        return []


class ActionTalkToHuman(Action):
    def name(self) -> str:
        return "action_talk_to_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        found = association(tracker)
        lang = language_of(tracker)
        if OfficeHours.for_association(found).is_open(clock.now()):
            say(dispatcher, domain, "utter_human_open", lang, phone=found.call_centre_phone)
        else:
            say(dispatcher, domain, "utter_human_closed", lang,
                phone=found.out_of_hours_phone or found.emergency_number)
        return []


class ActionOutOfScope(Action):
    def name(self) -> str:
        return "action_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        started = await carry_on(dispatcher, tracker, domain)
        if started is not None:
            return started
        continued = await followup.after_ticket(dispatcher, tracker, domain)
        if continued is not None:
            return continued
        found = association(tracker)
        say(dispatcher, domain, "utter_out_of_scope", language_of(tracker), phone=found.call_centre_phone)
        return []


class ActionHandleFallback(Action):
    """A message that answers nothing: a kind re-ask; after two in a row, a person or the emergency line."""

    def name(self) -> str:
        return "action_handle_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        started = await carry_on(dispatcher, tracker, domain)
        if started is not None:
            return started
        continued = await followup.after_ticket(dispatcher, tracker, domain)
        if continued is not None:
            return continued
        reference = tracker.get_slot("ticket_reference")
        if reference and not tracker.active_loop_name:
            say(dispatcher, domain, "utter_reask_after_ticket", language_of(tracker), reference=reference)
            return []
        counter = reask(dispatcher, domain, tracker, "utter_default", emergency=_emergency_number(tracker))
        return [SlotSet(name, value) for name, value in counter.items()]


class ActionDefaultFallback(ActionHandleFallback):
    """Rasa's own fallback (the dialogue policy is unsure) answers like any other unclear message."""

    def name(self) -> str:
        return "action_default_fallback"


async def carry_on(dispatcher, tracker: Tracker, domain: dict) -> list | None:
    """What a message no rule answers may still mean: a typed yes to "cancel it?" cancels the report; a hazard or a
    vague "something is wrong" starts one (start_report_on_hazard). None when it means neither."""
    if confirms_cancelling(tracker):
        return cancel(dispatcher, tracker, domain)
    return await start_report_on_hazard(dispatcher, tracker, domain)


async def start_report_on_hazard(dispatcher, tracker: Tracker, domain: dict) -> list | None:
    """A hazard is never dropped: an emergency in a message the model did not read as a report starts one.

    So does a vague "I have a problem at home": the report starts by asking what is wrong.
    """
    text = text_of(tracker)
    if tracker.active_loop_name:
        return None
    hazardous = tracker.get_slot("priority") in ("emergency", "urgent") and find_hazards(text)
    if not hazardous and not opens_a_report(text):
        return None
    continued = await followup.after_ticket(dispatcher, tracker, domain)
    if continued is not None:
        return continued  # a hazard in news about the ticket's own fault: that ticket is raised and paged
    events = await ActionAcknowledgeReport().run(dispatcher, tracker, domain)
    return events + [FollowupAction("repair_form")]
