"""Retention and erasure against the real store and a real Rasa tracker table (Rasa's own schema)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select

from bot import demo
from bot.alerts.models import Alert
from bot.cli import main
from bot.db import session_scope
from bot.messages.models import Message
from bot.privacy.flows import run_retention
from bot.repairs import flows, queries
from bot.sms.models import SmsOptOut
from bot.tickets.models import Ticket
from bot.tickets.service import TicketInput
from tests.conftest import make_settings

NOW = datetime(2026, 12, 2, 22, 0, tzinfo=timezone.utc)
ANNA = "+4520123456"
BO = "+4520999999"


def rasa_events_table(metadata: sa.MetaData) -> sa.Table:
    """rasa.core.tracker_store.SQLTrackerStore.SQLEvent (Rasa 3.6)."""
    return sa.Table(
        "events", metadata,
        sa.Column("id", sa.Integer, sa.Sequence("events_seq"), primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False, index=True),
        sa.Column("type_name", sa.String(255), nullable=False),
        sa.Column("timestamp", sa.Float),
        sa.Column("intent_name", sa.String(255)),
        sa.Column("action_name", sa.String(255)),
        sa.Column("data", sa.Text),
    )


@pytest.fixture
def store(tmp_path, database_url):
    settings = make_settings(tmp_path, database_url)
    with session_scope(settings.database_url) as session:
        demo.load(session=session)
    metadata = sa.MetaData()
    events = rasa_events_table(metadata)
    engine = sa.create_engine(settings.tracker_db_url)
    metadata.create_all(engine)
    yield settings, engine, events
    metadata.drop_all(engine)
    engine.dispose()


def add_events(engine, events, sender: str, *moments: datetime):
    with engine.begin() as conn:
        for moment in moments:
            conn.execute(events.insert().values(sender_id=sender, type_name="user", timestamp=moment.timestamp(),
                                                intent_name="report_repair",
                                                data=json.dumps({"text": "my name is Anna, 20123456"})))


def senders(engine, events) -> dict[str, int]:
    with engine.connect() as conn:
        return dict(conn.execute(select(events.c.sender_id, func.count()).group_by(events.c.sender_id)).all())


def report(settings, *, phone, conversation, at, channel="sms", priority="emergency", category="water",
           problem="Vand fosser ned fra loftet", address="Hovedgaden 12, 2. tv, 2600 Glostrup"):
    data = TicketInput(category=category, priority=priority, language="da", channel=channel, problem=problem,
                       location_in_home="køkken", address=address, reporter_name="Anna Jensen",
                       contact_phone=phone, access_notes="Nøgle under måtten", conversation_id=conversation)
    with session_scope(settings.database_url) as session:
        return flows.submit_report(session=session, association_ref=None, data=data, now=at)


def message(settings, *, conversation, phone, at, body="Hej, jeg hedder Anna", channel="sms"):
    with session_scope(settings.database_url) as session:
        session.add(Message(direction="in", channel=channel, conversation_id=conversation, phone=phone, body=body,
                            status="done", created_at=at))


def test_erase_removes_a_person_everywhere_and_leaves_others_alone(store, monkeypatch, capsys):
    settings, engine, events = store
    sms = report(settings, phone=ANNA, conversation=ANNA, at=NOW - timedelta(days=2))
    web = report(settings, phone=ANNA, conversation="web-Xy12", channel="web", at=NOW - timedelta(days=1),
                 priority="routine", category="fixtures", problem="Skabslåge", address="Ejbydalsvej 10, st. th")
    other = report(settings, phone=BO, conversation=BO, at=NOW, address="Hovedgaden 10, st. th")
    message(settings, conversation=ANNA, phone=ANNA, at=NOW - timedelta(days=2))
    message(settings, conversation="web-Xy12", phone="", channel="web", at=NOW - timedelta(days=1))
    message(settings, conversation=BO, phone=BO, at=NOW)
    add_events(engine, events, ANNA, NOW - timedelta(days=2), NOW - timedelta(days=2))
    add_events(engine, events, "web-Xy12", NOW - timedelta(days=1))
    add_events(engine, events, BO, NOW)

    with session_scope(settings.database_url) as session:
        association_id = session.get(Ticket, sms.ticket_id).association_id
        session.add(SmsOptOut(association_id=association_id, phone=ANNA, opted_out_at=NOW))

    monkeypatch.setenv("REPAIRBOT_INSTANCE_DIR", str(settings.instance_dir))
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    assert main(["erase", "20 12 34 56"]) == 0
    printed = capsys.readouterr().out
    assert "tickets anonymised: 2" in printed and sms.reference in printed and web.reference in printed
    assert "messages deleted: 2" in printed and "alert texts redacted: 1" in printed
    assert "Rasa conversations deleted: 2 (3 events)" in printed
    assert "kept: 1 SMS opt-out" in printed  # erasing their STOP would make us text them again
    assert "20123456" not in printed  # the command's own output masks the number

    assert senders(engine, events) == {BO: 1}
    with session_scope(settings.database_url) as session:
        assert [m.phone for m in session.scalars(select(Message))] == [BO]
        for ref in (sms.reference, web.reference):
            ticket = queries.by_reference(session=session, reference=ref)
            data = queries.as_dict(session=session, ticket=ticket)
            assert data["anonymised"] and data["contact_phone"] == "" and data["reporter_name"] == ""
            assert data["problem"] == "" and data["access_notes"] == ""
            assert ticket.unit_id is not None and data["address"].endswith("2600 Glostrup")
            assert ticket.category and ticket.priority and ticket.created_at
        alert = session.scalars(select(Alert).where(Alert.ticket_id == sms.ticket_id)).one()
        assert "Anna" not in alert.body and ANNA not in alert.body
        mine = queries.by_reference(session=session, reference=other.reference)
        assert mine.contact_phone == BO and mine.reporter_name == "Anna Jensen" and mine.anonymised_at is None
        assert session.scalars(select(Alert.body).where(Alert.ticket_id == other.ticket_id)).one().count(BO) == 1

    assert main(["erase", "20123456"]) == 0
    assert "tickets anonymised: 0" in capsys.readouterr().out
    assert main(["erase", "123"]) == 2


def test_retention_anonymises_old_tickets_and_deletes_old_messages_and_idle_conversations(store):
    settings, engine, events = store
    old = report(settings, phone=ANNA, conversation=ANNA, at=NOW - timedelta(days=731))
    recent = report(settings, phone=BO, conversation=BO, at=NOW - timedelta(days=700), address="Hovedgaden 10, st. th")
    in_hand = report(settings, phone="+4520555555", conversation="+4520555555", at=NOW - timedelta(days=800),
                     address="Hovedgaden 14, st. th")
    with session_scope(settings.database_url) as session:
        session.get(Ticket, in_hand.ticket_id).updated_at = NOW - timedelta(days=10)  # staff still on it
    message(settings, conversation=ANNA, phone=ANNA, at=NOW - timedelta(days=91))
    message(settings, conversation=BO, phone=BO, at=NOW - timedelta(days=89))
    add_events(engine, events, "idle", NOW - timedelta(days=45), NOW - timedelta(days=31))
    # A live conversation that began long ago keeps all of its events.
    add_events(engine, events, "live", NOW - timedelta(days=60), NOW - timedelta(days=1))

    result = run_retention(settings, now=NOW)
    assert (result.tickets_anonymised, result.messages_deleted) == (1, 1)
    assert (result.conversations_deleted, result.tracker_events_deleted) == (1, 2)
    assert senders(engine, events) == {"live": 2}
    with session_scope(settings.database_url) as session:
        anonymised = session.get(Ticket, old.ticket_id)
        kept = session.get(Ticket, recent.ticket_id)
        assert anonymised.anonymised_at == NOW and anonymised.contact_phone == "" and anonymised.problem == ""
        assert [e.kind for e in anonymised.events][-1] == "anonymised"
        assert kept.contact_phone == BO and kept.anonymised_at is None
        assert session.get(Ticket, in_hand.ticket_id).contact_phone == "+4520555555"
        assert [m.phone for m in session.scalars(select(Message))] == [BO]
    again = run_retention(settings, now=NOW)
    assert (again.tickets_anonymised, again.messages_deleted, again.conversations_deleted) == (0, 0, 0)


def test_retention_without_a_tracker_table_yet_does_nothing_there(tmp_path, sqlite_url):
    settings = make_settings(tmp_path, sqlite_url)
    assert run_retention(settings, now=NOW).conversations_deleted == 0
