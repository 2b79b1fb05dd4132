"""The form is complete: write the ticket, tell the tenant its reference and what happens next."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import (
    association,
    language_of,
    render,
    say,
    say_with_buttons,
    settings,
)
from actions.form_common import (
    FORM_SLOTS,
    SELF_HELP_DECLINED,
    SELF_HELP_FIXED,
)
from bot import clock
from bot.conversation import extract, selfhelp
from bot.conversation.next_step import next_step
from bot.db import session_scope
from bot.intake import second
from bot.repairs import flows
from bot.tickets.service import TicketInput, ValidationError, clip
from bot.triage.categories import keyword_category

log = logging.getLogger(__name__)


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
            problem=clip("problem", problem),
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
        say(dispatcher, domain, "utter_ticket_created", lang, name=extract.form_of_address(data.reporter_name),
            reference=result.reference, next_step=_next_step(domain, lang, result, found))
        if result.duplicate_of:
            say(dispatcher, domain, "utter_duplicate_report", lang, duplicate=result.duplicate_of)
        _offer_second_report(dispatcher, domain, lang, tracker.get_slot("problem") or "", data.category)
        # The page sent before the form was complete belongs to this ticket now (flows.submit_report completed it).
        return [SlotSet("ticket_reference", result.reference), SlotSet("ticket_category", data.category),
                SlotSet("failed_attempts", 0.0),
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
    response, values = next_step(result=result, association=found, now=clock.now(), language=lang)
    return render(domain, response, lang, **values)
