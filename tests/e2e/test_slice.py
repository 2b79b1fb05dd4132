"""The vertical slice over real HTTP: a leaking tap reported in English (REST) and Danish (signed SMS)."""

from __future__ import annotations

import re
import uuid
from xml.etree import ElementTree

import pytest
import requests

from bot import phones
from harness.signing import twilio_signature

pytestmark = pytest.mark.e2e
REFERENCE = re.compile(r"\b(\d{3}-\d{4})\b")


def api(stack, path: str, **params):
    return requests.get(f"{stack.gateway}{path}", params=params,
                        headers={"Authorization": f"Bearer {stack.env['STAFF_API_TOKEN']}"}, timeout=10)


def sms(stack, sender: str, body: str, to: str = "+4589880000", sid: str | None = None, sign: bool = True):
    params = {"From": sender, "To": to, "Body": body, "MessageSid": sid or "SM" + uuid.uuid4().hex,
              "AccountSid": "AC" + "0" * 32, "NumMedia": "0"}
    url = f"{stack.gateway}/sms/inbound"
    headers = {}
    if sign:
        headers["X-Twilio-Signature"] = twilio_signature(stack.env["TWILIO_AUTH_TOKEN"], url, params)
    return requests.post(url, data=params, headers=headers, timeout=30)


def twiml_text(response) -> str:
    root = ElementTree.fromstring(response.text)
    return "\n".join((m.text or "") for m in root.iter("Message"))


def rest_conversation(stack, sender: str, messages: list[str]) -> list[str]:
    replies = []
    for text in messages:
        replies.append(" ".join(m.get("text", "") for m in stack.say(sender, text)))
    return replies


@pytest.mark.parametrize("which", ["stack", "pg_stack"])
def test_english_leak_over_rest_channel_becomes_a_ticket(request, which):
    stack = request.getfixturevalue(which)
    sender = f"rest-{uuid.uuid4().hex[:8]}"
    replies = rest_conversation(stack, sender, [
        "my kitchen tap is leaking",
        "Hovedgaden 12, 2. tv, 2600 Glostrup",
        "Anna Jensen",
        "20 12 34 56",
        "I am home after 5pm, we have a cat",
    ])
    assert "address" in replies[0].lower()
    reference = REFERENCE.search(replies[-1]).group(1)
    tracker = stack.rasa_tracker(sender)
    assert tracker["slots"]["language"] == "en"
    assert tracker["slots"]["category"] == "water"
    assert tracker["slots"]["priority"] in ("urgent", "routine")

    ticket = api(stack, f"/api/tickets/{reference}").json()
    assert ticket["reference"] == reference
    assert ticket["category"] == "water"
    assert ticket["language"] == "en"
    assert ticket["contact_phone"] == "+4520123456"
    assert ticket["location_in_home"] == "kitchen"
    assert ticket["reporter_name"] == "Anna Jensen"
    assert "cat" in ticket["access_notes"]
    assert ticket["association"] == "Demo Bolig Glostrup"


def test_danish_leak_over_signed_sms_becomes_a_ticket(stack):
    tenant = "+4531" + str(uuid.uuid4().int)[:6]
    first = sms(stack, tenant, "vandhanen i køkkenet drypper")
    assert first.status_code == 200
    assert "adresse" in twiml_text(first).lower()
    assert stack.rasa_tracker(f"+4589880000:{tenant}")["slots"]["language"] == "da"  # per association number
    sms(stack, tenant, "Hovedgaden 12, 2. tv, 2600 Glostrup")
    offer = twiml_text(sms(stack, tenant, "Mette Hansen"))
    # SMS offers the number the tenant is texting from, written as Danes read it (+45 31 ...), never run together
    assert phones.readable(tenant) in offer and " 31 " in phones.readable(tenant) and tenant not in offer
    access = twiml_text(sms(stack, tenant, "ja"))
    assert "hjemme" in access.lower()
    reply = twiml_text(sms(stack, tenant, "nej"))
    reference = REFERENCE.search(reply).group(1)

    ticket = api(stack, f"/api/tickets/{reference}").json()
    assert ticket["channel"] == "sms"
    assert ticket["language"] == "da"
    assert ticket["category"] == "water"
    assert ticket["contact_phone"] == tenant  # offered the number they text from, and they said yes
    listed = api(stack, "/api/tickets", contact_phone=tenant).json()
    assert [t["reference"] for t in listed] == [reference]


def test_forged_sms_is_refused_and_changes_nothing(stack):
    tenant = "+4531" + str(uuid.uuid4().int)[:6]
    forged = sms(stack, tenant, "my kitchen tap is leaking", sign=False)
    assert forged.status_code == 403
    for sender in (tenant, f"+4589880000:{tenant}"):
        assert stack.rasa_tracker(sender)["events"] in ([], None) or all(
            e["event"] != "user" for e in stack.rasa_tracker(sender)["events"])


def test_api_needs_the_token(stack):
    assert requests.get(f"{stack.gateway}/api/tickets", timeout=10).status_code == 401
    assert api(stack, "/api/associations").json()[0]["sms_number"].startswith("+")
