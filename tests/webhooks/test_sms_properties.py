"""Property tests (Hypothesis) of POST /sms/inbound: signed random bodies, encodings and MMS fields never get a 5xx,
and every stored message is answered, queued or refused: none is left half-handled."""

from __future__ import annotations

from urllib.parse import quote_from_bytes
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from bot.db import session_scope
from bot.messages.models import Message
from harness.signing import twilio_signature
from tests.conftest import make_settings
from tests.webhooks.test_sms import BRACKNELL, GLOSTRUP, rasa  # noqa: F401 (fixture)


@pytest.fixture
def gateway(tmp_path, database_url, rasa):  # noqa: F811
    """The gateway on SQLite and on PostgreSQL (which refuses NUL and over-long values that SQLite takes)."""
    from bot import demo
    from webhooks import create_app, deps

    deps._limiter.cache_clear()
    settings = make_settings(tmp_path, database_url, rasa_url=rasa.url, rasa_timeout_seconds=2.0)
    with session_scope(settings.database_url) as session:
        demo.load(session=session)
    application = create_app(settings)
    application.config["TESTING"] = True
    return application.test_client(), settings


storable = st.characters(blacklist_categories=("Cs",))  # a lone surrogate has no UTF-8 form to send
senders = st.one_of(st.integers(26_00_00_00, 26_99_99_99).map(lambda n: f"+45{n}"),
                    st.sampled_from(["+447400900512", "Landlord", "", "+4526\x00123456", "+45\x1b26123456"]),
                    st.text(storable, max_size=40))
encodings = st.sampled_from(["utf-8", "latin-1", "utf-16-le", "cp1252"])
media_types = st.sampled_from(["image/jpeg", "image/png", "video/mp4", "text/vcard", "application/pdf", ""])


@st.composite
def sms_form(draw) -> list[tuple[str, bytes]]:
    """Twilio's form fields; the body encoded some way a phone or carrier might, MMS fields from 0 to 10 media."""
    body = draw(st.text(storable, max_size=400))
    to = draw(st.sampled_from([GLOSTRUP, BRACKNELL, "+4512345678"]))
    sid = draw(st.one_of(st.uuids().map(lambda u: "SM" + u.hex), st.sampled_from(["", "x" * 80])))
    fields = [("From", draw(senders).encode()), ("To", to.encode()), ("Body", body.encode(draw(encodings), "replace")),
              ("MessageSid", sid.encode()),
              ("AccountSid", b"AC" + b"0" * 32)]
    media = draw(st.integers(0, 10))
    fields.append(("NumMedia", draw(st.sampled_from([str(media), "-1", "lots", ""])).encode()))
    for i in range(media):
        fields.append((f"MediaUrl{i}", f"https://api.twilio.com/2010-04-01/Media/ME{i}".encode()))
        fields.append((f"MediaContentType{i}", draw(media_types).encode()))
    if draw(st.booleans()):
        fields.append(("FromCity", draw(st.text(storable, max_size=30)).encode()))
    return fields


def _post(client, settings, fields, *, sign=True):
    raw = "&".join(f"{quote_from_bytes(k.encode())}={quote_from_bytes(v)}" for k, v in fields)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    # Twilio signs the parameters; sign them as the gateway will decode them (undecodable bytes included).
    decoded = Request(EnvironBuilder(method="POST", data=raw, headers=headers).get_environ()).form.to_dict()
    if sign:
        headers["X-Twilio-Signature"] = twilio_signature(settings.twilio_auth_token,
                                                         settings.public_base_url + "/sms/inbound", decoded)
    return client.post("/sms/inbound", data=raw, headers=headers)


def _unfinished(settings) -> list[Message]:
    with session_scope(settings.database_url) as session:
        return list(session.scalars(select(Message).where(Message.direction == "in",
                                                          Message.status == "received")))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(fields=sms_form())
def test_signed_random_sms_is_answered_with_twiml_or_a_clear_4xx(gateway, fields):  # noqa: F811
    client, settings = gateway
    response = _post(client, settings, fields)
    assert response.status_code < 500, response.data[:200]
    if response.status_code == 200:
        ElementTree.fromstring(response.data)  # well-formed TwiML
    else:
        assert response.status_code == 400 and response.data.strip()
    assert _unfinished(settings) == []


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=sms_form())
def test_unsigned_random_sms_is_refused_and_stores_nothing(gateway, fields):  # noqa: F811
    client, settings = gateway
    response = _post(client, settings, fields, sign=False)
    assert response.status_code == 403
    with session_scope(settings.database_url) as session:
        assert session.scalars(select(Message)).first() is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sid=st.text(storable, max_size=80), status=st.text(storable, max_size=20))
def test_signed_random_status_callbacks_get_no_server_error(gateway, sid, status):  # noqa: F811
    client, settings = gateway
    params = {"MessageSid": sid, "MessageStatus": status}
    signature = twilio_signature(settings.twilio_auth_token, settings.public_base_url + "/sms/status", params)
    response = client.post("/sms/status", data=params, headers={"X-Twilio-Signature": signature})
    assert response.status_code in (204, 400)
