"""Web chat against strangers: malformed bodies, expiring sessions, photo links and image bombs."""

from __future__ import annotations

import io
import warnings

import pytest
from PIL import Image

from bot.db import session_scope
from bot.media import service as media
from bot.media.models import Photo
from bot.messages.models import Message
from tests.webhooks.test_sms import rasa  # noqa: F401 (fixture: Rasa's REST channel over real HTTP)

SITE = "http://localhost:8000"
T0 = "2026-12-01T22:00:00+00:00"


@pytest.fixture
def chat(demo, rasa):  # noqa: F811
    from webhooks import create_app, deps

    deps._limiter.cache_clear()
    application = create_app(demo.replace(rasa_url=rasa.url, rasa_timeout_seconds=2.0))
    application.config["TESTING"] = True
    return application.test_client()


def _token(chat) -> str:
    response = chat.post("/chat/session", json={"association": 1}, headers={"Origin": SITE})
    assert response.status_code == 200
    return response.json["token"]


def _png(size, mode="1") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, format="PNG")
    return out.getvalue()


def _upload(chat, token, data: bytes):
    return chat.post("/chat/photo", data={"lang": "en", "photo": (io.BytesIO(data), "p.png")},
                     content_type="multipart/form-data", headers={"Origin": SITE, "X-Chat-Token": token})


@pytest.mark.parametrize("body", [{"text": 123}, {"text": ["a"]}, {"text": {"a": 1}}, {"text": True}, ["a"], "hej", 7])
def test_a_malformed_chat_message_gets_a_clear_400_and_stores_nothing(chat, demo, body):
    token = _token(chat)
    response = chat.post("/chat/message", json=body, headers={"Origin": SITE, "X-Chat-Token": token})
    assert response.status_code == 400
    assert response.json["error"] in ("text must be a string", "the body must be a JSON object")
    with session_scope(demo.database_url) as session:
        assert session.query(Message).count() == 0


@pytest.mark.parametrize("body", [["a"], "x", {"association": [1]}, {"association": {"id": 1}}])
def test_a_malformed_session_request_gets_a_clear_400(chat, body):
    response = chat.post("/chat/session", json=body, headers={"Origin": SITE})
    assert response.status_code == 400 and response.json["error"]


def test_control_characters_and_nul_are_dropped_not_stored(chat, demo, rasa):  # noqa: F811
    token = _token(chat)
    response = chat.post("/chat/message", json={"text": "vand\x00 i\x1b køkkenet \ud800"},
                         headers={"Origin": SITE, "X-Chat-Token": token})
    assert response.status_code == 200
    assert rasa.texts() == ["vand i køkkenet ?"]


def test_unknown_routes_and_methods_under_chat_answer_json(chat):
    assert chat.get("/chat/nowhere").json["error"]
    wrong = chat.get("/chat/message")
    assert wrong.status_code == 405 and wrong.json["error"]


def test_a_session_expires_after_a_day_without_messages(chat, monkeypatch):
    monkeypatch.setenv("REPAIRBOT_NOW", T0)
    token = _token(chat)
    headers = {"Origin": SITE, "X-Chat-Token": token}
    monkeypatch.setenv("REPAIRBOT_NOW", "2026-12-02T21:00:00+00:00")  # 23 h later: still alive
    assert chat.post("/chat/message", json={"text": "hej"}, headers=headers).status_code == 200
    monkeypatch.setenv("REPAIRBOT_NOW", "2026-12-03T20:00:00+00:00")  # 23 h after the last message
    assert chat.get("/chat/history", headers=headers).status_code == 200
    monkeypatch.setenv("REPAIRBOT_NOW", "2026-12-03T21:30:00+00:00")  # 24.5 h idle
    assert chat.get("/chat/history", headers=headers).status_code == 401
    assert chat.post("/chat/message", json={"text": "hej"}, headers=headers).status_code == 401


def test_photo_links_carry_no_session_token_and_expire(chat, monkeypatch):
    monkeypatch.setenv("REPAIRBOT_NOW", T0)
    token = _token(chat)
    uploaded = _upload(chat, token, _png((40, 30), "RGB"))
    assert uploaded.status_code == 200
    url = uploaded.json["photo"]["url"]
    assert token not in url and "token" not in url
    assert chat.get(url).status_code == 200  # an <img> sends no header: the link itself is the permission
    history = chat.get("/chat/history", headers={"X-Chat-Token": token}).json["messages"]
    assert chat.get(next(m["photo"] for m in history if m.get("photo"))).status_code == 200
    # A chat token in the query string is no longer a way in.
    photo_id = uploaded.json["photo"]["id"]
    assert chat.get(f"/chat/photo/{photo_id}?token={token}").status_code == 401
    monkeypatch.setenv("REPAIRBOT_NOW", "2026-12-01T22:11:00+00:00")
    assert chat.get(url).status_code == 410
    tampered = url[:-3] + ("aaa" if not url.endswith("aaa") else "bbb")
    assert chat.get(tampered).status_code in (404, 410)


def test_an_image_above_40_megapixels_is_refused_before_decoding(chat, demo, monkeypatch):
    token = _token(chat)
    bomb = _png((8000, 6000))  # 48 MP in a few kilobytes: below Pillow's own 89 MP guard
    assert len(bomb) < 200_000
    decoded = []
    monkeypatch.setattr(Image.Image, "load", lambda self, *a, **k: decoded.append(self.size))
    response = _upload(chat, token, bomb)
    assert response.status_code == 413 and response.json["error"] == "too_large"
    assert decoded == []
    with session_scope(demo.database_url) as session:
        assert session.query(Photo).count() == 0


def test_a_decompression_bomb_warning_refuses_the_image(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # 1,500 pixels: Pillow warns, it does not raise
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # what a deployment's warning filters may well do
        with pytest.raises(media.PhotoRejected) as refused:
            media.clean_image(_png((50, 30), "RGB"), max_bytes=10 ** 6, max_side=2048)
    assert refused.value.code == "too_large"


def _pending_code(demo, conversation_id: str) -> str:
    """A code texted for this chat, as actions/status.py sends it when a visitor names a reference."""
    from bot.access import codes
    from bot.repairs import flows
    from bot.tickets.service import TicketInput

    data = TicketInput(category="water", priority="routine", language="da", channel="sms", problem="drypper",
                       location_in_home="køkken", address="Hovedgaden 12, 2. tv, 2600 Glostrup",
                       reporter_name="Mette", contact_phone="+4526123456", conversation_id="+4526123456")
    with session_scope(demo.database_url) as session:
        from bot.tickets.models import Ticket

        ticket = session.get(Ticket, flows.submit_report(session=session, association_ref=1, data=data).ticket_id)
        return codes.send(session=session, ticket=ticket, conversation_id=conversation_id, purpose="cancel",
                          secret=demo.secret_key, now=codes_now())


def codes_now():
    from bot import clock

    return clock.now()


def test_a_typed_code_is_checked_by_the_gateway_and_the_right_one_goes_on_as_the_request(chat, demo, rasa):  # noqa: F811
    token = _token(chat)
    conversation = chat.get("/chat/history", headers={"X-Chat-Token": token}).json["conversation_id"]
    code = _pending_code(demo, conversation)
    wrong = str((int(code) + 1) % 10 ** 6).zfill(6)
    headers = {"Origin": SITE, "X-Chat-Token": token}
    answer = chat.post("/chat/message", json={"text": wrong}, headers=headers).json["messages"][0]["text"]
    assert "4 forsøg tilbage" in answer
    assert rasa.texts() == []  # a wrong code never reaches the dialogue
    chat.post("/chat/message", json={"text": code}, headers=headers)
    assert rasa.texts() == ["/cancel_report"]
    with session_scope(demo.database_url) as session:
        statuses = {m.body: m.status for m in session.query(Message).filter_by(conversation_id=conversation,
                                                                               direction="in")}
    assert statuses == {wrong: "done", code: "done"}  # stored before they were checked, and answered
