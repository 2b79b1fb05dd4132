"""Web chat transport: sessions issued by the gateway, messages relayed to the dialogue."""

from __future__ import annotations

import logging
import secrets

from flask import Blueprint, jsonify, request
from itsdangerous import BadSignature, URLSafeSerializer

from bot import clock
from bot.associations import service as associations
from bot.db import session_scope
from bot.dialogue.client import DialogueUnavailable
from bot.messages import flows, service
from bot.messages.models import Message
from webhooks import deps

bp = Blueprint("chat", __name__, url_prefix="/chat")
log = logging.getLogger(__name__)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(deps.settings().secret_key, salt="chat-session")


@bp.post("/session")
def new_session():
    """A signed token naming a fresh conversation: any gateway instance can verify it."""
    data = request.get_json(silent=True) or {}
    with session_scope(deps.settings().database_url) as session:
        association = associations.resolve(session=session, ref=data.get("association"))
        if association is None:
            return jsonify(error="no association configured"), 503
        conversation_id = "web-" + secrets.token_urlsafe(12)
        token = _serializer().dumps({"c": conversation_id, "a": association.id})
        return jsonify(token=token, conversation_id=conversation_id, association=associations.as_dict(association))


@bp.post("/message")
def message():
    data = request.get_json(silent=True) or {}
    try:
        claims = _serializer().loads(data.get("token", ""))
    except BadSignature:
        return jsonify(error="invalid session token"), 401
    text = (data.get("text") or "").strip()
    settings = deps.settings()
    if not text:
        return jsonify(error="empty message"), 400
    if len(text) > settings.max_message_chars:
        text = text[: settings.max_message_chars]
    conversation_id = claims["c"]
    if deps.rate_limited(f"chat:{conversation_id}", settings.chat_rate_limit):
        return jsonify(error="too many messages, please wait a minute"), 429
    now = clock.now()
    with session_scope(settings.database_url) as session:
        inbound, _ = service.store_inbound(session=session, association_id=claims["a"], channel="web",
                                           conversation_id=conversation_id, phone="", body=text, provider_sid=None,
                                           now=now)
        inbound_id = inbound.id
    try:
        replies, buttons = flows.converse(settings=settings, rasa=deps.rasa(), association_id=claims["a"],
                                          channel="web", conversation_id=conversation_id, phone="", text=text)
    except DialogueUnavailable as exc:
        log.error("dialogue unavailable for chat %s: %s", conversation_id, exc)
        with session_scope(settings.database_url) as session:
            session.get(Message, inbound_id).status = "queued"
            association = associations.get(session=session, association_id=claims["a"])
            return jsonify(messages=[{"text": flows.down_reply(association, text), "buttons": []}], degraded=True)
    with session_scope(settings.database_url) as session:
        inbound = session.get(Message, inbound_id)
        inbound.status = "done"
        inbound.processed_at = clock.now()
        body = "\n".join(m.text for m in replies if m.text)
        service.record_outbound(session=session, association_id=claims["a"], channel="web",
                                conversation_id=conversation_id, phone="", body=body, buttons=buttons,
                                status="replied", now=clock.now())
    return jsonify(messages=[{"text": m.text, "buttons": m.buttons} for m in replies])
