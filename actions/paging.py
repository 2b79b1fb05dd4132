"""Page the on-call team at the first sign of an emergency, before the repair form is complete.

`page_if_due` is the one entry point: actions/advice.py calls it after every tenant message (triage has set the
priority by then), the repair form's validation calls it when a phone number or an address arrives. The rules are
bot/alerts/rules.py; the ticket and its page are written by bot/repairs/flows.page_first_signal.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker

from actions import followup
from actions.base import association, metadata, say, settings, text_of
from bot.alerts import rules
from bot.db import session_scope
from bot.messages import ids
from bot.repairs import flows
from bot.tickets.service import TicketInput, ValidationError, clip
from bot.triage.categories import keyword_category

log = logging.getLogger(__name__)
SLOT = "page_reference"
# The slot's value while an emergency on web chat waits for a phone number or an address (told once).
WAITING = "waiting"
# What the tenant may tell us after the page that the on-call team needs (the ticket is updated as it arrives).
DETAIL_SLOTS = ("problem", "location_in_home", "address", "address_given", "reporter_name", "contact_phone")
# Slots Rasa fills from the message text before the form has validated them: not facts yet.
FORM_SLOTS = ("problem", "location_in_home", "address", "reporter_name", "contact_phone", "access_notes",
              "self_help")


def sender_phone(tracker: Tracker, values: dict) -> str | None:
    """The number an SMS tenant texts from (the sender id is the number, or `association:tenant`)."""
    meta = metadata(tracker)
    phone = meta.get("phone")
    if not phone and (values.get("channel") or meta.get("channel")) == "sms":
        phone = ids.sms_sender(tracker.sender_id or "")
    return phone if phone and phone.startswith("+") else None


def _new_report(tracker: Tracker) -> bool:
    """A report starts with this message. News about the ticket already given is not one: it joins that ticket,
    which actions/followup.py raises and pages."""
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    return intent == "report_repair" and tracker.active_loop_name != "repair_form" \
        and not followup.continues_ticket(tracker)


def _report_done(tracker: Tracker, values: dict) -> bool:
    """The conversation's report is already submitted, and this message does not start a new one."""
    return bool(values.get("ticket_reference")) and not _new_report(tracker)


def _input(tracker: Tracker, values: dict, phone: str | None) -> TicketInput:
    text = text_of(tracker)
    problem = values.get("problem") or text
    return TicketInput(
        category=values.get("category") or keyword_category(problem) or "fixtures", priority="emergency",
        language=values.get("language") or "da", channel=values.get("channel") or "rest",
        problem=clip("problem", problem),
        location_in_home=values.get("location_in_home") or "",
        address=values.get("address") or values.get("address_given") or "",
        reporter_name=values.get("reporter_name") or "", contact_phone=values.get("contact_phone") or phone or "",
        conversation_id=tracker.sender_id,
    )


def _association_ref(tracker: Tracker, values: dict):
    return values.get("association") or metadata(tracker).get("association")


def _call_us(dispatcher, domain: dict, tracker: Tracker, response: str, lang: str) -> None:
    found = association(tracker)
    phone = (found.out_of_hours_phone or found.call_centre_phone) if found else "112"
    say(dispatcher, domain, response, lang, phone=phone, emergency=found.emergency_number if found else "112")


def page_if_due(dispatcher, tracker: Tracker, domain: dict, slots: dict) -> dict:
    """Page now if this conversation's emergency is due a page and has none; returns the slot updates.

    `slots` are the values this turn has set so far (merged over the tracker's). Due: priority emergency and a
    report in progress, and on SMS the sender's number is known, on web a contact phone or an address. Tells the
    tenant "I am alerting the on-call team" only when a page was queued (or one for their home is already out);
    otherwise, once, what will happen and the on-call number. Later calls add what the tenant said since to the
    ticket (the person paged gets one short follow-up once the address is known). Never raises: a store that fails
    leaves the tenant with the number to call.
    """
    values = {**tracker.current_slot_values(), **slots}
    lang = values.get("language") or "da"
    phone = sender_phone(tracker, values)
    reference = values.get(SLOT)
    outcome = rules.first_page_due(
        priority=values.get("priority"), channel=values.get("channel") or metadata(tracker).get("channel"),
        sender_phone=phone, contact_phone=values.get("contact_phone"),
        address=values.get("address") or values.get("address_given"),
        paged_reference=reference if reference != WAITING else None, report_done=_report_done(tracker, values))
    if outcome in (rules.NOT_EMERGENCY, rules.REPORT_DONE):
        return {}
    if outcome == rules.WAITING_FOR_CONTACT:
        if reference == WAITING:
            return {}
        _call_us(dispatcher, domain, tracker, "utter_paging_waiting", lang)
        return {SLOT: WAITING}
    if outcome == rules.ALREADY_PAGED and not any(slots.get(name) for name in DETAIL_SLOTS) \
            and not _new_report(tracker):
        return {}  # nothing new; a new report checks the page is still this conversation's (not a stale slot)
    try:
        with session_scope(settings().database_url) as session:
            paged = flows.page_first_signal(session=session, association_ref=_association_ref(tracker, values),
                                            data=_input(tracker, values, phone))
    except ValidationError as exc:
        log.warning("no page yet for %s: %s %s", tracker.sender_id, exc.field, exc.code)
        paged = None
    except Exception:
        log.exception("paging failed for conversation %s", tracker.sender_id)
        paged = None
    if outcome == rules.ALREADY_PAGED:
        if paged is not None and paged.reference != reference:
            # The slot named a report long closed or expired: this emergency got its own page.
            if paged.alerted:
                say(dispatcher, domain, "utter_emergency_alerting", lang)
            else:
                _call_us(dispatcher, domain, tracker, "utter_paging_unavailable", lang)
            return {SLOT: paged.reference}
        return {}  # details added to the ticket; the tenant was told when the page went out
    if paged is None or not paged.alerted:
        _call_us(dispatcher, domain, tracker, "utter_paging_unavailable", lang)
        return {SLOT: paged.reference} if paged else {}
    say(dispatcher, domain, "utter_emergency_alerting", lang)
    log.info("conversation %s paged as %s (queued now: %s)", tracker.sender_id, paged.reference, paged.queued_now)
    return {SLOT: paged.reference}


def unvalidated(tracker: Tracker) -> dict:
    """This message's form answers as Rasa extracted them, before the form validated them: not facts yet."""
    return {name: None for name in tracker.slots_to_validate() if name in FORM_SLOTS}


def after_validation(dispatcher, tracker: Tracker, domain: dict, events: list[dict[str, Any]]) -> list[dict]:
    """The repair form's hook: page (or add to the page) with the answers the form just validated."""
    from rasa_sdk.events import SlotSet

    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return [SlotSet(name, value) for name, value in page_if_due(dispatcher, tracker, domain, slots).items()]
