"""SmsSender through the twilio SDK's REST client."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from bot.sms.sender import SendError, Sent

TWILIO_HOSTS = ("https://api.twilio.com", "https://messaging.twilio.com")
LOOKBACK_MESSAGES = 20
# Twilio's clock and ours differ a little; an earlier attempt is never more than this before our record of it.
CLOCK_SKEW = timedelta(seconds=120)


class RebasedHttpClient(TwilioHttpClient):
    """Sends the SDK's requests to a local stand-in of Twilio's REST API (drills and tests)."""

    def __init__(self, base: str, timeout: float):
        super().__init__(timeout=timeout)
        self.base = base.rstrip("/")

    def request(self, method, url, *args, **kwargs):
        for prefix in TWILIO_HOSTS:
            if url.startswith(prefix):
                url = self.base + url[len(prefix):]
                break
        return super().request(method, url, *args, **kwargs)


class TwilioSender:
    def __init__(self, account_sid: str, auth_token: str, *, api_base: str = "", timeout: float = 10.0):
        # The SDK logs every request's To and Body at INFO: phone numbers and messages stay out of our logs.
        logging.getLogger("twilio.http_client").setLevel(logging.WARNING)
        http_client = RebasedHttpClient(api_base, timeout) if api_base else TwilioHttpClient(timeout=timeout)
        self.client = Client(account_sid, auth_token, http_client=http_client)

    def send(self, *, to: str, from_: str, body: str, status_callback: str | None = None) -> Sent:
        kwargs = {"to": to, "from_": from_, "body": body}
        if status_callback:
            kwargs["status_callback"] = status_callback
        try:
            message = self.client.messages.create(**kwargs)
        except TwilioRestException as exc:
            retryable = exc.status == 429 or exc.status >= 500
            raise SendError(f"twilio {exc.status} {exc.code}", retryable=retryable, status=exc.status) from exc
        except requests.exceptions.ConnectTimeout as exc:
            raise SendError("twilio connect timeout", retryable=True) from exc
        except requests.exceptions.ConnectionError as exc:
            # Refused or reset before a response: the request may or may not have arrived.
            raise SendError("twilio unreachable", retryable=True, ambiguous=True) from exc
        except requests.exceptions.Timeout as exc:
            raise SendError("twilio read timeout", retryable=True, ambiguous=True) from exc
        return Sent(sid=message.sid, status=message.status or "queued")

    def find_sent(self, *, to: str, from_: str, body: str, since: datetime) -> Sent | None:
        """Twilio's own record of an earlier attempt; raises SendError when Twilio cannot be asked."""
        try:
            # Filter by number on Twilio's side and by body and creation time here: DateSent is empty while queued.
            recent = self.client.messages.list(to=to, from_=from_, limit=LOOKBACK_MESSAGES)
        except TwilioException as exc:  # the SDK wraps a failed page fetch in its base exception
            raise SendError(f"twilio list failed: {str(exc)[:80]}", retryable=True) from exc
        except requests.exceptions.RequestException as exc:
            raise SendError("twilio list unreachable", retryable=True) from exc
        for message in recent:
            created = message.date_created
            if message.body == body and (created is None or created >= since - CLOCK_SKEW):
                return Sent(sid=message.sid, status=message.status or "queued")
        return None
