"""Staff API over HTTP (Flask test client): token auth, filters, every ticket field, CSV export."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone

import pytest

from bot.db import session_scope
from bot.repairs import flows
from bot.tickets.service import TicketInput

AUTH = {"Authorization": "Bearer test-staff-token"}
NOW = datetime(2026, 12, 2, 22, 0, tzinfo=timezone.utc)
FIELDS = {"reference", "status", "category", "priority", "language", "channel", "problem", "location_in_home",
          "address", "address_verified", "reporter_name", "contact_phone", "access_notes", "association",
          "created_at", "due_by", "alerts"}


def _report(settings, *, at, phone="+4520123456", priority="routine", category="fixtures",
            problem="Skabslåge hænger", address="Hovedgaden 12, 2. tv, 2600 Glostrup", association=None):
    data = TicketInput(category=category, priority=priority, language="da", channel="sms", problem=problem,
                       location_in_home="køkken", address=address, reporter_name="Anna Jensen",
                       contact_phone=phone, conversation_id=phone)
    with session_scope(settings.database_url) as session:
        return flows.submit_report(session=session, association_ref=association, data=data, now=at)


@pytest.fixture
def tickets(demo):
    return [
        _report(demo, at=NOW - timedelta(days=3)),
        _report(demo, at=NOW - timedelta(days=1), phone="+4520999999", priority="emergency", category="water",
                problem="=HYPERLINK(\"http://evil\")", address="Ejbydalsvej 10, st. th"),
        _report(demo, at=NOW, phone="+447911123456", association="Demo Homes Bracknell", category="heating",
                problem="No heating", address="Flat 6, Ashridge Court"),
    ]


@pytest.mark.parametrize("path", ["/api/tickets", "/api/tickets.csv", "/api/associations"])
@pytest.mark.parametrize("header", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "test-staff-token"}])
def test_no_data_without_the_token(client, tickets, path, header):
    response = client.get(path, headers=header)
    assert response.status_code == 401
    assert b"Anna" not in response.data and b"+4520" not in response.data


def test_a_ticket_has_every_field_of_the_interface(client, tickets):
    response = client.get(f"/api/tickets/{tickets[1].reference}", headers=AUTH)
    assert response.status_code == 200
    body = response.get_json()
    assert response.headers["Cache-Control"] == "no-store"
    assert FIELDS <= body.keys()
    assert body["contact_phone"] == "+4520999999" and body["priority"] == "emergency"
    assert body["address_verified"] is True and body["unit_id"] == "GL-0049" and body["estate"] == "Ejbydalen"
    assert body["association"] == "Demo Bolig Glostrup"
    assert body["alerts"][0]["recipient"] == "+4520000001" and body["alerts"][0]["status"] == "queued"


def test_a_mistyped_reference_is_not_found(client, tickets):
    ref = tickets[0].reference
    typo = ref[:-1] + str((int(ref[-1]) + 1) % 10)
    assert client.get(f"/api/tickets/{typo}", headers=AUTH).status_code == 404


def test_filters(client, tickets):
    def refs(query):
        response = client.get(f"/api/tickets?{query}", headers=AUTH)
        assert response.status_code == 200, response.data
        return [t["reference"] for t in response.get_json()]

    assert refs("") == [t.reference for t in reversed(tickets)]
    assert refs("contact_phone=20999999") == [tickets[1].reference]
    assert refs("contact_phone=07911 123456") == [tickets[2].reference]
    assert refs("priority=emergency") == [tickets[1].reference]
    assert refs("since=" + (NOW - timedelta(days=2)).isoformat().replace("+00:00", "Z")) == \
        [tickets[2].reference, tickets[1].reference]
    assert refs("association=Demo Homes Bracknell") == [tickets[2].reference]
    assert client.get("/api/tickets?priority=soon", headers=AUTH).status_code == 400
    assert client.get("/api/tickets?since=yesterday", headers=AUTH).status_code == 400


def test_csv_export_of_a_date_range(client, tickets):
    since = (NOW - timedelta(days=2)).isoformat()
    until = (NOW - timedelta(hours=1)).isoformat()
    response = client.get("/api/tickets.csv", query_string={"since": since, "until": until}, headers=AUTH)
    assert response.status_code == 200
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["reference"] for r in rows] == [tickets[1].reference]
    row = rows[0]
    assert row["contact_phone"] == "+4520999999" and row["address_verified"] == "True"
    # A spreadsheet opening the export must not run what a tenant typed.
    assert row["problem"].startswith("'=")
    everything = client.get("/api/tickets.csv", headers=AUTH).get_data(as_text=True)
    assert len(list(csv.DictReader(io.StringIO(everything)))) == 3
    bad = client.get("/api/tickets.csv", query_string={"since": until, "until": since}, headers=AUTH)
    assert bad.status_code == 400
