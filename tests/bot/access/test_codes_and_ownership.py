"""Ownership rules and one-time codes: 6 digits, 10 minutes, 5 tries, one conversation, stored hashed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot import demo
from bot.access import codes, ownership
from bot.access.models import OneTimeCode
from bot.messages.models import Message
from bot.tickets.models import Ticket

NOW = datetime(2026, 12, 1, 22, 0, tzinfo=timezone.utc)
SECRET = "test-secret"
PHONE = "+4526123456"


def test_sms_sender_owns_by_number_web_only_by_conversation_or_code():
    ticket = ownership.TicketFacts(reference="482-9137", conversation_id="+4526123456", contact_phone=PHONE)
    sms = ownership.requester_for(channel="sms", conversation_id="+4589880000:+4526123456", sender_phone=PHONE)
    assert ownership.owns(sms, ticket)
    web = ownership.requester_for(channel="web", conversation_id="web-x", sender_phone=PHONE)  # a typed number
    assert not ownership.owns(web, ticket) and ownership.needs_code(web, ticket)
    confirmed = ownership.requester_for(channel="web", conversation_id="web-x", sender_phone=None,
                                        confirmed_references=["482-9137"])
    assert ownership.owns(confirmed, ticket)
    own_chat = ownership.TicketFacts(reference="111-1110", conversation_id="web-x", contact_phone="")
    assert ownership.owns(web, own_chat)


@pytest.fixture
def ticket(session):
    demo.load(session=session)
    from bot.associations import service as associations

    row = Ticket(association_id=associations.first(session=session).id, reference="482-9137", category="water",
                 priority="routine", language="en",
                 channel="sms", conversation_id=PHONE, problem="leak", address="x", reporter_name="A",
                 contact_phone=PHONE, due_by=NOW + timedelta(days=3), created_at=NOW, updated_at=NOW)
    session.add(row)
    session.flush()
    return row


def _send(session, ticket, conversation="web-x", purpose="status", now=NOW):
    return codes.send(session=session, ticket=ticket, conversation_id=conversation, purpose=purpose, secret=SECRET,
                      now=now)


def test_a_code_is_six_digits_texted_to_the_tickets_phone_and_stored_hashed(session, ticket):
    code = _send(session, ticket)
    assert len(code) == 6 and code.isdigit()
    sms = session.scalars(select(Message).where(Message.direction == "out")).one()
    assert sms.phone == PHONE and sms.status == "queued" and code in sms.body and "482-9137" in sms.body
    stored = session.scalars(select(OneTimeCode)).one()
    assert code not in stored.code_hash and len(stored.code_hash) == 64


def test_the_right_code_confirms_once_in_its_own_conversation(session, ticket):
    code = _send(session, ticket)
    assert codes.verify(session=session, conversation_id="web-other", text=code, secret=SECRET,
                        now=NOW).outcome == "none"
    verdict = codes.verify(session=session, conversation_id="web-x", text=f" {code[:3]} {code[3:]} ", secret=SECRET,
                           now=NOW + timedelta(minutes=9))
    assert (verdict.outcome, verdict.reference, verdict.purpose) == ("confirmed", "482-9137", "status")
    assert codes.confirmed_references(session=session, conversation_id="web-x", now=NOW) == ["482-9137"]
    assert codes.confirmed_references(session=session, conversation_id="web-other", now=NOW) == []
    assert codes.verify(session=session, conversation_id="web-x", text=code, secret=SECRET,
                        now=NOW).outcome == "none"  # spent


def test_a_code_expires_after_ten_minutes(session, ticket):
    code = _send(session, ticket)
    assert codes.verify(session=session, conversation_id="web-x", text=code, secret=SECRET,
                        now=NOW + timedelta(minutes=10, seconds=1)).outcome == "expired"


def test_five_wrong_tries_spend_the_code(session, ticket):
    code = _send(session, ticket)
    wrong = str((int(code) + 1) % 10 ** 6).zfill(6)
    outcomes = [codes.verify(session=session, conversation_id="web-x", text=wrong, secret=SECRET, now=NOW)
                for _ in range(5)]
    assert [v.outcome for v in outcomes] == ["wrong"] * 4 + ["locked"]
    assert [v.tries_left for v in outcomes[:4]] == [4, 3, 2, 1]
    assert codes.verify(session=session, conversation_id="web-x", text=code, secret=SECRET,
                        now=NOW).outcome == "locked"  # even the right one, now


def test_a_new_code_replaces_the_old_one(session, ticket):
    first = _send(session, ticket)
    second = _send(session, ticket, now=NOW + timedelta(minutes=1))
    if first != second:
        assert codes.verify(session=session, conversation_id="web-x", text=first, secret=SECRET,
                            now=NOW + timedelta(minutes=2)).outcome == "wrong"
    assert codes.verify(session=session, conversation_id="web-x", text=second, secret=SECRET,
                        now=NOW + timedelta(minutes=2)).outcome == "confirmed"
