"""Web chat transport: sessions issued by the gateway, messages and photos relayed, CORS per association."""

from __future__ import annotations

import logging
import secrets
from functools import wraps

from flask import Blueprint, Response, g, jsonify, request, url_for
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select

from bot import clock, texts
from bot.associations import service as associations
from bot.associations.models import Association
from bot.channels import web
from bot.db import session_scope
from bot.inputs import BadInput, json_object, text_field
from bot.media import service as media
from bot.media.models import Photo
from bot.messages import service
from bot.messages.models import Message
from webhooks import deps
from webhooks.widget import widget_config

bp = Blueprint("chat", __name__, url_prefix="/chat")
log = logging.getLogger(__name__)
TOKEN_HEADER = "X-Chat-Token"
PREFLIGHT_MAX_AGE = 600
# A session token outlives its conversation's last message by this long; a photo link lives this long.
SESSION_IDLE_SECONDS = 24 * 3600
PHOTO_URL_SECONDS = 600


class _ClockSigner(TimestampSigner):
    """Timestamps from bot.clock, so REPAIRBOT_NOW drills and tests see tokens age as the system does."""

    def get_timestamp(self) -> int:
        return int(clock.now(deps.settings()).timestamp())


def _serializer(salt: str = "chat-session") -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(deps.settings().secret_key, salt=salt, signer=_ClockSigner)


@bp.errorhandler(BadInput)
def _bad_input(exc: BadInput):
    return jsonify(error=str(exc)), 400


def _body() -> dict:
    return json_object(request.get_json(silent=True))


def _origin() -> str:
    return request.headers.get("Origin", "")


def _same_origin(origin: str) -> bool:
    return origin == request.host_url.rstrip("/")


def origin_allowed(association: Association) -> bool:
    """A browser request must come from one of the association's sites (or the gateway's own demo page)."""
    origin = _origin()
    if not origin:
        return True  # not a browser cross-origin call (curl, server-to-server): CORS does not apply
    return _same_origin(origin) or origin in (association.allowed_origins or [])


def _refuse_origin():
    log.warning("chat request from origin %s refused", _origin()[:100])
    return jsonify(error="this site may not use the chat"), 403


@bp.after_request
def _cors_headers(response: Response) -> Response:
    if getattr(g, "cors_origin", None):
        response.headers["Access-Control-Allow-Origin"] = g.cors_origin
        response.headers["Access-Control-Allow-Headers"] = f"Content-Type, {TOKEN_HEADER}"
        response.headers["Access-Control-Allow-Methods"] = "GET, POST"
        response.headers["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    response.headers.add("Vary", "Origin")
    return response


def _allow(association: Association) -> bool:
    if not origin_allowed(association):
        return False
    if _origin():
        g.cors_origin = _origin()
    return True


@bp.before_request
def _preflight():
    """Preflight carries no body, so no association yet: allow origins some association lists; the real
    request is then checked against its own association."""
    if request.method != "OPTIONS":
        return None
    origin = _origin()
    if not origin:
        return "", 204
    with session_scope(deps.settings().database_url) as session:
        allowed = _same_origin(origin) or any(
            origin in (a.allowed_origins or []) for a in associations.list_all(session=session))
    if allowed:
        g.cors_origin = origin
        return "", 204
    return "", 403


def _last_activity(conversation_id: str):
    with session_scope(deps.settings().database_url) as session:
        return session.scalar(select(func.max(Message.created_at)).where(
            Message.conversation_id == conversation_id, Message.direction == "in"))


def _claims() -> dict | None:
    """The session token's claims; None when forged, or when its conversation has been idle for a day."""
    token = request.headers.get(TOKEN_HEADER) or request.form.get("token") or \
        text_field(_body(), "token")
    try:
        claims, issued = _serializer().loads(token or "", return_timestamp=True)
    except BadSignature:
        return None
    if not isinstance(claims, dict) or "c" not in claims or "a" not in claims:
        return None
    now = clock.now(deps.settings())
    if (now - issued).total_seconds() > SESSION_IDLE_SECONDS:
        last = _last_activity(claims["c"])
        if last is None or (now - last).total_seconds() > SESSION_IDLE_SECONDS:
            return None
    return claims


@bp.get("/config")
def config():
    """What the widget needs before any conversation: names, colours, emergency numbers."""
    with session_scope(deps.settings().database_url) as session:
        association = associations.resolve(session=session, ref=request.args.get("association"))
        if association is None:
            return jsonify(error="no association configured"), 503
        if not _allow(association):
            return _refuse_origin()
        return jsonify(widget_config(association))


@bp.post("/session")
def new_session():
    """A signed token naming a fresh conversation: any gateway instance can verify it."""
    if deps.rate_limited(f"chat-session-ip:{request.remote_addr}", deps.settings().chat_session_rate_limit):
        return jsonify(error="too many new conversations from this address, please wait"), 429
    ref = _body().get("association")
    if ref is not None and (isinstance(ref, bool) or not isinstance(ref, (str, int))):
        raise BadInput("association must be a name or an id")
    with session_scope(deps.settings().database_url) as session:
        association = associations.resolve(session=session, ref=ref)
        if association is None:
            return jsonify(error="no association configured"), 503
        if not _allow(association):
            return _refuse_origin()
        conversation_id = "web-" + secrets.token_urlsafe(12)
        token = _serializer().dumps({"c": conversation_id, "a": association.id})
        return jsonify(token=token, conversation_id=conversation_id, association=associations.as_dict(association))


def _session_association(claims: dict) -> Association | None:
    with session_scope(deps.settings().database_url) as session:
        association = associations.get(session=session, association_id=claims["a"])
        if association is not None:
            session.expunge(association)
        return association


def chat_session(view):
    """Views of a running conversation: a valid session token from an allowed origin, or a refusal."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        claims = _claims()
        if claims is None:
            return jsonify(error="invalid session token"), 401
        association = _session_association(claims)
        if association is None or not _allow(association):
            return _refuse_origin()
        return view(claims, association, *args, **kwargs)

    return wrapper


def _limited(conversation_id: str) -> bool:
    """Per conversation, and per client address (new sessions are free, addresses are not)."""
    settings = deps.settings()
    return deps.rate_limited(f"chat-ip:{request.remote_addr}", settings.chat_address_rate_limit) or \
        deps.rate_limited(f"chat:{conversation_id}", settings.chat_rate_limit)


@bp.post("/message")
@chat_session
def message(claims: dict, association: Association):
    settings = deps.settings()
    body = _body()
    text = text_field(body, "text").strip()
    if not text:
        return jsonify(error="empty message"), 400
    # The widget's language switch: the tenant's choice, passed on to the dialogue (anything else is ignored).
    meta = body.get("metadata")
    language = meta.get("language") if isinstance(meta, dict) and meta.get("language") in ("da", "en") else ""
    if _limited(claims["c"]):
        return jsonify(error="too many messages, please wait a minute"), 429
    result = web.handle_web(settings=settings, rasa=deps.rasa(), association=association,
                            conversation_id=claims["c"], text=text, language=language)
    if result.degraded:
        return jsonify(messages=result.messages, degraded=True)
    return jsonify(messages=result.messages)


def _pending_question(session, conversation_id: str) -> str:
    """The question the dialogue last asked (the last line of its last reply), to ask again after a photo."""
    last = session.scalars(select(Message.body).where(
        Message.conversation_id == conversation_id, Message.direction == "out", Message.channel == "web")
        .order_by(Message.id.desc()).limit(1)).first()
    lines = [line for line in (last or "").splitlines() if line.strip()]
    return lines[-1] if lines and lines[-1].rstrip().endswith("?") else ""


def _photo_url(photo: Photo) -> str:
    """A short-lived link naming the photo and its conversation: an <img> cannot send the session token."""
    signature = _serializer("chat-photo").dumps({"p": photo.id, "c": photo.conversation_id})
    return url_for("chat.signed_photo", photo_id=photo.id, signature=signature)


@bp.post("/photo")
@chat_session
def upload_photo(claims: dict, association: Association):
    """A photo for the conversation: checked, stripped and stored; the dialogue is not disturbed by it."""
    settings = deps.settings()
    conversation_id = claims["c"]
    if _limited(conversation_id):
        return jsonify(error="too many messages, please wait a minute"), 429
    lang = request.form.get("lang") if request.form.get("lang") in ("da", "en") else association.language
    upload = request.files.get("photo")
    raw = upload.read(settings.chat_photo_max_bytes + 1) if upload else b""
    with session_scope(settings.database_url) as session:
        try:
            photo = media.add(session=session, association_id=association.id, conversation_id=conversation_id,
                              raw=raw, max_photos=settings.chat_max_photos, max_bytes=settings.chat_photo_max_bytes,
                              max_side=settings.chat_photo_max_side, now=clock.now(settings))
        except media.PhotoRejected as exc:
            log.info("photo for chat %s refused: %s", conversation_id, exc.code)
            text = texts.text(f"photo_{exc.code}", lang, max=settings.chat_max_photos)
            return jsonify(error=exc.code, messages=[{"text": text, "buttons": []}]), \
                413 if exc.code == "too_large" else 422
        count = media.count_for_conversation(session=session, conversation_id=conversation_id)
        # Offer the last question's options again: the photo did not answer it.
        buttons = service.last_buttons(session=session, conversation_id=conversation_id)
        log.info("photo %s stored for chat %s (%d bytes)", photo.id, conversation_id, photo.size)
        text = texts.text("photo_stored", lang, count=count, max=settings.chat_max_photos)
        question = _pending_question(session, conversation_id)
        if question:
            text = f"{text}\n{question}"
        # Kept with the conversation so a reloaded widget and the staff transcript show it too.
        service.record_outbound(session=session, association_id=association.id, channel="web",
                                conversation_id=conversation_id, phone="", body=text, buttons=buttons,
                                status="replied", now=clock.now(settings))
        return jsonify(photo={"id": photo.id, "url": _photo_url(photo)},
                       messages=[{"text": text, "buttons": buttons}])


def _serve_photo(photo_id: int, conversation_id: str):
    with session_scope(deps.settings().database_url) as session:
        found = session.get(Photo, photo_id)
        if found is None or found.conversation_id != conversation_id:
            return jsonify(error="not found"), 404
        response = Response(found.data, mimetype=found.content_type)
        response.headers["Cache-Control"] = "private, max-age=600"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


@bp.get("/photo/<int:photo_id>")
def photo(photo_id: int):
    """A tenant's own photo, for a client that sends the session token in the header."""
    claims = _claims() if request.headers.get(TOKEN_HEADER) else None
    if claims is None:
        return jsonify(error="invalid session token"), 401
    return _serve_photo(photo_id, claims["c"])


@bp.get("/photo/<int:photo_id>/<signature>")
def signed_photo(photo_id: int, signature: str):
    """A tenant's own photo through the link /chat/photo or /chat/history gave out minutes ago."""
    try:
        claims = _serializer("chat-photo").loads(signature, max_age=PHOTO_URL_SECONDS)
    except SignatureExpired:
        return jsonify(error="this photo link has expired"), 410
    except BadSignature:
        return jsonify(error="not found"), 404
    if not isinstance(claims, dict) or claims.get("p") != photo_id:
        return jsonify(error="not found"), 404
    return _serve_photo(photo_id, claims.get("c", ""))


@bp.get("/history")
@chat_session
def history(claims: dict, association: Association):
    """The conversation so far, so the widget can redraw it after a page reload."""
    conversation_id = claims["c"]
    with session_scope(deps.settings().database_url) as session:
        items = []
        for m in service.transcript(session=session, conversation_id=conversation_id):
            if m.channel != "web":
                continue
            items.append((m.created_at, m.id, {"from": "tenant" if m.direction == "in" else "bot",
                                               "text": m.body, "buttons": m.buttons or []}))
        for p in media.for_conversation(session=session, conversation_id=conversation_id):
            items.append((p.created_at, p.id, {"from": "tenant", "text": "", "buttons": [],
                                               "photo": _photo_url(p)}))
    items.sort(key=lambda item: (item[0], item[1]))
    messages = [item[2] for item in items]
    offered: dict = {}
    for entry in messages:
        if entry["from"] == "bot":
            offered = {b.get("payload"): b.get("title") for b in entry["buttons"] if isinstance(b, dict)}
        elif entry["text"] in offered:
            entry["text"] = offered[entry["text"]]  # show the button the tenant pressed, not its "/intent" payload
    # Only the latest reply's options can still be answered.
    for entry in messages[:-1]:
        entry["buttons"] = []
    return jsonify(conversation_id=conversation_id, messages=messages)
