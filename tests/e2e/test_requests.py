"""Requests about reports from a tenant who has none: answered as such, never turned into a new report."""

from __future__ import annotations

import uuid

import pytest

from tests.e2e.test_slice import api, sms, twiml_text

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("text", [
    "when is the plumber coming?",
    "can you cancel my repair, the boiler one, it got sorted",
    "Jeg har allerede anmeldt det i går, hvornår kommer der nogen?",
    "kan I aflyse håndværkeren i morgen, vi har selv fået ordnet vasken",
    "any news on the leak I reported?",
])
def test_a_request_about_a_report_with_none_open_makes_no_ticket(stack, text):
    phone = "+4531" + str(uuid.uuid4().int)[:6]
    reply = twiml_text(sms(stack, phone, text))
    again = twiml_text(sms(stack, phone, text))  # said twice, as tenants do when the first answer surprises them
    assert api(stack, "/api/tickets", contact_phone=phone).json() == []
    assert reply.strip() and again.strip()
