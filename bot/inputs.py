"""Untrusted text made storable: every store (SQLite, PostgreSQL) must accept what a tenant or a fuzzer sends."""

from __future__ import annotations

import re

# C0 controls but tab, newline and return, and DEL: XML 1.0 (TwiML) has no way to carry them, and no tenant types them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


class BadInput(ValueError):
    """A request the gateway answers with 400 and this message."""


def clean_text(value: str) -> str:
    """Drop control characters (PostgreSQL refuses NUL, XML all of them) and replace lone surrogates (no UTF-8)."""
    return _CONTROL.sub("", value).encode("utf-8", "replace").decode("utf-8")


def text_field(data: dict, name: str, *, required: bool = False, max_chars: int | None = None) -> str:
    """A string member of a JSON object, cleaned; a number, list or object there is the caller's mistake."""
    value = data.get(name)
    if value is None:
        if required:
            raise BadInput(f"{name} is required")
        return ""
    if not isinstance(value, str):
        raise BadInput(f"{name} must be a string")
    value = clean_text(value)
    return value[:max_chars] if max_chars else value


def json_object(payload) -> dict:
    """The body of a JSON request: an object or nothing at all."""
    if payload is None:
        return {}
    if not isinstance(payload, dict):
        raise BadInput("the body must be a JSON object")
    return payload
