"""Phone numbers through the phonenumbers library: parse, validate, E.164, mask for logs."""

from __future__ import annotations

import re

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


def display(number: str | None, region: str = "DK") -> str:
    """A number as people read and dial it: '0800 111 999' in its own country when that country dials a trunk
    prefix, '+45 43 43 99 99' otherwise (Danish numbers have none, and staff abroad need the +45). Short and
    unparseable numbers (112, 999) come back as they are."""
    if not number:
        return ""
    try:
        parsed = phonenumbers.parse(number.strip(), region)
    except phonenumbers.NumberParseException:
        return number
    if not phonenumbers.is_valid_number(parsed):
        return number
    own = phonenumbers.region_code_for_number(parsed) == region
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if own and metadata is not None and metadata.national_prefix:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def tel_uri(number: str | None, region: str = "DK") -> str:
    """'tel:+4543439999' for a valid number, 'tel:112' for a short one."""
    return "tel:" + (to_e164(number or "", region) or "".join(c for c in (number or "") if c.isdigit() or c == "+"))


def example(region: str = "DK") -> str:
    """A mobile number of the region in the way its tenants write it, for 'e.g.' in error messages."""
    sample = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    return phonenumbers.format_number(sample, phonenumbers.PhoneNumberFormat.NATIONAL) if sample else ""


def spans(text: str, region: str = "DK") -> list[tuple[str, str | None]]:
    """`text` cut into (piece, E.164 or None): the phone numbers phonenumbers finds in it, and the rest."""
    pieces: list[tuple[str, str | None]] = []
    last = 0
    for match in phonenumbers.PhoneNumberMatcher(text or "", region):
        pieces.append((text[last:match.start], None))
        pieces.append((match.raw_string, phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)))
        last = match.end
    pieces.append(((text or "")[last:], None))
    return [(piece, number) for piece, number in pieces if piece]


_E164_IN_TEXT = re.compile(r"\+\d{8,15}\b")


def readable(text: str) -> str:
    """Every E.164 number in a tenant's reply written as people in its country read it ('+45 20 12 34 56',
    '07911 123456'); the dialogue writes numbers in E.164, run together."""
    def shown(match: re.Match) -> str:
        number = match.group(0)
        try:
            region = phonenumbers.region_code_for_number(phonenumbers.parse(number, None))
        except phonenumbers.NumberParseException:
            return number
        return display(number, region or "DK")
    return _E164_IN_TEXT.sub(shown, text or "")
