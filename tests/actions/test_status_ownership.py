"""Web chat sees or cancels only what it reported, or a ticket it named and confirmed with the texted code."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from actions.status import ActionCancelReport, ActionCheckStatus
from bot.access import codes
from bot.db import session_scope
from bot.messages.models import Message
from bot.tickets import references
from bot.tickets.models import Ticket
from tests.actions.conftest import SMS_TENANT, make_tracker, run, slot_values, texts
from tests.actions.test_repair_form import _submit

WEB = {"channel": "web"}


@pytest.fixture
def sms_ticket(store, domain, monkeypatch):
    monkeypatch.setenv("REPAIRBOT_NOW", "2026-11-26T21:00:00Z")
    monkeypatch.setenv("SECRET_KEY", store.secret_key)  # the action server and the gateway share it
    from actions import base

    base.settings.cache_clear()
    return slot_values(_submit(store, domain)[0])["ticket_reference"]


def _web(text, intent, sender="web-stranger", **slots):
    return make_tracker(text=text, intent=intent, sender=sender, metadata=WEB, active_loop=None,
                        slots={"contact_phone": SMS_TENANT, **slots})


def _status(store, reference) -> str:
    with session_scope(store.database_url) as session:
        return session.scalars(select(Ticket.status).where(Ticket.reference == reference)).one()


def _texted_code(store) -> str:
    with session_scope(store.database_url) as session:
        body = session.scalars(select(Message.body).where(Message.phone == SMS_TENANT, Message.direction == "out",
                                                          Message.status == "queued")
                               .order_by(Message.id.desc())).first()
    return re.search(r"\b(\d{6})\b", body).group(1)


def test_a_typed_phone_number_shows_and_cancels_nothing_in_web_chat(store, domain, sms_ticket):
    """The reproduced finding: '... call me on +44 7400 900512', then /check_status and /cancel_report."""
    _, messages = run(ActionCheckStatus(), _web("/check_status", "check_status"), domain)
    assert sms_ticket not in texts(messages)
    assert "kun vise anmeldelser fra denne samtale" in texts(messages)
    _, messages = run(ActionCancelReport(), _web("/cancel_report", "cancel_report"), domain)
    assert sms_ticket not in texts(messages)
    assert _status(store, sms_ticket) == "open"


def test_a_named_reference_gets_a_code_by_sms_to_the_tickets_phone_not_the_ticket(store, domain, sms_ticket):
    _, messages = run(ActionCheckStatus(), _web(f"status på {sms_ticket}", "check_status"), domain)
    assert "sendt en kode på 6 cifre" in texts(messages) and "modtaget" not in texts(messages)
    code = _texted_code(store)
    assert len(code) == 6
    # An unknown reference gets the same answer: a stranger cannot tell which references exist.
    unknown_ref = next(r for r in (references.generate() for _ in range(5)) if r != sms_ticket)
    _, unknown = run(ActionCheckStatus(), _web(f"status på {unknown_ref}", "check_status"), domain)
    assert texts(unknown).replace(unknown_ref, sms_ticket) == texts(messages)


def test_the_confirmed_code_opens_the_ticket_in_that_chat_only(store, domain, sms_ticket):
    run(ActionCheckStatus(), _web(f"status {sms_ticket}", "check_status"), domain)
    code = _texted_code(store)
    with session_scope(store.database_url) as session:
        verdict = codes.verify(session=session, conversation_id="web-stranger", text=code,
                               secret=store.secret_key, now=codes_now())
    assert verdict.outcome == "confirmed" and verdict.reference == sms_ticket
    _, messages = run(ActionCheckStatus(), _web("/check_status", "check_status"), domain)
    assert sms_ticket in texts(messages) and "modtaget" in texts(messages)
    _, other = run(ActionCheckStatus(), _web("/check_status", "check_status", sender="web-other"), domain)
    assert sms_ticket not in texts(other)


def test_a_code_sent_for_cancelling_cancels_after_confirmation(store, domain, sms_ticket):
    run(ActionCancelReport(), _web(f"annuller {sms_ticket}", "cancel_report"), domain)
    assert _status(store, sms_ticket) == "open"
    with session_scope(store.database_url) as session:
        codes.verify(session=session, conversation_id="web-stranger", text=_texted_code(store),
                     secret=store.secret_key, now=codes_now())
    _, messages = run(ActionCancelReport(), _web("/cancel_report", "cancel_report"), domain)
    assert f"{sms_ticket} er annulleret" in texts(messages)
    assert _status(store, sms_ticket) == "cancelled"


def _web_ticket(domain, monkeypatch, sender, **values) -> str:
    """The reference of a ticket this web chat reported itself."""
    monkeypatch.setenv("REPAIRBOT_NOW", "2026-11-26T21:00:00Z")
    from actions.submit import ActionSubmitReport

    values = {"language": "da", "channel": "web", "category": "water", "priority": "routine",
              "problem": "vandhanen drypper", "location_in_home": "køkken", "address": "Hovedgaden 12, 2. tv, 2600",
              "reporter_name": "Mette Hansen", "contact_phone": SMS_TENANT, "access_notes": "-", **values}
    events, _ = run(ActionSubmitReport(), make_tracker(slots=values, sender=sender, metadata=WEB,
                                                       active_loop=None), domain)
    return slot_values(events)["ticket_reference"]


def test_a_web_chat_still_sees_and_cancels_what_it_reported_itself(store, domain, monkeypatch):
    reference = _web_ticket(domain, monkeypatch, "web-mine")
    _, messages = run(ActionCheckStatus(), _web("/check_status", "check_status", sender="web-mine"), domain)
    assert reference in texts(messages)
    run(ActionCancelReport(), _web("/cancel_report", "cancel_report", sender="web-mine"), domain)
    assert _status(store, reference) == "cancelled"


def test_codes_to_one_ticket_are_capped_per_hour(store, domain, sms_ticket):
    for _ in range(codes.MAX_SENDS_PER_HOUR + 2):
        run(ActionCheckStatus(), _web(f"status {sms_ticket}", "check_status"), domain)
    with session_scope(store.database_url) as session:
        texted = session.scalars(select(Message).where(Message.phone == SMS_TENANT, Message.direction == "out")).all()
    assert len(texted) == codes.MAX_SENDS_PER_HOUR


def codes_now():
    from bot import clock

    return clock.now()


def test_a_question_about_the_visit_read_as_a_cancellation_keeps_the_report(store, domain, monkeypatch):
    reference = _web_ticket(domain, monkeypatch, "web-asks", category="pests", problem="der er mus i køkkenet")
    question = "skal jeg være hjemme når de kommer eller kan de selv låse sig ind?"
    _, messages = run(ActionCancelReport(), _web(question, "cancel_report", sender="web-asks",
                                                 ticket_reference=reference, ticket_category="pests"), domain)
    assert _status(store, reference) != "cancelled"
    assert reference in texts(messages)
    run(ActionCancelReport(), _web("I kan godt lukke sagen, den er ordnet", "cancel_report", sender="web-asks",
                                   ticket_reference=reference, ticket_category="pests"), domain)
    assert _status(store, reference) == "cancelled"


def test_a_cancellation_only_the_model_reads_is_asked_about_and_a_typed_yes_cancels(store, domain, monkeypatch):
    from actions.conversation import ActionHandleFallback

    reference = _web_ticket(domain, monkeypatch, "web-neighbour")
    slots = {"ticket_reference": reference, "ticket_category": "water"}
    _, messages = run(ActionCancelReport(), _web("min nabo har det samme problem", "cancel_report",
                                                 sender="web-neighbour", **slots), domain)
    assert _status(store, reference) != "cancelled"
    asked = messages[-1]
    assert reference in asked["text"] and "annullere" in asked["text"]
    # The tenant answers in words, not with the button: the yes is read against the question it answers.
    tracker = _web("ja", "affirm", sender="web-neighbour", **slots)
    tracker.events.insert(0, {"event": "bot", "text": asked["text"], "data": {"buttons": asked["buttons"]}})
    _, messages = run(ActionHandleFallback(), tracker, domain)
    assert _status(store, reference) == "cancelled"
    assert reference in texts(messages)


def test_a_no_to_cancelling_keeps_the_report_and_a_yes_out_of_the_blue_cancels_nothing(store, domain, monkeypatch):
    from actions.conversation import ActionHandleFallback

    reference = _web_ticket(domain, monkeypatch, "web-keeps")
    slots = {"ticket_reference": reference, "ticket_category": "water"}
    _, messages = run(ActionCancelReport(), _web("sorted now ta", "cancel_report", sender="web-keeps",
                                                 language="en", **slots), domain)
    asked = messages[-1]
    no = next(b["payload"] for b in asked["buttons"] if b["title"] == "No")
    tracker = _web(no, "deny", sender="web-keeps", language="en", **slots)
    tracker.events.insert(0, {"event": "bot", "text": asked["text"], "data": {"buttons": asked["buttons"]}})
    run(ActionHandleFallback(), tracker, domain)
    assert _status(store, reference) != "cancelled"
    run(ActionHandleFallback(), _web("yes", "affirm", sender="web-keeps", language="en", **slots), domain)
    assert _status(store, reference) != "cancelled"
