"""What the repair form's parts share: its slots and limits, the latest message, the safety questions due."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker

from actions import paging
from actions.base import (
    association,
    language_of,
    report_turns,
    responses,
    say,
)
from bot import clock
from bot.conversation import address_check, remembered
from bot.intake import safety
from bot.triage.hazards import find_hazards, mentions_vulnerable
from bot.triage.policy import Policy

log = logging.getLogger(__name__)
FORM_SLOTS = ("problem", "location_in_home", "address", "reporter_name", "contact_phone", "access_notes")
# Slots of one report that a new report starts afresh; who and where the tenant is stays for the next report.
REPORT_SLOTS = ("problem", "location_in_home", "access_notes", "self_help", "address_options", "address_given",
                "failed_attempts", "ticket_reference", "ticket_category", "category_choice", "category_options",
                "address_confirmed",
                *safety.slots())
EMERGENCY_SLOTS = ("problem", "address", "reporter_name", "contact_phone")
MIN_LETTERS = 2
MIN_ADDRESS_LETTERS = 8
# Intents the domain keeps out of the form's from_text mappings; a name said with them is still a name.
NON_ANSWER_INTENTS = ("greet", "thank", "goodbye")
# Intents the domain's from_text mappings leave out (domain.yml); a plain answer said with them still counts.
BLOCKED_INTENTS = NON_ANSWER_INTENTS + ("ask_why", "cancel_report", "switch_language", "talk_to_human", "check_status",
                                        "help", "out_of_scope")
ANSWER_SLOTS = ("location_in_home", "address", "reporter_name", "contact_phone", "access_notes")
SELF_HELP_FIXED, SELF_HELP_DECLINED = "fixed", "declined"
# A safety question is asked at most twice; then the form moves on ("unknown") with the out-of-hours number.
SAFETY_TRIES = 2
# No question is asked more than twice: the third time, these answers are taken as the tenant wrote them.
MAX_ASKS = 2
FREE_TEXT_SLOTS = ("problem", "location_in_home", "address", "reporter_name", "access_notes")
# Requests the rules answer before the form asks again (a language switch, why, cancel): never taken as an answer.
REQUEST_INTENTS = ("switch_language", "ask_why", "cancel_report", "talk_to_human", "check_status")


def own_phone(tracker: Tracker) -> str | None:
    return paging.sender_phone(tracker, {"channel": tracker.get_slot("channel")})


def safety_slots(tracker: Tracker) -> list[str]:
    """The safety questions of this report: those answered, then the one to ask now (if any)."""
    if not tracker.get_slot("problem"):
        return []
    answers = {name: tracker.get_slot(name) for name in safety.slots()}
    text = report_text_of(tracker)
    waiting = safety.pending(category=tracker.get_slot("category"), text=text,
                             hazards=[h.key for h in find_hazards(text)], priority=tracker.get_slot("priority"),
                             answers=answers, vulnerable=mentions_vulnerable(text))
    return [name for name in safety.slots() if answers.get(name)] + waiting[:1]


def report_text_of(tracker: Tracker) -> str:
    """The report's words: the problem as recorded, and what else the tenant said about it."""
    said = safety.report_text(report_turns(tracker))
    problem = tracker.get_slot("problem") or ""
    return " / ".join(part for part in (problem, said) if part)


def policy_and_month(tracker: Tracker) -> tuple[Policy, int]:
    found = association(tracker)
    if found is None:
        return Policy(), clock.now().month
    return Policy.from_overrides(found.policy_overrides), clock.now().astimezone(ZoneInfo(found.timezone)).month


def advise(dispatcher, domain: dict, tracker: Tracker, hazard: str | None) -> dict:
    """The safety advice for a hazard a safety answer revealed, once per report."""
    advised = list(tracker.get_slot("hazards_advised") or [])
    if not hazard or hazard in advised:
        return {}
    found = association(tracker)
    gas_phone = (found.gas_emergency_phone or found.emergency_number) if found else "112"
    if f"utter_advice_{hazard}" in responses(domain):
        say(dispatcher, domain, f"utter_advice_{hazard}", language_of(tracker), gas_phone=gas_phone)
    return {"hazards_advised": advised + [hazard]}


def confirming_address(tracker: Tracker, slots: list[str]) -> list[str]:
    """Before a remembered address (another session's, or an earlier report's) is reused, ask if it still holds."""
    answered = tracker.get_slot("address_confirmed")  # "yes"/"no" once validated; the raw answer until then
    if "address" in slots and tracker.get_slot("address") and remembered.needs_confirmation(
            tracker.events, confirmed=answered if answered in ("yes", "no") else None):
        index = slots.index("address")
        return [*slots[:index], "address_confirmed", *slots[index:]]
    return slots


def checking_address(tracker: Tracker, slots: list[str]) -> list[str]:
    return address_check.slots_with_check(slots, address=tracker.get_slot("address"),
                                          unmatched=bool(tracker.get_slot("address_unmatched")),
                                          checked=tracker.get_slot("address_checked"))
