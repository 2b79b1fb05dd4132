"""A returning tenant's remembered details are confirmed before reuse ("Is it still Flat 6, Ashridge Court?").

Rasa carries slots over into a new session (domain.yml `carry_over_slots_to_new_session`) and keeps them after a
report. Reusing a remembered address without asking would send a repairer to the home the tenant left, or tell
a stranger on a shared phone where the last reporter lives. The repair form asks with
`utter_confirm_remembered_address` and these buttons before it reuses one (see `needs_confirmation`).
"""

from __future__ import annotations

from bot.conversation import extract

RESPONSE = "utter_confirm_remembered_address"
BUTTONS = {"da": [("Ja", "/affirm"), ("Nej", "/deny")], "en": [("Yes", "/affirm"), ("No", "/deny")]}
# A slot value set before the latest of these events belongs to an earlier conversation or an earlier report.
_BOUNDARIES = ("session_started",)
_REPORT_SLOT = "ticket_reference"


def remembered(events: list[dict], slot: str = "address") -> str | None:
    """The slot's value if it was carried over: set before the latest session start or the latest report."""
    value, set_at, boundary = None, -1, -1
    for i, event in enumerate(events or []):
        kind = event.get("event")
        if kind in _BOUNDARIES:
            boundary = i
        elif kind == "slot" and event.get("name") == _REPORT_SLOT and event.get("value"):
            boundary = i
        elif kind == "slot" and event.get("name") == slot:
            value, set_at = event.get("value"), i
    if value and set_at < boundary:
        return value
    return None


def needs_confirmation(events: list[dict], *, confirmed: bool | None, slot: str = "address") -> bool:
    """Ask before reuse: a remembered value the tenant has not confirmed in this conversation."""
    return confirmed is None and remembered(events, slot) is not None


def answer(text: str, intent: str | None = None) -> bool | None:
    """Yes (keep it), no (ask afresh), or None (neither: ask again). Numbers are the buttons: 1 yes, 2 no."""
    stripped = (text or "").strip()
    if intent == "affirm" or stripped == "1" or extract.is_yes(stripped):
        return True
    if intent == "deny" or stripped == "2" or extract.is_no(stripped):
        return False
    return None
