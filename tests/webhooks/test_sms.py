"""POST /sms/inbound and /sms/status through Flask: signatures, keywords, rate limits, duplicates, unknown numbers."""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote
from xml.etree import ElementTree

import pytest
from sqlalchemy import select

from bot.db import session_scope
from bot.messages.models import Message
from bot.sms import segments
from bot.sms.models import SmsOptOut
from harness.signing import twilio_signature

GLOSTRUP, BRACKNELL = "+4589880000", "+441344900000"
TENANT = "+4530123401"


class RasaStandIn:
    """Rasa's REST channel and tracker API as the gateway sees them, counting what reaches it.

    `mode`: "up"; "down" (500); "empty" (what Rasa answers when the action server is down); "slow" (answers, and
    keeps the turn in the tracker, after `slow_seconds`: longer than the gateway waits).
    """

    def __init__(self, slow_seconds: float = 2.0):
        self.received: list[dict] = []
        self.events: dict[str, list[dict]] = {}
        self.mode = "up"
        self.slow_seconds = slow_seconds
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802
                payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stand_in.received.append(payload)
                events = stand_in.events.setdefault(payload["sender"], [])
                if stand_in.mode != "down":
                    events.append({"event": "user", "text": payload["message"], "timestamp": time.time()})
                if stand_in.mode in ("up", "slow"):
                    events.append({"event": "bot", "text": f"echo {payload['message']}", "timestamp": time.time()})
                if stand_in.mode == "slow":
                    time.sleep(stand_in.slow_seconds)
                if stand_in.mode == "down":
                    body, status = b"{}", 500
                elif stand_in.mode == "empty":  # what Rasa answers when the action server is down
                    body, status = b"[]", 200
                else:
                    body, status = json.dumps([{"recipient_id": payload["sender"],
                                                "text": f"echo {payload['message']}"}]).encode(), 200
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):  # noqa: N802
                body = b""
                if self.path.startswith("/conversations/"):
                    sender = unquote(self.path.split("/")[2])
                    body = json.dumps({"sender_id": sender, "events": stand_in.events.get(sender, [])}).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def texts(self) -> list[str]:
        return [p["message"] for p in self.received]


@pytest.fixture
def rasa():
    stand_in = RasaStandIn()
    yield stand_in
    stand_in.server.shutdown()
    stand_in.server.server_close()


@pytest.fixture
def gateway(demo, rasa):
    from webhooks import create_app, deps

    deps._limiter.cache_clear()  # a fresh in-memory rate-limit store per test
    settings = demo.replace(rasa_url=rasa.url, sms_rate_limit="5 per minute", rasa_timeout_seconds=2.0)
    application = create_app(settings)
    application.config["TESTING"] = True
    return application.test_client(), settings


def post(client, settings, body: str, *, sender: str = TENANT, to: str = GLOSTRUP, sid: str | None = None,
         sign: bool = True, url: str | None = None, headers: dict | None = None, path: str = "/sms/inbound"):
    params = {"From": sender, "To": to, "Body": body, "MessageSid": sid or "SM" + uuid.uuid4().hex,
              "AccountSid": "AC" + "0" * 32, "NumMedia": "0"}
    headers = dict(headers or {})
    if sign:
        signed_url = url or settings.public_base_url + path
        headers["X-Twilio-Signature"] = twilio_signature(settings.twilio_auth_token, signed_url, params)
    return client.post(path, data=params, headers=headers)


def reply_of(response) -> str:
    return "\n".join(m.text or "" for m in ElementTree.fromstring(response.data).iter("Message"))


def stored(settings) -> list[Message]:
    with session_scope(settings.database_url) as session:
        return list(session.scalars(select(Message).where(Message.direction == "in").order_by(Message.id)))


def test_signed_sms_reaches_the_dialogue_and_is_answered(gateway, rasa):
    client, settings = gateway
    response = post(client, settings, "vandhanen drypper")
    assert response.status_code == 200
    assert reply_of(response) == "echo vandhanen drypper"
    assert rasa.received[0]["sender"] == f"{GLOSTRUP}:{TENANT}"  # one conversation per association number
    assert [m.status for m in stored(settings)] == ["done"]


@pytest.mark.parametrize("tamper", ["unsigned", "wrong token", "body changed", "other host"])
def test_forged_or_tampered_requests_get_403_and_change_nothing(gateway, rasa, tamper):
    client, settings = gateway
    params = {"From": TENANT, "To": GLOSTRUP, "Body": "hello", "MessageSid": "SM" + uuid.uuid4().hex}
    url = settings.public_base_url + "/sms/inbound"
    signature = {
        "unsigned": "",
        "wrong token": twilio_signature("not-the-token", url, params),
        "body changed": twilio_signature(settings.twilio_auth_token, url, {**params, "Body": "other"}),
        "other host": twilio_signature(settings.twilio_auth_token, "https://evil.example/sms/inbound", params),
    }[tamper]
    response = client.post("/sms/inbound", data=params, headers={"X-Twilio-Signature": signature} if signature else {})
    assert response.status_code == 403
    assert stored(settings) == [] and rasa.received == []


def test_forwarded_headers_are_ignored_unless_trusted(demo, rasa):
    from webhooks import create_app

    proxy_url = "https://proxy.example.net/sms/inbound"
    headers = {"X-Forwarded-Host": "proxy.example.net", "X-Forwarded-Proto": "https"}
    for trusted, expected in ((False, 403), (True, 200)):
        settings = demo.replace(rasa_url=rasa.url, trust_forwarded_headers=trusted)
        client = create_app(settings).test_client()
        assert post(client, settings, "hej", url=proxy_url, headers=headers).status_code == expected


def test_unknown_to_number_gets_an_empty_reply_and_no_dialogue(gateway, rasa):
    client, settings = gateway
    response = post(client, settings, "hello", to="+4511111111")
    assert response.status_code == 200 and reply_of(response) == ""
    assert rasa.received == []
    assert [m.status for m in stored(settings)] == ["rejected"]


def test_repeated_message_sid_reaches_the_dialogue_once_and_gets_the_same_reply(gateway, rasa):
    client, settings = gateway
    first = post(client, settings, "radiatoren er kold", sid="SMretry1")
    again = post(client, settings, "radiatoren er kold", sid="SMretry1")
    assert reply_of(first) == reply_of(again) == "echo radiatoren er kold"
    assert rasa.texts() == ["radiatoren er kold"]


@pytest.mark.parametrize("word, lang", [("STOP", "da"), ("Stopp", "da"), ("afmeld", "da"), ("stop.", "da")])
def test_stop_opts_out_without_reaching_the_dialogue(gateway, rasa, word, lang):
    client, settings = gateway
    reply = reply_of(post(client, settings, word))
    assert "afmeldt" in reply and "START" in reply and "112" in reply
    assert rasa.received == []
    with session_scope(settings.database_url) as session:
        assert session.scalars(select(SmsOptOut.phone)).all() == [TENANT]
    assert "tilmeldt" in reply_of(post(client, settings, "START"))
    with session_scope(settings.database_url) as session:
        assert session.scalars(select(SmsOptOut)).all() == []
    assert rasa.received == []


def test_stop_inside_a_sentence_is_a_tenant_talking(gateway, rasa):
    client, settings = gateway
    post(client, settings, "please stop the water it is everywhere")
    assert rasa.texts() == ["please stop the water it is everywhere"]


@pytest.mark.parametrize("word, to, expected", [
    ("HJÆLP", GLOSTRUP, ["Demo Bolig Glostrup", "112", "+4533954000", "+4543439999", "STOP"]),
    ("hjaelp", GLOSTRUP, ["Demo Bolig Glostrup", "ring 112"]),
    ("HELP", BRACKNELL, ["Demo Homes Bracknell", "999", "+448000111999", "repair"]),
    ("HELP", GLOSTRUP, ["Demo Bolig Glostrup", "call 112"]),
])
def test_help_names_the_association_the_purpose_and_the_emergency_numbers(gateway, rasa, word, to, expected):
    client, settings = gateway
    reply = reply_of(post(client, settings, word, to=to))
    for fragment in expected:
        assert fragment in reply
    assert segments.segments(reply) <= 3
    assert rasa.received == []


def test_flooding_number_gets_a_polite_reply_but_can_still_opt_out(gateway, rasa):
    client, settings = gateway
    replies = [reply_of(post(client, settings, f"besked nummer {i}")) for i in range(7)]
    assert len(rasa.received) == 5
    assert "Vent et par minutter" in replies[-1] and "112" in replies[-1]
    assert "afmeldt" in reply_of(post(client, settings, "STOP"))
    other = reply_of(post(client, settings, "hej", sender="+4530123499"))
    assert other == "echo hej"  # the limit is per number


@pytest.mark.parametrize("mode", ["down", "empty"])
def test_dialogue_down_answers_with_the_emergency_number_and_keeps_the_message(gateway, rasa, mode):
    client, settings = gateway
    rasa.mode = mode
    reply = reply_of(post(client, settings, "der er vand over alt"))
    assert "112" in reply and "+4543439999" in reply
    [message] = stored(settings)
    assert message.status == "queued" and message.body == "der er vand over alt"
    # The next message waits behind it (order kept) even once the dialogue is back.
    rasa.mode = "up"
    post(client, settings, "det er i køkkenet")
    assert [m.status for m in stored(settings)] == ["queued", "queued"]
    assert rasa.texts() == ["der er vand over alt"]


def test_long_dialogue_reply_is_cut_to_three_segments(gateway, rasa):
    client, settings = gateway
    reply = reply_of(post(client, settings, "lang " * 200))
    assert segments.segments(reply) == 3


def test_status_callback_must_be_signed(gateway):
    client, settings = gateway
    params = {"MessageSid": "SMx", "MessageStatus": "delivered"}
    assert client.post("/sms/status", data=params).status_code == 403
    signature = twilio_signature(settings.twilio_auth_token, settings.public_base_url + "/sms/status", params)
    assert client.post("/sms/status", data=params, headers={"X-Twilio-Signature": signature}).status_code == 204
