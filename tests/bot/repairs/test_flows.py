"""Submitting reports: validation before writing, duplicates, estate incidents with one alert."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bot import demo
from bot.access.ownership import Requester
from bot.alerts.models import Alert
from bot.repairs import flows
from bot.repairs import status as ticket_status
from bot.tickets.models import Incident, Ticket, TicketEvent
from bot.tickets.service import TicketInput, ValidationError

NOW = datetime(2026, 12, 2, 22, 0, tzinfo=timezone.utc)  # a winter night, out of hours
DK = "Demo Bolig Glostrup"


@pytest.fixture
def store(session):
    demo.load(session=session)
    session.commit()
    return session


def report(address="Hovedgaden 12, 2. tv, 2600 Glostrup", phone="+4520123456", **changes) -> TicketInput:
    data = TicketInput(category="heating", priority="urgent", language="da", channel="sms",
                       problem="Radiatorerne er kolde", location_in_home="stue", address=address,
                       reporter_name="Anna Jensen", contact_phone=phone, conversation_id=phone)
    return replace(data, **changes)


def submit(session, data, at=NOW):
    result = flows.submit_report(session=session, association_ref=DK, data=data, now=at)
    session.commit()
    return result


def count(session, model) -> int:
    return session.scalar(select(func.count(model.id)))


@pytest.mark.parametrize("field, value, code", [
    ("contact_phone", "12345", "invalid_phone"),
    ("problem", "   ", "missing"),
    ("reporter_name", "x" * 121, "too_long"),
    ("category", "plumbing", "invalid"),
    ("priority", "whenever", "invalid"),
])
def test_an_invalid_field_is_named_and_nothing_is_written(store, field, value, code):
    with pytest.raises(ValidationError) as caught:
        flows.submit_report(session=store, association_ref=DK, data=report(**{field: value}), now=NOW)
    store.rollback()
    assert (caught.value.field, caught.value.code) == (field, code)
    assert count(store, Ticket) == count(store, TicketEvent) == count(store, Alert) == 0


def test_a_report_is_stored_verified_with_its_audit_event_and_phone_in_e164(store):
    result = submit(store, report(phone="20 12 34 56", contact_phone="20 12 34 56"))
    ticket = store.get(Ticket, result.ticket_id)
    assert result.address_verified and ticket.unit_id is not None
    assert ticket.contact_phone == "+4520123456"
    assert [e.kind for e in ticket.events] == ["created"]
    assert result.duplicate_of is None and not result.incident_known


def test_an_emergency_queues_one_alert_in_the_same_transaction(store):
    result = submit(store, report(priority="emergency", category="water", problem="Vand fosser fra loftet"))
    assert result.alerted
    alerts = store.scalars(select(Alert).where(Alert.ticket_id == result.ticket_id)).all()
    assert len(alerts) == 1 and alerts[0].recipient == "+4520000001"


def test_same_home_and_category_within_24_hours_links_to_the_open_ticket(store):
    first = submit(store, report())
    second = submit(store, report(phone="+4520999999", conversation_id="+4520999999", problem="Ingen varme"),
                    at=NOW + timedelta(hours=5))
    assert second.duplicate_of == first.reference
    original = store.get(Ticket, first.ticket_id)
    assert [e.kind for e in original.events] == ["created", "duplicate_reported"]
    later = submit(store, report(phone="+4520888888", conversation_id="+4520888888", problem="Stadig kold"),
                   at=NOW + timedelta(hours=25))
    assert later.duplicate_of is None


def test_an_unknown_address_is_kept_unverified_never_lost(store):
    result = submit(store, report(address="Ukendt Vej 3, 9999 Andetsteds"))
    ticket = store.get(Ticket, result.ticket_id)
    assert not result.address_verified and ticket.unit_id is None
    assert ticket.address == "Ukendt Vej 3, 9999 Andetsteds"


def _neighbour(n: int, **changes) -> TicketInput:
    floors = ["st. th", "st. tv", "1. th", "1. tv", "2. th", "2. tv"]
    phone = f"+452012340{n}"
    return report(address=f"Hovedgaden 10, {floors[n]}", phone=phone, contact_phone=phone, conversation_id=phone,
                  **changes)


def test_three_homes_of_one_estate_losing_heat_become_one_incident_with_one_alert(store):
    results = [submit(store, _neighbour(n), at=NOW + timedelta(minutes=10 * n)) for n in range(3)]
    incidents = store.scalars(select(Incident)).all()
    assert len(incidents) == 1 and incidents[0].category == "heating"
    linked = store.scalars(select(Ticket).where(Ticket.incident_id == incidents[0].id)).all()
    assert {t.reference for t in linked} == {r.reference for r in results}
    alerts = store.scalars(select(Alert)).all()
    assert len(alerts) == 1 and alerts[0].incident_id == incidents[0].id
    # The on-call person learns it is estate-wide (in the association's language), and can accept it with the
    # usual "OK <reference>".
    assert alerts[0].body.startswith("FLERE BOLIGER varme: 3 boliger i Hovedgaden")
    assert f"Svar OK {results[2].reference}" in alerts[0].body and len(alerts[0].body) <= 306
    assert results[2].alerted and not any(r.incident_known for r in results)

    # Later homes, emergencies too, join the incident's page while it is working: no second page.
    later = [submit(store, _neighbour(n, priority="emergency"), at=NOW + timedelta(minutes=30 + n))
             for n in range(3, 6)]
    assert all(r.incident_known and r.alerted for r in later)
    assert count(store, Alert) == 1 and count(store, Incident) == 1
    assert count(store, Ticket) == 6


def test_reports_spread_over_more_than_an_hour_or_other_supplies_stay_separate(store):
    submit(store, _neighbour(0), at=NOW)
    submit(store, _neighbour(1), at=NOW + timedelta(minutes=40))
    submit(store, _neighbour(2), at=NOW + timedelta(minutes=70))  # the first is now outside the window
    submit(store, _neighbour(3, category="doors_windows", problem="Hoveddøren binder"), at=NOW + timedelta(minutes=75))
    assert count(store, Incident) == 0
    submit(store, _neighbour(4), at=NOW + timedelta(minutes=80))
    assert count(store, Incident) == 1


def test_a_retried_submit_returns_the_same_ticket(store):
    first = submit(store, report())
    again = submit(store, report(), at=NOW + timedelta(minutes=1))
    assert again.reference == first.reference and count(store, Ticket) == 1


def test_a_tenant_cancels_only_their_own_open_report(store):
    mine = submit(store, report())
    association_id = store.get(Ticket, mine.ticket_id).association_id

    def cancel(reference: str, phone: str) -> str | None:
        requester = Requester(channel="sms", conversation_id=phone, phone=phone)
        found = ticket_status.find(session=store, association_id=association_id, text=f"cancel {reference}",
                                   requester=requester)
        return ticket_status.cancel(session=store, ticket=found.ticket, now=NOW) if found.ticket else None

    assert cancel(mine.reference, "+4520999999") is None
    typo = mine.reference[:-1] + str((int(mine.reference[-1]) + 1) % 10)
    assert cancel(typo, "+4520999999") is None  # a mistyped reference never reaches someone else's report
    assert cancel(mine.reference, "+4520123456") == mine.reference
    store.commit()
    cancelled = store.get(Ticket, mine.ticket_id)
    assert cancelled.status == "cancelled"
    assert (cancelled.events[-1].kind, cancelled.events[-1].actor, cancelled.events[-1].data) == \
        ("cancelled", "tenant", {"from": "open", "to": "cancelled"})
    assert cancel(mine.reference, "+4520123456") is None


def test_simultaneous_reports_form_one_incident_on_postgresql(store, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite serialises writers; row locks are PostgreSQL's")
    from concurrent.futures import ThreadPoolExecutor

    from bot.db import session_scope

    def one(n):
        with session_scope(database_url) as session:
            return flows.submit_report(session=session, association_ref=DK, data=_neighbour(n), now=NOW)

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(one, range(6)))
    store.expire_all()
    assert count(store, Incident) == 1
    assert count(store, Alert) == 1
    assert sum(r.incident_known for r in results) == 3


def test_simultaneous_reports_on_sqlite_wait_for_each_other_instead_of_failing(sqlite_url):
    from concurrent.futures import ThreadPoolExecutor

    from bot.db import session_scope

    with session_scope(sqlite_url) as session:
        demo.load(session=session)

    def one(n):
        phone = f"+452012{n:04d}"
        data = report(address="Hovedgaden 14, 1. th", phone=phone, contact_phone=phone, conversation_id=phone,
                      category="pests", problem=f"Mus nummer {n}")
        with session_scope(sqlite_url) as session:
            return flows.submit_report(session=session, association_ref=DK, data=data,
                                       now=NOW + timedelta(seconds=n))

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(one, range(40)))
    assert len({r.reference for r in results}) == 40
