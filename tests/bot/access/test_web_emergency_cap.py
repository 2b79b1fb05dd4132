"""A loop of anonymous chats reporting emergencies at one home pages on-call a few times an hour, not all night."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.access import abuse
from bot.alerts.models import Alert
from bot.tickets.models import Ticket
from tests.bot.tickets.test_flows import NOW, report, store, submit  # noqa: F401 (fixture)

# Different categories each time: a repeat of one category at one home is a duplicate, never paged twice anyway.
CATEGORIES = ("gas", "water", "fire_safety", "electrical", "heating", "structure", "doors_windows", "drainage",
              "hot_water")


def _web_emergency(session, i, address="Hovedgaden 12, 2. tv, 2600 Glostrup", at=NOW, channel="web"):
    return submit(session, report(address=address, channel=channel, priority="emergency", category=CATEGORIES[i],
                                  problem=f"nødsituation {i}", phone=f"+452612345{i}",
                                  contact_phone=f"+452612345{i}", conversation_id=f"web-loop-{i}"), at=at)


def test_web_emergencies_beyond_the_hourly_cap_for_one_home_are_filed_not_paged(store):  # noqa: F811
    cap = abuse.WEB_EMERGENCY_PAGES_PER_HOME_PER_HOUR
    results = [_web_emergency(store, i, at=NOW + timedelta(minutes=i)) for i in range(cap + 2)]
    assert [r.alerted for r in results] == [True] * cap + [False, False]
    capped = store.get(Ticket, results[-1].ticket_id)
    assert capped.priority == "emergency" and "page_capped" in [e.kind for e in capped.events]
    assert store.scalars(select(Alert).where(Alert.ticket_id == capped.id)).first() is None
    # Another home still pages, and so does the first one an hour later.
    assert _web_emergency(store, 7, address="Hovedgaden 14, st. th, 2600 Glostrup",
                          at=NOW + timedelta(minutes=10)).alerted
    assert _web_emergency(store, 8, at=NOW + timedelta(minutes=70)).alerted


def test_sms_emergencies_are_never_capped(store):  # noqa: F811
    results = [_web_emergency(store, i, at=NOW + timedelta(minutes=i), channel="sms") for i in range(5)]
    assert all(r.alerted for r in results)
