"""The repair form's validators: each answer checked, asked again at most twice, then taken as written."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.base import (
    association,
    intent_of,
    language_of,
    offer_alternative,
    reask,
    say,
    settings,
    times_answered,
)
from actions.form_common import (
    MAX_ASKS,
    MIN_ADDRESS_LETTERS,
    MIN_LETTERS,
    SAFETY_TRIES,
    SELF_HELP_DECLINED,
    SELF_HELP_FIXED,
    advise,
    own_phone,
    policy_and_month,
    report_text_of,
)
from bot import phones
from bot.conversation import address_check, extract, remembered, selfhelp
from bot.conversation.options import NONE_OF_THESE, choose_category, choose_option
from bot.db import session_scope
from bot.intake import safety
from bot.register.matching import format_unit, match_address
from bot.tickets.service import LIMITS, clip
from bot.triage.hazards import find_hazards, mentions_vulnerable
from bot.triage.vague import is_vague


class ValidateAnswers:
    """Mixin of ValidateRepairForm: one validate_<slot> per question (safety questions share one)."""

    def validate_problem(self, value, dispatcher, tracker: Tracker, domain) -> dict:
        if value is None:
            return {"problem": None}
        if extract.letters(value) < MIN_LETTERS or extract.is_gibberish(value):
            return {"problem": None, **reask(dispatcher, domain, tracker, "utter_invalid_text")}
        if is_vague(value) and int(tracker.get_slot("failed_attempts") or 0) < 1:
            # "there's something wrong": ask once more, with an example; a second vague answer is taken as it is.
            return {"problem": None, **reask(dispatcher, domain, tracker, "utter_ask_problem_example")}
        return {"problem": clip("problem", value), "failed_attempts": 0.0}

    def __getattr__(self, name: str):
        # One validator serves every safety question (their slots are policy data, bot/triage/safety_questions.yml).
        kind, _, slot = name.partition("_")
        if slot in safety.slots() and kind == "validate":
            return lambda value, dispatcher, tracker, domain: self.validate_safety(slot, value, dispatcher, tracker,
                                                                                   domain)
        if slot in safety.slots() and kind == "extract":
            return self._nothing_to_extract  # answered only when asked (domain.yml from_text mapping)
        raise AttributeError(name)

    @staticmethod
    async def _nothing_to_extract(dispatcher, tracker, domain) -> dict:
        return {}

    def validate_address_confirmed(self, value, dispatcher, tracker: Tracker, domain) -> dict:
        if value is None:
            return {"address_confirmed": None}
        kept = remembered.answer(value, intent_of(tracker))
        if kept is None and int(tracker.get_slot("failed_attempts") or 0) < 1:
            return {"address_confirmed": None, **reask(dispatcher, domain, tracker, "utter_safety_unclear")}
        if kept:
            return {"address_confirmed": "yes", "failed_attempts": 0.0}
        # No (or still unclear): never reuse it; ask for the address afresh (and read a new unknown one back).
        return {"address_confirmed": "no", "address": None, "address_options": None, "failed_attempts": 0.0,
                "address_checked": None, "address_unmatched": False}

    def validate_category_choice(self, value, dispatcher, tracker: Tracker, domain) -> dict:
        if value is None:
            return {"category_choice": None}
        options = list(tracker.get_slot("category_options") or [])
        lang = language_of(tracker)
        chosen = choose_category(value, options, lang)
        if chosen is None and int(tracker.get_slot("failed_attempts") or 0) < 1:
            return {"category_choice": None, **reask(dispatcher, domain, tracker, "utter_invalid_text")}
        # Not one of the two: keep the model's first guess rather than ask a third time.
        chosen = chosen or (options[0] if options else tracker.get_slot("category"))
        return {"category_choice": chosen, "category": chosen, "category_options": None, "failed_attempts": 0.0}

    def validate_safety(self, slot: str, value, dispatcher, tracker: Tracker, domain) -> dict:
        if value is None:
            return {slot: None}
        answer = safety.interpret(value)
        tries = int(tracker.get_slot("failed_attempts") or 0) + 1
        if answer is None and tries < SAFETY_TRIES:
            say(dispatcher, domain, "utter_safety_unclear", language_of(tracker))
            return {slot: None, "failed_attempts": float(tries)}
        if answer is None:
            # Asked twice without a yes or no: move on, and make sure they have the number to call.
            offer_alternative(dispatcher, domain, tracker)
            answer = safety.UNKNOWN
        values = {slot: answer, "failed_attempts": 0.0}
        answers = {name: tracker.get_slot(name) for name in safety.slots()} | {slot: answer}
        text = report_text_of(tracker)
        policy, month = policy_and_month(tracker)
        before = tracker.get_slot("priority")
        after = safety.priority(hazards=[h.key for h in find_hazards(text)], answers=answers, month=month,
                                vulnerable=mentions_vulnerable(text), policy=policy, current=before)
        if after != before:
            values["priority"] = after
        if after == "emergency" and before != "emergency":
            values.update(advise(dispatcher, domain, tracker, safety.question(slot).effect(answer)))
        return values

    def validate_self_help(self, value, dispatcher, tracker: Tracker, domain) -> dict:
        if value is None:
            return {"self_help": None}
        # Only a plain yes or words that say it worked close the report: when unsure, the repair is reported.
        fixed = intent_of(tracker) == "affirm" and extract.is_short_yes(value) or selfhelp.helped(value)
        if fixed:
            say(dispatcher, domain, "utter_selfhelp_glad", language_of(tracker))
        return {"self_help": SELF_HELP_FIXED if fixed else SELF_HELP_DECLINED}

    def validate_location_in_home(self, value, dispatcher, tracker: Tracker, domain) -> dict:
        if value is None:
            return {"location_in_home": None}
        if (extract.letters(value) < MIN_LETTERS or extract.is_gibberish(value) or extract.is_bare_yes_no(value)) \
                and not self._asked_enough(tracker):
            return {"location_in_home": None, **reask(dispatcher, domain, tracker, "utter_invalid_text")}
        return {"location_in_home": extract.room(value) or clip("location_in_home", value), "failed_attempts": 0.0}

    def validate_address(self, value, dispatcher, tracker: Tracker, domain) -> dict:
        if value is None:
            return {"address": None}
        text = value.strip()
        options = list(tracker.get_slot("address_options") or [])
        if options:
            chosen = choose_option(text, options)
            if chosen == NONE_OF_THESE:
                # None of the register's homes: keep what the tenant wrote; the ticket is flagged unverified.
                # They have just looked at the register's homes, so the address is not read back to them again.
                return {"address": tracker.get_slot("address_given") or text, "address_options": None,
                        "address_given": None, "failed_attempts": 0.0, "address_unmatched": False}
            if chosen is None:
                # "2. tv" after the options: what they wrote first plus this may name one home.
                chosen = self._match(tracker, f"{tracker.get_slot('address_given') or ''}, {text}")
            if chosen:
                return {"address": chosen, "address_options": None, "address_given": None, "failed_attempts": 0.0}
        tries = int(tracker.get_slot("failed_attempts") or 0)
        # An address without a number is taken on a second try only when it reads as an address (named blocks).
        plausible = extract.number_early(text) or (
            tries > 0 and intent_of(tracker) == "inform" and extract.letters(text) >= MIN_ADDRESS_LETTERS)
        if (extract.letters(text) < MIN_LETTERS or extract.is_gibberish(text) or not plausible) \
                and not self._asked_enough(tracker):
            return {"address": None, **reask(dispatcher, domain, tracker, "utter_invalid_text")}
        found = association(tracker)
        with session_scope(settings().database_url) as session:
            match = match_address(session=session, association_id=found.id, text=text)
            if match.unit is not None:
                return {"address": format_unit(match.unit), "address_options": None, "failed_attempts": 0.0}
            candidates = [format_unit(unit) for unit in match.candidates]
        if candidates:
            return {"address": None, "address_options": candidates, "address_given": clip("address", text)}
        # Not in the register: read it back once (address_checked), unless it already was.
        return {"address": clip("address", text), "address_options": None, "failed_attempts": 0.0,
                "address_unmatched": not tracker.get_slot("address_checked")}

    def validate_address_checked(self, value, dispatcher, tracker: Tracker, domain) -> dict:
        if value is None:
            return {"address_checked": None}
        said = address_check.answer(value, intent_of(tracker))
        if said is None and int(tracker.get_slot("failed_attempts") or 0) < 1:
            return {"address_checked": None, **reask(dispatcher, domain, tracker, "utter_safety_unclear")}
        if said == address_check.WRONG:
            return {"address_checked": said, "address": None, "address_unmatched": False, "failed_attempts": 0.0}
        if said == address_check.CORRECTED:
            address = self._match(tracker, value) or clip("address", value)
            return {"address_checked": said, "address": address, "address_unmatched": False, "failed_attempts": 0.0}
        # Right, or still unclear after a second ask: keep it as written (the ticket says unverified).
        return {"address_checked": address_check.RIGHT, "address_unmatched": False, "failed_attempts": 0.0}

    @staticmethod
    def _asked_enough(tracker: Tracker) -> bool:
        requested = tracker.get_slot("requested_slot")
        return bool(requested) and times_answered(tracker, requested) >= MAX_ASKS - 1

    @staticmethod
    def _match(tracker: Tracker, text: str) -> str | None:
        """The one register home `text` names, formatted, or None."""
        found = association(tracker)
        with session_scope(settings().database_url) as session:
            match = match_address(session=session, association_id=found.id, text=text)
            return format_unit(match.unit) if match.unit is not None else None

    def validate_reporter_name(self, value, dispatcher, tracker: Tracker, domain) -> dict:
        if value is None:
            return {"reporter_name": None}
        name = extract.name_answer(value)
        if (extract.letters(name) < MIN_LETTERS or extract.is_gibberish(name)) and not self._asked_enough(tracker) \
                or len(name) > LIMITS["reporter_name"]:
            return {"reporter_name": None, **reask(dispatcher, domain, tracker, "utter_invalid_text")}
        return {"reporter_name": name, "failed_attempts": 0.0}

    def validate_contact_phone(self, value, dispatcher, tracker: Tracker, domain) -> dict:
        if value is None:
            return {"contact_phone": None}
        own = own_phone(tracker)
        if own and (extract.is_yes(value) or intent_of(tracker) == "affirm" and not phones.find_in_text(value)):
            return {"contact_phone": own, "failed_attempts": 0.0}
        found = association(tracker)
        region = found.country if found else "DK"
        phone = phones.to_e164(value, region) or phones.find_in_text(value, region)
        if phone is None and own and self._asked_enough(tracker):
            return {"contact_phone": own, "failed_attempts": 0.0}  # twice no number: the one they text from
        if phone is None:
            return {"contact_phone": None, **reask(dispatcher, domain, tracker, "utter_invalid_phone",
                                                   phone_example=phones.example(region))}
        return {"contact_phone": phone, "failed_attempts": 0.0}

    def validate_access_notes(self, value, dispatcher, tracker: Tracker, domain) -> dict:
        if value is None:
            return {"access_notes": None}
        if extract.is_no(value) or intent_of(tracker) == "deny" and len(value) < 20:
            return {"access_notes": "-", "failed_attempts": 0.0}
        if extract.letters(value) < MIN_LETTERS and not self._asked_enough(tracker):
            return {"access_notes": None, **reask(dispatcher, domain, tracker, "utter_invalid_text")}
        return {"access_notes": clip("access_notes", value), "failed_attempts": 0.0}
