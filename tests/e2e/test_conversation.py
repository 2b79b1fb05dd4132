"""Conversations over Rasa's REST channel with the real stack: a correction, and an emergency with few questions."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.e2e.test_slice import api

pytestmark = pytest.mark.e2e
REFERENCE = re.compile(r"\b(\d{3}-\d{4})\b")


def say(stack, sender: str, text: str, metadata: dict | None = None) -> str:
    return " ".join(m.get("text", "") for m in stack.say(sender, text, metadata))


def test_a_house_number_correction_mid_form_reaches_the_ticket(stack):
    sender = f"rest-{uuid.uuid4().hex[:8]}"
    assert "address" in say(stack, sender, "my kitchen tap is dripping").lower()
    assert "name" in say(stack, sender, "Hovedgaden 12, 2. tv, 2600 Glostrup").lower()
    again = say(stack, sender, "sorry, 14 not 12")
    assert "name" in again.lower() and "phone" not in again.lower()
    say(stack, sender, "Anna Jensen")
    say(stack, sender, "20 12 34 56")
    reply = say(stack, sender, "no")
    ticket = api(stack, f"/api/tickets/{REFERENCE.search(reply).group(1)}").json()
    assert ticket["address"].startswith("Hovedgaden 14")
    assert ticket["address_verified"] is True
    assert ticket["reporter_name"] == "Anna Jensen"


def test_a_gas_emergency_by_text_needs_only_the_address_and_a_name(stack):
    phone = "+4531" + str(uuid.uuid4().int)[:6]
    meta = {"channel": "sms", "phone": phone}
    first = say(stack, phone, "I can smell gas in my kitchen", meta)
    assert "gas emergency line" in first and "address" in first.lower()
    assert stack.rasa_tracker(phone)["slots"]["priority"] == "emergency"
    assert "name" in say(stack, phone, "Hovedgaden 12, 2. tv, 2600 Glostrup", meta).lower()
    reply = say(stack, phone, "Mette Hansen", meta)  # the third message already gives a ticket
    assert f"call you on {phone}" in reply
    ticket = api(stack, f"/api/tickets/{REFERENCE.search(reply).group(1)}").json()
    assert ticket["priority"] == "emergency" and ticket["category"] == "gas"
    assert ticket["contact_phone"] == phone
    assert ticket["alerts"], "the on-call team is alerted"


def test_self_help_by_sms_offers_numbered_options_and_2_continues_the_report(stack):
    from tests.e2e.test_slice import sms, twiml_text

    tenant = "+4531" + str(uuid.uuid4().int)[:6]
    offer = twiml_text(sms(stack, tenant, "radiatoren i stuen er kold foroven"))
    assert "luft den ud" in offer and "1) Ja, det hjalp" in offer and "2) Nej, anmeld det" in offer
    assert stack.rasa_tracker(f"+4589880000:{tenant}")["slots"]["requested_slot"] == "self_help"
    turns = 1
    replies = []
    for text in ("2", "Hovedgaden 12, 2. tv, 2600 Glostrup", "Mette Hansen", "ja", "nej"):
        replies.append(twiml_text(sms(stack, tenant, text)))
        turns += 1
    assert "adresse" in replies[0].lower()
    reference = REFERENCE.search(replies[-1]).group(1)
    assert turns <= 7
    ticket = api(stack, f"/api/tickets/{reference}").json()
    assert ticket["category"] == "heating" and ticket["location_in_home"] == "stue"
    assert "self-help offered: radiator" in ticket["problem"]


@pytest.mark.parametrize("text", ["", "🙂🙂🙂", "asdfghjkl qwrtz", "x" * 2000])
def test_bad_input_gets_a_short_kind_reply_never_silence(stack, text):
    sender = f"rest-{uuid.uuid4().hex[:8]}"
    replies = [say(stack, sender, text) for _ in range(2)]
    assert all(reply.strip() for reply in replies), replies
    assert all(len(reply) < 400 for reply in replies)
    # after two failed tries (not before) the tenant is offered the call centre or the on-call line
    people = re.compile(r"\+4543430000|\+4543439999")
    assert not people.search(replies[0]) and people.search(replies[1]), replies
