"""News about a reported fault joins its ticket: one ticket, a raised priority, and a page once an emergency."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bot import demo
from bot.alerts.models import Alert
from bot.repairs import additions, flows
from bot.tickets.models import Ticket, TicketEvent
from bot.tickets.service import TicketInput

NOW = datetime(2026, 12, 2, 22, 0, tzinfo=timezone.utc)
DK = "Demo Bolig Glostrup"
PHONE = "+4520123456"


@pytest.fixture
def store(session):
    demo.load(session=session)
    session.commit()
    return session


def _leak(store, **changes) -> str:
    data = replace(TicketInput(category="water", priority="urgent", language="da", channel="sms",
                               problem="Det drypper fra røret under køkkenvasken", location_in_home="køkken",
                               address="Hovedgaden 12, 2. tv, 2600 Glostrup", reporter_name="Anna Jensen",
                               contact_phone=PHONE, conversation_id=f"+4589880000:{PHONE}"), **changes)
    result = flows.submit_report(session=store, association_ref=DK, data=data, now=NOW)
    store.commit()
    return result.reference


def _add(store, reference, news, priority, conversation_id=f"+4589880000:{PHONE}"):
    added = additions.add_news(session=store, association_ref=DK, reference=reference,
                               conversation_id=conversation_id, news=news, priority=priority,
                               now=NOW + timedelta(minutes=5))
    store.commit()
    return added


def test_news_about_the_same_leak_joins_its_ticket_without_a_second_one(store):
    reference = _leak(store)
    added = _add(store, reference, "Det drypper ned til underboen nu", "urgent")
    assert added.reference == reference and not added.raised
    assert store.scalar(select(func.count(Ticket.id))) == 1
    ticket = store.scalars(select(Ticket)).one()
    assert ticket.problem.endswith("/ Det drypper ned til underboen nu") and ticket.priority == "urgent"
    kinds = [e.kind for e in store.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id))]
    assert "details_added" in kinds
    assert store.scalar(select(func.count(Alert.id))) == 0


def test_a_hazard_in_the_news_raises_the_ticket_and_pages_once(store):
    reference = _leak(store)
    added = _add(store, reference, "nu løber vandet ned i loftslampen", "emergency")
    assert added.raised and added.priority == "emergency" and added.alerted
    ticket = store.scalars(select(Ticket)).one()
    assert ticket.priority == "emergency" and ticket.due_by <= NOW + timedelta(minutes=5, hours=24)
    pages = list(store.scalars(select(Alert).where(Alert.ticket_id == ticket.id, Alert.kind == "page")))
    assert len(pages) == 1 and pages[0].status == "queued"
    # More news after the page tells the person paged what is new; it is not a second page.
    _add(store, reference, "det lugter brændt ved lampen", "emergency")
    assert store.scalar(select(func.count(Alert.id)).where(Alert.kind == "page")) == 1


def test_a_lower_priority_never_lowers_the_ticket(store):
    reference = _leak(store, priority="urgent")
    added = _add(store, reference, "det er blevet lidt bedre", "routine")
    assert not added.raised and added.priority == "urgent"


def test_another_conversations_ticket_is_never_touched(store):
    reference = _leak(store)
    assert _add(store, reference, "hej", "emergency", conversation_id="web-stranger") is None
    assert store.scalars(select(Ticket)).one().priority == "urgent"
