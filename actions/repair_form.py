"""The repair form: which question comes next. Extraction and validation are its mixins."""

from __future__ import annotations

from rasa_sdk import FormValidationAction, Tracker

from actions import paging
from actions.form_answers import ValidateAnswers
from actions.form_common import (
    EMERGENCY_SLOTS,
    SELF_HELP_FIXED,
    checking_address,
    confirming_address,
    safety_slots,
)
from actions.form_extraction import ExtractAnswers
from bot.conversation import selfhelp
from bot.intake import safety


class ValidateRepairForm(ExtractAnswers, ValidateAnswers, FormValidationAction):
    def name(self) -> str:
        return "validate_repair_form"

    async def get_validation_events(self, dispatcher, tracker: Tracker, domain) -> list:
        events = await super().get_validation_events(dispatcher, tracker, domain)
        return events + paging.after_validation(dispatcher, tracker, domain, events)  # a phone or address: page

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        if tracker.get_slot("self_help") == SELF_HELP_FIXED:
            return []  # the tip worked: the form ends and nothing is reported
        if tracker.get_slot("priority") == "emergency":
            # As few questions as possible: the on-call team needs where and whom to call.
            return checking_address(tracker, confirming_address(tracker, list(EMERGENCY_SLOTS)))
        offer = tracker.get_slot("self_help") is not None or selfhelp.choose(
            problem=tracker.get_slot("problem"), category=tracker.get_slot("category"),
            priority=tracker.get_slot("priority"))
        rest = [slot for slot in domain_slots if slot != "problem" and not slot.startswith(safety.PREFIX)
                and (offer or slot != "self_help")]
        # Which of two close categories, then the safety questions, straight after the problem.
        choice = ["category_choice"] if tracker.get_slot("category_options") else []
        rest = [slot for slot in rest if slot != "category_choice"]
        rest = [slot for slot in rest if slot not in ("address_confirmed", "address_checked")]
        return checking_address(tracker, confirming_address(tracker, ["problem", *choice, *safety_slots(tracker),
                                                                        *rest]))
