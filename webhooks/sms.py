"""Twilio Messaging webhooks: POST /sms/inbound (tenant texts) and /sms/status (delivery reports)."""

from __future__ import annotations

import logging
from functools import wraps

from flask import Blueprint, Response, request
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from bot import texts
from bot.channels import sms as flows
from bot.inputs import clean_text
from bot.phones import mask
from bot.sms import keywords
from webhooks import deps

bp = Blueprint("sms", __name__, url_prefix="/sms")
log = logging.getLogger(__name__)

def public_url() -> str:
    """The URL Twilio called: PUBLIC_BASE_URL + path (forwarded headers only when configured)."""
    settings = deps.settings()
    base = settings.public_base_url
    if settings.trust_forwarded_headers and request.headers.get("X-Forwarded-Host"):
        proto = request.headers.get("X-Forwarded-Proto", "https")
        base = f"{proto}://{request.headers['X-Forwarded-Host']}"
    url = base + request.path
    if request.query_string:
        url += "?" + request.query_string.decode()
    return url


def twilio_signed(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        token = deps.settings().twilio_auth_token
        signature = request.headers.get("X-Twilio-Signature", "")
        if not token or not signature or not RequestValidator(token).validate(public_url(), request.form, signature):
            log.warning("rejected unsigned or forged request to %s", request.path)
            return Response("forbidden\n", status=403, mimetype="text/plain")
        return view(*args, **kwargs)

    return wrapper


def twiml(text: str | None) -> Response:
    response = MessagingResponse()
    if text:
        response.message(text)
    return Response(str(response), mimetype="application/xml")


def _plain(value: str, max_chars: int) -> bool:
    """An identifier Twilio could have sent: short, and nothing a database or XML cannot hold (NUL, controls)."""
    return len(value) <= max_chars and clean_text(value) == value


@bp.post("/inbound")
@twilio_signed
def inbound():
    form = request.form
    sender, sid, body = form.get("From", ""), form.get("MessageSid", ""), clean_text(form.get("Body", ""))
    if not sender or not sid:
        return Response("missing From or MessageSid\n", status=400, mimetype="text/plain")
    if not _plain(sender, 20) or not _plain(sid, 64) or not _plain(form.get("To", ""), 20):
        return Response("From, To or MessageSid is too long or malformed\n", status=400, mimetype="text/plain")
    settings = deps.settings()
    # STOP/START/HELP always get through: a flooding phone must still be able to opt out.
    if keywords.classify(body) is None and deps.rate_limited(f"sms:{sender}", settings.sms_rate_limit):
        log.warning("rate limited sms from %s", mask(sender))
        from bot.triage.language import detect

        return twiml(texts.text("sms_rate_limited", detect(body, default="da")))
    result = flows.handle_sms(settings=settings, rasa=deps.rasa(), from_=sender, to=form.get("To", ""),
                              body=body, sid=sid)
    return twiml(result.reply)


@bp.post("/status")
@twilio_signed
def status():
    from bot.alerts import delivery

    if not _plain(request.form.get("MessageSid", ""), 64):
        return Response("malformed MessageSid\n", status=400, mimetype="text/plain")
    delivery.record_status(settings=deps.settings(), sid=request.form.get("MessageSid", ""),
                           status=request.form.get("MessageStatus", ""))
    return Response("", status=204)
