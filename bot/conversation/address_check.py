"""An address the register does not know is read back to the tenant once: right, or corrected.

A typo ("Stationsvej 5" for "Stationsvej 15") sends a repairer or the on-call team to the wrong door, and staff
only see "unverified" the next morning. So the form says it could not find the address and asks once; whatever
the tenant says then is kept (a second unknown address is taken as written and flagged unverified).
"""

from __future__ import annotations

from bot.conversation import extract

RESPONSE = "utter_check_unknown_address"
BUTTON_RESPONSES = (("utter_button_address_right", "/affirm"), ("utter_button_address_wrong", "/deny"))
# Stored values; the slot holds the tenant's raw words until validated, so these must not read as an answer.
RIGHT, WRONG, CORRECTED = "kept-as-written", "to-be-retyped", "corrected"
DONE = (RIGHT, WRONG, CORRECTED)


def answer(text: str, intent: str | None = None) -> str | None:
    """RIGHT, WRONG (ask for it again), CORRECTED (the text is the corrected address), or None (unclear)."""
    stripped = (text or "").strip()
    if stripped == "1" or intent == "affirm" or extract.is_yes(stripped):
        return RIGHT
    if stripped == "2" or extract.is_no(stripped) or intent == "deny" and not any(ch.isdigit() for ch in stripped):
        return WRONG
    if any(ch.isdigit() for ch in stripped) and sum(ch.isalpha() for ch in stripped) >= 3:
        return CORRECTED
    return None


def slots_with_check(slots: list[str], *, address: str | None, unmatched: bool, checked: str | None) -> list[str]:
    """The form's slots with the read-back question straight after the address, while it is due."""
    if "address" not in slots or not address or not unmatched or checked in DONE:
        return slots
    index = slots.index("address")
    return [*slots[:index + 1], "address_checked", *slots[index + 1:]]
