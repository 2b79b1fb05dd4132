"""The repair form's extraction: answers given out of turn, late details, answers the model misread."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.base import (
    association,
    intent_of,
    text_of,
    times_answered,
)
from actions.form_common import (
    ANSWER_SLOTS,
    BLOCKED_INTENTS,
    FREE_TEXT_SLOTS,
    MAX_ASKS,
    MIN_LETTERS,
    NON_ANSWER_INTENTS,
    REQUEST_INTENTS,
    own_phone,
)
from bot import phones
from bot.conversation import extract
from bot.conversation.options import fits
from bot.intake import safety
from bot.tickets.service import joined
from bot.triage.hazards import find_hazards


class ExtractAnswers:
    """Mixin of ValidateRepairForm: what Rasa extracted this turn, corrected before validation."""

    async def get_extraction_events(self, dispatcher, tracker: Tracker, domain) -> list:
        """Answers out of order and late details: keep the requested slot for a real answer to it."""
        events = await super().get_extraction_events(dispatcher, tracker, domain)
        requested = tracker.get_slot("requested_slot")
        text = text_of(tracker)
        extracted = {e["name"] for e in events if e.get("value") is not None} - {requested}
        given = tracker.slots_to_validate().get(requested) if requested else None
        if requested in FREE_TEXT_SLOTS and given is None and times_answered(tracker, requested) >= MAX_ASKS - 1 \
                and intent_of(tracker) not in REQUEST_INTENTS and not text.startswith("/") \
                and (extract.letters(text) >= MIN_LETTERS or requested != "problem"):
            # Asked twice already and still not read as an answer: take the tenant's words as they are.
            if find_hazards(text) and requested != "problem":
                problem = tracker.get_slot("problem") or ""
                events.append(SlotSet("problem", joined("problem", problem, text)))
            return [e for e in events if e.get("name") != requested] + [SlotSet(requested, text.strip())]
        if requested == "contact_phone" and given is None and own_phone(tracker) \
                and times_answered(tracker, requested) >= MAX_ASKS - 1 and intent_of(tracker) not in REQUEST_INTENTS:
            return events + [SlotSet(requested, own_phone(tracker))]  # twice no number: the one they text from
        if requested and requested.startswith(safety.PREFIX) and given is None \
                and safety.interpret(text) is not None:
            events.append(SlotSet(requested, text.strip()))  # "nej" the model took for a greeting or a request
            return events
        if requested in ANSWER_SLOTS and given is None and not extracted and text.strip() \
                and intent_of(tracker) in BLOCKED_INTENTS and fits(requested, text) \
                and extract.is_plain_answer(text):
            # The model took a plain answer ("Ben Clarke") for a greeting or a request: it is still the answer.
            events.append(SlotSet(requested, text.strip()))
            return events
        if requested and requested.startswith(safety.PREFIX) and given is not None \
                and safety.interpret(given) is None and (intent_of(tracker) == "report_repair" or find_hazards(text)):
            # Not a yes or no but more about the fault ("it's coming through the light now"): it joins the
            # problem, and triage has already judged it; the question is asked again only if still needed.
            problem = tracker.get_slot("problem") or ""
            events.append(SlotSet("problem", joined("problem", problem, text)))
            events.append(SlotSet(requested, None))
            return events
        if not requested or requested in ("problem", "self_help") or given is None or given != text:
            return events
        if fits(requested, text) and not (extracted and extract.is_correction(text)):
            return events
        if intent_of(tracker) == "report_repair" or (requested == "access_notes" and find_hazards(text)):
            # A later message that adds to the problem (often a hazard revealed late) belongs to the problem.
            problem = tracker.get_slot("problem") or ""
            events.append(SlotSet("problem", joined("problem", problem, text)))
            if requested in FREE_TEXT_SLOTS and times_answered(tracker, requested) >= MAX_ASKS - 1:
                return events  # asked twice already: it is also the answer, never a third time
            events.append(SlotSet(requested, None))
        elif extracted:
            events.append(SlotSet(requested, None))
        return events

    # -- extraction of answers given out of turn --------------------------------------------------
    async def extract_location_in_home(self, dispatcher, tracker: Tracker, domain) -> dict:
        if tracker.get_slot("location_in_home") or tracker.get_slot("requested_slot") == "location_in_home":
            return {}
        room = extract.room(text_of(tracker))
        return {"location_in_home": room} if room else {}

    async def extract_contact_phone(self, dispatcher, tracker: Tracker, domain) -> dict:
        text = text_of(tracker)
        current = tracker.get_slot("contact_phone")
        if not current and tracker.get_slot("priority") == "emergency" and own_phone(tracker):
            # An emergency by SMS: the on-call team calls the number the tenant texts from; one question less.
            return {"contact_phone": own_phone(tracker)}
        if tracker.get_slot("requested_slot") == "contact_phone":
            return {}
        found = association(tracker)
        region = found.country if found else "DK"
        number = phones.find_in_text(text, region)
        if number and number != current and (not current or extract.is_correction(text)):
            return {"contact_phone": number}
        return {}

    async def extract_reporter_name(self, dispatcher, tracker: Tracker, domain) -> dict:
        text = text_of(tracker)
        found = extract.name(text)
        if tracker.get_slot("requested_slot") == "reporter_name":
            if found and not tracker.get_slot("reporter_name") and intent_of(tracker) in NON_ANSWER_INTENTS:
                return {"reporter_name": found}  # "hej, jeg hedder Anna" is an answer, not a greeting
            return {}
        current = tracker.get_slot("reporter_name")
        if found and found != current and (not current or extract.is_correction(text)):
            return {"reporter_name": found}
        return {}

    async def extract_address(self, dispatcher, tracker: Tracker, domain) -> dict:
        text = text_of(tracker)
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
