"""Ticket references a tenant can read out or type on a keypad: digits with a Damm check digit."""

from __future__ import annotations

import re
import secrets

# Damm's quasigroup catches every single-digit error and every adjacent transposition,
# so a mistyped reference is rejected instead of matching someone else's repair.
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)
BODY_DIGITS = 6  # 10^6 per association; collisions are retried
_SHAPE = re.compile(r"^\d{7}$")


def check_digit(digits: str) -> str:
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][int(ch)]
    return str(interim)


def generate(rand=secrets.randbelow) -> str:
    """A new reference such as '482-9137' (the last digit checks the others)."""
    body = str(rand(9 * 10 ** (BODY_DIGITS - 1)) + 10 ** (BODY_DIGITS - 1))
    return format_reference(body + check_digit(body))


def format_reference(digits: str) -> str:
    return f"{digits[:3]}-{digits[3:]}"


def normalise(text: str) -> str | None:
    """'482 9137', '4829137', 'ref 482-9137' -> '482-9137'; None when absent or the check fails."""
    digits = re.sub(r"\D", "", text or "")
    if not _SHAPE.match(digits):
        return None
    if check_digit(digits) != "0":
        return None
    return format_reference(digits)


def find_in_text(text: str) -> str | None:
    """The first well-formed reference in a free-text message."""
    for match in re.finditer(r"(?<!\d)\d{3}[\s-]?\d{4}(?!\d)", text or ""):
        ref = normalise(match.group(0))
        if ref:
            return ref
    return None
