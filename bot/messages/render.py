"""Render the dialogue's replies for a channel: SMS gets numbered options, GSM-safe text, few segments."""

from __future__ import annotations

import re

from bot.dialogue.client import BotMessage
from bot.sms import segments

SMS_MAX_SEGMENTS = 3


def sms_text(messages: list[BotMessage]) -> tuple[str, list[dict]]:
    """One SMS body for the bot's replies and the options it offered (answerable by number)."""
    parts: list[str] = []
    buttons: list[dict] = []
    for message in messages:
        if message.text:
            parts.append(message.text.strip())
        for button in message.buttons:
            buttons.append({"title": button.get("title", ""), "payload": button.get("payload", "")})
    if buttons:
        parts.append(" ".join(f"{i}) {b['title']}" for i, b in enumerate(buttons, start=1)))
    body = segments.to_gsm_safe("\n".join(parts))
    return segments.shorten(body, SMS_MAX_SEGMENTS), buttons


def answer_by_number(text: str, buttons: list[dict]) -> str:
    """'2' after numbered options becomes the second option's payload; anything else passes through."""
    match = re.fullmatch(r"\s*(\d{1,2})[.)]?\s*", text or "")
    if match and buttons:
        index = int(match.group(1)) - 1
        if 0 <= index < len(buttons):
            return buttons[index].get("payload") or buttons[index].get("title", text)
    return text
