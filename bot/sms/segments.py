"""GSM-7 / UCS-2 segment counting and making text GSM-safe (æøå are GSM-7; emoji and curly quotes are not)."""

from __future__ import annotations

import re

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€\f")
_REPLACEMENTS = {
    "‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "…": "...",
    "\u00a0": " ", "•": "-", "«": '"', "»": '"', "´": "'", "`": "'",
}
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200d]")


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in text)


def septets(text: str) -> int:
    return sum(2 if ch in GSM7_EXTENDED else 1 for ch in text)


def segments(text: str) -> int:
    """How many SMS segments Twilio will bill for this text."""
    if not text:
        return 1
    if is_gsm7(text):
        length = septets(text)
        return 1 if length <= 160 else -(-length // 153)
    # UCS-2 counts UTF-16 code units; an emoji is two.
    units = len(text.encode("utf-16-le")) // 2
    return 1 if units <= 70 else -(-units // 67)


def to_gsm_safe(text: str) -> str:
    """Replace typographic punctuation, drop emoji and anything else that would force UCS-2."""
    for bad, good in _REPLACEMENTS.items():
        text = text.replace(bad, good)
    text = _EMOJI.sub("", text)
    out = []
    for ch in text:
        if ch in GSM7_BASIC or ch in GSM7_EXTENDED:
            out.append(ch)
        else:
            import unicodedata

            base = unicodedata.normalize("NFKD", ch)[0]
            out.append(base if base in GSM7_BASIC else "")
    return re.sub(r"[ \t]{2,}", " ", "".join(out)).strip()


def shorten(text: str, max_segments: int) -> str:
    """Cut at a word boundary so the text fits `max_segments`."""
    if segments(text) <= max_segments:
        return text
    words = text.split(" ")
    while words and segments(" ".join(words) + "...") > max_segments:
        words.pop()
    return " ".join(words) + "..."


def split(text: str, max_segments: int = 3) -> str:
    """The reply to send: whole if it fits, otherwise shortened to `max_segments` segments."""
    return shorten(to_gsm_safe(text), max_segments)
