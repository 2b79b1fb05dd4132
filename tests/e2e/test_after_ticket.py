"""After the ticket, with the real stack: a question is answered and news joins the same ticket (raised and paged
once it turns dangerous); an address the register does not know is read back once; the room comes from the
first Danish message."""

from __future__ import annotations

import re
import uuid

import pytest

from bot.messages import ids
from tests.e2e.test_slice import api, sms, twiml_text

pytestmark = pytest.mark.e2e
GLOSTRUP_SMS = "+4589880000"
REFERENCE = re.compile(r"\b(\d{3}-\d{4})\b")
DK_ADDRESS = "Hovedgaden 12, 2. tv, 2600 Glostrup"
# What a plain tenant answers to each question of the form (a "no" to every safety question).
ANSWERS = {"address": DK_ADDRESS, "reporter_name": "Mette Hansen", "contact_phone": "ja", "access_notes": "nej",
           "location_in_home": "køkkenet", "self_help": "2", "address_checked": "1", "address_confirmed": "1",
           "category_choice": "1"}


def tenant() -> str:
    return "+4531" + str(uuid.uuid4().int)[:6]


def requested(stack, phone: str) -> str | None:
    return stack.rasa_tracker(ids.sms_conversation(GLOSTRUP_SMS, phone))["slots"].get("requested_slot")


def report(stack, phone: str, first: str, answers: dict | None = None) -> tuple[str, list[str]]:
    """Report by SMS and answer every question; the ticket's reference and the questions asked."""
    answers = {**ANSWERS, **(answers or {})}
    reply = twiml_text(sms(stack, phone, first))
    asked = []
    for _ in range(10):
        found = REFERENCE.search(reply)
        if found:
            return found.group(1), asked
        slot = requested(stack, phone)
        assert slot, f"no question and no ticket: {reply!r}"
        asked.append(slot)
        reply = twiml_text(sms(stack, phone, "2" if slot.startswith("safety_") else answers[slot]))
    raise AssertionError(f"no ticket after 10 answers; asked {asked}")


@pytest.mark.parametrize("which", ["stack", "pg_stack"])
def test_a_question_and_news_after_the_ticket_join_it_and_danger_pages_it(request, which):
    stack = request.getfixturevalue(which)
    phone = tenant()
    reference, asked = report(stack, phone, "Det drypper fra røret under køkkenvasken")
    assert "location_in_home" not in asked  # "køkkenvasken" said where
    reply = twiml_text(sms(stack, phone, "Skal jeg lukke for vandet? Det drypper lidt mere nu, har sat en skål under"))
    assert "hovedhanen" in reply.lower() and "tilføjet" in reply and reference in reply
    assert requested(stack, phone) is None  # no questions again
    tickets = api(stack, "/api/tickets", contact_phone=phone).json()
    assert [t["reference"] for t in tickets] == [reference]
    assert "skål" in tickets[0]["problem"] and not tickets[0]["alerts"]
    # Now it is dangerous: the same ticket becomes an emergency, and a page is queued before the tenant is told.
    reply = twiml_text(sms(stack, phone, "Nu drypper det ned til underboen"))
    assert "alarmeret" in reply.lower() and reference in reply
    tickets = api(stack, "/api/tickets", contact_phone=phone).json()
    assert len(tickets) == 1 and tickets[0]["priority"] == "emergency" and tickets[0]["alerts"]


@pytest.mark.parametrize("which", ["stack", "pg_stack"])
def test_a_cancellation_only_the_model_reads_is_asked_about_and_the_tenants_answer_decides(request, which):
    stack = request.getfixturevalue(which)
    phone = tenant()
    reference, _ = report(stack, phone, "Det drypper fra røret under køkkenvasken")
    # News the model reads as a cancellation: asked about, and the report stays.
    reply = twiml_text(sms(stack, phone, "min nabo har det samme problem"))
    assert reference in reply, reply
    assert api(stack, f"/api/tickets/{reference}").json()["status"] != "cancelled"
    reply = twiml_text(sms(stack, phone, "nej"))
    assert api(stack, f"/api/tickets/{reference}").json()["status"] != "cancelled", reply
    # The fault gone, said without asking to cancel: asked, and the tenant's typed yes cancels.
    reply = twiml_text(sms(stack, phone, "det er fikset nu, tak"))
    assert "annullere" in reply and reference in reply, reply
    assert api(stack, f"/api/tickets/{reference}").json()["status"] != "cancelled"
    reply = twiml_text(sms(stack, phone, "ja"))
    assert api(stack, f"/api/tickets/{reference}").json()["status"] == "cancelled", reply
    assert "annulleret" in reply


def test_a_question_about_being_in_for_the_visit_is_answered(stack):
    phone = tenant()
    reference, _ = report(stack, phone, "Det drypper fra røret under køkkenvasken")
    reply = twiml_text(sms(stack, phone, "skal jeg være hjemme når de kommer eller kan de selv låse sig ind?"))
    assert "nøgle" in reply and reference in reply, reply
    assert api(stack, f"/api/tickets/{reference}").json()["status"] != "cancelled"


def test_an_address_not_in_the_register_is_read_back_once(stack):
    phone = tenant()
    reply = twiml_text(sms(stack, phone, "skabslågen i køkkenet er faldet af"))
    for _ in range(4):
        slot = requested(stack, phone)
        if slot == "address":
            break
        reply = twiml_text(sms(stack, phone, "2" if slot.startswith("safety_") else ANSWERS[slot]))
    reply = twiml_text(sms(stack, phone, "Stationsvej 5, 1. th, 2600 Glostrup"))
    assert "kan ikke finde" in reply and "Stationsvej 5" in reply and "1) Ja" in reply
    reply = twiml_text(sms(stack, phone, "1"))
    assert requested(stack, phone) == "reporter_name", reply
    reference, asked = report(stack, phone, "Mette Hansen")
    assert "address_checked" not in asked
    ticket = api(stack, f"/api/tickets/{reference}").json()
    assert ticket["address"].startswith("Stationsvej 5") and ticket["address_verified"] is False
