"""Erasure finds a web chat where the number was typed but no ticket was made: in message bodies and Rasa slots."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from bot.cli import main
from bot.db import session_scope
from bot.messages.models import Message
from tests.bot.privacy.test_privacy import BO, NOW, message, senders, store  # noqa: F401 (fixture)

TYPED = "ring til mig på 20 12 34 56 efter kl 8"  # Anna's +4520123456, as a tenant types it


def _slot(engine, events, sender, name, value):
    with engine.begin() as conn:
        conn.execute(events.insert().values(sender_id=sender, type_name="slot", timestamp=NOW.timestamp(),
                                            data=json.dumps({"event": "slot", "name": name, "value": value})))


def test_erasure_finds_web_chats_by_the_typed_number(store, monkeypatch, capsys):  # noqa: F811
    settings, engine, events = store
    message(settings, conversation="web-typed", phone="", channel="web", at=NOW - timedelta(hours=3), body=TYPED)
    message(settings, conversation="web-typed", phone="", channel="web", at=NOW - timedelta(hours=3),
            body="Anna Jensen, Hovedgaden 12")
    _slot(engine, events, "web-typed", "contact_phone", "+4520123456")
    # A chat that never wrote the number in a message, only in the form's slot (e.g. typed, then the page closed).
    _slot(engine, events, "web-slot-only", "contact_phone", "+4520123456")
    # Bo's chat mentions another number, and a number that merely shares digits.
    message(settings, conversation="web-bo", phone="", channel="web", at=NOW, body="ring 20 99 99 99 eller 2012345")
    _slot(engine, events, "web-bo", "contact_phone", BO)

    monkeypatch.setenv("REPAIRBOT_INSTANCE_DIR", str(settings.instance_dir))
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    assert main(["erase", "+45 20 12 34 56"]) == 0
    printed = capsys.readouterr().out
    assert "messages deleted: 2" in printed and "Rasa conversations deleted: 2" in printed
    assert set(senders(engine, events)) == {"web-bo"}
    with session_scope(settings.database_url) as session:
        assert set(session.scalars(select(Message.conversation_id))) == {"web-bo"}


def test_erasure_finds_the_per_association_sms_conversations(store, monkeypatch, capsys):  # noqa: F811
    from tests.bot.privacy.test_privacy import ANNA, add_events, report

    settings, engine, events = store
    ticket = report(settings, phone=ANNA, conversation=f"+4589880000:{ANNA}", at=NOW - timedelta(days=1))
    add_events(engine, events, f"+4589880000:{ANNA}", NOW - timedelta(days=1))
    add_events(engine, events, f"+441344900000:{ANNA}", NOW - timedelta(hours=1))  # texted the UK number too
    add_events(engine, events, f"+4589880000:{BO}", NOW)
    monkeypatch.setenv("REPAIRBOT_INSTANCE_DIR", str(settings.instance_dir))
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    assert main(["erase", ANNA]) == 0
    printed = capsys.readouterr().out
    assert ticket.reference in printed and "Rasa conversations deleted: 2" in printed
    assert set(senders(engine, events)) == {f"+4589880000:{BO}"}
