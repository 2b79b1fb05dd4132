"""Phone numbers through the phonenumbers library: parse, validate, E.164, mask for logs."""

from __future__ import annotations

import phonenumbers


def to_e164(text: str, region: str = "DK") -> str | None:
    """E.164 for a valid number written any common way, in the association's region by default."""
    if not text:
        return None
    try:
        parsed = phonenumbers.parse(text.strip(), region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def find_in_text(text: str, region: str = "DK") -> str | None:
    """The first valid phone number inside free text, as E.164."""
    for match in phonenumbers.PhoneNumberMatcher(text or "", region):
        return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    return None


def all_in_text(text: str, region: str = "DK") -> list[str]:
    """Every valid phone number inside free text, as E.164."""
    return [phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)
            for m in phonenumbers.PhoneNumberMatcher(text or "", region)]


def mask(number: str | None) -> str:
    """'+4520123456' -> '+45****3456': enough for a log line, not enough to call."""
    if not number:
        return ""
    return number[:3] + "*" * max(0, len(number) - 7) + number[-4:]
