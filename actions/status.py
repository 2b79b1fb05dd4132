"""Check or cancel a report: only the conversation that owns it learns anything about it (bot.access.ownership).

On SMS the sender's number is the proof. In web chat a typed number proves nothing: the chat sees what it
reported itself, or a ticket whose reference it named and then confirmed with the code texted to that ticket's
phone (the gateway checks the code, then asks again for the visitor: bot.access.codes).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import intent_of, language_of, metadata, render, say, say_with_buttons, settings, text_of
from bot import clock
from bot.access import codes, ownership
from bot.associations import service as associations
from bot.conversation import extract
from bot.db import session_scope
from bot.intake import followup
from bot.intake.requests import ASK_FIRST, CALL_OFF, CONFIRM_CANCEL, about_existing_report, calls_off
from bot.messages import ids
from bot.repairs import status as ticket_status
from bot.triage.vague import opens_a_report
from bot.workorders import queries as workorders

# A typed yes to "cancel it?" is short; a longer message is read for what it says.
YES_MAX_WORDS = 4


def channel_of(tracker: Tracker) -> str:
    """The channel the gateway named; a bare E.164 sender (Rasa's REST channel, tools) is an SMS conversation."""
    channel = metadata(tracker).get("channel")
    if channel:
        return channel
    sender = tracker.sender_id or ""
    return "sms" if ids.sms_sender(sender).startswith("+") else "rest"


def requester(session, tracker: Tracker) -> ownership.Requester:
    channel = channel_of(tracker)
    sender_phone = metadata(tracker).get("phone") or ids.sms_sender(tracker.sender_id or "")
    confirmed = codes.confirmed_references(session=session, conversation_id=tracker.sender_id, now=clock.now())
    return ownership.requester_for(channel=channel, conversation_id=tracker.sender_id, sender_phone=sender_phone,
                                   confirmed_references=confirmed)


def _find(session, tracker: Tracker, purpose: str):
    """The ticket this conversation may act on, or None after saying what to do instead."""
    association = associations.resolve(session=session, ref=tracker.get_slot("association")
                                       or metadata(tracker).get("association"))
    who = requester(session, tracker)
    text = text_of(tracker)
    just = codes.just_confirmed(session=session, conversation_id=tracker.sender_id, now=clock.now())
    if just is not None and just[1] == purpose:
        text = just[0]  # the code the visitor just typed opened this reference for this very request
    found = ticket_status.find(session=session, association_id=association.id, text=text, requester=who)
    return association, who, found


class ActionCheckStatus(Action):
    def name(self) -> str:
        return "action_check_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        text = text_of(tracker)
        request = about_existing_report(text, has_report=bool(tracker.get_slot("ticket_reference")))
        if request == "cancel":
            # "my son has fixed it, no need to come out, ref 790-1314" names the report but calls it off.
            return await ActionCancelReport().run(dispatcher, tracker, domain)
        if not tracker.active_loop_name and request is None and opens_a_report(text):
            # "hi can i report a repair": a report starting, asked what is wrong, not a status check.
            return [FollowupAction("repair_form")]
        lang = language_of(tracker)
        with session_scope(settings().database_url) as session:
            association, who, found = _find(session, tracker, "status")
            if found.ticket is not None:
                facts = ticket_status.describe(ticket=found.ticket, timezone=association.timezone, language=lang)
                booked = workorders.appointment_for(session=session, ticket=found.ticket, language=lang,
                                                    timezone=association.timezone)
                if booked:
                    facts["status"] = f"{facts['status']} ({booked})"  # the repairer's booked window
                say(dispatcher, domain, "utter_status", lang, **facts)
            elif found.reference and who.channel != "sms":
                _offer_code(session, tracker, who, found, "status")
                say(dispatcher, domain, "utter_status_code_sent", lang, reference=found.reference)
            elif who.channel != "sms":
                say(dispatcher, domain, "utter_status_ask_reference", lang)
            else:
                say(dispatcher, domain, "utter_status_none", lang)
        return []


def _offer_code(session, tracker: Tracker, who: ownership.Requester, found: ticket_status.Lookup,
                purpose: str) -> None:
    """Text a code to the named ticket's phone; the reply is the same whether the ticket exists or not."""
    ticket = found.named
    if ticket is None or not ownership.needs_code(who, ticket_status.facts_of(ticket)):
        return
    if codes.sent_recently(session=session, ticket_id=ticket.id, now=clock.now()) >= codes.MAX_SENDS_PER_HOUR:
        return  # no flood of texts to a tenant's phone from a stranger's chat
    codes.send(session=session, ticket=ticket, conversation_id=tracker.sender_id, purpose=purpose,
               secret=settings().secret_key, now=clock.now())


class ActionCancelReport(Action):
    def name(self) -> str:
        return "action_cancel_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = language_of(tracker)
        reference = tracker.get_slot("ticket_reference")
        decision = _calls_off(tracker) if reference and not tracker.active_loop_name else CALL_OFF
        if decision != CALL_OFF:
            from actions.followup import after_ticket  # actions.followup builds on this module

            answered = await after_ticket(dispatcher, tracker, domain)  # news is added, a question answered
            if decision == ASK_FIRST:
                say_with_buttons(dispatcher, domain, "utter_cancel_confirm", lang, [
                    (render(domain, "utter_button_yes", lang), CONFIRM_CANCEL),
                    (render(domain, "utter_button_no", lang), "/deny")], reference=reference)
            elif answered is None:
                say(dispatcher, domain, "utter_reask_after_ticket", lang, reference=reference)
            return answered or []
        return cancel(dispatcher, tracker, domain)


def cancel(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
    """Cancel the report the tenant means: the conversation's own, or one it named and may reach."""
    lang = language_of(tracker)
    with session_scope(settings().database_url) as session:
        _, who, found = _find(session, tracker, "cancel")
        if found.ticket is not None:
            cancelled = ticket_status.cancel(session=session, ticket=found.ticket)
            if cancelled:
                say(dispatcher, domain, "utter_cancel_done", lang, reference=cancelled)
                return []
        elif found.reference and who.channel != "sms":
            _offer_code(session, tracker, who, found, "cancel")
            say(dispatcher, domain, "utter_status_code_sent", lang, reference=found.reference)
            return []
    in_progress = tracker.get_slot("problem") and not tracker.get_slot("ticket_reference")
    if tracker.get_slot("requested_slot") or in_progress:
        say(dispatcher, domain, "utter_cancelled", lang)  # a report in progress: stopped, nothing reported
    else:
        # Nothing to cancel here: say so, and how to name the report (never "stopped" as if one were open).
        sms = channel_of(tracker) == "sms"
        say(dispatcher, domain, "utter_status_none" if sms else "utter_status_ask_reference", lang)
    return [SlotSet("requested_slot", None)]


def _calls_off(tracker: Tracker) -> str:
    """Whether this message cancels the conversation's ticket, is kept, or is asked about first
    (bot.intake.requests.calls_off)."""
    text = text_of(tracker)
    read = followup.classify(text, ticket_category=tracker.get_slot("ticket_category"))
    return calls_off(text, has_report=True, asks_a_question=followup.ANSWER in read.kinds)


def confirms_cancelling(tracker: Tracker) -> bool:
    """The tenant's yes ("ja", "yes") to the question that confirmed a cancellation, typed rather than picked."""
    if not tracker.get_slot("ticket_reference") or tracker.active_loop_name:
        return False
    text = text_of(tracker)
    if not (extract.is_yes(text) or intent_of(tracker) == "affirm" and len(text.split()) <= YES_MAX_WORDS):
        return False
    for event in reversed(tracker.events or []):
        if event.get("event") == "bot":
            buttons = (event.get("data") or {}).get("buttons") or []
            return any(b.get("payload") == CONFIRM_CANCEL for b in buttons)
    return False


async def answer_request(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list | None:
    """Events when the message asks about a report already made ("hvor langt er I med den?"), else None: for a
    message the model read as something else (a question why, a fallback)."""
    if tracker.active_loop_name:
        return None
    text = text_of(tracker)
    request = about_existing_report(text, has_report=bool(tracker.get_slot("ticket_reference")))
    if request == "cancel":
        return await ActionCancelReport().run(dispatcher, tracker, domain)
    if request == "status":
        return await ActionCheckStatus().run(dispatcher, tracker, domain)
    return None
