"""Over the real stack: a web chat that types a tenant's number learns nothing; the reference plus the code texted
to the ticket's phone opens the ticket in that chat, and a second chat still sees nothing."""

from __future__ import annotations

import re
import time
import uuid

import pytest
import requests
from sqlalchemy import select

from bot.db import session_scope
from bot.messages.models import Message
from bot.repairs import flows
from bot.tickets.models import Ticket
from bot.tickets.service import TicketInput

pytestmark = pytest.mark.e2e
SITE = "http://localhost:8000"


def _sms_ticket(stack, phone: str) -> str:
    data = TicketInput(category="electrical", priority="routine", language="en", channel="sms",
                       problem="the bathroom light is broken", location_in_home="bathroom",
                       address="Hovedgaden 12, 2. tv, 2600 Glostrup", reporter_name="Ben Clarke",
                       contact_phone=phone, conversation_id=f"+4589880000:{phone}")
    with session_scope(stack.env["DATABASE_URL"]) as session:
        return flows.submit_report(session=session, association_ref=1, data=data).reference


class Chat:
    def __init__(self, stack):
        self.stack = stack
        opened = requests.post(f"{stack.gateway}/chat/session", json={"association": 1}, headers={"Origin": SITE},
                               timeout=30).json()
        self.token, self.conversation_id = opened["token"], opened["conversation_id"]

    def say(self, text: str) -> str:
        response = requests.post(f"{self.stack.gateway}/chat/message", json={"text": text}, timeout=60,
                                 headers={"Origin": SITE, "X-Chat-Token": self.token})
        assert response.status_code == 200, response.text
        return "\n".join(m["text"] or "" for m in response.json()["messages"])


def _status(stack, reference: str) -> str:
    with session_scope(stack.env["DATABASE_URL"]) as session:
        return session.scalars(select(Ticket.status).where(Ticket.reference == reference)).one()


def _code_texted_to(stack, phone: str) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with session_scope(stack.env["DATABASE_URL"]) as session:
            body = session.scalars(select(Message.body).where(Message.phone == phone, Message.direction == "out")
                                   .order_by(Message.id.desc())).first()
        if body and (found := re.search(r"\b(\d{6})\b", body)):
            return found.group(1)
        time.sleep(0.5)
    raise AssertionError("no code was texted")


def test_a_typed_number_opens_nothing_and_the_texted_code_opens_only_that_chat(stack):
    phone = "+44740090" + str(uuid.uuid4().int)[:4]
    reference = _sms_ticket(stack, phone)
    stranger = Chat(stack)
    stranger.say(f"the bathroom light is broken, call me on {phone}")
    shown = stranger.say("/check_status")
    assert reference not in shown
    stranger.say("/cancel_report")
    assert _status(stack, reference) != "cancelled"  # (open, or already sent to the contractor)

    asked = stranger.say(f"status {reference}")
    assert reference in asked and "6-digit code" in asked.replace("6 cifre", "6-digit code")
    code = _code_texted_to(stack, phone)
    opened = stranger.say(code)
    assert reference in opened
    assert reference not in Chat(stack).say("/check_status")
