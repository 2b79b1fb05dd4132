"""Sign inbound test requests exactly as Twilio does, with the twilio SDK's own validator."""

from __future__ import annotations

from twilio.request_validator import RequestValidator


def twilio_signature(auth_token: str, url: str, params: dict) -> str:
    return RequestValidator(auth_token).compute_signature(url, params)
