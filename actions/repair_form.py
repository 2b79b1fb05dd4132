"""The repair form: acknowledge the report, validate each answer, submit the ticket."""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import language_of, metadata, render, say, settings
from bot import phones
from bot.associations import service as associations
from bot.conversation import extract
from bot.db import session_scope
from bot.register.matching import format_unit, match_address
from bot.tickets import flows
from bot.tickets.service import TicketInput, ValidationError

log = logging.getLogger(__name__)
FORM_SLOTS = ("problem", "location_in_home", "address", "reporter_name", "contact_phone", "access_notes")
EMERGENCY_SLOTS = ("problem", "address", "reporter_name", "contact_phone")
MIN_LETTERS = 2


def _association(tracker: Tracker):
    with session_scope(settings().database_url) as session:
        return associations.resolve(session=session, ref=tracker.get_slot("association"))


def _sender_phone(tracker: Tracker) -> str | None:
    meta = metadata(tracker)
    phone = meta.get("phone")
    if not phone and tracker.get_slot("channel") == "sms":
        phone = tracker.sender_id
    return phone if phone and phone.startswith("+") else None


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text or "")


class ActionAcknowledgeReport(Action):
    """First reply to a report: sympathy (advice for hazards was already given by action_triage)."""

    def name(self) -> str:
        return "action_acknowledge_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        text = (tracker.latest_message or {}).get("text") or ""
        lang = language_of(tracker)
        events: list = []
        if tracker.get_slot("ticket_reference"):
            # A second report in the same conversation starts a fresh form.
            events += [SlotSet(slot, None) for slot in FORM_SLOTS] + [SlotSet("ticket_reference", None)]
        if tracker.get_slot("priority") != "emergency":
            say(dispatcher, domain, "utter_sorry_to_hear", lang)
        if _letters(text) >= MIN_LETTERS:
            events.append(SlotSet("problem", text.strip()))
        room = extract.room(text)
        if room:
            events.append(SlotSet("location_in_home", room))
        return events


class ValidateRepairForm(FormValidationAction):
    def name(self) -> str:
        return "validate_repair_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        if tracker.get_slot("priority") == "emergency":
            # As few questions as possible: the on-call team needs where and whom to call.
            return list(EMERGENCY_SLOTS)
        return list(domain_slots)

    # -- extraction of answers given out of turn --------------------------------------------------
    async def extract_location_in_home(self, dispatcher, tracker: Tracker, domain) -> dict:
        if tracker.get_slot("location_in_home") or tracker.get_slot("requested_slot") == "location_in_home":
            return {}
        room = extract.room((tracker.latest_message or {}).get("text") or "")
        return {"location_in_home": room} if room else {}

    async def extract_contact_phone(self, dispatcher, tracker: Tracker, domain) -> dict:
        if tracker.get_slot("requested_slot") == "contact_phone":
            return {}
        text = (tracker.latest_message or {}).get("text") or ""
        region = _association(tracker).country
        found = phones.find_in_text(text, region)
        if found and (not tracker.get_slot("contact_phone") or extract.is_correction(text)):
            return {"contact_phone": found}
        return {}

    async def extract_reporter_name(self, dispatcher, tracker: Tracker, domain) -> dict:
        if tracker.get_slot("requested_slot") == "reporter_name":
            return {}
        found = extract.name((tracker.latest_message or {}).get("text") or "")
        return {"reporter_name": found} if found and not tracker.get_slot("reporter_name") else {}

    async def extract_address(self, dispatcher, tracker: Tracker, domain) -> dict:
        text = (tracker.latest_message or {}).get("text") or ""
        requested = tracker.get_slot("requested_slot")
        current = tracker.get_slot("address")
        if current and requested != "address" and extract.is_correction(text):
            corrected = extract.apply_number_correction(current, text)
            if corrected:
                return {"address": corrected}
        if requested == "address" or current:
            return {}
        found = extract.address(text)
        return {"address": found} if found else {}

    # -- validation ------------------------------------------------------------------------------
    def validate_problem(self, value, dispatcher, tracker: Tracker, domain) -> dict:
        if _letters(value) < MIN_LETTERS:
            say(dispatcher, domain, "utter_invalid_text", language_of(tracker))
            return {"problem": None}
        return {"problem": value.strip()}

    def validate_location_in_home(self, value, dispatcher, tracker: Tracker, domain) -> dict:
        if _letters(value) < MIN_LETTERS:
            say(dispatcher, domain, "utter_invalid_text", language_of(tracker))
            return {"location_in_home": None}
        return {"location_in_home": extract.room(value) or value.strip()[:200]}

    def validate_address(self, value, dispatcher, tracker: Tracker, domain) -> dict:
        if _letters(value) < MIN_LETTERS or not any(ch.isdigit() for ch in value):
            say(dispatcher, domain, "utter_ask_address", language_of(tracker))
            return {"address": None}
        with session_scope(settings().database_url) as session:
            association = associations.resolve(session=session, ref=tracker.get_slot("association"))
            match = match_address(session=session, association_id=association.id, text=value)
            if match.unit is not None:
                return {"address": format_unit(match.unit)}
        return {"address": value.strip()[:300]}

    def validate_reporter_name(self, value, dispatcher, tracker: Tracker, domain) -> dict:
        name = extract.name(value) or value.strip()
        if _letters(name) < MIN_LETTERS or len(name) > 120:
            say(dispatcher, domain, "utter_invalid_text", language_of(tracker))
            return {"reporter_name": None}
        return {"reporter_name": name}

    def validate_contact_phone(self, value, dispatcher, tracker: Tracker, domain) -> dict:
        own = _sender_phone(tracker)
        if own and extract.is_yes(value):
            return {"contact_phone": own}
        region = _association(tracker).country
        phone = phones.to_e164(value, region) or phones.find_in_text(value, region)
        if phone is None:
            say(dispatcher, domain, "utter_invalid_phone", language_of(tracker))
            return {"contact_phone": None}
        return {"contact_phone": phone}

    def validate_access_notes(self, value, dispatcher, tracker: Tracker, domain) -> dict:
        if extract.is_no(value):
            return {"access_notes": "-"}
        return {"access_notes": value.strip()[:1000]}


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
        data = TicketInput(
            category=tracker.get_slot("category") or "fixtures",
            priority=tracker.get_slot("priority") or "routine",
            language=lang,
            channel=tracker.get_slot("channel") or "rest",
            problem=tracker.get_slot("problem") or "",
            location_in_home=tracker.get_slot("location_in_home") or "",
            address=tracker.get_slot("address") or "",
            reporter_name=tracker.get_slot("reporter_name") or "",
            contact_phone=tracker.get_slot("contact_phone") or "",
            access_notes=(tracker.get_slot("access_notes") or "").strip("-"),
            conversation_id=tracker.sender_id,
        )
        try:
            with session_scope(settings().database_url) as session:
                result = flows.submit_report(session=session, association_ref=tracker.get_slot("association"),
                                             data=data)
                association = associations.resolve(session=session, ref=tracker.get_slot("association"))
                timezone = association.timezone
        except ValidationError as exc:
            log.warning("ticket rejected: %s %s", exc.field, exc.code)
            say(dispatcher, domain, "utter_ticket_failed", lang, reason=str(exc))
            return [SlotSet(exc.field, None), FollowupAction("repair_form")] if exc.field in FORM_SLOTS else []
        if result.priority == "emergency":
            next_step = render(domain, "utter_next_step_emergency", lang, phone=result.contact_phone)
        else:
            due = result.due_by.astimezone(ZoneInfo(timezone))
            next_step = render(domain, "utter_next_step_routine", lang, due=_format_due(due, lang))
        say(dispatcher, domain, "utter_ticket_created", lang, name=data.reporter_name.split(" ")[0],
            reference=result.reference, next_step=next_step)
        return [SlotSet("ticket_reference", result.reference), ActiveLoop(None)]


DA_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
             "november", "december")
DA_DAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")


def _format_due(moment, lang: str) -> str:
    if lang == "da":
        return f"{DA_DAYS[moment.weekday()]} den {moment.day}. {DA_MONTHS[moment.month - 1]}"
    return moment.strftime("%A %d %B").replace(" 0", " ")
