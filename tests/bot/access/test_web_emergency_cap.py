"""A loop of anonymous chats reporting emergencies at one home pages on-call a few times an hour, not all night."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.access import abuse
from bot.alerts.models import Alert
from bot.tickets.models import Ticket
from tests.bot.repairs.test_flows import NOW, report, store, submit  # noqa: F401 (fixture)

# Different categories each time: a repeat of one category at one home is a duplicate, never paged twice anyway.
CATEGORIES = ("gas", "water", "fire_safety", "electrical", "heating", "structure", "doors_windows", "drainage",
              "hot_water")


def _web_emergency(session, i, address="Hovedgaden 12, 2. tv, 2600 Glostrup", at=NOW, channel="web"):
    return submit(session, report(address=address, channel=channel, priority="emergency", category=CATEGORIES[i],
                                  problem=f"nødsituation {i}", phone=f"+452612345{i}",
                                  contact_phone=f"+452612345{i}", conversation_id=f"web-loop-{i}"), at=at)


def test_a_loop_of_web_emergencies_at_one_home_pages_at_most_the_hourly_cap(store):  # noqa: F811
    cap = abuse.WEB_EMERGENCY_PAGES_PER_HOME_PER_HOUR
    # One report every 7 minutes for an hour: grouping and the cap together keep the pages to a few.
    results = [_web_emergency(store, i, at=NOW + timedelta(minutes=7 * i)) for i in range(9)]
    tickets = [store.get(Ticket, r.ticket_id) for r in results]
    assert all(t.priority == "emergency" for t in tickets)  # every report is filed and shown to staff
    pages = store.scalars(select(Alert).where(Alert.ticket_id.in_([t.id for t in tickets]),
                                              Alert.kind == "page", Alert.level == 0)).all()
    assert 1 <= len(pages) <= cap
    # Another home still pages, and so does the first one two hours later.
    assert _web_emergency(store, 0, address="Hovedgaden 14, st. th, 2600 Glostrup",
                          at=NOW + timedelta(minutes=10)).alerted
    assert _web_emergency(store, 1, at=NOW + timedelta(minutes=130)).alerted


def test_sms_emergencies_are_never_capped(store):  # noqa: F811
    results = [_web_emergency(store, i, at=NOW + timedelta(minutes=i), channel="sms") for i in range(5)]
    assert all(r.alerted for r in results)
