"""Reading a tenant's pick among offered options, and whether a message could answer a given question."""

from __future__ import annotations

from bot import phones
from bot.conversation import extract
from bot.staff import labels

NONE_OF_THESE = "/deny"
MAX_NAME_WORDS = 5


def fits(slot: str, text: str) -> bool:
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


def choose_option(text: str, options: list[str]) -> str | None:
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


def choose_category(text: str, options: list[str], language: str) -> str | None:
    """The category a tenant picked from two: its number, its key (the payload) or its label."""
    stripped = text.strip().strip("/").rstrip(".)")
    if stripped.isdigit() and 1 <= int(stripped) <= len(options):
        return options[int(stripped) - 1]
    for option in options:
        if stripped == option or extract.fold_equal(stripped, labels.label("category", option, language)):
            return option
    return None
