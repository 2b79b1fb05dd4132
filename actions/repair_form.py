"""The repair form: acknowledge the report, offer self-help, validate each answer, submit the ticket."""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import paging
from actions.base import (
    association,
    language_of,
    offer_alternative,
    reask,
    render,
    report_turns,
    say,
    say_with_buttons,
    settings,
    times_answered,
)
from actions.status import ActionCancelReport, ActionCheckStatus
from bot import clock, phones
from bot.conversation import extract, remembered, selfhelp, wording
from bot.db import session_scope
from bot.hours import OfficeHours
from bot.intake import safety, second
from bot.intake.requests import about_existing_report
from bot.register.matching import format_unit, match_address
from bot.repairs import flows
from bot.staff import labels
from bot.tickets.service import TicketInput, ValidationError
from bot.triage.categories import keyword_category
from bot.triage.hazards import find_hazards, mentions_vulnerable
from bot.triage.policy import Policy
from bot.triage.vague import is_vague

log = logging.getLogger(__name__)
FORM_SLOTS = ("problem", "location_in_home", "address", "reporter_name", "contact_phone", "access_notes")
# Slots of one report that a new report starts afresh; who and where the tenant is stays for the next report.
REPORT_SLOTS = ("problem", "location_in_home", "access_notes", "self_help", "address_options", "address_given",
                "failed_attempts", "ticket_reference", "category_choice", "category_options", "address_confirmed",
                *safety.slots())
EMERGENCY_SLOTS = ("problem", "address", "reporter_name", "contact_phone")
MIN_LETTERS = 2
MIN_ADDRESS_LETTERS = 8
MAX_NAME_CHARS = 120
MAX_NAME_WORDS = 5
# Intents the domain keeps out of the form's from_text mappings; a name said with them is still a name.
NON_ANSWER_INTENTS = ("greet", "thank", "goodbye")
# Intents the domain's from_text mappings leave out (domain.yml); a plain answer said with them still counts.
BLOCKED_INTENTS = NON_ANSWER_INTENTS + ("ask_why", "cancel_report", "switch_language", "talk_to_human", "check_status",
                                        "help", "out_of_scope")
ANSWER_SLOTS = ("location_in_home", "address", "reporter_name", "contact_phone", "access_notes")
SELF_HELP_FIXED, SELF_HELP_DECLINED = "fixed", "declined"
NONE_OF_THESE = "/deny"
# A safety question is asked at most twice; then the form moves on ("unknown") with the out-of-hours number.
SAFETY_TRIES = 2
# No question is asked more than twice: the third time, these answers are taken as the tenant wrote them.
MAX_ASKS = 2
FREE_TEXT_SLOTS = ("problem", "location_in_home", "address", "reporter_name", "access_notes")
# Requests the rules answer before the form asks again (a language switch, why, cancel): never taken as an answer.
REQUEST_INTENTS = ("switch_language", "ask_why", "cancel_report", "talk_to_human", "check_status")


def _sender_phone(tracker: Tracker) -> str | None:
    return paging.sender_phone(tracker, {"channel": tracker.get_slot("channel")})


def _text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def _intent(tracker: Tracker) -> str | None:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def _fits(slot: str, text: str) -> bool:
    """Could `text` be an answer to the question for `slot`?"""
    if slot == "location_in_home":
        return extract.room(text) is not None
    if slot == "address":
        return any(ch.isdigit() for ch in text)
    if slot == "reporter_name":
        short = len(text.split()) <= MAX_NAME_WORDS
        return bool(extract.name(text)) or (short and not any(ch.isdigit() for ch in text))
    if slot == "contact_phone":
        return phones.find_in_text(text, "DK") is not None or phones.find_in_text(text, "GB") is not None \
            or extract.is_yes(text)
    return True


class ActionAcknowledgeReport(Action):
    """First reply to a report: sympathy (advice for hazards was already given by action_triage)."""

    def name(self) -> str:
        return "action_acknowledge_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        text = _text(tracker)
        lang = language_of(tracker)
        events: list = []
        request = about_existing_report(text)
        if request == "cancel" or request == "status" and tracker.get_slot("priority") != "emergency":
            # "cancel my repair, the boiler one": about a report already made, never a new one.
            action = ActionCancelReport() if request == "cancel" else ActionCheckStatus()
            return [*await action.run(dispatcher, tracker, domain), FollowupAction("action_listen")]
        if tracker.get_slot("ticket_reference") or tracker.get_slot("self_help") == SELF_HELP_FIXED:
            # A second report in the same conversation starts a fresh form (address, name and number kept).
            events += [SlotSet(slot, None) for slot in REPORT_SLOTS]
        if tracker.get_slot("priority") != "emergency":
            say(dispatcher, domain, "utter_sorry_to_hear", lang)
        if extract.letters(text) >= MIN_LETTERS and not is_vague(text):
            # A vague opening ("I have a problem at home") is not the problem: the form asks what is wrong.
            events.append(SlotSet("problem", text.strip()[:2000]))
        room = extract.room(text)
        if room:
            events.append(SlotSet("location_in_home", room))
        return events


class ValidateRepairForm(FormValidationAction):
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
            return _confirming_address(tracker, list(EMERGENCY_SLOTS))
        offer = tracker.get_slot("self_help") is not None or selfhelp.choose(
            problem=tracker.get_slot("problem"), category=tracker.get_slot("category"),
            priority=tracker.get_slot("priority"))
        rest = [slot for slot in domain_slots if slot != "problem" and not slot.startswith(safety.PREFIX)
                and (offer or slot != "self_help")]
        # Which of two close categories, then the safety questions, straight after the problem.
        choice = ["category_choice"] if tracker.get_slot("category_options") else []
        rest = [slot for slot in rest if slot != "category_choice"]
        rest = [slot for slot in rest if slot != "address_confirmed"]
        return _confirming_address(tracker, ["problem", *choice, *safety_slots(tracker), *rest])

    async def get_extraction_events(self, dispatcher, tracker: Tracker, domain) -> list:
        """Answers out of order and late details: keep the requested slot for a real answer to it."""
        events = await super().get_extraction_events(dispatcher, tracker, domain)
        requested = tracker.get_slot("requested_slot")
        text = _text(tracker)
        extracted = {e["name"] for e in events if e.get("value") is not None} - {requested}
        given = tracker.slots_to_validate().get(requested) if requested else None
        if requested in FREE_TEXT_SLOTS and given is None and times_answered(tracker, requested) >= MAX_ASKS - 1 \
                and _intent(tracker) not in REQUEST_INTENTS and not text.startswith("/") \
                and (extract.letters(text) >= MIN_LETTERS or requested != "problem"):
            # Asked twice already and still not read as an answer: take the tenant's words as they are.
            if find_hazards(text) and requested != "problem":
                problem = tracker.get_slot("problem") or ""
                events.append(SlotSet("problem", f"{problem} / {text.strip()}"[:2000] if problem else text.strip()))
            return [e for e in events if e.get("name") != requested] + [SlotSet(requested, text.strip())]
        if requested == "contact_phone" and given is None and _sender_phone(tracker) \
                and times_answered(tracker, requested) >= MAX_ASKS - 1 and _intent(tracker) not in REQUEST_INTENTS:
            return events + [SlotSet(requested, _sender_phone(tracker))]  # twice no number: the one they text from
        if requested and requested.startswith(safety.PREFIX) and given is None \
                and safety.interpret(text) is not None:
            events.append(SlotSet(requested, text.strip()))  # "nej" the model took for a greeting or a request
            return events
        if requested in ANSWER_SLOTS and given is None and not extracted and text.strip() \
                and _intent(tracker) in BLOCKED_INTENTS and _fits(requested, text) and extract.is_plain_answer(text):
            # The model took a plain answer ("Ben Clarke") for a greeting or a request: it is still the answer.
            events.append(SlotSet(requested, text.strip()))
            return events
        if requested and requested.startswith(safety.PREFIX) and given is not None \
                and safety.interpret(given) is None and (_intent(tracker) == "report_repair" or find_hazards(text)):
            # Not a yes or no but more about the fault ("it's coming through the light now"): it joins the
            # problem, and triage has already judged it; the question is asked again only if still needed.
            problem = tracker.get_slot("problem") or ""
            events.append(SlotSet("problem", f"{problem} / {text.strip()}"[:2000] if problem else text.strip()))
            events.append(SlotSet(requested, None))
            return events
        if not requested or requested in ("problem", "self_help") or given is None or given != text:
            return events
        if _fits(requested, text) and not (extracted and extract.is_correction(text)):
            return events
        if _intent(tracker) == "report_repair" or (requested == "access_notes" and find_hazards(text)):
            # A later message that adds to the problem (often a hazard revealed late) belongs to the problem.
            problem = tracker.get_slot("problem") or ""
            events.append(SlotSet("problem", f"{problem} / {text.strip()}"[:2000] if problem else text.strip()))
            events.append(SlotSet(requested, None))
        elif extracted:
            events.append(SlotSet(requested, None))
        return events

    # -- extraction of answers given out of turn --------------------------------------------------
    async def extract_location_in_home(self, dispatcher, tracker: Tracker, domain) -> dict:
        if tracker.get_slot("location_in_home") or tracker.get_slot("requested_slot") == "location_in_home":
            return {}
        room = extract.room(_text(tracker))
        return {"location_in_home": room} if room else {}

    async def extract_contact_phone(self, dispatcher, tracker: Tracker, domain) -> dict:
        text = _text(tracker)
        current = tracker.get_slot("contact_phone")
        if not current and tracker.get_slot("priority") == "emergency" and _sender_phone(tracker):
            # An emergency by SMS: the on-call team calls the number the tenant texts from; one question less.
            return {"contact_phone": _sender_phone(tracker)}
        if tracker.get_slot("requested_slot") == "contact_phone":
            return {}
        found = association(tracker)
        region = found.country if found else "DK"
        number = phones.find_in_text(text, region)
        if number and number != current and (not current or extract.is_correction(text)):
            return {"contact_phone": number}
        return {}

    async def extract_reporter_name(self, dispatcher, tracker: Tracker, domain) -> dict:
        text = _text(tracker)
        found = extract.name(text)
        if tracker.get_slot("requested_slot") == "reporter_name":
            if found and not tracker.get_slot("reporter_name") and _intent(tracker) in NON_ANSWER_INTENTS:
                return {"reporter_name": found}  # "hej, jeg hedder Anna" is an answer, not a greeting
            return {}
        current = tracker.get_slot("reporter_name")
        if found and found != current and (not current or extract.is_correction(text)):
            return {"reporter_name": found}
        return {}

    async def extract_address(self, dispatcher, tracker: Tracker, domain) -> dict:
        text = _text(tracker)
        requested = tracker.get_slot("requested_slot")
        current = tracker.get_slot("address")
        if current and requested != "address" and extract.is_correction(text):
            corrected = extract.correct_house_number(current, text)
            if corrected:
                return {"address": corrected}
            found = extract.address(text)
            if found:
                return {"address": found}
        if requested == "address" or current or tracker.get_slot("address_options"):
            return {}
        found = extract.address(text)
        return {"address": found} if found else {}

    # -- validation ------------------------------------------------------------------------------
    def validate_problem(self, value, dispatcher, tracker: Tracker, domain) -> dict:
        if value is None:
            return {"problem": None}
        if extract.letters(value) < MIN_LETTERS or extract.is_gibberish(value):
            return {"problem": None, **reask(dispatcher, domain, tracker, "utter_invalid_text")}
        if is_vague(value) and int(tracker.get_slot("failed_attempts") or 0) < 1:
            # "there's something wrong": ask once more, with an example; a second vague answer is taken as it is.
            return {"problem": None, **reask(dispatcher, domain, tracker, "utter_ask_problem_example")}
        return {"problem": value.strip()[:2000], "failed_attempts": 0.0}

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
        kept = remembered.answer(value, _intent(tracker))
        if kept is None and int(tracker.get_slot("failed_attempts") or 0) < 1:
            return {"address_confirmed": None, **reask(dispatcher, domain, tracker, "utter_safety_unclear")}
        if kept:
            return {"address_confirmed": "yes", "failed_attempts": 0.0}
        # No (or still unclear): never reuse it; ask for the address afresh.
        return {"address_confirmed": "no", "address": None, "address_options": None, "failed_attempts": 0.0}

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
        text = _report_text(tracker)
        policy, month = _policy_and_month(tracker)
        before = tracker.get_slot("priority")
        after = safety.priority(hazards=[h.key for h in find_hazards(text)], answers=answers, month=month,
                                vulnerable=mentions_vulnerable(text), policy=policy, current=before)
        if after != before:
            values["priority"] = after
        if after == "emergency" and before != "emergency":
            values.update(_advise(dispatcher, domain, tracker, safety.question(slot).effect(answer)))
        return values

    def validate_self_help(self, value, dispatcher, tracker: Tracker, domain) -> dict:
        if value is None:
            return {"self_help": None}
        fixed = _intent(tracker) == "affirm" and not extract.is_ok_only(value) or selfhelp.helped(value)
        if fixed:
            say(dispatcher, domain, "utter_selfhelp_glad", language_of(tracker))
        return {"self_help": SELF_HELP_FIXED if fixed else SELF_HELP_DECLINED}

    def validate_location_in_home(self, value, dispatcher, tracker: Tracker, domain) -> dict:
        if value is None:
            return {"location_in_home": None}
        if extract.letters(value) < MIN_LETTERS or extract.is_gibberish(value) and not self._asked_enough(tracker):
            return {"location_in_home": None, **reask(dispatcher, domain, tracker, "utter_invalid_text")}
        return {"location_in_home": extract.room(value) or value.strip()[:200], "failed_attempts": 0.0}

    def validate_address(self, value, dispatcher, tracker: Tracker, domain) -> dict:
        if value is None:
            return {"address": None}
        text = value.strip()
        options = list(tracker.get_slot("address_options") or [])
        if options:
            chosen = _choose_option(text, options)
            if chosen == NONE_OF_THESE:
                # None of the register's homes: keep what the tenant wrote; the ticket is flagged unverified.
                return {"address": tracker.get_slot("address_given") or text, "address_options": None,
                        "address_given": None, "failed_attempts": 0.0}
            if chosen is None:
                # "2. tv" after the options: what they wrote first plus this may name one home.
                chosen = self._match(tracker, f"{tracker.get_slot('address_given') or ''}, {text}")
            if chosen:
                return {"address": chosen, "address_options": None, "address_given": None, "failed_attempts": 0.0}
        tries = int(tracker.get_slot("failed_attempts") or 0)
        # An address without a number is taken on a second try only when it reads as an address (named blocks).
        plausible = any(ch.isdigit() for ch in text) or (
            tries > 0 and _intent(tracker) == "inform" and extract.letters(text) >= MIN_ADDRESS_LETTERS)
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
            return {"address": None, "address_options": candidates, "address_given": text[:300]}
        return {"address": text[:300], "address_options": None, "failed_attempts": 0.0}

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
        name = extract.name(value) or value.strip()
        if (extract.letters(name) < MIN_LETTERS or extract.is_gibberish(name)) and not self._asked_enough(tracker) \
                or len(name) > MAX_NAME_CHARS:
            return {"reporter_name": None, **reask(dispatcher, domain, tracker, "utter_invalid_text")}
        return {"reporter_name": name, "failed_attempts": 0.0}

    def validate_contact_phone(self, value, dispatcher, tracker: Tracker, domain) -> dict:
        if value is None:
            return {"contact_phone": None}
        own = _sender_phone(tracker)
        if own and (extract.is_yes(value) or _intent(tracker) == "affirm" and not phones.find_in_text(value)):
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
        if extract.is_no(value) or _intent(tracker) == "deny" and len(value) < 20:
            return {"access_notes": "-", "failed_attempts": 0.0}
        if extract.letters(value) < MIN_LETTERS and not self._asked_enough(tracker):
            return {"access_notes": None, **reask(dispatcher, domain, tracker, "utter_invalid_text")}
        return {"access_notes": value.strip()[:1000], "failed_attempts": 0.0}


def _choose_option(text: str, options: list[str]) -> str | None:
    """The option a tenant picked: its number, its text, or NONE_OF_THESE (the last, extra option)."""
    stripped = text.strip().rstrip(".)")
    if stripped.isdigit():
        index = int(stripped) - 1
        if 0 <= index < len(options):
            return options[index]
        if index == len(options):
            return NONE_OF_THESE
        return None
    if stripped == NONE_OF_THESE:
        return NONE_OF_THESE
    for option in options:
        if extract.fold_equal(option, stripped):
            return option
    return None


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
        own = _sender_phone(tracker)
        lang = language_of(tracker)
        if own:
            say(dispatcher, domain, "utter_ask_contact_phone_sms", lang, phone=own)
        else:
            say(dispatcher, domain, "utter_ask_contact_phone", lang)
        return []


class ActionSubmitReport(Action):
    def name(self) -> str:
        return "action_submit_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = language_of(tracker)
        if tracker.get_slot("self_help") == SELF_HELP_FIXED:
            return [ActiveLoop(None)]  # the tip worked (validate_self_help said so): nothing to report
        problem = tracker.get_slot("problem") or ""
        if tracker.get_slot("self_help") == SELF_HELP_DECLINED:
            tip = selfhelp.choose(problem=problem, category=tracker.get_slot("category"),
                                  priority=tracker.get_slot("priority"))
            problem = f"{problem} [self-help offered: {tip}]" if tip else problem
        data = TicketInput(
            # Triage found no category (the model did not read the first message as a report): the words decide.
            category=tracker.get_slot("category") or keyword_category(problem) or "fixtures",
            priority=tracker.get_slot("priority") or "routine",
            language=lang,
            channel=tracker.get_slot("channel") or "rest",
            problem=problem[:2000],
            location_in_home=tracker.get_slot("location_in_home") or "",
            address=tracker.get_slot("address") or "",
            reporter_name=tracker.get_slot("reporter_name") or "",
            contact_phone=tracker.get_slot("contact_phone") or "",
            access_notes=(tracker.get_slot("access_notes") or "").strip("-"),
            conversation_id=tracker.sender_id,
        )
        found = association(tracker)
        try:
            with session_scope(settings().database_url) as session:
                result = flows.submit_report(session=session, association_ref=found.id if found else None,
                                             data=data)
        except ValidationError as exc:
            log.warning("ticket rejected: %s %s", exc.field, exc.code)
            say(dispatcher, domain, "utter_ticket_failed", lang)
            return [SlotSet(exc.field, None), FollowupAction("repair_form")] if exc.field in FORM_SLOTS else []
        say(dispatcher, domain, "utter_ticket_created", lang, name=data.reporter_name.split(" ")[0],
            reference=result.reference, next_step=_next_step(domain, lang, result, found))
        if result.duplicate_of:
            say(dispatcher, domain, "utter_duplicate_report", lang, duplicate=result.duplicate_of)
        _offer_second_report(dispatcher, domain, lang, tracker.get_slot("problem") or "", data.category)
        # The page sent before the form was complete belongs to this ticket now (flows.submit_report completed it).
        return [SlotSet("ticket_reference", result.reference), SlotSet("failed_attempts", 0.0),
                SlotSet("page_reference", None), ActiveLoop(None)]


def _offer_second_report(dispatcher, domain: dict, lang: str, problem: str, category: str) -> None:
    """Two problems in one message: the first ticket took the more serious; offer the other as a report too.

    "Yes" sends the other problem's own words, which start the next report like any first message.
    """
    other = second.other_problem(problem, category)
    if other is None:
        return
    clause = other[1][:160]
    say_with_buttons(dispatcher, domain, "utter_also_mentioned", lang, [
        (render(domain, "utter_button_yes", lang), clause), (render(domain, "utter_button_no", lang), "/deny")],
        problem=clause)


def _next_step(domain: dict, lang: str, result, found) -> str:
    """What happens now: the on-call team calls, or when the office will be in touch."""
    if getattr(result, "incident_known", False):
        # The home is part of an estate incident the on-call team already works on.
        return render(domain, "utter_incident_known", lang)
    if result.priority == "emergency" and not result.alerted:
        # Nobody could be paged: never say the on-call team was alerted.
        return render(domain, "utter_next_step_emergency_unpaged", lang,
                      phone=(found.out_of_hours_phone or found.call_centre_phone) if found else "112",
                      emergency=found.emergency_number if found else "112")
    if result.priority == "emergency":
        return render(domain, "utter_next_step_emergency", lang, phone=result.contact_phone)
    tz = ZoneInfo(found.timezone)
    due = wording.day(result.due_by.astimezone(tz), lang)
    office = OfficeHours.for_association(found)
    now = clock.now()
    if office.is_open(now):
        return render(domain, "utter_next_step_open", lang, due=due, phone=found.call_centre_phone)
    opening = wording.day(office.next_opening(now).astimezone(tz), lang)
    return render(domain, "utter_next_step_closed", lang, opening=opening, due=due)


def safety_slots(tracker: Tracker) -> list[str]:
    """The safety questions of this report: those answered, then the one to ask now (if any)."""
    if not tracker.get_slot("problem"):
        return []
    answers = {name: tracker.get_slot(name) for name in safety.slots()}
    text = _report_text(tracker)
    waiting = safety.pending(category=tracker.get_slot("category"), text=text,
                             hazards=[h.key for h in find_hazards(text)], priority=tracker.get_slot("priority"),
                             answers=answers, vulnerable=mentions_vulnerable(text))
    return [name for name in safety.slots() if answers.get(name)] + waiting[:1]


def _report_text(tracker: Tracker) -> str:
    """The report's words: the problem as recorded, and what else the tenant said about it."""
    said = safety.report_text(report_turns(tracker))
    problem = tracker.get_slot("problem") or ""
    return " / ".join(part for part in (problem, said) if part)


def _policy_and_month(tracker: Tracker) -> tuple[Policy, int]:
    found = association(tracker)
    if found is None:
        return Policy(), clock.now().month
    return Policy.from_overrides(found.policy_overrides), clock.now().astimezone(ZoneInfo(found.timezone)).month


def _advise(dispatcher, domain: dict, tracker: Tracker, hazard: str | None) -> dict:
    """The safety advice for a hazard a safety answer revealed, once per report."""
    advised = list(tracker.get_slot("hazards_advised") or [])
    if not hazard or hazard in advised:
        return {}
    found = association(tracker)
    gas_phone = (found.gas_emergency_phone or found.emergency_number) if found else "112"
    if f"utter_advice_{hazard}" in (domain.get("responses") or {}):
        say(dispatcher, domain, f"utter_advice_{hazard}", language_of(tracker), gas_phone=gas_phone)
    return {"hazards_advised": advised + [hazard]}


def choose_category(text: str, options: list[str], language: str) -> str | None:
    """The category a tenant picked from two: its number, its key (the payload) or its label."""
    stripped = text.strip().strip("/").rstrip(".)")
    if stripped.isdigit() and 1 <= int(stripped) <= len(options):
        return options[int(stripped) - 1]
    for option in options:
        if stripped == option or extract.fold_equal(stripped, labels.label("category", option, language)):
            return option
    return None


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


def _confirming_address(tracker: Tracker, slots: list[str]) -> list[str]:
    """Before a remembered address (another session's, or an earlier report's) is reused, ask if it still holds."""
    answered = tracker.get_slot("address_confirmed")  # "yes"/"no" once validated; the raw answer until then
    if "address" in slots and tracker.get_slot("address") and remembered.needs_confirmation(
            tracker.events, confirmed=answered if answered in ("yes", "no") else None):
        index = slots.index("address")
        return [*slots[:index], "address_confirmed", *slots[index:]]
    return slots


class ActionAskAddressConfirmed(Action):
    """ "Is it still Flat 6, Ashridge Court? 1) Yes 2) No" """

    def name(self) -> str:
        return "action_ask_address_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = language_of(tracker)
        say_with_buttons(dispatcher, domain, remembered.RESPONSE, lang, remembered.BUTTONS[lang],
                         address=tracker.get_slot("address") or "")
        return []
