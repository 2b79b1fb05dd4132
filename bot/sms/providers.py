"""Which SMS sender a process uses: Twilio when credentials are set, otherwise the recording fake."""

from __future__ import annotations

from bot.settings import Settings
from bot.sms.sender import RecordingSender, SmsSender


def make_sender(settings: Settings) -> SmsSender:
    if settings.twilio_configured:
        from bot.sms.twilio_sender import TwilioSender  # the twilio SDK is loaded only where it is used

        return TwilioSender(settings.twilio_account_sid, settings.twilio_auth_token, api_base=settings.twilio_api_base,
                            timeout=settings.twilio_timeout_seconds)
    return RecordingSender()
