"""The SMS sender interface and the recording fake for local runs (Twilio's is twilio_sender.py; which one a
process uses is providers.py)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Protocol

from bot.phones import mask

log = logging.getLogger(__name__)


class SendError(Exception):
    """Sending failed. `retryable` is False when Twilio refused for good (bad number, opted out)."""

    def __init__(self, message: str, *, retryable: bool, ambiguous: bool = False, status: int | None = None):
        super().__init__(message)
        self.retryable = retryable
        # The request may have reached Twilio (a timeout after sending): retrying could double-send.
        self.ambiguous = ambiguous
        self.status = status


@dataclass
class Sent:
    sid: str
    status: str  # "queued"/"sent" from Twilio; "recorded" from the fake


class SmsSender(Protocol):
    def send(self, *, to: str, from_: str, body: str, status_callback: str | None = None) -> Sent: ...

    def find_sent(self, *, to: str, from_: str, body: str, since: datetime) -> Sent | None:
        """A message with this body already accepted for `to` since `since` (to adopt after an ambiguous try)."""


class RecordingSender:
    """No Twilio credentials: print the SMS to the log; the caller records it in the store."""

    def __init__(self):
        self.count = 0
        self.sent: list[tuple[str, str, str, datetime, Sent]] = []

    def send(self, *, to: str, from_: str, body: str, status_callback: str | None = None) -> Sent:
        self.count += 1
        # Local runs only: the body is what a developer needs to see; no credentials means no real tenant.
        print(f"[sms to {mask(to)} from {from_}] {body}", flush=True)
        result = Sent(sid=f"LOCAL{uuid.uuid4().hex[:24]}", status="recorded")
        self.sent.append((to, from_, body, datetime.now(timezone.utc), result))
        return result

    def find_sent(self, *, to: str, from_: str, body: str, since: datetime) -> Sent | None:
        for sent_to, sent_from, sent_body, at, result in self.sent:
            if (sent_to, sent_from, sent_body) == (to, from_, body) and at >= since:
                return result
        return None
