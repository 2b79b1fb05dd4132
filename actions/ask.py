"""The repair form's questions that need more than a response: options, buttons, remembered values."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import (
    language_of,
    render,
    say,
    say_with_buttons,
)
from actions.form_common import (
    SELF_HELP_DECLINED,
    own_phone,
)
from bot.conversation import address_check, remembered, selfhelp
from bot.conversation.options import NONE_OF_THESE
from bot.staff import labels


class ActionAskSelfHelp(Action):
    """Offer the tip that fits the report, with a way straight on to the repair."""

    def name(self) -> str:
        return "action_ask_self_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = language_of(tracker)
        tip = selfhelp.choose(problem=tracker.get_slot("problem"), category=tracker.get_slot("category"),
                              priority=tracker.get_slot("priority"))
        if tip is None:
            return [SlotSet("self_help", SELF_HELP_DECLINED)]
        say_with_buttons(dispatcher, domain, f"utter_selfhelp_{tip}", lang, [
            (render(domain, "utter_button_selfhelp_fixed", lang), "/affirm"),
            (render(domain, "utter_button_selfhelp_continue", lang), "/deny"),
        ])
        return []


class ActionAskAddress(Action):
    """Ask for the address, or, when several homes fit, offer them as numbered options."""

    def name(self) -> str:
        return "action_ask_address"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = language_of(tracker)
        options = list(tracker.get_slot("address_options") or [])
        if not options:
            say(dispatcher, domain, "utter_ask_address", lang)
            return []
        buttons = [(option, option) for option in options]
        buttons.append((render(domain, "utter_button_none_of_these", lang), NONE_OF_THESE))
        say_with_buttons(dispatcher, domain, "utter_ask_address_choice", lang, buttons)
        return []


class ActionAskContactPhone(Action):
    """On SMS, offer the number the tenant is texting from."""

    def name(self) -> str:
        return "action_ask_contact_phone"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        own = own_phone(tracker)
        lang = language_of(tracker)
        if own:
            say(dispatcher, domain, "utter_ask_contact_phone_sms", lang, phone=own)
        else:
            say(dispatcher, domain, "utter_ask_contact_phone", lang)
        return []


class ActionAskCategoryChoice(Action):
    """The model could not tell two trades apart: ask which, with two numbered options."""

    def name(self) -> str:
        return "action_ask_category_choice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = language_of(tracker)
        options = list(tracker.get_slot("category_options") or [])
        say_with_buttons(dispatcher, domain, "utter_ask_category_choice", lang,
                         [(labels.label("category", option, lang), option) for option in options])
        return []


class ActionAskAddressChecked(Action):
    """ "I cannot find "Stationsvej 5, 1. th" in our list of homes. Is the address right?" """

    def name(self) -> str:
        return "action_ask_address_checked"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = language_of(tracker)
        buttons = [(render(domain, response, lang), payload) for response, payload in address_check.BUTTON_RESPONSES]
        say_with_buttons(dispatcher, domain, address_check.RESPONSE, lang, buttons,
                         address=tracker.get_slot("address") or "")
        return []


class ActionAskAddressConfirmed(Action):
    """ "Is it still Flat 6, Ashridge Court? 1) Yes 2) No" """

    def name(self) -> str:
        return "action_ask_address_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = language_of(tracker)
        say_with_buttons(dispatcher, domain, remembered.RESPONSE, lang, remembered.BUTTONS[lang],
                         address=tracker.get_slot("address") or "")
        return []
