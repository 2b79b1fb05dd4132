"""Triage of every tenant message: language, category, priority, and which hazard advice is due.

Run first thing in action_validate_slot_mappings (actions/advice.py), once per tenant message, after Rasa has
extracted the form's slots and before the policy picks the next action.
"""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.base import earlier_report_text, metadata, settings
from bot import clock
from bot.associations import service as associations
from bot.db import session_scope
from bot.triage import from_parse
from bot.triage.assess import close_call
from bot.triage.hazards import find_hazards
from bot.triage.policy import Policy

log = logging.getLogger(__name__)


# Answers that say where, who and when: they describe the report's details, not its fault.
DETAIL_SLOTS = ("location_in_home", "address", "reporter_name", "contact_phone", "access_notes")


def triage(tracker: Tracker) -> list[dict[str, Any]]:
    """The slot events of this message's triage (association, channel, language, category, category_options,
    priority, hazards_advised); only slots whose value changes."""
    latest = tracker.latest_message or {}
    text = latest.get("text") or ""
    meta = metadata(tracker)
    events: list = []
    with session_scope(settings().database_url) as session:
        association = associations.resolve(session=session, ref=tracker.get_slot("association") or
                                           meta.get("association"))
        if association is None:
            log.error("no association configured")
            return []
        if tracker.get_slot("association") != str(association.id):
            events.append(SlotSet("association", str(association.id)))
        default_language = association.language
        policy = Policy.from_overrides(association.policy_overrides)
        timezone = association.timezone
    if tracker.get_slot("channel") is None:
        events.append(SlotSet("channel", meta.get("channel") or "rest"))

    intent = (latest.get("intent") or {}).get("name")
    # A danger told after the ticket is judged on its own words, also when the model took it for a cancellation
    # ("nu drypper det ned til underboen"): the earlier "a bowl is under it" must not make it a contained leak.
    fresh_report = intent == "report_repair" or (intent == "cancel_report" and bool(find_hazards(text)))
    new_report = fresh_report and tracker.get_slot("ticket_reference") is not None \
        and tracker.active_loop_name != "repair_form"
    in_form = tracker.active_loop_name == "repair_form"
    month = clock.now().astimezone(ZoneInfo(timezone)).month
    # The widget's language switch sends the tenant's choice with each message: it outranks any guess.
    chosen = meta.get("language") if meta.get("language") in ("da", "en") else None
    result = from_parse(
        text, latest, month=month, policy=policy, current_language=chosen or tracker.get_slot("language"),
        default_language=default_language,
        answering_problem=in_form and tracker.get_slot("requested_slot") == "problem",
        previous_category=None if new_report else tracker.get_slot("category"),
        previous_priority=None if new_report else tracker.get_slot("priority"),
        context="" if new_report else earlier_report_text(tracker),
    )
    lang = result.language
    if lang != tracker.get_slot("language"):
        events.append(SlotSet("language", lang))
    if result.category != tracker.get_slot("category"):
        events.append(SlotSet("category", result.category))
        pair = close_call(latest, text) if tracker.get_slot("category") is None and result.category else None
        if pair and result.category in pair and result.priority != "emergency":
            events.append(SlotSet("category_options", list(pair)))  # the form asks which of the two
    priority = result.priority
    if in_form and tracker.get_slot("requested_slot") in DETAIL_SLOTS and priority != "emergency":
        # "ved radiatoren, den der drypper lidt" says where the window is; only a danger in such an answer
        # raises the report (any other fault there can be reported on its own).
        priority = tracker.get_slot("priority") or priority
    if priority != tracker.get_slot("priority"):
        events.append(SlotSet("priority", priority))

    advised = [] if new_report else list(tracker.get_slot("hazards_advised") or [])
    fresh = [key for key in result.emergencies if key not in advised]
    if fresh:
        # actions/advice.py gives the advice recorded here.
        events.append(SlotSet("hazards_advised", advised + fresh))
        log.info("hazard advice due: %s", ",".join(fresh))
    return events
